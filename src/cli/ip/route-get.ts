// `ip route get` (ip/iproute.c: iproute_get): the words it takes, and the answer of the
// kernel's output routing (stack/route-output.ts, shared with the packet path).
import { formatIpv6 } from "../../stack/ipv6.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { routeOutput, routeOutput6, type OutputRoute } from "../../stack/route-output.ts";
import { TABLE_MAIN, type NetNamespace, type Route } from "../../stack/types.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
import { Args, die, invarg, netns, nodev, talk, type IpCtx } from "./context.ts";
import { getPrefix, type InetPrefix } from "./inet.ts";
import { abbrev } from "./names.ts";
import { printRoute } from "./route-print.ts";
import { getInput } from "./route-get-input.ts";
import { ROUTE_USAGE } from "./usage.ts";

function usage(ctx: IpCtx): never {
  return die(ctx, ROUTE_USAGE, 255);
}

interface GetReq {
  dst?: InetPrefix;
  from?: InetPrefix;
  oif?: string;
  iif?: string;
  mark?: number;
  uid: number;
  fibmatch: boolean;
}

function parseGet(ctx: IpCtx, argv: string[]): GetReq {
  const req: GetReq = { uid: 0, fibmatch: false };
  let fam = ctx.opts.family;
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === "tos" || abbrev(w, "dsfield")) args.next();
    else if (abbrev(w, "from")) {
      const v = args.next();
      if (abbrev(v, "help")) usage(ctx);
      req.from = getPrefix(ctx, v, fam);
      if (fam === "unspec") fam = req.from.family;
    } else if (abbrev(w, "iif")) req.iif = args.next();
    else if (abbrev(w, "mark")) {
      const v = args.next();
      req.mark = /^(0x[0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : invarg(ctx, "invalid mark value", v);
    } else if (abbrev(w, "oif") || w === "dev") req.oif = args.next();
    else if (abbrev(w, "notify") || abbrev(w, "connected")) continue;
    else if (abbrev(w, "uid")) {
      const v = args.next();
      req.uid = /^\d+$/.test(v) ? Number(v) : invarg(ctx, "invalid UID\n", v);
    } else if (abbrev(w, "fibmatch")) req.fibmatch = true;
    else if (["sport", "dport", "ipproto", "vrf", "as"].some((k) => abbrev(w, k))) args.next();
    else {
      const v = w === "to" ? args.next() : w;
      if (abbrev(v, "help")) usage(ctx);
      const p = getPrefix(ctx, v, fam);
      if (fam === "unspec") fam = p.family;
      const full = p.family === "inet6" ? 128 : 32;
      if (p.bitlen !== full) ctx.io.stderr(`Warning: /${String(p.bitlen)} as prefix is invalid, only /${String(full)} (or none) is supported.\n`);
      req.dst = p;
    }
  }
  return req;
}

/**
 * inet_rtm_getroute → ip_route_output_key: a local destination is delivered over lo with itself
 * as source; otherwise the FIB result's device, its preferred source or inet_select_addr.
 */
export function get(ctx: IpCtx, argv: string[]): number {
  const req = parseGet(ctx, argv);
  const dst = req.dst ?? die(ctx, "need at least a destination address\n", 1);
  if (dst.family === "inet6") return get6(ctx, dst, req);
  if (req.iif !== undefined) {
    return getInput(ctx, { dst: dst.v4, from: req.from?.v4 ?? 0, iif: req.iif, fibmatch: req.fibmatch, ...(req.mark !== undefined ? { mark: req.mark } : {}) });
  }
  const ns = netns(ctx);
  const oif = req.oif === undefined ? undefined : (deviceByName(ns, req.oif) ?? nodev(ctx, req.oif)).ifindex;
  const daddr = dst.v4;
  const from = req.from?.v4;
  const res = talk(ctx, () => routeOutput(ns, daddr, { ...(oif !== undefined ? { oif } : {}), ...(from !== undefined ? { saddr: from } : {}) }));
  ctx.out.newJson();
  if (req.fibmatch) printRoute(ctx, ns, res.route, { table: 0, cloned: false });
  else printGot(ctx, ns, res, daddr, req);
  ctx.out.endJson();
  return 0;
}

/** inet6_rtm_getroute: the route's own fields, "from ::", the chosen source; local goes over lo. */
function get6(ctx: IpCtx, dst: InetPrefix, req: GetReq): number {
  if (req.iif !== undefined) return die(ctx, 'nfsim: "ip route get ... iif" (input routing) is not emulated\n', 2);
  const ns = netns(ctx);
  const oif = req.oif === undefined ? undefined : (deviceByName(ns, req.oif) ?? nodev(ctx, req.oif)).ifindex;
  const res = talk(ctx, () => routeOutput6(ns, dst.v6, oif === undefined ? {} : { oif }));
  const r = res.route;
  const shown: Route = {
    family: 6,
    table: r.table,
    type: res.local ? "local" : "unicast",
    dst: 0,
    dst6: dst.v6,
    prefixLen: 128,
    ...(r.via6 !== undefined ? { via6: r.via6 } : {}),
    ...(r.metric !== undefined ? { metric: r.metric } : {}),
    proto: r.proto,
    scope: 0,
  };
  ctx.out.newJson();
  printRoute(ctx, ns, shown, undefined, {
    cloned: { v6: true, fromText: "::", ...(res.src !== undefined ? { srcText: formatIpv6(res.src) } : {}), ...(res.dev !== undefined ? { dev: res.dev } : {}) },
  });
  ctx.out.endJson();
  return 0;
}

/** The answer of inet_rtm_getroute: a cloned route with RTA_SRC (from), RTA_PREFSRC unless equal, uid, cache flags. */
function printGot(ctx: IpCtx, ns: NetNamespace, res: OutputRoute, daddr: number, req: GetReq): void {
  const from = req.from?.v4;
  const src = res.src === undefined || res.src === from ? undefined : formatIpv4(res.src);
  const cache = res.type === "local" ? ["local"] : res.type === "broadcast" ? ["local", "brd"] : [];
  const shown: Route = {
    table: TABLE_MAIN,
    type: res.type,
    dst: daddr,
    prefixLen: 32,
    ...(res.gateway !== undefined ? { via: res.gateway } : {}),
    proto: res.route.proto,
    scope: res.route.scope,
  };
  printRoute(ctx, ns, shown, undefined, {
    cloned: {
      uid: req.uid,
      cache,
      ...(req.mark !== undefined ? { mark: req.mark } : {}),
      ...(src !== undefined ? { srcText: src } : {}),
      ...(res.dev !== undefined ? { dev: res.dev } : {}),
      ...(from !== undefined ? { fromText: formatIpv4(from) } : {}),
    },
  });
}
