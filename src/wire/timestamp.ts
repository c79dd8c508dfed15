// tcpdump's timestamp prefix (util-print.c, ts_print), from the virtual clock in
// microseconds. Clock times are printed in UTC: the emulated world has no time zone, and
// the real tool matches when run with TZ=UTC.

/** The references -ttt (previous packet) and -ttttt (first packet) subtract. */
export interface TimestampState {
  reference?: number;
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

function hms(us: number): string {
  const s = Math.floor(us / 1e6);
  return `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function frac(us: number): string {
  return `.${String(us % 1e6).padStart(6, "0")}`;
}

function date(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** Delta from the reference, as " HH:MM:SS.ffffff" (or "-..." when earlier). */
function delta(state: TimestampState, us: number, keepFirst: boolean): string {
  const ref = state.reference ?? us;
  if (state.reference === undefined || !keepFirst) state.reference = us;
  const d = Math.abs(us - ref);
  return `${us < ref ? "-" : " "}${hms(d)}${frac(d)} `;
}

/** The prefix for -t given `count` times (0 to 5), trailing space included. */
export function formatTimestamp(state: TimestampState, count: number, us: number): string {
  switch (count) {
    case 0: return `${hms(us)}${frac(us)} `;
    case 1: return "";
    case 2: return `${String(Math.floor(us / 1e6))}${frac(us)} `;
    case 3: return delta(state, us, false);
    case 4: return `${date(us)} ${hms(us)}${frac(us)} `;
    default: return delta(state, us, true);
  }
}
