// -j MASQUERADE (libxt_NAT.c in iptables 1.8.9, revision 0; kernel
// net/netfilter/xt_MASQUERADE.c): SNAT to the outgoing device's address, chosen per
// connection by the NAT layer; only the ports and flags are given here.
import type { NatRange } from "../context.ts";
import { defineTarget } from "../extension.ts";
import { compatRange, emptyRange, FLAG_OPTIONS, parseNatOption, printNat } from "./nat-range.ts";

export const masquerade = defineTarget<NatRange>({
  name: "MASQUERADE",
  options: [{ name: "to-ports", arg: "required" }, FLAG_OPTIONS.random, FLAG_OPTIONS.randomFully],
  init: emptyRange,
  parse: (call) => compatRange(parseNatOption(call)),
  // xt_MASQUERADE.c: table "nat", hook POST_ROUTING.
  allowed: { tables: ["nat"], hooks: ["POSTROUTING"] },
  save: (d) => printNat(d, "--to-ports ", "--", true),
  print: (d) => printNat(d, "masq ports: ", "", true),
  act(d, ctx) {
    ctx.effects.push({ kind: "nat", type: "MASQUERADE", manip: "SRC", data: d });
    return "accept";
  },
});
