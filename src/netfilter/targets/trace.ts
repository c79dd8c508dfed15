// -j TRACE (libxt_TRACE.c). iptables-nft does not use the kernel's xt_TRACE: nft.c add_target
// turns it into `meta nftrace set 1`, so unlike xt_TRACE (raw table only) it is accepted in
// every table and chain. The packet is marked for tracing and goes on to the next rule.
import { defineTarget } from "../extension.ts";

export const trace = defineTarget<Record<string, never>>({
  name: "TRACE",
  options: [],
  init: () => ({}),
  parse: ({ data }) => data,
  save: () => "",
  print: () => "",
  act(_d, ctx) {
    ctx.effects.push({ kind: "trace" });
    return "continue";
  },
});
