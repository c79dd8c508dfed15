// The whole emulated world as one JSON-serialisable value: its network namespaces and
// the virtual clock. Namespaces gain devices, routes and conntrack as those layers land.
import { emptyRuleset, type Ruleset } from "../netfilter/ruleset.ts";

export interface Namespace {
  ruleset: Ruleset;
}

export interface World {
  readonly version: 1;
  /** Virtual time in milliseconds since the world was made. */
  clock: number;
  /** By name; "" is the initial namespace. */
  namespaces: Record<string, Namespace>;
}

export const INITIAL_NS = "";

export function newWorld(): World {
  return { version: 1, clock: 0, namespaces: { [INITIAL_NS]: newNamespace() } };
}

export function newNamespace(): Namespace {
  return { ruleset: emptyRuleset() };
}

export function namespaceOf(world: World, name: string): Namespace {
  return (world.namespaces[name] ??= newNamespace());
}
