// Routes asked for by `ip route add/replace`: the checks fib_table_insert and
// fib_create_info (net/ipv4/fib_semantics.c) make before a route enters a table, with
// their extack messages, and the resolution of a gateway to its output device.
import type { Ipv4 } from "../wire/ipv4.ts";
import { fail } from "./errors.ts";
import { deviceByIndex } from "./namespace.ts";
import { ensureTable, insertRoute, isLocalAddress, lookupRoute, routeTypeError, type InsertFlags } from "./route.ts";
import { SCOPE_HOST, SCOPE_LINK, TABLE_LOCAL, TABLE_MAIN, type NetNamespace, type Route, type RouteType } from "./types.ts";

export interface RouteConfig {
  readonly table: number;
  readonly type: RouteType;
  readonly dst: Ipv4;
  readonly prefixLen: number;
  readonly tos?: number;
  readonly dev?: number;
  readonly via?: Ipv4;
  readonly src?: Ipv4;
  readonly metric?: number;
  readonly proto: number;
  readonly scope: number;
  readonly onlink?: boolean;
}

const MIN_SCOPE: Partial<Record<RouteType, number>> = { local: SCOPE_HOST, nat: SCOPE_HOST, broadcast: SCOPE_LINK, anycast: SCOPE_LINK };

function checkPrefix(cfg: RouteConfig): void {
  if (cfg.prefixLen > 32) fail("EINVAL");
  if (cfg.prefixLen < 32 && (cfg.dst << cfg.prefixLen) >>> 0 !== 0) fail("EINVAL", "Invalid prefix for given prefix length");
}

/** fib_check_nh_v4_gw: the gateway must be on a connected (link or host scope) route, out of `dev` when given. */
function gatewayDevice(ns: NetNamespace, cfg: RouteConfig, via: Ipv4): number {
  if (cfg.onlink) return onlinkDevice(ns, cfg, via);
  const scope = Math.max(cfg.scope + 1, SCOPE_LINK);
  const oif = cfg.dev === undefined ? {} : { oif: cfg.dev };
  const own = cfg.table !== TABLE_MAIN ? lookupRoute(ns, via, { scope, ...oif, tables: [cfg.table] }) : undefined;
  const res = own ?? lookupRoute(ns, via, { scope, ...oif });
  if (res === undefined || (res.type !== "unicast" && res.type !== "local") || res.dev === undefined) {
    fail("EINVAL", "Nexthop has invalid gateway");
  }
  if (!deviceByIndex(ns, res.dev)?.up) fail("ENETDOWN");
  return res.dev;
}

function onlinkDevice(ns: NetNamespace, cfg: RouteConfig, via: Ipv4): number {
  if (cfg.scope >= SCOPE_LINK) fail("EINVAL", "Nexthop has invalid scope");
  const dev = cfg.dev === undefined ? undefined : deviceByIndex(ns, cfg.dev);
  if (dev === undefined) fail("ENODEV", "Nexthop device required for onlink");
  if (!dev.up) fail("ENETDOWN", "Nexthop device is not up");
  const hit = lookupRoute(ns, via, { tables: [TABLE_LOCAL] });
  if (hit !== undefined && hit.type !== "unicast") fail("EINVAL", "Nexthop has invalid gateway");
  return dev.ifindex;
}

/** fib_valid_prefsrc: a preferred source must be one of our addresses. */
function checkPrefsrc(ns: NetNamespace, cfg: RouteConfig, src: Ipv4): void {
  if (cfg.type === "local" && cfg.dst === src && cfg.prefixLen === 32) return;
  if (!isLocalAddress(ns, src)) fail("EINVAL", "Invalid prefsrc address");
}

/** fib_create_info: the route as it will be stored, or the kernel's refusal. */
export function buildRoute(ns: NetNamespace, cfg: RouteConfig): Route {
  checkPrefix(cfg);
  if ((MIN_SCOPE[cfg.type] ?? 0) > cfg.scope) fail("EINVAL", "Invalid scope");
  let dev = cfg.dev;
  if (routeTypeError(cfg.type) !== undefined) {
    if (cfg.via !== undefined || cfg.dev !== undefined) {
      fail("EINVAL", "Gateway, device and multipath can not be specified for this route type");
    }
  } else if (cfg.scope > SCOPE_HOST) {
    fail("EINVAL", "Invalid scope");
  } else if (cfg.scope === SCOPE_HOST) {
    if (cfg.via !== undefined) fail("EINVAL", "Route with host scope can not have a gateway");
    if (dev === undefined || deviceByIndex(ns, dev) === undefined) fail("ENODEV");
  } else if (cfg.via !== undefined) {
    dev = gatewayDevice(ns, cfg, cfg.via);
  } else {
    const d = dev === undefined ? undefined : deviceByIndex(ns, dev);
    if (d === undefined) fail("ENODEV");
    if (!d.up) fail("ENETDOWN", "Device for nexthop is not up");
  }
  if (cfg.src !== undefined) checkPrefsrc(ns, cfg, cfg.src);
  return {
    table: cfg.table,
    type: cfg.type,
    dst: cfg.dst,
    prefixLen: cfg.prefixLen,
    ...(cfg.tos ? { tos: cfg.tos } : {}),
    ...(dev !== undefined ? { dev } : {}),
    ...(cfg.via !== undefined ? { via: cfg.via } : {}),
    ...(cfg.src !== undefined ? { src: cfg.src } : {}),
    ...(cfg.metric ? { metric: cfg.metric } : {}),
    proto: cfg.proto,
    scope: cfg.scope,
    ...(cfg.onlink ? { onlink: true } : {}),
  };
}

/** `ip route add/replace/prepend/append`: check, then insert. */
export function addRoute(ns: NetNamespace, cfg: RouteConfig, flags: InsertFlags): Route {
  ensureTable(ns, cfg.table);
  const route = buildRoute(ns, cfg);
  insertRoute(ns, route, flags);
  return route;
}
