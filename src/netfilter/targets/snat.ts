// -j SNAT (libxt_NAT.c in iptables 1.8.9, revision 0; kernel net/netfilter/xt_nat.c):
// rewrite the source of the connection to an address (range) and port (range).
import type { NatRange } from "../context.ts";
import { defineTarget } from "../extension.ts";
import { compatRange, emptyRange, FLAG_OPTIONS, parseNatOption, printNat } from "./nat-range.ts";

export const snat = defineTarget<NatRange>({
  name: "SNAT",
  options: [
    { name: "to-source", arg: "required", mandatory: true },
    FLAG_OPTIONS.random,
    FLAG_OPTIONS.randomFully,
    FLAG_OPTIONS.persistent,
  ],
  init: emptyRange,
  parse: (call) => compatRange(parseNatOption(call)),
  // xt_nat.c: table "nat", hooks POST_ROUTING and LOCAL_IN.
  allowed: { tables: ["nat"], hooks: ["POSTROUTING", "INPUT"] },
  save: (d) => printNat(d, "--to-source ", "--", false),
  print: (d) => printNat(d, "to:", "", false),
  act(d, ctx) {
    ctx.effects.push({ kind: "nat", type: "SNAT", manip: "SRC", data: d });
    return "accept";
  },
});
