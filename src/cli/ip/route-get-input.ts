// `ip route get ADDR from SRC iif DEV` (inet_rtm_getroute with RTA_IIF): the kernel runs
// ip_route_input_rcu on a dummy packet from SRC that came in on DEV, the same input
// routing the packet path uses (stack/route-input.ts), and answers with the route it got:
// local or broadcast over lo, forwarded out of a device (with <redirect> when it leaves by
// the device it came in on), or the route's error. Every martian (a zero, loopback,
// multicast or own source, a loopback destination, a failed rp_filter check) is EINVAL,
// as ip_route_input_slow's martian_source and martian_destination return it.
import { fail } from "../../stack/errors.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { lookupRoute } from "../../stack/route.ts";
import { routeInput, type InputRoute } from "../../stack/route-input.ts";
import { sysctlGet } from "../../stack/sysctl.ts";
import { TABLE_MAIN, type Device, type NetNamespace, type Route } from "../../stack/types.ts";
import { formatIpv4, prefixToMask } from "../../wire/ipv4.ts";
import { netns, nodev, talk, type IpCtx } from "./context.ts";
import { printRoute } from "./route-print.ts";

export interface InputGet {
  readonly dst: number;
  readonly from: number;
  readonly iif: string;
  readonly mark?: number;
  readonly fibmatch: boolean;
}

type Routed = Extract<InputRoute, { kind: "local" | "broadcast" | "forward" }>;

/** The route, or the errno inet_rtm_getroute answers with. */
function inputRoute(ns: NetNamespace, dev: Device, q: InputGet): Routed {
  const r = routeInput(ns, dev, q.from, q.dst);
  if (r.kind === "error") fail(r.errno);
  if (r.kind === "martian") fail("EINVAL");
  return r;
}

/** IN_DEV_CONF_GET of a boolean or'ed with "all" (IN_DEV_ORCONF). */
function confOn(ns: NetNamespace, dev: Device, key: string, dflt: number): boolean {
  const v = (name: string) => Number(sysctlGet(ns, `net.ipv4.conf.${name}.${key}`) ?? dflt);
  return v(dev.name) !== 0 || v("all") !== 0;
}

/**
 * __mkroute_input's RTCF_DOREDIRECT: out by the device it came in on, with send_redirects,
 * and shared_media or a source on that link.
 */
function redirects(ns: NetNamespace, inDev: Device, r: Extract<InputRoute, { kind: "forward" }>, src: number): boolean {
  if (r.dev.ifindex !== inDev.ifindex || !confOn(ns, inDev, "send_redirects", 1)) return false;
  const onLink = inDev.addrs.some((a) => ((a.addr ^ src) & prefixToMask(a.prefixLen)) === 0);
  return confOn(ns, inDev, "shared_media", 1) || onLink;
}

function cacheFlags(ns: NetNamespace, dev: Device, r: Routed, src: number): string[] {
  if (r.kind === "local") return ["local"];
  if (r.kind === "broadcast") return ["local", "brd"];
  return redirects(ns, dev, r, src) ? ["redirect"] : [];
}

/** The route an input answer shows: local and broadcast over lo, else the FIB's device and gateway. */
function shownRoute(ns: NetNamespace, r: Routed, dst: number): Route {
  const base = { table: TABLE_MAIN, dst, prefixLen: 32, proto: 0, scope: 0 };
  if (r.kind !== "forward") {
    const lo = ns.devices.find((d) => d.kind === "loopback");
    return { ...base, type: r.kind, ...(lo !== undefined ? { dev: lo.ifindex } : {}) };
  }
  return { ...base, type: "unicast", dev: r.dev.ifindex, ...(r.route.via !== undefined ? { via: r.route.via } : {}) };
}

export function getInput(ctx: IpCtx, q: InputGet): number {
  const ns = netns(ctx);
  const dev = deviceByName(ns, q.iif) ?? nodev(ctx, q.iif);
  const r = talk(ctx, () => inputRoute(ns, dev, q));
  ctx.out.newJson();
  const fib = q.fibmatch ? lookupRoute(ns, q.dst) : undefined;
  if (fib !== undefined) printRoute(ctx, ns, fib, { table: 0, cloned: false });
  else {
    printRoute(ctx, ns, shownRoute(ns, r, q.dst), undefined, {
      cloned: { cache: cacheFlags(ns, dev, r, q.from), fromText: formatIpv4(q.from), iif: dev.name, ...(q.mark !== undefined ? { mark: q.mark } : {}) },
    });
  }
  ctx.out.endJson();
  return 0;
}
