// Rule and policy packet counters read from `iptables-save -c`, the way the differential
// harness reads the kernel's (tests/kernel/diff/observe.ts uses these very functions), so
// both sides key them alike: `table/chain/N` for rule N of a chain, `table/chain` for a
// built-in chain's policy.

export interface Counters {
  /** `table/chain/N` → packets, N the 1-based rule number in the chain. */
  readonly rules: Readonly<Record<string, number>>;
  /** `table/chain` → packets, for built-in chains (those with a policy). */
  readonly policy: Readonly<Record<string, number>>;
}

/** The packet counters in `iptables-save -c` output ("[packets:bytes] -A CHAIN ..."). */
export function parseSaveCounters(text: string): Counters {
  const rules: Record<string, number> = {};
  const policy: Record<string, number> = {};
  const seen: Record<string, number> = {};
  let table = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1).trim();
    const chain = /^:(\S+) (\S+) \[(\d+):\d+\]/.exec(line);
    if (chain !== null && chain[2] !== "-") policy[`${table}/${chain[1] ?? ""}`] = Number(chain[3]);
    const rule = /^\[(\d+):\d+\] -A (\S+) /.exec(line);
    if (rule === null) continue;
    const key = `${table}/${rule[2] ?? ""}`;
    const n = (seen[key] ?? 0) + 1;
    seen[key] = n;
    rules[`${key}/${String(n)}`] = Number(rule[1]);
  }
  return { rules, policy };
}

function increase(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(after)) {
    const d = n - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** What one packet moved: the schema's `counters` and `policy`. */
export function counterIncrease(before: Counters, after: Counters): { counters: Record<string, number>; policy: Record<string, number> } {
  return { counters: increase(before.rules, after.rules), policy: increase(before.policy, after.policy) };
}
