// -m rateest (libxt_rateest.c, the old parse API; kernel net/netfilter/xt_rateest.c): the
// rates a RATEEST target estimates, against a given rate or another estimator. The
// estimators' rates over time are not modelled; nor is their existence checked at insert
// time (the kernel answers ENOENT for a name no RATEEST rule has made).
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { xtStrtoul } from "./x6.ts";

/** XT_RATEEST_MATCH_* flags and modes (include/uapi/linux/netfilter/xt_rateest.h). */
const INVERT = 1;
const ABS = 2;
const REL = 4;
const DELTA = 8;
const BPS = 16;
const PPS = 32;
const MODES = ["", "eq", "lt", "gt"] as const;

interface RateestData {
  readonly name1: string;
  readonly name2: string;
  readonly flags: number;
  readonly mode: number;
  readonly bps1: number;
  readonly pps1: number;
  readonly bps2: number;
  readonly pps2: number;
}

const OPTIONS: readonly OptionSpec[] = [
  { name: "rateest1", arg: "required" },
  { name: "rateest", id: "rateest1", arg: "required" },
  { name: "rateest2", arg: "required" },
  { name: "rateest-bps1", arg: "optional" },
  { name: "rateest-pps1", arg: "optional" },
  { name: "rateest-bps2", arg: "optional" },
  { name: "rateest-pps2", arg: "optional" },
  { name: "rateest-bps", id: "rateest-bps2", arg: "optional" },
  { name: "rateest-pps", id: "rateest-pps2", arg: "optional" },
  { name: "rateest-delta", arg: "none" },
  { name: "rateest-lt", arg: "none" },
  { name: "rateest-gt", arg: "none" },
  { name: "rateest-eq", arg: "none" },
];

/** iproute's rate suffixes: bits or bytes, decimal or binary multiples. */
const SUFFIXES: readonly (readonly [string, number])[] = [
  ["bit", 1], ["Kibit", 1024], ["kbit", 1000], ["Mibit", 1024 ** 2], ["mbit", 1e6], ["Gibit", 1024 ** 3], ["gbit", 1e9],
  ["Tibit", 1024 ** 4], ["tbit", 1e12], ["Bps", 8], ["KiBps", 8 * 1024], ["KBps", 8000], ["MiBps", 8 * 1024 ** 2],
  ["MBps", 8e6], ["GiBps", 8 * 1024 ** 3], ["GBps", 8e9], ["TiBps", 8 * 1024 ** 4], ["TBps", 8e12],
];

/** rateest_get_rate: strtod, then a suffix (case-insensitive); no suffix means bytes. Stored as u32 bytes/s. */
function parseRate(text: string): number {
  const m = /^[\t\n\v\f\r ]*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(text);
  if (m === null) throw parameterProblem(`rateest: could not parse rate \`${text}'`);
  const bps = Number(m[0]);
  const rest = text.slice(m[0].length);
  const scale = rest === "" ? 1 : SUFFIXES.find(([name]) => name.toLowerCase() === rest.toLowerCase())?.[1];
  if (scale === undefined) throw parameterProblem(`rateest: could not parse rate \`${text}'`);
  return Math.trunc((bps * scale) / 8) >>> 0;
}

/** xtables_strtoui over the whole text. */
function parsePps(text: string): number {
  const r = xtStrtoul(text, 0n, 0xffffffffn);
  if (r === undefined) throw parameterProblem(`rateest: could not parse pps \`${text}'`);
  return Number(r.value);
}

const twice = (what: string) => parameterProblem(`rateest: can't specify ${what} twice`);
const noInvert = (what: string) => parameterProblem(`rateest: ${what} can't be inverted`);

function parseOption(id: string, arg: string | undefined, invert: boolean, seen: ReadonlySet<string>, d: RateestData): RateestData {
  if (id === "rateest1" || id === "rateest2") {
    if (invert) throw noInvert("rateest");
    if (seen.has(id)) throw twice(`--${id}`);
    // char name[IFNAMSIZ], filled by strncpy up to 15 bytes.
    return id === "rateest1" ? { ...d, name1: arg?.slice(0, 15) ?? "" } : { ...d, name2: arg?.slice(0, 15) ?? "", flags: d.flags | REL };
  }
  if (id.startsWith("rateest-bps") || id.startsWith("rateest-pps")) {
    const bps = id.startsWith("rateest-bps");
    if (invert) throw noInvert(bps ? "rateest-bps" : "rateest-pps");
    if (seen.has(id)) throw twice(`--${id}`);
    const next = { ...d, flags: d.flags | (bps ? BPS : PPS) };
    if (arg === undefined) return next;
    const field = `${bps ? "bps" : "pps"}${id.endsWith("1") ? "1" : "2"}` as "bps1" | "pps1" | "bps2" | "pps2";
    return { ...next, [field]: bps ? parseRate(arg) : parsePps(arg) };
  }
  if (id === "rateest-delta") {
    if (invert) throw noInvert("rateest-delta");
    if (seen.has(id)) throw twice("--rateest-delta");
    return { ...d, flags: d.flags | DELTA };
  }
  if (seen.has(id)) throw parameterProblem("rateest: can't specify lt/gt/eq twice");
  return { ...d, mode: MODES.indexOf(id.slice(8) as "eq"), flags: d.flags | (invert ? INVERT : 0) };
}

/** %.0f: to the nearest integer, an exact half to even (glibc). */
function roundEven(x: number): string {
  const f = Math.floor(x);
  const diff = x - f;
  return String(diff > 0.5 || (diff === 0.5 && f % 2 !== 0) ? f + 1 : f);
}

/** rateest_print_rate: bytes as bits with K/M, or the plain number. */
function rate(r: number, numeric: boolean): string {
  const bits = r * 8;
  if (numeric) return ` ${String(r)}`;
  if (bits >= 1e9) return ` ${roundEven(bits / 1e6)}Mbit`;
  if (bits >= 1e6) return ` ${roundEven(bits / 1000)}Kbit`;
  return ` ${roundEven(bits)}bit`;
}

function mode(d: RateestData, prefix: string): string {
  return `${(d.flags & INVERT) !== 0 ? " !" : ""} ${prefix}${MODES[d.mode] ?? ""}`;
}

function saveRate(d: RateestData, name: string, r1: number, r2: number, numeric: boolean): string {
  let out = (d.flags & DELTA) !== 0 ? ` --rateest-${name}1${rate(r1, numeric)}${mode(d, "--rateest-")} --rateest-${name}2` : `${mode(d, "--rateest-")} --rateest-${name}`;
  if ((d.flags & (ABS | DELTA)) !== 0) out += rate(r2, numeric);
  return out;
}

function save(d: RateestData): string {
  let rates = "";
  if ((d.flags & BPS) !== 0) rates += saveRate(d, "bps", d.bps1, d.bps2, false);
  if ((d.flags & PPS) !== 0) rates += saveRate(d, "pps", d.pps1, d.pps2, true);
  const delta = (d.flags & DELTA) !== 0 ? " --rateest-delta" : "";
  if ((d.flags & REL) !== 0) return `${delta} --rateest1 ${d.name1}${rates} --rateest2 ${d.name2}`;
  return `${delta} --rateest ${d.name1}${rates}`;
}

function print(d: RateestData, numeric: boolean): string {
  const has = (f: number) => (d.flags & f) !== 0;
  let out = ` rateest match ${d.name1}${has(DELTA) ? " delta" : ""}`;
  if (has(BPS)) out += ` bps${has(DELTA) ? rate(d.bps1, numeric) : ""}${has(ABS) ? rate(d.bps2, numeric) + mode(d, "") : ""}`;
  if (has(PPS)) out += ` pps${has(DELTA) ? ` ${String(d.pps1)}` : ""}${has(ABS) ? `${mode(d, "")} ${String(d.pps2)}` : ""}`;
  if (has(REL)) {
    out += `${mode(d, "")} ${d.name2}`;
    if (has(BPS)) out += ` bps${has(DELTA) ? rate(d.bps2, numeric) : ""}`;
    if (has(PPS)) out += ` pps${has(DELTA) ? ` ${String(d.pps2)}` : ""}`;
  }
  return out;
}

export const rateest = defineMatch<RateestData>({
  name: "rateest",
  genericChecks: false,
  options: OPTIONS,
  init: () => ({ name1: "", name2: "", flags: 0, mode: 0, bps1: 0, pps1: 0, bps2: 0, pps2: 0 }),
  parse({ option, arg, invert, data, seen }) {
    const id = OPTIONS.find((o) => o.name === option)?.id ?? option;
    return parseOption(id, arg, invert, seen, data);
  },
  finalCheck: (d) => ((d.flags & REL) === 0 ? { ...d, flags: d.flags | ABS } : d),
  // xt_rateest_mt_checkentry: something to compare, and how.
  check: (d) => ((d.flags & (BPS | PPS)) === 0 || d.mode === 0 ? "EINVAL" : undefined),
  save,
  print: (d, { numeric }) => print(d, numeric),
  unmodelled: () => "nfsim does not estimate rates (RATEEST)",
  match: () => false,
});
