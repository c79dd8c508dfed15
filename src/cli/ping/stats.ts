// ping's numbers as iputils prints them (ping/ping_common.c: gather_statistics' time=,
// finish's statistics block with its integer rtt arithmetic and llsqrt, and %g loss).

export interface PingStats {
  transmitted: number;
  received: number;
  repeats: number;
  errors: number;
  /** Microseconds. */
  tmin: number;
  tmax: number;
  tsum: number;
  tsum2: number;
  pipesize: number;
  /** Send time of the first and the last probe (µs). */
  start: number;
  last: number;
}

export function newStats(start: number): PingStats {
  return { transmitted: 0, received: 0, repeats: 0, errors: 0, tmin: Number.MAX_SAFE_INTEGER, tmax: 0, tsum: 0, tsum2: 0, pipesize: -1, start, last: start };
}

/** " time=0.045 ms" and its coarser forms for longer times. */
export function tripTime(us: number): string {
  if (us >= 100000 - 50) return `${String(Math.trunc((us + 500) / 1000))} ms`;
  if (us >= 10000 - 5) return `${String(Math.trunc((us + 50) / 1000))}.${String(Math.trunc(((us + 50) % 1000) / 100))} ms`;
  if (us >= 1000) return `${String(Math.trunc((us + 5) / 1000))}.${String(Math.trunc(((us + 5) % 1000) / 10)).padStart(2, "0")} ms`;
  return `${String(Math.trunc(us / 1000))}.${String(us % 1000).padStart(3, "0")} ms`;
}

/** printf("%g") of a float, as the loss percentage is printed. */
export function formatG(value: number): string {
  const f = Math.fround(value);
  if (f === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 6) {
    const [m = "", e = "0"] = f.toExponential(5).split("e");
    const mant = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = f.toFixed(Math.max(0, 5 - exp));
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function ms3(us: number): string {
  return `${String(Math.trunc(us / 1000))}.${String(Math.trunc(us % 1000)).padStart(3, "0")}`;
}

/** llsqrt: Newton's integer square root. */
function llsqrt(a: bigint): bigint {
  let prev = 2n ** 63n - 1n;
  let x = a;
  if (x > 0n) {
    while (x < prev) {
      prev = x;
      x = (x + a / x) / 2n;
    }
  }
  return x;
}

/** The rtt line: min/avg/max from the sums, mdev from the integer variance. */
function rttLine(s: PingStats): string {
  const total = BigInt(s.received + s.repeats);
  const tsum = BigInt(s.tsum);
  const avg = tsum / total;
  const variance = s.tsum < 2147483647
    ? BigInt(Math.trunc((s.tsum2 - Number((tsum * tsum) / total)) / Number(total)))
    : BigInt(Math.trunc(s.tsum2 / Number(total))) - avg * avg;
  const mdev = Number(llsqrt(variance));
  return `rtt min/avg/max/mdev = ${ms3(s.tmin)}/${ms3(Number(avg))}/${ms3(s.tmax)}/${ms3(mdev)} ms`;
}

/**
 * finish(): the blank line, the statistics block and its closing line. `ewma` (the
 * moving average of the round trip, times 8, in µs) is given when finish adds the
 * ipg/ewma part: under -f, -A or a zero interval.
 */
export function statisticsText(host: string, s: PingStats, timing: boolean, ewma?: number): string {
  let out = `\n--- ${host} ping statistics ---\n${String(s.transmitted)} packets transmitted, ${String(s.received)} received`;
  if (s.repeats) out += `, +${String(s.repeats)} duplicates`;
  if (s.errors) out += `, +${String(s.errors)} errors`;
  if (s.transmitted) {
    const loss = ((s.transmitted - s.received) * 100) / s.transmitted;
    out += `, ${formatG(loss)}% packet loss, time ${String(Math.trunc((s.last - s.start + 500) / 1000))}ms`;
  }
  out += "\n";
  let comma = "";
  if (s.received && timing) {
    out += rttLine(s);
    comma = ", ";
  }
  if (s.pipesize > 1) {
    out += `${comma}pipe ${String(s.pipesize)}`;
    comma = ", ";
  }
  if (ewma !== undefined) {
    // The mean gap between probes, from the first to the last, in whole µs.
    const ipg = Math.trunc((s.last - s.start) / (s.transmitted - 1));
    out += `${comma}ipg/ewma ${ms3(ipg)}/${String(Math.trunc(ewma / 8000))}.${String(Math.trunc(ewma / 8) % 1000).padStart(3, "0")} ms`;
  }
  return `${out}\n`;
}

/** The round-trip sums of PingStats, in whatever unit the ping keeps them. */
export type RttSums = Pick<PingStats, "tmin" | "tmax" | "tsum" | "tsum2">;

/** gather_statistics' sums for one reply's round trip (BSD ping's are the same). */
export function addRtt(s: RttSums, trip: number): void {
  s.tsum += trip;
  s.tsum2 += trip * trip;
  if (trip < s.tmin) s.tmin = trip;
  if (trip > s.tmax) s.tmax = trip;
}
