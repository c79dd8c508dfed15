// What the harness reads back from the dut after each packet: rule and policy counters
// from `iptables-save -c`, and the connection table from `conntrack -L`, both turned
// into the replay schema's fields.
// The counters are read by the same functions nfsim's replay uses (src/cli/replay/counters.ts).
import type { CtEntry, CtFlag, CtTuple } from "../../../src/cli/replay/schema.ts";

export { counterIncrease, parseSaveCounters, type Counters } from "../../../src/cli/replay/counters.ts";

const NUMERIC = new Set(["sport", "dport", "type", "code", "id"]);

function tuple(fields: readonly (readonly [string, string])[]): CtTuple {
  const t: Record<string, string | number> = {};
  for (const [k, v] of fields) t[k] = NUMERIC.has(k) ? Number(v) : v;
  return t as unknown as CtTuple;
}

/**
 * One line of `conntrack -L` (conntrack-tools 1.4.7), e.g.
 * `tcp      6 119 SYN_SENT src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80 [UNREPLIED] src=10.0.2.2 ... mark=0 use=1`:
 * protocol name and number, seconds left, the TCP state, then the original and reply
 * tuples (each starting at `src=`), status flags in brackets, and key=value extras.
 */
export function parseConntrackLine(line: string): CtEntry {
  const words = line.trim().split(/\s+/);
  const [proto = "", , timeout = "0"] = words;
  const tuples: [string, string][][] = [];
  const flags: CtFlag[] = [];
  let state: string | undefined;
  let mark = 0;
  for (const w of words.slice(3)) {
    const eq = w.indexOf("=");
    if (w === "[UNREPLIED]" || w === "[ASSURED]") flags.push(w.slice(1, -1) as CtFlag);
    else if (eq < 0 && /^[A-Z_]+$/.test(w) && tuples.length === 0) state = w;
    else if (eq > 0) {
      const k = w.slice(0, eq);
      const v = w.slice(eq + 1);
      if (k === "src") tuples.push([]);
      if (k === "mark") mark = Number(v);
      else if (tuples.length > 0 && tuples.length <= 2 && ["src", "dst", "sport", "dport", "type", "code", "id"].includes(k)) tuples[tuples.length - 1]?.push([k, v]);
    }
  }
  const [orig = [], reply = []] = tuples;
  return { proto, ...(state !== undefined ? { state } : {}), orig: tuple(orig), reply: tuple(reply), flags, mark, timeout: Number(timeout) };
}

/** Every entry in `conntrack -L` output. */
export function parseConntrack(text: string): CtEntry[] {
  return text.split("\n").filter((l) => l.trim() !== "").map(parseConntrackLine);
}
