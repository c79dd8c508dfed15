// -j CONNMARK, revision 2 (libxt_CONNMARK.c connmark_tg_*_v2; kernel net/netfilter/xt_connmark.c
// connmark_tg_shift). A set operation rewrites the entry's mark, --save-mark copies the
// packet mark into it and --restore-mark copies it back, each through masks and a shift.
import { parameterProblem } from "../errors.ts";
import { defineTarget, type OptionSpec } from "../extension.ts";
import { trackedEntry } from "../matches/ctstate.ts";
import { hex, parseIntX6, parseMarkMask } from "../xtparse.ts";

type Mode = "set" | "save" | "restore";

interface ConnmarkData {
  readonly mode: Mode;
  readonly ctmark: number;
  readonly ctmask: number;
  readonly nfmask: number;
  readonly shiftDir: "left" | "right";
  readonly shiftBits: number;
}

const UINT32_MAX = 0xffffffff;

/** connmark_tg_opts_v2 in table order. */
const OPTIONS: readonly OptionSpec[] = [
  ...["set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark"].map((name) => ({ name, arg: "required" as const })),
  { name: "save-mark", arg: "none" },
  { name: "restore-mark", arg: "none" },
  ...["left-shift-mark", "right-shift-mark", "ctmask", "nfmask", "mask"].map((name) => ({ name, arg: "required" as const })),
];

/**
 * The F_OP_ANY and mask exclusions, checked as xtables_options_fcheck does: options in
 * table order, each against the others in the order of their ids (O_SET_MARK, O_SAVE_MARK,
 * ...), which is not the table order. Kept out of the specs so that order is the real one.
 */
const OPS_BY_ID = ["set-mark", "save-mark", "restore-mark", "and-mark", "or-mark", "xor-mark", "set-xmark"];
const EXCLUDES: readonly (readonly [string, readonly string[]])[] = [
  ...["set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark", "save-mark", "restore-mark"].map((op) => [op, OPS_BY_ID] as const),
  ["ctmask", ["mask"]],
  ["nfmask", ["mask"]],
  ["mask", ["ctmask", "nfmask"]],
];

function checkExclusions(seen: ReadonlySet<string>): void {
  for (const [option, excluded] of EXCLUDES) {
    if (!seen.has(option)) continue;
    const other = excluded.find((o) => o !== option && seen.has(o));
    if (other !== undefined) {
      throw parameterProblem(`CONNMARK: option "--${option}" cannot be used together with "--${other}".\n`);
    }
  }
}

function u32(option: string, arg: string): number {
  return parseIntX6("CONNMARK", option, arg, 0, UINT32_MAX);
}

/** The set operations as one ctmark/ctmask pair (connmark_tg_parse_v2). */
function setOp(option: string, arg: string): { ctmark: number; ctmask: number } {
  if (option === "set-xmark" || option === "set-mark") {
    const { value, mask } = parseMarkMask("CONNMARK", option, arg);
    return { ctmark: value, ctmask: option === "set-mark" ? (value | mask) >>> 0 : mask };
  }
  const bits = u32(option, arg);
  if (option === "and-mark") return { ctmark: 0, ctmask: ~bits >>> 0 };
  if (option === "or-mark") return { ctmark: bits, ctmask: bits };
  return { ctmark: bits, ctmask: 0 };
}

function parseOption(option: string, arg: string, d: ConnmarkData): ConnmarkData {
  switch (option) {
    case "save-mark":
      return { ...d, mode: "save" };
    case "restore-mark":
      return { ...d, mode: "restore" };
    case "ctmask":
      return { ...d, ctmask: u32(option, arg) };
    case "nfmask":
      return { ...d, nfmask: u32(option, arg) };
    case "mask": {
      const mask = u32(option, arg);
      return { ...d, ctmask: mask, nfmask: mask };
    }
    case "left-shift-mark":
    case "right-shift-mark":
      return { ...d, shiftDir: option === "left-shift-mark" ? "left" : "right", shiftBits: parseIntX6("CONNMARK", option, arg, 0, 32) };
    default:
      return { ...d, mode: "set", ...setOp(option, arg) };
  }
}

/** connmark_tg_print_v2 without the shift. */
function describe(d: ConnmarkData): string {
  const { ctmark, ctmask, nfmask } = d;
  if (d.mode === "set") {
    if (ctmark === 0) return `and ${hex(~ctmask >>> 0)}`;
    if (ctmark === ctmask) return `or ${hex(ctmark)}`;
    if (ctmask === 0) return `xor ${hex(ctmark)}`;
    if (ctmask === UINT32_MAX) return `set ${hex(ctmark)}`;
    return `xset ${hex(ctmark)}/${hex(ctmask)}`;
  }
  if (ctmask === UINT32_MAX && nfmask === UINT32_MAX) return d.mode;
  if (ctmask === nfmask) return `${d.mode} mask ${hex(ctmask)}`;
  // Each mode names the mask it reads from first, the one it keeps bits of second.
  if (d.mode === "save") return `save nfmask ${hex(nfmask)} ctmask ~${hex(ctmask)}`;
  return `restore ctmask ${hex(ctmask)} nfmask ~${hex(nfmask)}`;
}

function saveOp(d: ConnmarkData): string {
  if (d.mode === "set") return ` --set-xmark ${hex(d.ctmark)}/${hex(d.ctmask)}`;
  return ` --${d.mode}-mark --nfmask ${hex(d.nfmask)} --ctmask ${hex(d.ctmask)}`;
}

function shiftText(d: ConnmarkData, prefix: string): string {
  return d.shiftBits === 0 ? "" : ` ${prefix}${d.shiftDir}-shift-mark ${String(d.shiftBits)}`;
}

/** A u32 shift; check() keeps the count below 32. */
function shift(value: number, d: ConnmarkData): number {
  return (d.shiftDir === "right" ? value >>> d.shiftBits : value << d.shiftBits) >>> 0;
}

export const connmarkTarget = defineTarget<ConnmarkData>({
  name: "CONNMARK",
  options: OPTIONS,
  init: () => ({ mode: "set", ctmark: 0, ctmask: UINT32_MAX, nfmask: UINT32_MAX, shiftDir: "left", shiftBits: 0 }),
  parse: ({ option, arg = "", data }) => parseOption(option, arg, data),
  finalCheck(data, seen) {
    checkExclusions(seen);
    if (!OPS_BY_ID.some((op) => seen.has(op))) throw parameterProblem("CONNMARK target: No operation specified");
    return data;
  },
  // The kernel refuses a shift of 32 bits (the rule fails with EINVAL; seen on the real tool).
  check: (d) => (d.shiftBits >= 32 ? "EINVAL" : undefined),
  save: (d) => saveOp(d) + shiftText(d, "--"),
  print: (d) => ` CONNMARK ${describe(d)}${shiftText(d, "")}`,
  act(d, { packet }) {
    const ct = trackedEntry(packet);
    if (ct === undefined) return "continue";
    if (d.mode === "set") ct.mark = shift(((ct.mark & ~d.ctmask) ^ d.ctmark) >>> 0, d);
    else if (d.mode === "save") ct.mark = ((ct.mark & ~d.ctmask) ^ shift(packet.mark & d.nfmask, d)) >>> 0;
    else packet.mark = ((packet.mark & ~d.nfmask) ^ shift(ct.mark & d.ctmask, d)) >>> 0;
    return "continue";
  },
});
