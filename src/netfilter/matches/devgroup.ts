// -m devgroup (libxt_devgroup.c; kernel net/netfilter/xt_devgroup.c devgroup_mt): the
// group of the in or out device. nfsim's devices all stay in group 0 ("default", as
// `ip link` shows them): it has no way to set another.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import type { Hook } from "../tables.ts";
import { formatValMask, parseValMask, type Lmap } from "./x6.ts";

interface Group {
  readonly group: number;
  readonly mask: number;
  readonly invert: boolean;
}

interface DevgroupData {
  readonly src?: Group;
  readonly dst?: Group;
}

/** /etc/iproute2/group of Debian's iproute2 6.1. */
const GROUPS: Lmap = [[0, "default"]];

const SRC_HOOKS: readonly Hook[] = ["PREROUTING", "INPUT", "FORWARD"];
const DST_HOOKS: readonly Hook[] = ["FORWARD", "OUTPUT", "POSTROUTING"];

function show(d: DevgroupData, prefix: string, lmap: Lmap | undefined): string {
  let out = "";
  for (const [key, g] of [["src", d.src], ["dst", d.dst]] as const) {
    if (g !== undefined) out += `${g.invert ? " !" : ""} ${prefix}${key}-group${formatValMask(g.group, g.mask, lmap)}`;
  }
  return out;
}

/** The device's group: 0 for every nfsim device, and no device at all is group 0 as well (the kernel would not be asked). */
const DEVICE_GROUP = 0;

function fits(g: Group | undefined): boolean {
  return g === undefined || ((((g.group ^ DEVICE_GROUP) & g.mask) >>> 0 === 0) !== g.invert);
}

export const devgroup = defineMatch<DevgroupData>({
  name: "devgroup",
  options: [
    { name: "src-group", arg: "required", invert: true },
    { name: "dst-group", arg: "required", invert: true },
  ],
  init: () => ({}),
  parse({ option, arg = "", invert, data }) {
    const { value, mask } = parseValMask("devgroup", option, arg, GROUPS);
    const g: Group = { group: value, mask, invert };
    return option === "src-group" ? { ...data, src: g } : { ...data, dst: g };
  },
  finalCheck(d, seen) {
    if (seen.size === 0) throw parameterProblem("devgroup match: You must specify either '--src-group' or '--dst-group'");
    return d;
  },
  check(d, where) {
    // devgroup_mt_checkentry: the in device exists before routing and on the way in, the out device after.
    const hook = where.chainHook;
    if (hook === undefined) return undefined;
    if (d.src !== undefined && !SRC_HOOKS.includes(hook)) return "EINVAL";
    if (d.dst !== undefined && !DST_HOOKS.includes(hook)) return "EINVAL";
    return undefined;
  },
  save: (d) => show(d, "--", GROUPS),
  print: (d, { numeric }) => show(d, "", numeric ? undefined : GROUPS),
  match: (d) => fits(d.src) && fits(d.dst),
});
