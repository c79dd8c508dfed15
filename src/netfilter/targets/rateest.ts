// -j RATEEST (libxt_RATEEST.c; kernel net/netfilter/xt_RATEEST.c): count the packet into the
// named rate estimator, which -m rateest reads. The interval and the averaging time constant
// are kept as the kernel keeps them, as a power-of-two exponent each (gen_estimator.c).
// Not modelled: the estimators are shared by name, and a name already in use with other
// parameters is refused by xt_rateest_tg_checkentry; nfsim checks each rule on its own.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";

interface RateestData {
  /** name[IFNAMSIZ]: at most 15 characters are kept. */
  name: string;
  /** The interval is 2^(interval + 2) quarter seconds, interval in -2..3. */
  interval: number;
  ewmaLog: number;
  /** The times as given, in microseconds, until the final check turns them into the two exponents. */
  given?: { interval?: number; ewmaLog?: number };
}

const USEC_PER_SEC = 1_000_000;
const UNITS: Readonly<Record<string, number>> = {
  s: USEC_PER_SEC, sec: USEC_PER_SEC, secs: USEC_PER_SEC, ms: 1000, msec: 1000, msecs: 1000, us: 1, usec: 1, usecs: 1,
};

/** RATEEST_get_time: strtod, then an optional unit (default microseconds), then (unsigned int). */
function parseTime(text: string): number | undefined {
  const m = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(text);
  if (m === null) return undefined;
  const unit = text.slice(m[0].length);
  const scale = unit === "" ? 1 : UNITS[unit.toLowerCase()];
  if (scale === undefined) return undefined;
  return Math.trunc(parseFloat(m[0]) * scale) >>> 0;
}

/** RATEEST_final_check: the smallest interval exponent that covers the interval, then the averaging exponent. */
function exponents(interval: number, ewma: number): { interval: number; ewmaLog: number } {
  let i = 0;
  while (i <= 5 && interval > 2 ** i * (USEC_PER_SEC / 4)) i++;
  if (i > 5) throw parameterProblem("RATEEST: interval value is too large");
  let e = 1;
  for (; e < 32; e++) {
    // 1 << 31 is INT_MIN in C: w exceeds 1 and the test can no longer pass.
    const w = 1.0 - 1.0 / (e === 31 ? -(2 ** 31) : 2 ** e);
    if (interval / -Math.log(w) > ewma) break;
  }
  e--;
  if (e === 0 || e >= 31) throw parameterProblem("RATEEST: ewmalog value is out of range");
  return { interval: i - 2, ewmaLog: e };
}

/** RATEEST_print_time: seconds or milliseconds with one decimal, else whole microseconds. */
function time(us: number): string {
  if (us >= USEC_PER_SEC) return `${(us / USEC_PER_SEC).toFixed(1)}s`;
  if (us >= 1000) return `${(us / 1000).toFixed(1)}ms`;
  return `${String(us)}us`;
}

function describe(d: RateestData, prefix: string): string {
  const interval = ((USEC_PER_SEC * 2 ** (d.interval + 2)) / 4) >>> 0;
  const ewma = Number((BigInt(interval) << BigInt(d.ewmaLog)) & 0xffffffffn);
  return ` ${prefix}name ${d.name} ${prefix}interval ${time(interval)} ${prefix}ewmalog ${time(ewma)}`;
}

export const rateestTarget = defineTarget<RateestData>({
  name: "RATEEST",
  options: [
    { name: "rateest-name", arg: "required", mandatory: true },
    { name: "rateest-interval", arg: "required", mandatory: true },
    { name: "rateest-ewmalog", arg: "required", mandatory: true },
  ],
  init: () => ({ name: "", interval: 0, ewmaLog: 0 }),
  parse({ option, arg = "", data }) {
    if (option === "rateest-name") return { ...data, name: arg.slice(0, 15) };
    const us = parseTime(arg);
    const what = option === "rateest-interval" ? "interval" : "ewmalog";
    if (us === undefined) throw parameterProblem(`RATEEST: bad ${what} value "${arg}"`);
    return { ...data, given: what === "interval" ? { ...data.given, interval: us } : { ...data.given, ewmaLog: us } };
  },
  finalCheck({ given, ...d }) {
    return { ...d, ...exponents(given?.interval ?? 0, given?.ewmaLog ?? 0) };
  },
  save: (d) => describe(d, "--rateest-"),
  print: (d) => describe(d, ""),
  act: () => "continue",
});
