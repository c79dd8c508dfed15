// What pfctl sees of the host it runs on: the namespace's pf (a Mac boots with the stock
// ruleset loaded and pf disabled), its interfaces and addresses as getifaddrs() lists them,
// the files it may read, the virtual clock, and the world's seeded random source.
import { bootPfState, STOCK_FILES, v4, type HostInterface, type PfState } from "../../pf/index.ts";
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

/** Makes a namespace a Mac: pf as after boot, unless it already has one. */
export function makeMacos(world: World, nsName: string): PfState {
  const ns = namespaceOf(world, nsName);
  ns.os = "macos";
  return (ns.pf ??= bootPfState(world.clock, () => nextRandom(world.random)));
}

/** getifaddrs(): each device with its IPv4 and IPv6 addresses. */
export function hostInterfaces(ns: NetNamespace): HostInterface[] {
  return ns.devices.map((d) => ({
    name: d.name,
    loopback: d.kind === "loopback",
    addrs: [
      ...d.addrs.map((a) => ({
        addr: v4(a.addr),
        bits: a.prefixLen,
        ...(a.broadcast !== undefined ? { broadcast: v4(a.broadcast) } : {}),
        ...(a.peer !== undefined && a.peer !== a.addr ? { peer: v4(a.peer) } : {}),
      })),
      ...(d.addrs6 ?? []).map((a) => ({ addr: { af: 6 as const, hex: a.addr }, bits: a.prefixLen })),
    ],
  }));
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
