// IPv4 interface addresses (net/ipv4/devinet.c) and the routes the kernel keeps for them
// (net/ipv4/fib_frontend.c: fib_add_ifaddr / fib_del_ifaddr).
import type { Ipv4 } from "../wire/ipv4.ts";
import { prefixToMask } from "../wire/ipv4.ts";
import { fail } from "./errors.ts";
import { devicesInOrder } from "./namespace.ts";
import { ensureTable, isLocalAddress, isV4 } from "./route.ts";
import { sysctlOn } from "./sysctl.ts";
import {
  RTPROT_KERNEL,
  SCOPE_HOST,
  SCOPE_LINK,
  TABLE_LOCAL,
  TABLE_MAIN,
  type Device,
  type IfAddr,
  type NetNamespace,
  type Route,
} from "./types.ts";

export function ifaPrefix(ifa: IfAddr): Ipv4 {
  return ((ifa.peer ?? ifa.addr) & prefixToMask(ifa.prefixLen)) >>> 0;
}

/** inet_ifa_match: `addr` is in the subnet of `ifa`. */
function inSubnet(addr: Ipv4, ifa: IfAddr): boolean {
  return ((addr & prefixToMask(ifa.prefixLen)) >>> 0) === ifaPrefix(ifa);
}

function kernelRoute(dev: Device, type: Route["type"], dst: Ipv4, prefixLen: number, src: Ipv4, metric?: number): Route {
  return {
    table: type === "unicast" ? TABLE_MAIN : TABLE_LOCAL,
    type,
    dst,
    prefixLen,
    dev: dev.ifindex,
    src,
    ...(metric ? { metric } : {}),
    proto: RTPROT_KERNEL,
    scope: type === "local" ? SCOPE_HOST : SCOPE_LINK,
  };
}

function primaryOf(dev: Device, ifa: IfAddr): IfAddr | undefined {
  if (!ifa.secondary) return ifa;
  return dev.addrs.find((a) => !a.secondary && a.prefixLen === ifa.prefixLen && inSubnet(ifa.peer ?? ifa.addr, a));
}

/** The routes fib_add_ifaddr makes for one address. */
function routesFor(dev: Device, ifa: IfAddr): Route[] {
  const prim = primaryOf(dev, ifa);
  if (prim === undefined) return [];
  const src = prim.addr;
  const out = [kernelRoute(dev, "local", ifa.addr, 32, src)];
  if (!dev.up) return out;
  if (ifa.broadcast && ifa.broadcast !== 0xffffffff) out.push(kernelRoute(dev, "broadcast", ifa.broadcast, 32, src));
  const prefix = ifaPrefix(ifa);
  if (prefix !== 0 && !ifa.secondary && (prefix !== ifa.addr || ifa.prefixLen < 32)) {
    if (!ifa.noprefixroute) {
      out.push(kernelRoute(dev, dev.kind === "loopback" ? "local" : "unicast", prefix, ifa.prefixLen, src, ifa.metric));
    }
    if (ifa.prefixLen < 31) out.push(kernelRoute(dev, "broadcast", (prefix | ~prefixToMask(ifa.prefixLen)) >>> 0, 32, src));
  }
  return out;
}

function sameRoute(a: Route, b: Route): boolean {
  return (
    isV4(a) && isV4(b) && a.table === b.table && a.type === b.type && a.dst === b.dst && a.prefixLen === b.prefixLen &&
    a.dev === b.dev && a.src === b.src && a.proto === b.proto && (a.metric ?? 0) === (b.metric ?? 0)
  );
}

/** fib_magic(RTM_NEWROUTE) with NLM_F_CREATE|NLM_F_APPEND: an identical route is left alone. */
function addKernelRoute(ns: NetNamespace, route: Route): void {
  ensureTable(ns, route.table);
  if (ns.routes.some((r) => sameRoute(r, route))) return;
  const slot = ns.routes.map((r, i) => ({ r, i })).filter(({ r }) => isV4(r) && r.table === route.table && r.dst === route.dst && r.prefixLen === route.prefixLen);
  const after = slot.find(({ r }) => (r.metric ?? 0) > (route.metric ?? 0));
  if (after !== undefined) ns.routes.splice(after.i, 0, route);
  else ns.routes.push(route);
}

function removeRoutes(ns: NetNamespace, gone: readonly Route[]): void {
  ns.routes = ns.routes.filter((r) => !gone.some((g) => sameRoute(r, g)));
}

/** The kernel routes a device's addresses call for, in the order fib_add_ifaddr adds them. */
export function deviceKernelRoutes(dev: Device): Route[] {
  return dev.addrs.flatMap((a) => routesFor(dev, a));
}

/** Brings the routes of a device's addresses from what `before` called for to what they call for now. */
export function syncAddressRoutes(ns: NetNamespace, dev: Device, before: readonly Route[]): void {
  const now = deviceKernelRoutes(dev);
  removeRoutes(ns, before.filter((b) => !now.some((n) => sameRoute(b, n))));
  for (const r of now) addKernelRoute(ns, r);
}

/**
 * __inet_insert_ifa: an address in the subnet of a primary becomes its secondary; the same
 * address twice is refused; a primary goes after the primaries of equal or wider scope, a
 * secondary at the end.
 */
export function addIfaddr(ns: NetNamespace, dev: Device, ifa: IfAddr): void {
  if (ifa.addr === 0) return;
  const before = deviceKernelRoutes(dev);
  let lastPrimary = 0;
  let secondary = false;
  dev.addrs.forEach((a, i) => {
    if (!a.secondary && ifa.scope <= a.scope) lastPrimary = i + 1;
    if (a.prefixLen === ifa.prefixLen && inSubnet(a.peer ?? a.addr, ifa)) {
      if (a.addr === ifa.addr) fail("EEXIST", "ipv4: Address already assigned");
      if (a.scope !== ifa.scope) fail("EINVAL", "ipv4: Invalid scope value");
      secondary = true;
    }
  });
  const added = { ...ifa, secondary };
  if (secondary) dev.addrs.push(added);
  else dev.addrs.splice(lastPrimary, 0, added);
  syncAddressRoutes(ns, dev, before);
}

/** inet_rtm_newaddr with NLM_F_REPLACE on an existing address: a new metric moves its prefix route. */
export function replaceIfaddr(ns: NetNamespace, dev: Device, ifa: IfAddr, metric: number): void {
  if ((ifa.metric ?? 0) === metric) return;
  const before = deviceKernelRoutes(dev);
  const i = dev.addrs.indexOf(ifa);
  const { metric: _old, ...rest } = ifa;
  dev.addrs[i] = metric ? { ...rest, metric } : rest;
  syncAddressRoutes(ns, dev, before);
}

export interface IfaddrMatch {
  readonly addr: Ipv4;
  /** With a prefix length: IFA_ADDRESS is sent and must match; without it, any length does. */
  readonly prefixLen?: number;
  readonly label?: string;
}

/** inet_rtm_deladdr + __inet_del_ifa: deleting a primary takes its secondaries along unless promote_secondaries. */
export function deleteIfaddr(ns: NetNamespace, dev: Device, m: IfaddrMatch): IfAddr {
  const victim = dev.addrs.find(
    (a) =>
      a.addr === m.addr &&
      (m.label === undefined || a.label === m.label) &&
      (m.prefixLen === undefined || (a.prefixLen === m.prefixLen && inSubnet(m.addr, a))),
  );
  if (victim === undefined) fail("EADDRNOTAVAIL", "ipv4: Address not found");
  removeIfaddr(ns, dev, victim);
  return victim;
}

export function removeIfaddr(ns: NetNamespace, dev: Device, victim: IfAddr): void {
  const before = deviceKernelRoutes(dev);
  const subnetMates = victim.secondary
    ? []
    : dev.addrs.filter((a) => a.secondary && a.prefixLen === victim.prefixLen && inSubnet(a.peer ?? a.addr, victim));
  const promote = sysctlOn(ns, `net.ipv4.conf.all.promote_secondaries`) || sysctlOn(ns, `net.ipv4.conf.${dev.name}.promote_secondaries`);
  const removed = promote ? [victim] : [victim, ...subnetMates];
  dev.addrs = dev.addrs.filter((a) => !removed.includes(a));
  const heir = promote ? subnetMates[0] : undefined;
  if (heir !== undefined) heir.secondary = false;
  syncAddressRoutes(ns, dev, before);
  for (const r of removed) dropRoutesFromSource(ns, r.addr);
}

/** fib_sync_down_addr: routes preferring a source address that is no longer ours go with it. */
function dropRoutesFromSource(ns: NetNamespace, addr: Ipv4): void {
  if (isLocalAddress(ns, addr)) return;
  ns.routes = ns.routes.filter((r) => !(isV4(r) && r.src === addr));
}

/**
 * inet_select_addr: the first primary address of `dev` no wider than `scope`, preferring one in
 * the subnet of `dst`; failing that, the first global-enough address of any device.
 */
export function selectSource(ns: NetNamespace, dev: Device | undefined, dst: Ipv4, scope: number): Ipv4 | undefined {
  let first: Ipv4 | undefined;
  for (const a of dev?.addrs ?? []) {
    if (a.secondary || Math.min(a.scope, SCOPE_HOST) > scope) continue;
    if (dst === 0 || inSubnet(dst, a)) return a.addr;
    first ??= a.addr;
  }
  if (first !== undefined) return first;
  for (const d of devicesInOrder(ns)) {
    const a = d.addrs.find((x) => !x.secondary && x.scope !== SCOPE_LINK && x.scope <= scope);
    if (a !== undefined) return a.addr;
  }
  return undefined;
}
