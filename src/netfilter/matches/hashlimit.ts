// -m hashlimit, revision 3 (libxt_hashlimit.c hashlimit_mt_*; kernel net/netfilter/
// xt_hashlimit.c hashlimit_mt_check_common). Rates are kept as the kernel gets them:
// avg is XT_HASHLIMIT_SCALE_v2 (10^6) times the seconds between packets, or in byte mode
// the cost of 16 bytes (bytes_to_cost); the buckets themselves are in hashlimit-bucket.ts.
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { costToBytes, hashlimitMatch, HL, userToCredits, userToCreditsByte, type HashlimitData } from "./hashlimit-bucket.ts";
import { parsePlen, xtStrtoul, U64_MAX } from "./x6.ts";

/** The rule as parsed: HashlimitData plus what only the parser needs. */
interface ParsedHashlimit extends HashlimitData {
  /** hashlimit_mt_udata.mult: the seconds of the rate's unit (15 in byte mode). */
  readonly mult: number;
  /** The burst as given, before byte mode turns it into refills (u64, as a decimal string). */
  readonly rawBurst: string;
}

const SCALE = 1_000_000n;
const BURST_DEFAULT = 5;
const BURST_MAX = 1_000_000n;
const GC_DEFAULT = 1000;
const BYTE_SHIFT = 4n;
/** XT_HASHLIMIT_BYTE_EXPIRE and _BURST: seconds of expiry in byte mode. */
const BYTE_EXPIRE = 15;
const BYTE_EXPIRE_BURST = 60;
const U32_MAX = 0xffffffffn;
/** HASHLIMIT_MAX_SIZE: the kernel cuts a larger --hashlimit-htable-size down to this, in the rule. */
const MAX_SIZE = 1_048_576;

/** hashlimit_mt_opts in table order. */
const OPTIONS: readonly OptionSpec[] = [
  { name: "hashlimit-upto", id: "upto", arg: "required", invert: true, excl: ["above"] },
  { name: "hashlimit-above", id: "above", arg: "required", invert: true, excl: ["upto"] },
  { name: "hashlimit", id: "upto", arg: "required", invert: true, excl: ["above"] },
  { name: "hashlimit-srcmask", id: "srcmask", arg: "required" },
  { name: "hashlimit-dstmask", id: "dstmask", arg: "required" },
  { name: "hashlimit-burst", id: "burst", arg: "required" },
  { name: "hashlimit-htable-size", id: "size", arg: "required" },
  { name: "hashlimit-htable-max", id: "max", arg: "required" },
  { name: "hashlimit-htable-gcinterval", id: "gc", arg: "required" },
  { name: "hashlimit-htable-expire", id: "expire", arg: "required" },
  { name: "hashlimit-mode", id: "mode", arg: "required" },
  { name: "hashlimit-name", id: "name", arg: "required", mandatory: true },
  { name: "hashlimit-rate-match", id: "ratematch", arg: "none" },
  { name: "hashlimit-rate-interval", id: "interval", arg: "required" },
];

const badValue = (option: string, arg: string) => parameterProblem(`hashlimit: Bad value for "--${option}" option: "${arg}"`);

/** glibc atoll: blanks, a sign, decimal digits, saturating; as the u64 the caller stores it in. */
function atollU64(text: string): bigint {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d*)/.exec(text);
  if (m === null || m[2] === "") return 0n;
  let v = BigInt(m[2] ?? "0");
  const max = (1n << 63n) - 1n;
  if (m[1] === "-") v = v > max + 1n ? -(max + 1n) : -v;
  else if (v > max) v = max;
  return BigInt.asUintN(64, v);
}

/** get_factor: the unit letter before "b". */
function factor(ch: string | undefined): bigint {
  return ch === "m" ? 1024n * 1024n : ch === "k" ? 1024n : 1n;
}

/** bytes_to_cost: the cost of one 16-byte chunk at a byte rate. */
function bytesToCost(bytes: bigint): bigint {
  const r = BigInt.asUintN(32, bytes >> BYTE_SHIFT);
  return U32_MAX / (r + 1n);
}

/** parse_bytes: "N[k|m]b/s"; undefined when the argument is not a byte rate. */
function parseBytes(text: string): bigint | undefined {
  const at = text.indexOf("b/s");
  if (at <= 0) return undefined;
  const r = atollU64(text);
  if (r === 0n) return undefined;
  const cost = bytesToCost(BigInt.asUintN(64, r * factor(text[at - 1])));
  if (cost === 0n) throw parameterProblem(`Rate too high "${text}"`);
  return cost;
}

const UNITS: readonly (readonly [string, number])[] = [["second", 1], ["minute", 60], ["hour", 3600], ["day", 86400]];

/** parse_rate: "N[/unit]" with any prefix of the unit, case-insensitive. */
function parseRate(text: string): { avg: bigint; mult: number } | undefined {
  const slash = text.indexOf("/");
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const found = unit === "" ? undefined : UNITS.find(([name]) => name.startsWith(unit));
    if (found === undefined) return undefined;
    mult = found[1];
  }
  const r = atollU64(text);
  if (r === 0n) return undefined;
  const avg = (SCALE * BigInt(mult)) / r;
  if (avg === 0n) throw parameterProblem(`Rate too fast "${text}"`);
  return { avg, mult };
}

function parseLimit(option: string, arg: string, invert: boolean, d: ParsedHashlimit): ParsedHashlimit {
  const inverts = option === "hashlimit-above" ? !invert : invert;
  const mode = d.mode | (inverts ? HL.INVERT : 0);
  const bytes = parseBytes(arg);
  if (bytes !== undefined) return { ...d, mode: mode | HL.BYTES, avg: Number(bytes), mult: BYTE_EXPIRE };
  const rate = parseRate(arg);
  if (rate === undefined) throw badValue(option === "hashlimit" ? "hashlimit-upto" : option, arg);
  return { ...d, mode, avg: Number(rate.avg), mult: rate.mult };
}

/** parse_burst: a count (1..10^6 unless a unit letter follows), times k or m. */
function parseBurst(arg: string): bigint {
  const bad = () => parameterProblem('bad value for option "--hashlimit-burst", or out of range (1-1000000).');
  const r = xtStrtoul(arg, 1n, U64_MAX, true);
  if (r === undefined || (r.rest === "" && r.value > BURST_MAX)) throw bad();
  return BigInt.asUintN(64, r.value * factor(r.rest[0]));
}

/** parse_mode: dstip, srcip, srcport, dstport separated by "," or "|". */
function parseMode(arg: string): number {
  let bits = 0;
  for (const tok of arg.split(/[,|]/).filter((t) => t !== "")) {
    const bit = { dstip: HL.DIP, srcip: HL.SIP, srcport: HL.SPT, dstport: HL.DPT }[tok];
    if (bit === undefined) throw badValue("hashlimit-mode", arg);
    bits |= bit;
  }
  return bits;
}

/** glibc atoi as parse_interval reads it. */
function atoi(text: string): number {
  return Number(BigInt.asIntN(32, atollU64(text)));
}

function parseOption(option: string, arg: string, invert: boolean, d: ParsedHashlimit): ParsedHashlimit {
  switch (option) {
    case "hashlimit-upto":
    case "hashlimit-above":
    case "hashlimit":
      return parseLimit(option, arg, invert, d);
    case "hashlimit-srcmask":
      return { ...d, srcmask: parsePlen("hashlimit", option, arg) };
    case "hashlimit-dstmask":
      return { ...d, dstmask: parsePlen("hashlimit", option, arg) };
    case "hashlimit-burst":
      return { ...d, rawBurst: String(parseBurst(arg)) };
    case "hashlimit-htable-size":
      return { ...d, size: parseIntX6("hashlimit", option, arg, 0, 0xffffffff) };
    case "hashlimit-htable-max":
      return { ...d, max: parseIntX6("hashlimit", option, arg, 0, 0xffffffff) };
    case "hashlimit-htable-gcinterval":
      return { ...d, gcInterval: parseIntX6("hashlimit", option, arg, 0, 0xffffffff) };
    case "hashlimit-htable-expire":
      return { ...d, expire: parseIntX6("hashlimit", option, arg, 0, 0xffffffff) };
    case "hashlimit-mode":
      return { ...d, mode: d.mode | parseMode(arg) };
    case "hashlimit-name":
      if (arg.length < 1) throw parameterProblem("Argument must have a minimum length of 1 characters\n");
      // char name[NAME_MAX]: the copy keeps 254 bytes.
      return { ...d, name: arg.slice(0, 254) };
    case "hashlimit-rate-match":
      return { ...d, mode: d.mode | HL.RATE_MATCH };
    default: {
      const interval = atoi(arg);
      if (interval <= 0) throw badValue("hashlimit-rate-interval", arg);
      return { ...d, interval };
    }
  }
}

/** hashlimit_mt_check: defaults that depend on the rate, byte-mode bursts as refill counts. */
function finalCheck(d: ParsedHashlimit, seen: ReadonlySet<string>): ParsedHashlimit {
  if (!seen.has("upto") && !seen.has("above")) throw parameterProblem("You have to specify --hashlimit");
  let { expire, avg, interval } = d;
  let burst = BigInt(d.rawBurst);
  if (!seen.has("expire")) expire = d.mult * 1000;
  if ((d.mode & HL.BYTES) !== 0) {
    let refills = 0n;
    if (seen.has("burst")) {
      const chunk = costToBytes(BigInt(avg));
      if (burst < chunk) throw parameterProblem(`burst cannot be smaller than ${String(chunk)}b`);
      // uint32_t burst = info->cfg.burst: the count is figured in 32 bits.
      refills = BigInt.asUintN(32, burst) / chunk + (burst % chunk !== 0n ? 1n : 0n);
      refills = BigInt.asUintN(32, refills);
      if (!seen.has("expire")) expire = BYTE_EXPIRE_BURST * 1000;
    }
    burst = refills;
  } else if (burst > BURST_MAX) {
    throw parameterProblem('bad value for option "--hashlimit-burst", or out of range (1-1000000).');
  }
  if (seen.has("ratematch")) {
    if ((d.mode & HL.BYTES) === 0) avg = Math.floor(avg / d.mult);
    if (interval === 0) interval = (d.mode & HL.BYTES) !== 0 ? 1 : d.mult;
  }
  return { ...d, expire, avg, interval, burst: Number(burst) };
}

const RATES: readonly (readonly [string, bigint])[] = [["day", SCALE * 86400n], ["hour", SCALE * 3600n], ["min", SCALE * 60n], ["sec", SCALE]];

/** print_rate: " N/unit" in the largest unit that shows it whole enough, and the unit in msec. */
function printRate(period: bigint): { text: string; quantum: bigint } {
  if (period === 0n) return { text: " inf", quantum: 0n };
  let i = 1;
  for (; i < RATES.length; i++) {
    const mult = RATES[i]?.[1] ?? 1n;
    if (period > mult || mult / period < mult % period) break;
  }
  const [name = "sec", mult = SCALE] = RATES[i - 1] ?? [];
  return { text: ` ${String(mult / period)}/${name}`, quantum: (mult / SCALE) * 1000n };
}

const BYTE_UNITS: readonly (readonly [string, bigint])[] = [["m", 1024n * 1024n], ["k", 1024n], ["", 1n]];

/** print_bytes: " 100kb/s" and " [prefix]burst 10kb"; the quantum of byte mode. */
function printBytes(avg: bigint, burst: bigint, prefix: string): { text: string; quantum: bigint } {
  const r = costToBytes(avg);
  const unit = BYTE_UNITS.find(([, t], i) => i === BYTE_UNITS.length - 1 || (r >= t && bytesToCost(r & ~(t - 1n)) === avg)) ?? ["", 1n];
  let text = ` ${String(r / unit[1])}${unit[0]}b/s`;
  if (burst === 0n) return { text, quantum: BigInt(BYTE_EXPIRE * 1000) };
  const total = BigInt.asUintN(64, r * burst);
  const bunit = BYTE_UNITS.find(([, t], i) => i === BYTE_UNITS.length - 1 || total >= t) ?? ["", 1n];
  text += ` ${prefix}burst ${String(total / bunit[1])}${bunit[0]}b`;
  return { text, quantum: BigInt(BYTE_EXPIRE_BURST * 1000) };
}

function printMode(mode: number, sep: string): string {
  const names: [number, string][] = [[HL.SIP, "srcip"], [HL.SPT, "srcport"], [HL.DIP, "dstip"], [HL.DPT, "dstport"]];
  return ` ${names.filter(([bit]) => (mode & bit) !== 0).map(([, n]) => n).join(sep)}`;
}

const HASH_BITS = HL.SIP | HL.SPT | HL.DIP | HL.DPT;

/** hashlimit_mt_save / hashlimit_mt_print (revision 3) share this shape; `list` is -L. */
function dump(d: HashlimitData, list: boolean): string {
  const p = list ? "" : "--hashlimit-";
  let out = (d.mode & HL.INVERT) !== 0 ? (list ? " limit: above" : " --hashlimit-above") : list ? " limit: up to" : " --hashlimit-upto";
  let quantum: bigint;
  if ((d.mode & HL.BYTES) !== 0) {
    const b = printBytes(BigInt(d.avg), BigInt(d.burst), p);
    out += b.text;
    quantum = b.quantum;
  } else {
    // -L shows the rate over the whole rate-match interval; the save form does not.
    const period = list && d.interval !== 0 ? BigInt(d.avg) * BigInt(d.interval) : BigInt(d.avg);
    const r = printRate(period);
    out += `${r.text} ${p}burst ${String(d.burst)}`;
    quantum = r.quantum;
  }
  if ((d.mode & HASH_BITS) !== 0) out += ` ${p}mode${printMode(d.mode, list ? "-" : ",")}`;
  if (!list) out += ` --hashlimit-name ${d.name}`;
  const h = list ? "htable-" : "--hashlimit-htable-";
  if (d.size !== 0) out += ` ${h}size ${String(d.size)}`;
  if (d.max !== 0) out += ` ${h}max ${String(d.max)}`;
  if (d.gcInterval !== GC_DEFAULT) out += ` ${h}gcinterval ${String(d.gcInterval)}`;
  if (BigInt(d.expire) !== quantum) out += ` ${h}expire ${String(d.expire)}`;
  if (d.srcmask !== 32) out += ` ${p}srcmask ${String(d.srcmask)}`;
  if (d.dstmask !== 32) out += ` ${p}dstmask ${String(d.dstmask)}`;
  if ((d.mode & HL.RATE_MATCH) !== 0) {
    out += ` ${p}rate-match`;
    if (d.interval !== 1) out += ` ${p}rate-interval ${String(d.interval)}`;
  }
  return out;
}

/** xt_check_proc_name: a name that can be a /proc file. */
function procNameRefusal(name: string): string | undefined {
  if (name === "") return "EINVAL";
  if (name === "." || name === ".." || name.includes("/")) return "EINVAL";
  return undefined;
}

/** hashlimit_mt_check_common's overflow checks, in its order. */
function kernelRefusal(d: HashlimitData): string | undefined {
  const named = procNameRefusal(d.name);
  if (named !== undefined) return named;
  if (d.gcInterval === 0 || d.expire === 0) return "EINVAL";
  if (d.srcmask > 32 || d.dstmask > 32) return "EINVAL";
  if ((d.mode & HL.RATE_MATCH) !== 0) {
    if (d.avg === 0 || d.avg > 0xffffffff) return "ERANGE";
    return d.interval === 0 ? "EINVAL" : undefined;
  }
  if ((d.mode & HL.BYTES) !== 0) return userToCreditsByte(BigInt(d.avg)) === 0n ? "EINVAL" : undefined;
  const avg = BigInt(d.avg);
  if (d.burst === 0 || userToCredits(BigInt.asUintN(64, avg * BigInt(d.burst))) < userToCredits(avg)) return "ERANGE";
  return undefined;
}

export const hashlimit = defineMatch<ParsedHashlimit>({
  name: "hashlimit",
  options: OPTIONS,
  init: () => ({
    mode: 0, avg: 0, burst: BURST_DEFAULT, size: 0, max: 0, gcInterval: GC_DEFAULT, expire: 0, interval: 0,
    srcmask: 32, dstmask: 32, name: "", mult: 0, rawBurst: String(BURST_DEFAULT),
  }),
  parse: ({ option, arg = "", invert, data }) => parseOption(option, arg, invert, data),
  finalCheck,
  stored(d) {
    // The kernel keeps the rule's own cfg, with the table size cut to HASHLIMIT_MAX_SIZE.
    return { ...d, mult: 0, rawBurst: "0", size: Math.min(d.size, MAX_SIZE) };
  },
  check: (d) => kernelRefusal(d),
  save: (d) => dump(d, false),
  print: (d) => dump(d, true),
  match: hashlimitMatch,
});
