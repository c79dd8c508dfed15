// The IPv6 FIB as `ip -6 route` meets it (net/ipv6/route.c: ip6_route_add, ip6_route_del,
// fib6_add_rt2node): user routes default to metric 1024, error routes live on lo, a gateway
// must be on a connected route (or link-local with a device), and lookup is longest prefix
// in the local table, then main.
import { fail } from "./errors.ts";
import { ipv6AddrScope, ipv6InPrefix, ipv6Prefix } from "./ipv6.ts";
import { deviceByIndex } from "./namespace.ts";
import { routeTypeError } from "./route.ts";
import { TABLE_LOCAL, TABLE_MAIN, type Device, type Ipv6Hex, type NetNamespace, type Route, type RouteType } from "./types.ts";

/** IP6_RT_PRIO_USER: the metric of a route added without one. */
export const IP6_RT_PRIO_USER = 1024;

export interface Route6Config {
  readonly table: number;
  readonly type: RouteType;
  readonly dst6: Ipv6Hex;
  readonly prefixLen: number;
  readonly dev?: number;
  readonly via6?: Ipv6Hex;
  readonly src6?: Ipv6Hex;
  readonly metric?: number;
  readonly proto: number;
}

const isV6 = (r: Route) => r.family === 6;

function covers(r: Route, addr: Ipv6Hex): boolean {
  return ipv6InPrefix(addr, r.dst6 ?? "", r.prefixLen);
}

/** The routes of one table that cover `addr`, most specific first, then by metric. */
function candidates(ns: NetNamespace, table: number, addr: Ipv6Hex): Route[] {
  return ns.routes
    .filter((r) => isV6(r) && r.table === table && covers(r, addr))
    .sort((a, b) => b.prefixLen - a.prefixLen || (a.metric ?? 0) - (b.metric ?? 0));
}

export function lookupRoute6(ns: NetNamespace, dst: Ipv6Hex, opts: { oif?: number } = {}): Route | undefined {
  for (const table of [TABLE_LOCAL, TABLE_MAIN]) {
    const hit = candidates(ns, table, dst).find((r) => opts.oif === undefined || r.dev === opts.oif || routeTypeError(r.type) !== undefined);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function isLocal6(ns: NetNamespace, addr: Ipv6Hex): boolean {
  return ns.devices.some((d) => (d.addrs6 ?? []).some((a) => a.addr === addr));
}

/** ip6_validate_gw: a global gateway needs a route out of `dev` that is not itself via a gateway. */
function gatewayDevice(ns: NetNamespace, cfg: Route6Config, via: Ipv6Hex): number {
  if (ipv6AddrScope(via) === 0x2) {
    if (cfg.dev === undefined) fail("EINVAL", "Egress device not specified");
    return cfg.dev;
  }
  const hit = lookupRoute6(ns, via, cfg.dev === undefined ? {} : { oif: cfg.dev });
  if (hit === undefined || hit.via6 !== undefined || hit.dev === undefined || routeTypeError(hit.type) !== undefined) fail("EHOSTUNREACH");
  if (cfg.dev !== undefined && hit.dev !== cfg.dev) fail("EHOSTUNREACH");
  return hit.dev;
}

function loopbackIndex(ns: NetNamespace): number {
  return ns.devices.find((d) => d.kind === "loopback")?.ifindex ?? 1;
}

/** ip6_route_info_create and fib6_nh_init: the stored route, or the kernel's refusal. */
export function buildRoute6(ns: NetNamespace, cfg: Route6Config): Route {
  if (cfg.prefixLen > 128) fail("EINVAL");
  let dev = cfg.dev;
  if (routeTypeError(cfg.type) !== undefined) dev = loopbackIndex(ns);
  else if (cfg.via6 !== undefined) dev = gatewayDevice(ns, cfg, cfg.via6);
  if (dev === undefined) fail("ENODEV");
  if (routeTypeError(cfg.type) === undefined && !deviceByIndex(ns, dev)?.up) fail("ENETDOWN", "Nexthop device is not up");
  if (cfg.src6 !== undefined && !isLocal6(ns, cfg.src6)) fail("EINVAL", "Invalid source address");
  return {
    family: 6,
    table: cfg.table,
    type: cfg.type,
    dst: 0,
    dst6: ipv6Prefix(cfg.dst6, cfg.prefixLen),
    prefixLen: cfg.prefixLen,
    dev,
    ...(cfg.via6 !== undefined ? { via6: cfg.via6 } : {}),
    ...(cfg.src6 !== undefined ? { src6: cfg.src6 } : {}),
    metric: cfg.metric ?? IP6_RT_PRIO_USER,
    proto: cfg.proto,
    scope: 0,
  };
}

/** fib6_add_rt2node: a route of the same metric is refused with excl, replaced with replace, else follows it. */
export function addRoute6(ns: NetNamespace, cfg: Route6Config, flags: { excl?: boolean; replace?: boolean }): Route {
  const route = buildRoute6(ns, cfg);
  const same = ns.routes.findIndex(
    (r) => isV6(r) && r.table === route.table && r.dst6 === route.dst6 && r.prefixLen === route.prefixLen && r.metric === route.metric,
  );
  if (same >= 0) {
    if (flags.replace) {
      ns.routes[same] = route;
      return route;
    }
    fail("EEXIST");
  }
  ns.routes.push(route);
  return route;
}

export interface Route6Match {
  readonly table: number;
  readonly dst6: Ipv6Hex;
  readonly prefixLen: number;
  readonly dev?: number;
  readonly via6?: Ipv6Hex;
  readonly metric?: number;
  readonly proto?: number;
}

/** ip6_route_del: the first route of the prefix agreeing with every given part. */
export function deleteRoute6(ns: NetNamespace, m: Route6Match): Route {
  const dst = ipv6Prefix(m.dst6, m.prefixLen);
  const i = ns.routes.findIndex(
    (r) =>
      isV6(r) &&
      r.table === m.table &&
      r.dst6 === dst &&
      r.prefixLen === m.prefixLen &&
      (m.dev === undefined || r.dev === m.dev) &&
      (m.via6 === undefined || r.via6 === m.via6) &&
      (!m.metric || r.metric === m.metric) &&
      (m.proto === undefined || r.proto === m.proto),
  );
  const found = ns.routes[i];
  if (found === undefined) fail("ESRCH");
  ns.routes.splice(i, 1);
  return found;
}

function commonBits(a: Ipv6Hex, b: Ipv6Hex): number {
  let n = 0;
  while (n < 128 && ipv6InPrefix(a, b, n + 1)) n++;
  return n;
}

/**
 * ipv6_dev_get_saddr, reduced to the rules that matter here (RFC 6724): only usable
 * (non-tentative) addresses, not loopback for others, a scope at least the destination's,
 * the output device first, then the longest matching prefix.
 */
export function selectSource6(ns: NetNamespace, out: Device | undefined, dst: Ipv6Hex): Ipv6Hex | undefined {
  const dstScope = ipv6AddrScope(dst);
  const all = ns.devices.flatMap((d) => (d.addrs6 ?? []).filter((a) => a.dadUntil === undefined).map((a) => ({ d, a })));
  const usable = all.filter(({ a }) => ipv6AddrScope(a.addr) !== 0x1 || dstScope === 0x1);
  usable.sort((x, y) => {
    const sx = ipv6AddrScope(x.a.addr) >= dstScope ? 0 : 1;
    const sy = ipv6AddrScope(y.a.addr) >= dstScope ? 0 : 1;
    if (sx !== sy) return sx - sy;
    const ox = x.d === out ? 0 : 1;
    const oy = y.d === out ? 0 : 1;
    if (ox !== oy) return ox - oy;
    return commonBits(y.a.addr, dst) - commonBits(x.a.addr, dst);
  });
  return usable[0]?.a.addr;
}
