// What pfctl sees of the host it runs on: the namespace's pf (a Mac boots with the stock
// ruleset loaded and pf disabled), its interfaces and addresses as getifaddrs() lists them,
// the files it may read, the virtual clock, and the world's seeded random source.
import { bootPfState, STOCK_FILES, type HostInterface, type PfState } from "../../pf/index.ts";
import { renameLink, linkUp } from "../../stack/link.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { hostInterfaces } from "../../stack/pf-hook.ts";
import type { NetNamespace } from "../../stack/types.ts";
import { nextRandom } from "../../world/random.ts";
import { namespaceOf, type World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";

export interface PfctlCtx {
  readonly pf: PfState;
  readonly io: ToolIO;
  /** Virtual ms. */
  readonly now: number;
  readonly interfaces: readonly HostInterface[];
  random(): number;
  /** Reads FILE ("-" is standard input); the stock macOS files when nothing else has them. */
  readFile(path: string): string | undefined;
  /** The wall-clock date of a virtual time, for ctime() lines ("Cleared:"). */
  wallDate(at: number): Date;
}

export function isMacos(ns: NetNamespace): boolean {
  return ns.os === "macos";
}

/** Renames the loopback device (when the new name is free). */
function renameLoopback(ns: NetNamespace, from: string, to: string): void {
  const lo = deviceByName(ns, from);
  if (lo?.kind === "loopback" && deviceByName(ns, to) === undefined) renameLink(ns, lo, to);
}

/**
 * Makes a namespace a Mac: pf as after boot (unless it already has one), and a loopback
 * named lo0, up with 127.0.0.1 as a Mac's always is (the stock pf.conf skips lo0).
 */
export function makeMacos(world: World, nsName: string): PfState {
  const ns = namespaceOf(world, nsName);
  ns.os = "macos";
  renameLoopback(ns, "lo", "lo0");
  const lo = deviceByName(ns, "lo0");
  if (lo?.kind === "loopback") linkUp(world, nsName, lo);
  return (ns.pf ??= bootPfState(world.clock, () => nextRandom(world.random)));
}

/** Makes a namespace Linux again: netfilter filters its packets, its loopback is lo. */
export function makeLinux(world: World, nsName: string): void {
  const ns = namespaceOf(world, nsName);
  delete ns.os;
  delete ns.pf;
  renameLoopback(ns, "lo0", "lo");
}

export function pfctlContext(world: World, nsName: string, io: ToolIO): PfctlCtx {
  const ns = namespaceOf(world, nsName);
  const pf = (ns.pf ??= bootPfState(world.clock, () => nextRandom(world.random)));
  const wall = io.now.getTime();
  return {
    pf,
    io,
    now: world.clock,
    interfaces: hostInterfaces(ns),
    random: () => nextRandom(world.random),
    readFile: (path) => (path === "-" ? io.stdin : (io.readFile?.(path) ?? STOCK_FILES[path])),
    wallDate: (at) => new Date(wall - (world.clock - at)),
  };
}
