// One hook: every table registered on it, in priority order, until one drops the packet.
// ACCEPT ends only the current table's hook function (nf_hook_slow goes on to the next).
import type { EngineEnv, Effect, PacketState } from "./context.ts";
import { evaluateTable, type TraceEvent, type Verdict } from "./evaluate.ts";
import type { Ruleset } from "./ruleset.ts";
import { tablesOnHook, type Hook, type TableName } from "./tables.ts";

export interface HookOutcome {
  readonly hook: Hook;
  readonly verdict: Verdict;
  /** The table that gave the final verdict (the one that dropped, or the last to accept). */
  readonly table?: TableName;
  readonly trace: TraceEvent[];
  readonly effects: Effect[];
}

export function traverseHook(
  rs: Ruleset,
  hook: Hook,
  pkt: PacketState,
  input: { inIface?: string; outIface?: string; env: EngineEnv },
): HookOutcome {
  const trace: TraceEvent[] = [];
  const effects: Effect[] = [];
  let last: TableName | undefined;
  for (const table of tablesOnHook(hook)) {
    if (rs.tables[table] === undefined) continue;
    const outcome = evaluateTable(rs, table, pkt, { ...input, hook });
    trace.push(...outcome.trace);
    effects.push(...outcome.effects);
    last = table;
    if (outcome.verdict !== "ACCEPT") return { hook, verdict: outcome.verdict, table, trace, effects };
  }
  return { hook, verdict: "ACCEPT", ...(last ? { table: last } : {}), trace, effects };
}
