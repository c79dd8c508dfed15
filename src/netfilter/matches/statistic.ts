// -m statistic (libxt_statistic.c; kernel net/netfilter/xt_statistic.c): random sampling
// with a fixed-point probability, or every nth packet from a per-rule counter.
import { parameterProblem } from "../errors.ts";
import type { EvalContext } from "../context.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

interface StatisticData {
  mode: "random" | "nth";
  /** XT_STATISTIC_INVERT, set by `!` before --probability or --every. */
  invert: boolean;
  /**
   * xt_statistic_info.u: u.random.probability (P * 2^31) and u.nth.every (N - 1) share
   * storage, so --probability and --every write the same slot, which both fields mirror.
   */
  probability: number;
  every: number;
  packet: number;
  /** u.nth.count: the counter's start, every - packet (statistic_check). */
  count: number;
}

/** glibc strtod on the whole argument: decimal or hex floats, inf and nan; undefined if anything is left. */
function strtod(text: string): number | undefined {
  const t = text.replace(/^[\t\n\v\f\r ]+/, "");
  const hex = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(t);
  if (hex !== null && `${hex[2] ?? ""}${hex[3] ?? ""}` !== "") {
    const digits = `${hex[2] ?? ""}${hex[3] ?? ""}`;
    const value = parseInt(digits, 16) * 2 ** (Number(hex[4] ?? "0") - 4 * (hex[3] ?? "").length);
    return hex[1] === "-" ? -value : value;
  }
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan(\([0-9a-z_]*\))?$/i.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

/** XTTYPE_DOUBLE with min 0, max 1 (xtopt_parse_float); NaN passes both comparisons. */
function parseProbability(text: string): number {
  const value = strtod(text);
  if (value === undefined || value < 0 || value > 1) {
    throw parameterProblem('statistic: bad value for option "--probability", or out of range (0-1).\n');
  }
  return value;
}

/** lround(0x80000000 * p) stored in a u32 (x86-64 lround of NaN is LONG_MIN, whose low bits are 0). */
function fixedPoint(p: number): number {
  if (Number.isNaN(p)) return 0;
  return Math.round(p * 0x80000000) >>> 0;
}

/** printf("%.11f", p / 2^31), rounding an exact tie to even as glibc does. */
function formatProbability(fixed: number): string {
  const den = 1n << 31n;
  const scaled = BigInt(fixed) * 10n ** 11n;
  let q = scaled / den;
  const twice = (scaled % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(12, "0");
  return `${digits.slice(0, -11)}.${digits.slice(-11)}`;
}

/** xt_statistic.c statistic_mt, nth mode: the counter wraps at every and matches at 0. */
function nextIsNth(d: StatisticData, ctx: EvalContext): boolean {
  const old = typeof ctx.state.count === "number" ? ctx.state.count : d.count;
  const next = old === d.every ? 0 : old + 1;
  ctx.state.count = next;
  return next === 0;
}

export const statistic = defineMatch<StatisticData>({
  name: "statistic",
  options: [
    { name: "mode", arg: "required", mandatory: true },
    { name: "probability", arg: "required", invert: true, excl: ["every", "packet"] },
    { name: "every", arg: "required", invert: true, excl: ["probability"], also: ["packet"] },
    { name: "packet", arg: "required", excl: ["probability"], also: ["every"] },
  ],
  init: () => ({ mode: "random", invert: false, probability: 0, every: 0, packet: 0, count: 0 }),
  parse({ option, arg = "", invert, data }) {
    const d = { ...data, invert: data.invert || invert };
    switch (option) {
      case "mode":
        if (arg !== "random" && arg !== "nth") throw parameterProblem(`Bad mode "${arg}"`);
        return { ...d, mode: arg };
      case "probability": {
        const fixed = fixedPoint(parseProbability(arg));
        return { ...d, probability: fixed, every: fixed };
      }
      case "every": {
        const every = parseIntX6("statistic", "every", arg, 1, 0xffffffff) - 1;
        return { ...d, probability: every, every };
      }
      default:
        return { ...d, packet: parseIntX6("statistic", "packet", arg, 0, 0xffffffff) };
    }
  },
  finalCheck(d, seen) {
    if (d.mode === "random" && !seen.has("probability")) {
      throw parameterProblem("--probability must be specified when using random mode");
    }
    if (d.mode === "nth" && !seen.has("every") && !seen.has("packet")) {
      throw parameterProblem("--every and --packet must be specified when using nth mode");
    }
    if (d.packet > d.every) throw parameterProblem("the --packet p must be 0 <= p <= n-1");
    return { ...d, count: d.every - d.packet };
  },
  save(d) {
    const inv = d.invert ? " !" : "";
    if (d.mode === "random") return ` --mode random${inv} --probability ${formatProbability(d.probability)}`;
    return ` --mode nth${inv} --every ${String(d.every + 1)} --packet ${String(d.packet)}`;
  },
  print(d) {
    const inv = d.invert ? " !" : "";
    if (d.mode === "random") return ` statistic mode random${inv} probability ${formatProbability(d.probability)}`;
    return ` statistic mode nth${inv} every ${String(d.every + 1)}${d.packet !== 0 ? ` packet ${String(d.packet)}` : ""}`;
  },
  match(d, ctx) {
    // Random: (prandom_u32() & 0x7FFFFFFF) < probability, from the injected seeded source.
    const hit = d.mode === "random" ? Math.floor(ctx.env.random() * 0x80000000) < d.probability : nextIsNth(d, ctx);
    return hit !== d.invert;
  },
});
