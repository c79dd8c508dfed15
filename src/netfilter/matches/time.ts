// -m time (libxt_time.c; kernel net/netfilter/xt_time.c time_mt): dates, times of day,
// weekdays and days of the month, on the virtual clock read as UTC (nfsim's kernel time
// zone is UTC too, so --kerneltz changes nothing).
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";

interface TimeData {
  /** Seconds since the epoch (u32), 0 and INT_MAX meaning no bound. */
  readonly dateStart: number;
  readonly dateStop: number;
  /** Seconds of the day. */
  readonly daytimeStart: number;
  readonly daytimeStop: number;
  /** Bit n for day n of the month (1..31); bit 0 is possible but never a day. */
  readonly monthdays: number;
  /** Bit n for weekday n, Monday 1 .. Sunday 7. */
  readonly weekdays: number;
  readonly kerneltz: boolean;
  readonly contiguous: boolean;
}

const ALL_MONTHDAYS = 0xfffffffe;
const ALL_WEEKDAYS = 0xfe;
const MAX_DAYTIME = 24 * 60 * 60 - 1;
const INT_MAX = 0x7fffffff;
const WEEK_DAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const OPTIONS: readonly OptionSpec[] = [
  { name: "datestart", arg: "required" },
  { name: "datestop", arg: "required" },
  { name: "timestart", arg: "required" },
  { name: "timestop", arg: "required" },
  { name: "contiguous", arg: "none" },
  { name: "weekdays", arg: "required", invert: true },
  { name: "monthdays", arg: "required", invert: true },
  { name: "localtz", arg: "none", excl: ["utc"] },
  { name: "utc", arg: "none", excl: ["localtz", "kerneltz"] },
  { name: "kerneltz", arg: "none", excl: ["utc"] },
];

/** strtoul(s, &e, 10) as the parsers use it: digits, the rest. */
function decimal(s: string): { value: number; rest: string } {
  const m = /^[\t\n\v\f\r ]*[+-]?\d*/.exec(s)?.[0] ?? "";
  const digits = m.replace(/^[\t\n\v\f\r ]*/, "");
  let value = /\d/.test(digits) ? Number(digits.replace(/^[+-]/, "")) : 0;
  if (digits.startsWith("-")) value = 2 ** 64 - value;
  return { value, rest: /\d/.test(digits) ? s.slice(m.length) : s };
}

/** time_parse_date: YYYY[-MM[-DD[Thh[:mm[:ss]]]]] read as UTC. */
function parseDate(text: string): number {
  const bad = () => parameterProblem(`Invalid date "${text}" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]`);
  const fields = [1970, 1, 1, 0, 0, 0];
  const seps = ["-", "-", "T", ":", ":", ""];
  const limits = [2038, 12, 31, 23, 59, 59];
  let rest = text;
  for (let i = 0; i < 6; i++) {
    const r = decimal(rest);
    const sep = seps[i] ?? "";
    if ((r.rest !== "" && !r.rest.startsWith(sep)) || (sep === "" && r.rest !== "") || r.value > (limits[i] ?? 0)) throw bad();
    if (i === 0 && r.value < 1970) throw bad();
    fields[i] = r.value;
    if (r.rest === "") break;
    rest = r.rest.slice(1);
  }
  const [y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0] = fields;
  // mktime normalises out-of-range days (day 0 is the last of the month before).
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

/** time_parse_minutes: hh:mm[:ss]. */
function parseDaytime(text: string): number {
  const bad = (s: string) => parameterProblem(`invalid time "${s}" specified, should be hh:mm[:ss] format and within the boundaries`);
  const h = decimal(text);
  if (!h.rest.startsWith(":") || h.value > 23) throw bad(text);
  const mRest = h.rest.slice(1);
  const m = decimal(mRest);
  if ((m.rest !== "" && !m.rest.startsWith(":")) || m.value > 59) throw bad(mRest);
  if (m.rest === "") return 3600 * h.value + 60 * m.value;
  const sRest = m.rest.slice(1);
  const s = decimal(sRest);
  if (s.rest !== "" || s.value > 59) throw bad(sRest);
  return 3600 * h.value + 60 * m.value + s.value;
}

/** my_strseg: comma-separated pieces, each cut to the buffer (len - 1 bytes). */
function segments(arg: string, len: number): string[] {
  if (arg === "") return [];
  return arg.split(",").map((s) => s.slice(0, len - 1)).filter((s, i, all) => i < all.length - 1 || s !== "" || all.length === 1);
}

/** strtoul(day, &err, 0): the value and what follows. */
function cNumber(s: string): { value: number; rest: string } {
  const m = /^[\t\n\v\f\r ]*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(s);
  if (m === null) return { value: 0, rest: s };
  const body = m[1] ?? "0";
  const value = /^0[xX]/.test(body) ? parseInt(body, 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : Number(body);
  return { value: m[0].includes("-") ? 2 ** 32 - value : value, rest: s.slice(m[0].length) };
}

function parseMonthdays(arg: string): number {
  let bits = 0;
  for (const day of segments(arg, 3)) {
    const r = cNumber(day);
    if ((r.rest !== "" && !r.rest.startsWith(",")) || r.value > 31) throw parameterProblem(`${day} is not a valid day for --monthdays`);
    bits |= 1 << r.value;
  }
  return bits >>> 0;
}

function parseWeekdays(arg: string): number {
  let bits = 0;
  for (const day of segments(arg, 4)) {
    const r = cNumber(day);
    if (r.rest === "") {
      if (r.value === 0) throw parameterProblem("No, the week does NOT begin with Sunday.");
      bits |= 1 << (r.value & 31);
      continue;
    }
    const hits = WEEK_DAYS.map((name, i) => (i > 0 && day.slice(0, 2) === name.slice(0, 2) && day.length >= 2 ? i : 0)).filter((i) => i > 0);
    if (hits.length === 0) throw parameterProblem(`${day} is not a valid day specifier`);
    for (const i of hits) bits |= 1 << i;
  }
  // weekdays_match is a u8.
  return bits & 0xff;
}

function parseOption(option: string, arg: string, invert: boolean, d: TimeData, warn?: (t: string) => void): TimeData {
  switch (option) {
    case "datestart":
      return { ...d, dateStart: parseDate(arg) };
    case "datestop":
      return { ...d, dateStop: parseDate(arg) };
    case "timestart":
      return { ...d, daytimeStart: parseDaytime(arg) };
    case "timestop":
      return { ...d, daytimeStop: parseDaytime(arg) };
    case "contiguous":
      return { ...d, contiguous: true };
    case "monthdays":
      return { ...d, monthdays: (parseMonthdays(arg) ^ (invert ? ALL_MONTHDAYS : 0)) >>> 0 };
    case "weekdays":
      return { ...d, weekdays: parseWeekdays(arg) ^ (invert ? ALL_WEEKDAYS : 0) };
    case "localtz":
      warn?.('WARNING: --localtz is being replaced by --kerneltz, since "local" is ambiguous. Note the kernel timezone has caveats - see manpage for details.\n');
      return { ...d, kerneltz: true };
    case "kerneltz":
      return { ...d, kerneltz: true };
    default:
      return d;
  }
}

const two = (n: number) => String(n).padStart(2, "0");

function clock(seconds: number): string {
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** time_print_date: gmtime, with "T" in the save form. */
function date(seconds: number, sep: string): string {
  const t = new Date(seconds * 1000);
  const ymd = `${String(t.getUTCFullYear()).padStart(4, "0")}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
  return `${ymd}${sep}${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

const suffix = (i: number) => (i % 10 === 1 ? "st" : i % 10 === 2 ? "nd" : i % 10 === 3 ? "rd" : "th");

function monthdays(mask: number, human: boolean): string {
  const days = Array.from({ length: 31 }, (_, k) => k + 1).filter((i) => (mask & (2 ** i)) !== 0);
  return ` ${days.map((i) => `${String(i)}${human ? suffix(i) : ""}`).join(",")}`;
}

function weekdays(mask: number): string {
  return ` ${WEEK_DAYS.filter((_, i) => i > 0 && (mask & (1 << i)) !== 0).join(",")}`;
}

const defaultDaytime = (d: TimeData) => d.daytimeStart === 0 && d.daytimeStop === MAX_DAYTIME;

function save(d: TimeData): string {
  let out = "";
  if (!defaultDaytime(d)) out += ` --timestart ${clock(d.daytimeStart)} --timestop ${clock(d.daytimeStop)}`;
  if (d.monthdays !== ALL_MONTHDAYS) out += ` --monthdays${monthdays(d.monthdays, false)}`;
  if (d.weekdays !== ALL_WEEKDAYS) out += ` --weekdays${weekdays(d.weekdays)}`;
  // time_print_date skips 0 and LONG_MAX, so the default stop (INT_MAX) is printed.
  if (d.dateStart !== 0) out += ` --datestart ${date(d.dateStart, "T")}`;
  if (d.dateStop !== 0) out += ` --datestop ${date(d.dateStop, "T")}`;
  if (d.kerneltz) out += " --kerneltz";
  if (d.contiguous) out += " --contiguous";
  return out;
}

function print(d: TimeData): string {
  let out = " TIME";
  if (!defaultDaytime(d)) out += ` from ${clock(d.daytimeStart)} to ${clock(d.daytimeStop)}`;
  if (d.weekdays !== ALL_WEEKDAYS) out += ` on${weekdays(d.weekdays)}`;
  if (d.monthdays !== ALL_MONTHDAYS) out += ` on${monthdays(d.monthdays, true)}`;
  if (d.dateStart !== 0) out += ` starting from ${date(d.dateStart, " ")}`;
  if (d.dateStop !== INT_MAX) out += ` until date ${date(d.dateStop, " ")}`;
  if (!d.kerneltz) out += " UTC";
  if (d.contiguous) out += " contiguous";
  return out;
}

const DAY = 86400;

/** time_mt on the virtual clock: date bounds, time of day (wrapping past midnight), weekday, day of month. */
function timeMatch(d: TimeData, nowMs: number): boolean {
  let stamp = Math.floor(nowMs / 1000);
  if (stamp < d.dateStart || stamp > d.dateStop) return false;
  const packetTime = ((stamp % DAY) + DAY) % DAY;
  if (d.daytimeStart < d.daytimeStop) {
    if (packetTime < d.daytimeStart || packetTime > d.daytimeStop) return false;
  } else {
    if (packetTime < d.daytimeStart && packetTime > d.daytimeStop) return false;
    // --contiguous: the early hours belong to the day the window started on.
    if (d.contiguous && packetTime <= d.daytimeStop) stamp -= DAY;
  }
  const dse = Math.floor(stamp / DAY);
  // 1970-01-01 was a Thursday (4); Sunday is 7.
  const weekday = ((((4 + dse - 1) % 7) + 7) % 7) + 1;
  if ((d.weekdays & (1 << weekday)) === 0) return false;
  if (d.monthdays !== ALL_MONTHDAYS && (d.monthdays & 2 ** new Date(stamp * 1000).getUTCDate()) === 0) return false;
  return true;
}

export const time = defineMatch<TimeData>({
  name: "time",
  options: OPTIONS,
  init: () => ({
    dateStart: 0, dateStop: INT_MAX, daytimeStart: 0, daytimeStop: MAX_DAYTIME,
    monthdays: ALL_MONTHDAYS, weekdays: ALL_WEEKDAYS, kerneltz: false, contiguous: false,
  }),
  parse: ({ option, arg = "", invert, data, warn }) => parseOption(option, arg, invert, data, warn),
  finalCheck(d, seen) {
    if (seen.has("contiguous") && d.daytimeStart < d.daytimeStop) {
      throw parameterProblem("time: --contiguous only makes sense when stoptime is smaller than starttime");
    }
    return d;
  },
  save,
  print,
  match: (d, ctx) => timeMatch(d, ctx.env.now()),
});
