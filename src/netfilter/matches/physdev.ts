// -m physdev (libxt_physdev.c; kernel net/netfilter/xt_physdev.c): the bridge ports a
// bridged packet came in on and goes out of, as br_netfilter records them (PacketState
// physIn/physOut). A packet without that record matches only inverted options.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";

/** XT_PHYSDEV_OP_* (include/uapi/linux/netfilter/xt_physdev.h). */
const IN = 1;
const OUT = 2;
const BRIDGED = 4;
const ISIN = 8;
const ISOUT = 16;

interface PhysdevData {
  readonly physIn: string;
  readonly physOut: string;
  readonly bitmask: number;
  readonly invert: number;
}

const BIT: Readonly<Record<string, number>> = {
  "physdev-in": IN, "physdev-out": OUT, "physdev-is-in": ISIN, "physdev-is-out": ISOUT, "physdev-is-bridged": BRIDGED,
};

/** xtables_parse_interface's checks (the name is kept as typed, "+" and all). */
function parseInterface(arg: string, warn: ((text: string) => void) | undefined): string {
  if (arg.length + 1 > 16) throw parameterProblem(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
  if (arg.includes("/") || arg.includes(" ")) {
    warn?.(`Warning: weird character in interface \`${arg}' ('/' and ' ' are not allowed by the kernel).\n`);
  }
  return arg;
}

function dump(d: PhysdevData): string {
  const inv = (bit: number) => ((d.invert & bit) !== 0 ? " !" : "");
  let out = "";
  if ((d.bitmask & ISIN) !== 0) out += `${inv(ISIN)} --physdev-is-in`;
  if ((d.bitmask & IN) !== 0) out += `${inv(IN)} --physdev-in ${d.physIn}`;
  if ((d.bitmask & ISOUT) !== 0) out += `${inv(ISOUT)} --physdev-is-out`;
  if ((d.bitmask & OUT) !== 0) out += `${inv(OUT)} --physdev-out ${d.physOut}`;
  if ((d.bitmask & BRIDGED) !== 0) out += `${inv(BRIDGED)} --physdev-is-bridged`;
  return out;
}

export const physdev = defineMatch<PhysdevData>({
  name: "physdev",
  options: [
    { name: "physdev-in", arg: "required", invert: true },
    { name: "physdev-out", arg: "required", invert: true },
    { name: "physdev-is-in", arg: "none", invert: true },
    { name: "physdev-is-out", arg: "none", invert: true },
    { name: "physdev-is-bridged", arg: "none", invert: true },
  ],
  init: () => ({ physIn: "", physOut: "", bitmask: 0, invert: 0 }),
  parse({ option, arg = "", invert, data, warn }) {
    const bit = BIT[option] ?? 0;
    const next = { ...data, bitmask: data.bitmask | bit, invert: data.invert | (invert ? bit : 0) };
    if (bit === IN) return { ...next, physIn: parseInterface(arg, warn) };
    if (bit === OUT) return { ...next, physOut: parseInterface(arg, warn) };
    return next;
  },
  finalCheck(d, seen) {
    if (seen.size === 0) throw parameterProblem("PHYSDEV: no physdev option specified");
    return d;
  },
  check(d, where) {
    // physdev_mt_check: a locally sent packet has no out port yet, so in OUTPUT the out
    // side needs --physdev-is-bridged (nft_compat gives the hook of a base chain only).
    const outSide = (d.bitmask & (OUT | ISOUT)) !== 0;
    const bridgedOnly = (d.bitmask & BRIDGED) !== 0 && (d.invert & BRIDGED) === 0;
    return outSide && !bridgedOnly && where.chainHook === "OUTPUT" ? "EINVAL" : undefined;
  },
  save: dump,
  print: (d) => ` PHYSDEV match${dump(d)}`,
  match: (d, ctx) => physdevMatch(d, ctx.packet.physIn, ctx.packet.physOut),
});

/** ifname_compare_aligned with the "+" mask: equal up to the rule's prefix. */
function sameName(actual: string, rule: string): boolean {
  return rule.endsWith("+") ? actual.startsWith(rule.slice(0, -1)) : actual === rule;
}

/** physdev_mt: each option used must hold (or fail, when inverted). */
function physdevMatch(d: PhysdevData, indev: string | undefined, outdev: string | undefined): boolean {
  const used = (bit: number) => (d.bitmask & bit) !== 0;
  const inv = (bit: number) => (d.invert & bit) !== 0;
  // Without bridge info, every option used must be inverted.
  if (indev === undefined && outdev === undefined) return (d.bitmask & ~d.invert) === 0;
  if (used(BRIDGED) && (outdev !== undefined) === inv(BRIDGED)) return false;
  if (used(ISIN) && (indev !== undefined) === inv(ISIN)) return false;
  if (used(ISOUT) && (outdev !== undefined) === inv(ISOUT)) return false;
  // A missing port passes --physdev-in/--physdev-out either way: the kernel skips that test.
  if (used(IN) && indev !== undefined && sameName(indev, d.physIn) === inv(IN)) return false;
  if (used(OUT) && outdev !== undefined && sameName(outdev, d.physOut) === inv(OUT)) return false;
  return true;
}
