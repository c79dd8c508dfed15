// The whole emulated world as one JSON-serialisable value: its network namespaces, the
// virtual clock and the seeded random source.
import { newNetNamespace } from "../stack/namespace.ts";
import type { NetNamespace } from "../stack/types.ts";
import type { RandomState } from "./random.ts";
import type { WorldNet } from "./net-state.ts";

export interface World {
  readonly version: 1;
  /** Virtual time in milliseconds since the world was made. */
  clock: number;
  random: RandomState;
  /** By name; "" is the initial namespace, the others are the ones `ip netns add` made. */
  namespaces: Record<string, NetNamespace>;
  /** Frames on the wires, kernel timers and the kernel log (net.ts); absent until packets first flow. */
  net?: WorldNet;
}

export const INITIAL_NS = "";

export function newWorld(seed = 1): World {
  return { version: 1, clock: 0, random: { seed }, namespaces: { [INITIAL_NS]: newNetNamespace() } };
}

export function namespaceOf(world: World, name: string): NetNamespace {
  return (world.namespaces[name] ??= newNetNamespace());
}
