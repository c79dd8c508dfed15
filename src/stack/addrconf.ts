// IPv6 addresses and the routes that come with them (net/ipv6/addrconf.c): ::1 on lo, a
// link-local address from the MAC once a link is up with carrier, duplicate address
// detection on the virtual clock, and addresses added with `ip -6 addr`.
import { fail } from "./errors.ts";
import { IPV6_LOOPBACK, ipv6AddrScope, ipv6Prefix, linkLocalOf } from "./ipv6.ts";
import { sysctlOn } from "./sysctl.ts";
import { RTPROT_KERNEL, SCOPE_HOST, SCOPE_LINK, SCOPE_UNIVERSE, TABLE_LOCAL, TABLE_MAIN, type Device, type If6Addr, type Ipv6Hex, type NetNamespace, type Route } from "./types.ts";

/** How long DAD keeps a new address tentative: rtr_solicit_delay (up to 1 s) plus retrans_time (1 s). */
export const DAD_MS = 1500;

/** IP6_RT_PRIO_ADDRCONF: the metric of prefix and multicast routes addrconf adds. */
const PRIO_ADDRCONF = 256;

function route6(dev: Device, table: number, type: Route["type"], dst: Ipv6Hex, prefixLen: number, metric: number): Route {
  return { family: 6, table, type, dst: 0, dst6: dst, prefixLen, dev: dev.ifindex, metric, proto: RTPROT_KERNEL, scope: SCOPE_UNIVERSE };
}

function same6(a: Route, b: Route): boolean {
  return a.family === 6 && b.family === 6 && a.table === b.table && a.type === b.type && a.dst6 === b.dst6 && a.prefixLen === b.prefixLen && a.dev === b.dev;
}

/** fib6_add_rt2node: after the routes of equal or lower metric to the same prefix. */
function putRoute(ns: NetNamespace, route: Route): void {
  if (ns.routes.some((r) => same6(r, route))) return;
  ns.routes.push(route);
}

function dropRoute6(ns: NetNamespace, route: Route): void {
  ns.routes = ns.routes.filter((r) => !same6(r, route));
}

function scopeOf(addr: Ipv6Hex): number {
  const s = ipv6AddrScope(addr);
  return s === 0x1 ? SCOPE_HOST : s === 0x2 ? SCOPE_LINK : SCOPE_UNIVERSE;
}

/** ipv6_link_dev_addr: wider scopes first, and the newest first within a scope. */
function linkAddr(dev: Device, ifa: If6Addr): void {
  const list = (dev.addrs6 ??= []);
  const mine = ipv6AddrScope(ifa.addr);
  const at = list.findIndex((a) => mine >= ipv6AddrScope(a.addr));
  if (at < 0) list.push(ifa);
  else list.splice(at, 0, ifa);
}

function prefixRoute(ns: NetNamespace, dev: Device, ifa: If6Addr): void {
  if (ifa.noprefixroute || ifa.prefixLen >= 128) return;
  putRoute(ns, route6(dev, TABLE_MAIN, "unicast", ipv6Prefix(ifa.addr, ifa.prefixLen), ifa.prefixLen, PRIO_ADDRCONF));
}

/** addrconf_add_mroute: ff00::/8 in the local table; ip6_route_add refuses it while the link is down. */
function multicastRoute(ns: NetNamespace, dev: Device): void {
  if (dev.up && dev.kind !== "loopback") putRoute(ns, route6(dev, TABLE_LOCAL, "multicast", "ff000000000000000000000000000000", 8, PRIO_ADDRCONF));
}

/** addrconf_dad_completed: the address stops being tentative and its local route appears. */
function completeDad(ns: NetNamespace, dev: Device, ifa: If6Addr): void {
  delete ifa.dadUntil;
  putRoute(ns, route6(dev, TABLE_LOCAL, "local", ifa.addr, 128, 0));
}

/** A tentative address whose link is not ready yet: DAD starts when it is. */
const DAD_PENDING = Number.MAX_SAFE_INTEGER;

function newAddr(addr: Ipv6Hex, prefixLen: number, auto: boolean, nodad: boolean): If6Addr {
  return { addr, prefixLen, scope: scopeOf(addr), auto, nodad };
}

/** addrconf_dev_config / init_loopback: what a link gets once it is up and ready (carrier). */
export function addrconfLinkReady(ns: NetNamespace, dev: Device, now: number): void {
  if (dev.v6ready || sysctlOn(ns, `net.ipv6.conf.${dev.name}.disable_ipv6`)) return;
  dev.v6ready = true;
  if (dev.kind === "loopback") {
    const lo = newAddr(IPV6_LOOPBACK, 128, true, false);
    linkAddr(dev, lo);
    completeDad(ns, dev, lo);
    return;
  }
  multicastRoute(ns, dev);
  const ll = newAddr(linkLocalOf(dev.mac), 64, true, false);
  linkAddr(dev, ll);
  prefixRoute(ns, dev, ll);
  for (const ifa of dev.addrs6 ?? []) {
    if (ifa === ll || ifa.dadUntil === DAD_PENDING) ifa.dadUntil = now + DAD_MS;
  }
}

/** addrconf_permanent_addr on NETDEV_UP: the addresses given by hand get their prefix routes back. */
export function addrconfLinkUp(ns: NetNamespace, dev: Device): void {
  for (const ifa of dev.addrs6 ?? []) if (!ifa.auto) prefixRoute(ns, dev, ifa);
}

/** addrconf_ifdown: a link going down loses its IPv6 addresses and routes. */
export function addrconfLinkDown(ns: NetNamespace, dev: Device): void {
  delete dev.addrs6;
  delete dev.v6ready;
  ns.routes = ns.routes.filter((r) => !(r.family === 6 && r.dev === dev.ifindex));
}

/** Finishes the duplicate address detections that have run their time. */
export function addrconfTick(ns: NetNamespace, now: number): void {
  for (const dev of ns.devices) {
    for (const ifa of dev.addrs6 ?? []) if (ifa.dadUntil !== undefined && ifa.dadUntil <= now) completeDad(ns, dev, ifa);
  }
}

export interface Add6Options {
  readonly nodad?: boolean;
  readonly noprefixroute?: boolean;
}

/**
 * inet6_addr_add: the same address twice on a device is refused; the multicast and prefix
 * routes need the link up; a nodad address is usable at once, others wait for DAD, which
 * starts only when the link is ready.
 */
export function addIf6addr(ns: NetNamespace, dev: Device, addr: Ipv6Hex, prefixLen: number, opts: Add6Options, now: number): void {
  if (sysctlOn(ns, `net.ipv6.conf.${dev.name}.disable_ipv6`)) fail("EACCES", "IPv6 is disabled on this device");
  if ((dev.addrs6 ?? []).some((a) => a.addr === addr)) fail("EEXIST", "ipv6: address already assigned");
  multicastRoute(ns, dev);
  const dad = dev.kind !== "loopback" && !opts.nodad;
  const ifa: If6Addr = {
    ...newAddr(addr, prefixLen, false, opts.nodad ?? false),
    ...(opts.noprefixroute ? { noprefixroute: true } : {}),
    ...(dad ? { dadUntil: dev.v6ready ? now + DAD_MS : DAD_PENDING } : {}),
  };
  linkAddr(dev, ifa);
  if (dev.up) prefixRoute(ns, dev, ifa);
  if (!dad) completeDad(ns, dev, ifa);
}

/** inet6_addr_del: by address and prefix length; the prefix route goes when no address needs it. */
export function deleteIf6addr(ns: NetNamespace, dev: Device, addr: Ipv6Hex, prefixLen: number): void {
  const list = dev.addrs6 ?? [];
  const victim = list.find((a) => a.addr === addr && a.prefixLen === prefixLen);
  if (victim === undefined) fail("EADDRNOTAVAIL", "ipv6: address not found");
  dev.addrs6 = list.filter((a) => a !== victim);
  dropRoute6(ns, route6(dev, TABLE_LOCAL, "local", addr, 128, 0));
  const prefix = ipv6Prefix(addr, prefixLen);
  if (!dev.addrs6.some((a) => a.prefixLen === prefixLen && ipv6Prefix(a.addr, prefixLen) === prefix)) {
    dropRoute6(ns, route6(dev, TABLE_MAIN, "unicast", prefix, prefixLen, PRIO_ADDRCONF));
  }
}

export function isTentative(ifa: If6Addr): boolean {
  return ifa.dadUntil !== undefined;
}
