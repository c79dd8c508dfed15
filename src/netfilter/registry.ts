// Extensions by name: one registry line each, in matches/index.ts and targets/index.ts.
import type { MatchExtension, TargetExtension } from "./extension.ts";
import { MATCHES } from "./matches/index.ts";
import { TARGETS } from "./targets/index.ts";

function byName<E extends { name: string; aliases?: readonly string[] }>(list: readonly E[]): Map<string, E> {
  const map = new Map<string, E>();
  for (const ext of list) {
    for (const name of [ext.name, ...(ext.aliases ?? [])]) map.set(name, ext);
  }
  return map;
}

const matches = byName(MATCHES);
const targets = byName(TARGETS);

export function findMatch(name: string): MatchExtension | undefined {
  return matches.get(name);
}

export function findTarget(name: string): TargetExtension | undefined {
  return targets.get(name);
}
