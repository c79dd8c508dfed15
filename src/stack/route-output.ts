// ip_route_output_key (net/ipv4/route.c) for locally sent packets, which `ip route get` and
// the packet path share: the FIB lookup, error routes as errnos, local destinations over lo
// with themselves as source, and the source address the kernel picks otherwise.
import type { Ipv4 } from "../wire/ipv4.ts";
import { selectSource } from "./address.ts";
import { fail } from "./errors.ts";
import { deviceByIndex } from "./namespace.ts";
import { isLocalAddress, lookupRoute, routeTypeError } from "./route.ts";
import { lookupRoute6, selectSource6 } from "./route6.ts";
import { SCOPE_LINK, TABLE_MAIN, type Ipv6Hex, type NetNamespace, type Route, type RouteType } from "./types.ts";

export interface OutputRoute {
  /** unicast, local (delivered here) or broadcast. */
  readonly type: RouteType;
  /** The FIB entry that matched. */
  readonly route: Route;
  /** The device the packet leaves by: lo for a local destination. */
  readonly dev: number | undefined;
  readonly gateway?: Ipv4;
  readonly src?: Ipv4;
}

export interface OutputOptions {
  /** flowi4_oif: only routes out of this device. */
  readonly oif?: number;
  /** A source address asked for: it must be one of ours. */
  readonly saddr?: Ipv4;
}

/** The route for a packet this host sends to `dst`, or the errno the kernel returns. */
export function routeOutput(ns: NetNamespace, dst: Ipv4, opts: OutputOptions = {}): OutputRoute {
  if (opts.saddr !== undefined && !isLocalAddress(ns, opts.saddr)) fail("ENETUNREACH");
  const r = lookupRoute(ns, dst, opts.oif === undefined ? {} : { oif: opts.oif });
  if (r === undefined) return opts.oif !== undefined ? assumeOnLink(ns, dst, opts.oif, opts.saddr) : fail("ENETUNREACH");
  const err = routeTypeError(r.type);
  if (err !== undefined) fail(err === "EAGAIN" ? "ENETUNREACH" : err);
  if (r.type === "local") {
    const lo = ns.devices.find((d) => d.kind === "loopback");
    return { type: "local", route: r, dev: lo?.ifindex, src: opts.saddr ?? r.src ?? dst };
  }
  const dev = r.dev === undefined ? undefined : deviceByIndex(ns, r.dev);
  const src = opts.saddr ?? r.src ?? selectSource(ns, dev, r.via ?? 0, r.via !== undefined ? 0 : r.scope);
  return {
    type: r.type === "broadcast" ? "broadcast" : "unicast",
    route: r,
    dev: r.dev,
    ...(r.via !== undefined ? { gateway: r.via } : {}),
    ...(src !== undefined ? { src } : {}),
  };
}

/**
 * ip_route_output_key_hash_rcu when the FIB has no route out of the device asked for:
 * "apparently, routing tables are wrong", the destination is taken to be on that link,
 * with a source of link scope from inet_select_addr (a device that is down has no route).
 */
function assumeOnLink(ns: NetNamespace, dst: Ipv4, oif: number, saddr: Ipv4 | undefined): OutputRoute {
  const dev = deviceByIndex(ns, oif);
  if (dev === undefined || !dev.up) fail("ENETUNREACH");
  const src = saddr ?? selectSource(ns, dev, 0, SCOPE_LINK);
  const route: Route = { table: TABLE_MAIN, type: "unicast", dst, prefixLen: 32, dev: oif, proto: 0, scope: SCOPE_LINK };
  return { type: "unicast", route, dev: oif, ...(src !== undefined ? { src } : {}) };
}

export interface OutputRoute6 {
  readonly route: Route;
  readonly local: boolean;
  readonly dev: number | undefined;
  readonly src?: Ipv6Hex;
}

/** ip6_route_output with the source ipv6_dev_get_saddr picks; a local destination goes over lo. */
export function routeOutput6(ns: NetNamespace, dst: Ipv6Hex, opts: { oif?: number } = {}): OutputRoute6 {
  const r = lookupRoute6(ns, dst, opts);
  if (r === undefined) fail("ENETUNREACH");
  const err = routeTypeError(r.type);
  if (err !== undefined) fail(err === "EAGAIN" ? "ENETUNREACH" : err);
  if (r.type === "local") {
    const lo = ns.devices.find((d) => d.kind === "loopback");
    return { route: r, local: true, dev: lo?.ifindex, src: dst };
  }
  const dev = r.dev === undefined ? undefined : deviceByIndex(ns, r.dev);
  const src = selectSource6(ns, dev, dst);
  return { route: r, local: false, dev: r.dev, ...(src !== undefined ? { src } : {}) };
}
