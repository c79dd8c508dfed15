// -m rpfilter (libxt_rpfilter.c; kernel net/ipv4/netfilter/ipt_rpfilter.c rpfilter_mt): is
// the packet's source reachable back through the device it came in on. Loopback packets
// and the zero-source broadcasts pass before any lookup; the reverse route lookup itself
// needs the FIB, which the engine does not offer to matches.
import { defineMatch } from "../extension.ts";
import type { EvalContext } from "../context.ts";

/** XT_RPFILTER_* (include/uapi/linux/netfilter/xt_rpfilter.h). */
const FLAGS: readonly (readonly [string, number])[] = [["loose", 1], ["validmark", 2], ["accept-local", 4], ["invert", 8]];
const INVERT = 8;

interface RpfilterData {
  readonly flags: number;
}

function dump(d: RpfilterData, prefix: string): string {
  return FLAGS.filter(([, bit]) => (d.flags & bit) !== 0).map(([name]) => ` ${prefix}${name}`).join("");
}

/** The cases rpfilter_mt decides before the lookup: from loopback, or 0.0.0.0 to a broadcast or local multicast. */
function decidedEarly(ctx: EvalContext): boolean {
  const { ip } = ctx.packet;
  if (ctx.inIface === "lo") return true;
  const localMulticast = (ip.dst & 0xffffff00) >>> 0 === 0xe0000000;
  return ip.src >>> 24 === 0 && (ip.dst === 0xffffffff || localMulticast);
}

export const rpfilter = defineMatch<RpfilterData>({
  name: "rpfilter",
  options: FLAGS.map(([name]) => ({ name, arg: "none" as const })),
  init: () => ({ flags: 0 }),
  parse: ({ option, data }) => ({ flags: data.flags | (FLAGS.find(([n]) => n === option)?.[1] ?? 0) }),
  // rpfilter_check: the raw and mangle tables, before routing.
  allowed: { tables: ["raw", "mangle"], hooks: ["PREROUTING"] },
  save: (d) => dump(d, "--"),
  print: (d) => ` rpfilter${dump(d, "")}`,
  unmodelled: (_d, ctx) => (decidedEarly(ctx) ? undefined : "nfsim does not offer matches the reverse route lookup rpfilter needs"),
  match: (d) => (d.flags & INVERT) === 0,
});
