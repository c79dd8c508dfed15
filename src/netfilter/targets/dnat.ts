// -j DNAT (libxt_NAT.c in iptables 1.8.9; kernel net/netfilter/xt_nat.c): rewrite the
// destination of the connection. The kernel has revision 2 (struct nf_nat_range2), so
// iptables uses it: a shifted port map `:lo-hi/base` is accepted and kept.
import type { NatRange } from "../context.ts";
import { defineTarget } from "../extension.ts";
import { emptyRange, FLAG_OPTIONS, parseNatOption, printNat } from "./nat-range.ts";

export const dnat = defineTarget<NatRange>({
  name: "DNAT",
  options: [
    { name: "to-destination", arg: "required", mandatory: true },
    FLAG_OPTIONS.random,
    FLAG_OPTIONS.persistent,
  ],
  init: emptyRange,
  parse: parseNatOption,
  // xt_nat.c: table "nat", hooks PRE_ROUTING and LOCAL_OUT.
  allowed: { tables: ["nat"], hooks: ["PREROUTING", "OUTPUT"] },
  save: (d) => printNat(d, "--to-destination ", "--", false),
  print: (d) => printNat(d, "to:", "", false),
  act(d, ctx) {
    ctx.effects.push({ kind: "nat", type: "DNAT", manip: "DST", data: d });
    return "accept";
  },
});
