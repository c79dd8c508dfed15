// -m limit (libxt_limit.c). iptables-nft does not load xt_limit: nft.c add_nft_limit turns
// the rate into a native nft `limit` expression (rate per unit of seconds), which the kernel
// runs as nft_limit.c's token bucket in nanoseconds, and nft-shared.c nft_parse_limit turns
// it back for listing. Both round trips are reproduced here.
import { parameterProblem } from "../errors.ts";
import type { EvalContext } from "../context.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

interface LimitData {
  /** xt_rateinfo.avg: seconds between packets times XT_LIMIT_SCALE. */
  avg: number;
  /** xt_rateinfo.burst as given (0 is sent to the kernel, which makes it 5). */
  burst: number;
}

/** XT_LIMIT_SCALE. */
const SCALE = 10000;
const DEFAULT_BURST = 5;

/** libxt_limit.c rates / nft.c add_nft_limit mult[]: the units, largest first. */
const UNITS: readonly (readonly [string, number])[] = [["day", 86400], ["hour", 3600], ["min", 60], ["sec", 1]];

/** glibc atoi: (int)strtol(text, NULL, 10), so an overflow wraps through LONG_MAX/LONG_MIN. */
function atoi(text: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d*)/.exec(text);
  if (m === null || m[2] === "") return 0;
  let value = BigInt(m[2] ?? "0");
  if (m[1] === "-") value = -value;
  const LONG_MAX = (1n << 63n) - 1n;
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < -LONG_MAX - 1n) value = -LONG_MAX - 1n;
  return Number(BigInt.asIntN(32, value));
}

/** parse_rate: "N[/second|/minute|/hour|/day]" (any prefix of the unit) to avg, or undefined. */
function parseRate(text: string): number | undefined {
  const slash = text.indexOf("/");
  let seconds = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const found = unit === "" ? undefined : [["second", 1], ["minute", 60], ["hour", 3600], ["day", 86400]].find(([name]) => String(name).startsWith(unit));
    if (found === undefined) return undefined;
    seconds = Number(found[1]);
  }
  const r = atoi(text) >>> 0;
  if (r === 0) return undefined;
  const avg = Math.floor((SCALE * seconds) / r);
  // The rate maps to infinity: more than 10000 a second.
  if (avg === 0) throw parameterProblem(`Rate too fast "${text}"`);
  return avg;
}

/** The unit index (into UNITS) that shows `avg` best (print_rate, add_nft_limit). */
function unitIndex(avg: number): number {
  let i = 1;
  for (; i < UNITS.length; i++) {
    const mult = SCALE * (UNITS[i]?.[1] ?? 1);
    if (avg > mult || Math.floor(mult / avg) < mult % avg) break;
  }
  return i - 1;
}

/** add_nft_limit: what the kernel stores, packets per `unit` seconds. */
function nftRate(avg: number): { rate: number; unit: number } {
  const unit = UNITS[unitIndex(avg)]?.[1] ?? 1;
  return { rate: Math.floor((SCALE * unit) / avg), unit };
}

/** The rule as listed: nft_parse_limit rebuilds avg from the kernel's rate, and the kernel made burst 0 into 5. */
function listed(d: LimitData): LimitData {
  const { rate, unit } = nftRate(d.avg);
  return { avg: Math.floor((SCALE * unit) / rate), burst: d.burst === 0 ? DEFAULT_BURST : d.burst };
}

/** print_rate: " 3/hour". */
function printRate(avg: number): string {
  const [name = "sec", seconds = 1] = UNITS[unitIndex(avg)] ?? [];
  return ` ${String(Math.floor((SCALE * seconds) / avg))}/${name}`;
}

/** The virtual clock in nanoseconds (ktime_get_ns), from milliseconds. */
function nowNs(ctx: EvalContext): bigint {
  const ms = ctx.env.now();
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/** nft_limit_eval for NFT_LIMIT_PKTS: every packet costs unit/rate ns of a bucket of burst packets. */
function takeToken(d: LimitData, ctx: EvalContext): boolean {
  const { rate, unit } = nftRate(d.avg);
  const cost = (BigInt(unit) * 1_000_000_000n) / BigInt(rate);
  const max = cost * BigInt(d.burst === 0 ? DEFAULT_BURST : d.burst);
  const now = nowNs(ctx);
  // The bucket starts full when the rule is created; filling it lazily is the same.
  const stored = typeof ctx.state.tokens === "string" ? BigInt(ctx.state.tokens) : max;
  const last = typeof ctx.state.last === "string" ? BigInt(ctx.state.last) : now;
  let tokens = stored + now - last;
  if (tokens > max) tokens = max;
  const ok = tokens >= cost;
  if (ok) tokens -= cost;
  ctx.state.tokens = tokens.toString();
  ctx.state.last = now.toString();
  return ok;
}

export const limit = defineMatch<LimitData>({
  name: "limit",
  options: [
    { name: "limit", arg: "required" },
    { name: "limit-burst", arg: "required" },
  ],
  init: () => ({ avg: Math.floor((SCALE * 3600) / 3), burst: DEFAULT_BURST }),
  parse({ option, arg = "", data }) {
    if (option === "limit-burst") return { ...data, burst: parseIntX6("limit", "limit-burst", arg, 0, 10000) };
    const avg = parseRate(arg);
    if (avg === undefined) throw parameterProblem(`bad rate "${arg}"'`);
    return { ...data, avg };
  },
  save(d) {
    const l = listed(d);
    return ` --limit${printRate(l.avg)}${l.burst !== DEFAULT_BURST ? ` --limit-burst ${String(l.burst)}` : ""}`;
  },
  print(d) {
    const l = listed(d);
    return ` limit: avg${printRate(l.avg)} burst ${String(l.burst)}`;
  },
  match: takeToken,
});
