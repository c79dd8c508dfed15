// The IPv4 FIB (net/ipv4/fib_trie.c, fib_semantics.c, fib_rules.c default rules): tables of
// routes, inserted and deleted as fib_table_insert/fib_table_delete do, dumped in trie order,
// and looked up (local table, then main; the longest prefix wins, then the lowest metric).
import type { Ipv4 } from "../wire/ipv4.ts";
import { prefixToMask } from "../wire/ipv4.ts";
import { carrierOk } from "./device.ts";
import { fail } from "./errors.ts";
import { deviceByIndex } from "./namespace.ts";
import {
  SCOPE_HOST,
  SCOPE_LINK,
  SCOPE_NOWHERE,
  SCOPE_UNIVERSE,
  TABLE_LOCAL,
  TABLE_MAIN,
  type NetNamespace,
  type Route,
  type RouteType,
} from "./types.ts";

export function isV4(route: Route): boolean {
  return (route.family ?? 4) === 4;
}

export function routeCovers(route: Route, addr: Ipv4): boolean {
  return ((addr & prefixToMask(route.prefixLen)) >>> 0) === route.dst;
}

/** fib_props: the narrowest scope a route type allows, and the error a lookup returns. */
const TYPE_PROPS: Record<RouteType, { scope: number; error?: "EINVAL" | "EHOSTUNREACH" | "EACCES" | "EAGAIN" }> = {
  unicast: { scope: SCOPE_UNIVERSE },
  local: { scope: SCOPE_HOST },
  broadcast: { scope: SCOPE_LINK },
  anycast: { scope: SCOPE_LINK },
  multicast: { scope: SCOPE_UNIVERSE },
  blackhole: { scope: SCOPE_UNIVERSE, error: "EINVAL" },
  unreachable: { scope: SCOPE_UNIVERSE, error: "EHOSTUNREACH" },
  prohibit: { scope: SCOPE_UNIVERSE, error: "EACCES" },
  throw: { scope: SCOPE_UNIVERSE, error: "EAGAIN" },
  nat: { scope: SCOPE_HOST },
};

export function routeTypeError(type: RouteType): "EINVAL" | "EHOSTUNREACH" | "EACCES" | "EAGAIN" | undefined {
  return TYPE_PROPS[type].error;
}

/** A route's nexthop is marked linkdown while its device has no carrier; host-scope (local) routes never are. */
export function routeLinkdown(ns: NetNamespace, route: Route): boolean {
  if (route.dev === undefined || route.scope === SCOPE_HOST || route.type === "local") return false;
  const dev = deviceByIndex(ns, route.dev);
  return dev !== undefined && !carrierOk(dev);
}

function sameSlot(a: Route, b: Route): boolean {
  return isV4(a) && isV4(b) && a.table === b.table && a.dst === b.dst && a.prefixLen === b.prefixLen && (a.tos ?? 0) === (b.tos ?? 0);
}

/** fib_find_info: two routes share a fib_info when everything but the destination is equal. */
function sameInfo(a: Route, b: Route): boolean {
  return (
    a.type === b.type &&
    a.dev === b.dev &&
    a.via === b.via &&
    a.src === b.src &&
    (a.metric ?? 0) === (b.metric ?? 0) &&
    a.proto === b.proto &&
    a.scope === b.scope &&
    !!a.onlink === !!b.onlink
  );
}

/** fib_new_table: a table exists from the first route asked for in it. */
export function ensureTable(ns: NetNamespace, table: number): void {
  const tables = (ns.fibTables ??= []);
  if (!tables.includes(table)) tables.push(table);
}

export function tableExists(ns: NetNamespace, table: number): boolean {
  return ns.fibTables?.includes(table) ?? false;
}

export interface InsertFlags {
  readonly excl?: boolean;
  readonly replace?: boolean;
  readonly append?: boolean;
}

/**
 * fib_table_insert: routes to one prefix are kept by metric; an equal-metric route is
 * refused with `excl`, replaced with `replace`, put after the others with `append` and
 * before them otherwise. An identical route is always refused.
 */
export function insertRoute(ns: NetNamespace, route: Route, flags: InsertFlags): void {
  ensureTable(ns, route.table);
  const prio = route.metric ?? 0;
  const slot = ns.routes.map((r, i) => ({ r, i })).filter(({ r }) => sameSlot(r, route));
  const samePrio = slot.filter(({ r }) => (r.metric ?? 0) === prio);
  const first = samePrio[0];
  if (first !== undefined) {
    if (flags.excl) fail("EEXIST");
    const match = samePrio.find(({ r }) => sameInfo(r, route));
    if (flags.replace) {
      if (match !== undefined && match.i === first.i) return;
      ns.routes[first.i] = route;
      return;
    }
    if (match !== undefined) fail("EEXIST");
    const last = samePrio[samePrio.length - 1] ?? first;
    ns.routes.splice(flags.append ? last.i + 1 : first.i, 0, route);
    return;
  }
  const after = slot.find(({ r }) => (r.metric ?? 0) > prio);
  if (after !== undefined) ns.routes.splice(after.i, 0, route);
  else ns.routes.push(route);
}

/** The parts of a route a delete request names; absent parts match anything. */
export interface RouteMatch {
  readonly table: number;
  readonly dst: Ipv4;
  readonly prefixLen: number;
  readonly tos?: number;
  readonly type?: RouteType;
  readonly scope?: number;
  readonly src?: Ipv4;
  readonly proto?: number;
  readonly dev?: number;
  readonly via?: Ipv4;
  readonly metric?: number;
}

/** fib_table_delete: the first route of the prefix that agrees with every given part. */
export function deleteRoute(ns: NetNamespace, m: RouteMatch): Route {
  if (!tableExists(ns, m.table)) fail("ESRCH", "FIB table does not exist");
  const i = ns.routes.findIndex(
    (r) =>
      isV4(r) &&
      r.table === m.table &&
      r.dst === m.dst &&
      r.prefixLen === m.prefixLen &&
      (r.tos ?? 0) === (m.tos ?? 0) &&
      (m.type === undefined || r.type === m.type) &&
      (m.scope === undefined || m.scope === SCOPE_NOWHERE || r.scope === m.scope) &&
      (m.src === undefined || r.src === m.src) &&
      (m.proto === undefined || r.proto === m.proto) &&
      (m.dev === undefined || r.dev === m.dev) &&
      (m.via === undefined || r.via === m.via) &&
      (!m.metric || (r.metric ?? 0) === m.metric),
  );
  const found = ns.routes[i];
  if (found === undefined) fail("ESRCH");
  ns.routes.splice(i, 1);
  return found;
}

/** Table dump order: the kernel walks its table hash (id & 255), then the trie by key, longer prefixes first. */
export function routesInDumpOrder(ns: NetNamespace): Route[] {
  return ns.routes
    .filter(isV4)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.table & 255) - (b.r.table & 255) || a.r.dst - b.r.dst || b.r.prefixLen - a.r.prefixLen || a.i - b.i)
    .map(({ r }) => r);
}

/** The addresses of the namespace that its local table makes local (inet_addr_type == RTN_LOCAL). */
export function isLocalAddress(ns: NetNamespace, addr: Ipv4, table = TABLE_LOCAL): boolean {
  return ns.routes.some((r) => isV4(r) && r.table === table && r.type === "local" && routeCovers(r, addr));
}

export interface LookupOptions {
  /** flowi4_scope: only routes at least this wide (numerically at least this scope). */
  readonly scope?: number;
  /** flowi4_oif: only routes out of this device. */
  readonly oif?: number;
  readonly tables?: readonly number[];
}

/**
 * fib_table_lookup over the default rules (local, then main): the longest matching prefix
 * wins; among its routes the first in table order (lowest metric) that the scope and output
 * device allow. A `throw` route sends the lookup on to the next table.
 */
export function lookupRoute(ns: NetNamespace, dst: Ipv4, opts: LookupOptions = {}): Route | undefined {
  const tables = opts.tables ?? [TABLE_LOCAL, TABLE_MAIN];
  for (const table of tables) {
    let best: Route | undefined;
    for (const r of ns.routes) {
      if (!isV4(r) || r.table !== table || !routeCovers(r, dst) || r.scope < (opts.scope ?? 0)) continue;
      if (opts.oif !== undefined && r.dev !== opts.oif && r.dev !== undefined) continue;
      if (best === undefined || r.prefixLen > best.prefixLen) best = r;
    }
    if (best !== undefined && best.type !== "throw") return best;
  }
  return undefined;
}
