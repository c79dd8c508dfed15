// -j REDIRECT (libxt_NAT.c in iptables 1.8.9, revision 0; kernel
// net/netfilter/xt_REDIRECT.c): DNAT to this host (the incoming device's address, or
// 127.0.0.1 for locally generated packets), optionally to other ports.
import type { NatRange } from "../context.ts";
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { emptyRange, FLAG_OPTIONS, parseNatOption, printNat } from "./nat-range.ts";

export const redirect = defineTarget<NatRange>({
  name: "REDIRECT",
  options: [{ name: "to-ports", arg: "required" }, FLAG_OPTIONS.random],
  init: emptyRange,
  parse: parseNatOption,
  // DNAT_fcheck: revision 0 has no room for a base port.
  finalCheck(d) {
    if (d.ports?.base !== undefined) throw parameterProblem("Shifted portmap ranges not supported with this kernel");
    return d;
  },
  // xt_REDIRECT.c: table "nat", hooks PRE_ROUTING and LOCAL_OUT.
  allowed: { tables: ["nat"], hooks: ["PREROUTING", "OUTPUT"] },
  save: (d) => printNat(d, "--to-ports ", "--", true),
  print: (d) => printNat(d, "redir ports ", "", true),
  act(d, ctx) {
    ctx.effects.push({ kind: "nat", type: "REDIRECT", manip: "DST", data: d });
    return "accept";
  },
});
