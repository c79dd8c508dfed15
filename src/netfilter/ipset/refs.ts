// The references that keep a set alive (ip_set_core.c set->ref): one per `-m set` and
// per set named by a `-j SET` in any rule of the namespace, and one per list:set that
// holds the set. Extensions say which sets they name (Extension.ipsets).
import { findMatch, findTarget } from "../registry.ts";
import type { Rule } from "../rule.ts";
import type { Ruleset } from "../ruleset.ts";
import { listReferences } from "./store.ts";
import type { IpsetStore } from "./types.ts";

function ruleSets(rule: Rule): string[] {
  const names = rule.matches.flatMap((m) => findMatch(m.name)?.ipsets?.(m.data) ?? []);
  const t = rule.target;
  if (t.kind === "extension") names.push(...(findTarget(t.name)?.ipsets?.(t.data) ?? []));
  return names;
}

/** How many rule references each set name has in a ruleset (every table, hidden chains included). */
export function ruleReferences(rs: Ruleset): Map<string, number> {
  const counts = new Map<string, number>();
  for (const table of Object.values(rs.tables)) {
    const chains = [...table.chains, ...(table.hidden ?? []).map((h) => h.chain)];
    for (const rule of chains.flatMap((c) => c.rules)) {
      for (const name of ruleSets(rule)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts;
}

/** The reference count `ipset list` shows and destroy/rename check. */
export function referencesOf(rs: Ruleset, store: IpsetStore): (name: string) => number {
  const rules = ruleReferences(rs);
  return (name) => (rules.get(name) ?? 0) + listReferences(store, name);
}
