// The neighbour (ARP) table of a namespace (net/core/neighbour.c): entries added by hand
// or, later, by the packet path, and the timers of the NUD state machine on the virtual
// clock: REACHABLE lasts reachable_time, then the entry goes STALE and stays so.
import type { Ipv4 } from "../wire/ipv4.ts";
import { fail } from "./errors.ts";
import { sysctlGet } from "./sysctl.ts";
import type { Device, Ipv6Hex, NeighState, Neighbour, NetNamespace } from "./types.ts";

/** The states that can carry a link-layer address (NUD_VALID). */
const VALID: readonly NeighState[] = ["PERMANENT", "NOARP", "REACHABLE", "PROBE", "STALE", "DELAY"];

export function neighValid(state: NeighState): boolean {
  return VALID.includes(state);
}

/**
 * reachable_time: the kernel draws it from [base/2, 3*base/2); nfsim takes base_reachable_time_ms
 * itself so that runs do not depend on a draw.
 */
export function reachableTimeMs(ns: NetNamespace, dev: Device | undefined): number {
  const v = dev === undefined ? undefined : sysctlGet(ns, `net.ipv4.neigh.${dev.name}.base_reachable_time_ms`);
  return Number(v ?? 30000);
}

export function findNeighbour(ns: NetNamespace, ifindex: number, addr: Ipv4): Neighbour | undefined {
  return ns.neighbours.find((n) => (n.family ?? 4) === 4 && n.ifindex === ifindex && n.addr === addr);
}

/** The ND cache entry for an IPv6 address on a device. */
export function findNeighbour6(ns: NetNamespace, ifindex: number, addr6: Ipv6Hex): Neighbour | undefined {
  return ns.neighbours.find((n) => n.family === 6 && n.ifindex === ifindex && n.addr6 === addr6);
}

function find(ns: NetNamespace, req: { ifindex: number; addr: Ipv4; addr6?: Ipv6Hex }): Neighbour | undefined {
  return req.addr6 !== undefined ? findNeighbour6(ns, req.ifindex, req.addr6) : findNeighbour(ns, req.ifindex, req.addr);
}

/** neigh_timer_handler: REACHABLE entries whose confirmation is older than reachable_time go STALE. */
export function neighTick(ns: NetNamespace, now: number): void {
  for (const n of ns.neighbours) {
    if (n.state !== "REACHABLE") continue;
    const dev = ns.devices.find((d) => d.ifindex === n.ifindex);
    const until = n.updated + reachableTimeMs(ns, dev);
    if (until <= now) {
      n.state = "STALE";
      n.updated = until;
    }
  }
}

export interface NeighRequest {
  readonly ifindex: number;
  readonly addr: Ipv4;
  /** For the IPv6 (ND) table: the address; `addr` is then unused. */
  readonly addr6?: Ipv6Hex;
  readonly lladdr?: string;
  readonly state: NeighState;
  readonly router?: boolean;
}

/** neigh_add: NLM_F_CREATE|NLM_F_EXCL for add, CREATE|REPLACE for replace, REPLACE alone for change. */
export function setNeighbour(ns: NetNamespace, req: NeighRequest, flags: { create: boolean; excl: boolean }, now: number): void {
  const existing = find(ns, req);
  if (existing !== undefined && flags.excl) fail("EEXIST");
  if (existing === undefined && !flags.create) fail("ENOENT");
  const lladdr = req.lladdr ?? existing?.lladdr;
  if (lladdr === undefined && neighValid(req.state)) {
    // neigh_add creates the entry before __neigh_update refuses the state: it stays, in NONE.
    if (existing === undefined) ns.neighbours.push({ ...key(req), state: "NONE", updated: now });
    fail("EINVAL", "No link layer address given");
  }
  const entry: Neighbour = {
    ...key(req),
    ...(lladdr !== undefined ? { lladdr } : {}),
    state: req.state,
    updated: now,
    ...(req.router ? { router: true } : {}),
  };
  if (existing !== undefined) Object.assign(existing, entry);
  else ns.neighbours.push(entry);
}

function key(req: NeighRequest): Pick<Neighbour, "family" | "addr" | "addr6" | "ifindex"> {
  return req.addr6 !== undefined ? { family: 6, addr: 0, addr6: req.addr6, ifindex: req.ifindex } : { addr: req.addr, ifindex: req.ifindex };
}

export function deleteNeighbour(ns: NetNamespace, ifindex: number, addr: Ipv4, addr6?: Ipv6Hex): void {
  const n = find(ns, { ifindex, addr, ...(addr6 !== undefined ? { addr6 } : {}) });
  if (n === undefined) fail("ENOENT");
  ns.neighbours = ns.neighbours.filter((x) => x !== n);
}

/** neigh_ifdown on NETDEV_DOWN drops every entry of the device; on carrier loss the permanent ones stay. */
export function flushDeviceNeighbours(ns: NetNamespace, ifindex: number, keepPermanent: boolean): void {
  ns.neighbours = ns.neighbours.filter((n) => n.ifindex !== ifindex || (keepPermanent && n.state === "PERMANENT"));
}
