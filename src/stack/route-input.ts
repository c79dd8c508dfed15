// ip_route_input_slow (net/ipv4/route.c) for a packet that arrived on a device: martian
// addresses, the FIB lookup, local delivery, forwarding (only with forwarding on for the
// input device) and the reverse-path check of fib_validate_source (net/ipv4/fib_frontend.c).
import { formatIpv4, formatNet } from "../wire/ipv4.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import { deviceByIndex } from "./namespace.ts";
import { isLocalAddress, lookupRoute, routeTypeError } from "./route.ts";
import { sysctlGet } from "./sysctl.ts";
import { prefixToMask } from "../wire/ipv4.ts";
import type { Device, NetNamespace, Route } from "./types.ts";

export type InputRoute =
  | { readonly kind: "local"; readonly why: string }
  | { readonly kind: "broadcast"; readonly why: string }
  | { readonly kind: "forward"; readonly route: Route; readonly dev: Device; readonly nexthop: Ipv4; readonly why: string }
  /** A route error: ip_error answers with an ICMP error when forwarding is on, else drops silently. */
  | { readonly kind: "error"; readonly errno: "ENETUNREACH" | "EHOSTUNREACH" | "EACCES" | "EINVAL"; readonly why: string }
  /** Dropped without a word (martian addresses, reverse-path failure). */
  | { readonly kind: "martian"; readonly why: string };

const isMulticast = (a: Ipv4): boolean => a >>> 28 === 0xe;
const isLimitedBroadcast = (a: Ipv4): boolean => a === 0xffffffff;
const isZeronet = (a: Ipv4): boolean => a >>> 24 === 0;
const isLoopback = (a: Ipv4): boolean => a >>> 24 === 127;

/** IN_DEV_CONF_GET with the "all" value or'ed in (IN_DEV_ORCONF) or max'ed (IN_DEV_MAXCONF). */
function devConf(ns: NetNamespace, dev: Device, key: string, combine: "or" | "max" | "own"): number {
  const own = Number(sysctlGet(ns, `net.ipv4.conf.${dev.name}.${key}`) ?? 0);
  if (combine === "own") return own;
  const all = Number(sysctlGet(ns, `net.ipv4.conf.all.${key}`) ?? 0);
  return combine === "or" ? (own || all) : Math.max(own, all);
}

export function forwardingOn(ns: NetNamespace, dev: Device): boolean {
  return devConf(ns, dev, "forwarding", "own") !== 0;
}

/** A route as `ip route` would start it: type, destination, gateway. */
export function routeText(r: Route): string {
  const dst = r.prefixLen === 0 ? "default" : formatNet({ addr: r.dst, mask: prefixToMask(r.prefixLen) }).replace(/\/32$/, "");
  return `${r.type === "unicast" ? "" : `${r.type} `}${dst}${r.via !== undefined ? ` via ${formatIpv4(r.via)}` : ""}`;
}

/**
 * __fib_validate_source: a source that is one of our addresses is a martian unless
 * accept_local; with rp_filter (max of all and the device) the route back to the source
 * must exist and, when strict (1), leave by the device the packet came in on.
 */
function validateSource(ns: NetNamespace, dev: Device, src: Ipv4): string | undefined {
  const rpf = devConf(ns, dev, "rp_filter", "max");
  const acceptLocal = devConf(ns, dev, "accept_local", "or") !== 0;
  if (rpf === 0) {
    if (!acceptLocal && isLocalAddress(ns, src)) return `martian source ${formatIpv4(src)}: it is an address of this namespace`;
    return undefined;
  }
  if (dev.addrs.length === 0) return undefined;
  const back = lookupRoute(ns, src);
  if (back === undefined) return `rp_filter=${String(rpf)}: no route back to ${formatIpv4(src)}`;
  if (back.type === "local" && !acceptLocal) return `martian source ${formatIpv4(src)}: it is an address of this namespace`;
  if (back.type !== "unicast" && back.type !== "local") return `rp_filter=${String(rpf)}: the route back to ${formatIpv4(src)} is ${back.type}`;
  if (rpf === 1 && back.dev !== dev.ifindex) {
    const out = back.dev === undefined ? "?" : (deviceByIndex(ns, back.dev)?.name ?? "?");
    return `rp_filter=1 (strict): the route back to ${formatIpv4(src)} leaves by ${out}, not ${dev.name}`;
  }
  return undefined;
}

function noRoute(ns: NetNamespace, dev: Device, dst: Ipv4): InputRoute {
  if (!forwardingOn(ns, dev)) return { kind: "error", errno: "EHOSTUNREACH", why: `no route to ${formatIpv4(dst)} and forwarding is off on ${dev.name}` };
  return { kind: "error", errno: "ENETUNREACH", why: `no route to ${formatIpv4(dst)}` };
}

/** The routing decision for a packet from `src` to `dst` that came in on `dev`. */
export function routeInput(ns: NetNamespace, dev: Device, src: Ipv4, dst: Ipv4): InputRoute {
  if (isMulticast(src) || isLimitedBroadcast(src)) return { kind: "martian", why: `martian source ${formatIpv4(src)}` };
  if (isLimitedBroadcast(dst) || (src === 0 && dst === 0)) return { kind: "broadcast", why: "limited broadcast" };
  if (isZeronet(src)) return { kind: "martian", why: `martian source ${formatIpv4(src)}` };
  if (isZeronet(dst)) return { kind: "martian", why: `martian destination ${formatIpv4(dst)}` };
  const localnet = devConf(ns, dev, "route_localnet", "or") !== 0;
  if (isLoopback(dst) && !localnet) return { kind: "martian", why: `martian destination ${formatIpv4(dst)} (route_localnet is off)` };
  if (isLoopback(src) && !localnet) return { kind: "martian", why: `martian source ${formatIpv4(src)} (route_localnet is off)` };
  if (isMulticast(dst)) return { kind: "martian", why: `multicast ${formatIpv4(dst)} is not routed by nfsim` };
  const route = lookupRoute(ns, dst);
  if (route === undefined) return noRoute(ns, dev, dst);
  const err = routeTypeError(route.type);
  if (err === "EAGAIN") return noRoute(ns, dev, dst);
  if (err !== undefined) return { kind: "error", errno: err, why: `route ${routeText(route)}` };
  if (route.type === "broadcast") return { kind: "broadcast", why: `broadcast route ${formatIpv4(route.dst)}` };
  if (route.type === "local") {
    const bad = validateSource(ns, dev, src);
    return bad !== undefined ? { kind: "martian", why: bad } : { kind: "local", why: `${formatIpv4(dst)} is an address of this namespace (local route)` };
  }
  if (!forwardingOn(ns, dev)) return { kind: "error", errno: "EHOSTUNREACH", why: `not for this host and forwarding is off on ${dev.name}` };
  if (route.type !== "unicast") return { kind: "martian", why: `martian destination ${formatIpv4(dst)} (${route.type} route)` };
  const out = route.dev === undefined ? undefined : deviceByIndex(ns, route.dev);
  if (out === undefined) return { kind: "martian", why: "the route has no device" };
  const bad = validateSource(ns, dev, src);
  if (bad !== undefined) return { kind: "martian", why: bad };
  return { kind: "forward", route, dev: out, nexthop: route.via ?? dst, why: `route ${routeText(route)} dev ${out.name}` };
}
