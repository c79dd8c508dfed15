// `ip route` (ip/iproute.c): list/flush with the SELECTOR filters, add/del/replace/
// prepend/append with the defaults ip fills in, and get through the FIB lookup.
import { ipv6InPrefix } from "../../stack/ipv6.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { addRoute, type RouteConfig } from "../../stack/route-config.ts";
import { addRoute6, deleteRoute6 } from "../../stack/route6.ts";
import { deleteRoute, isV4, tableExists, type InsertFlags } from "../../stack/route.ts";
import { RTPROT_BOOT, SCOPE_HOST, SCOPE_LINK, SCOPE_NOWHERE, TABLE_LOCAL, TABLE_MAIN, type Route, type RouteType } from "../../stack/types.ts";
import { prefixToMask } from "../../wire/ipv4.ts";
import { Args, die, duparg2, invarg, netns, nodev, talk, type Family, type IpCtx } from "./context.ts";
import { getAddr, getPrefix, type InetPrefix } from "./inet.ts";
import { abbrev, protoId, routeTypeOf, scopeId, tableId } from "./names.ts";
import { get } from "./route-get.ts";
import { dumpOrder, printRoute } from "./route-print.ts";
import { ROUTE_USAGE } from "./usage.ts";

function usage(ctx: IpCtx): never {
  return die(ctx, ROUTE_USAGE, 255);
}

export interface RouteFilter {
  /** 0: every table. */
  table: number;
  cloned: boolean;
  proto?: number;
  scope?: number;
  type?: RouteType;
  dev?: number;
  metric?: number;
  via?: InetPrefix;
  src?: InetPrefix;
  /** root: routes inside the prefix; match: routes containing it; both: exactly it. */
  root?: InetPrefix;
  match?: InetPrefix;
}

function family(r: Route): "inet" | "inet6" {
  return isV4(r) ? "inet" : "inet6";
}

function covers(p: InetPrefix, r: Route, bits: number): boolean {
  if (p.family === "inet6") return ipv6InPrefix(r.dst6 ?? "", p.v6, bits);
  return ((r.dst & prefixToMask(bits)) >>> 0) === ((p.v4 & prefixToMask(bits)) >>> 0);
}

/** filter_nlmsg for the filters nfsim supports. */
function passes(f: RouteFilter, r: Route, dumpFamily: Family): boolean {
  if (dumpFamily !== "unspec" && dumpFamily !== family(r)) return false;
  if (f.cloned) return false;
  if (f.table > 0 && f.table !== r.table) return false;
  if (f.proto !== undefined && f.proto !== r.proto) return false;
  if (f.scope !== undefined && f.scope !== r.scope) return false;
  if (f.type !== undefined && f.type !== r.type) return false;
  if (f.dev !== undefined && f.dev !== r.dev) return false;
  if (f.metric !== undefined && f.metric !== (r.metric ?? 0)) return false;
  if (f.root !== undefined && (f.root.family !== "unspec" && f.root.family !== family(r) || f.root.bitlen > r.prefixLen || !covers(f.root, r, f.root.bitlen))) return false;
  if (f.match !== undefined && (f.match.family !== "unspec" && f.match.family !== family(r) || f.match.bitlen < r.prefixLen || !covers(f.match, r, r.prefixLen))) return false;
  if (f.via !== undefined && (r.via === undefined || ((r.via & prefixToMask(f.via.bitlen)) >>> 0) !== ((f.via.v4 & prefixToMask(f.via.bitlen)) >>> 0))) return false;
  if (f.src !== undefined && (r.src === undefined || ((r.src & prefixToMask(f.src.bitlen)) >>> 0) !== ((f.src.v4 & prefixToMask(f.src.bitlen)) >>> 0))) return false;
  return true;
}

function parseSelector(ctx: IpCtx, argv: string[]): { f: RouteFilter; family: Family; odev?: string } {
  const f: RouteFilter = { table: TABLE_MAIN, cloned: false };
  let dumpFamily = ctx.opts.family;
  let odev: string | undefined;
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (abbrev(w, "table")) {
      const v = args.next();
      const id = tableId(v);
      if (id !== undefined) f.table = id;
      else if (v === "all") f.table = 0;
      else if (v === "cache") f.cloned = true;
      else if (v === "help") usage(ctx);
      else invarg(ctx, "table id value is invalid\n", v);
    } else if (abbrev(w, "cached") || abbrev(w, "cloned")) f.cloned = true;
    else if (abbrev(w, "protocol")) {
      const v = args.next();
      const p = protoId(v);
      if (p === undefined && v !== "all") invarg(ctx, 'invalid "protocol"\n', v);
      if (p !== undefined) f.proto = p;
    } else if (abbrev(w, "scope")) {
      const v = args.next();
      const s = scopeId(v);
      if (s === undefined && v !== "all") invarg(ctx, 'invalid "scope"\n', v);
      if (s !== undefined) f.scope = s;
    } else if (abbrev(w, "type")) {
      const v = args.next();
      f.type = routeTypeOf(v) ?? invarg(ctx, "node type value is invalid\n", v);
    } else if (w === "dev" || w === "oif") odev = args.next();
    else if (abbrev(w, "metric") || abbrev(w, "priority") || w === "preference") {
      const v = args.next();
      f.metric = /^\d+$/.test(v) ? Number(v) : invarg(ctx, '"metric" value is invalid\n', v);
    } else if (w === "via") f.via = getPrefix(ctx, args.next(), dumpFamily);
    else if (w === "src") f.src = getPrefix(ctx, args.next(), dumpFamily);
    else {
      let v = w;
      if (abbrev(v, "to")) v = args.next();
      if (abbrev(v, "root")) f.root = getPrefix(ctx, args.next(), dumpFamily);
      else if (abbrev(v, "match")) f.match = getPrefix(ctx, args.next(), dumpFamily);
      else {
        if (abbrev(v, "exact")) v = args.next();
        f.match = getPrefix(ctx, v, dumpFamily);
        f.root = f.match;
      }
    }
  }
  if (dumpFamily === "unspec" && f.table) dumpFamily = "inet";
  return { f, family: dumpFamily, ...(odev !== undefined ? { odev } : {}) };
}

function selected(ctx: IpCtx, argv: string[]): { f: RouteFilter; routes: Route[] } {
  const { f, family: dumpFamily, odev } = parseSelector(ctx, argv);
  const ns = netns(ctx);
  if (odev !== undefined) f.dev = (deviceByName(ns, odev) ?? nodev(ctx, odev)).ifindex;
  checkTable(ctx, f, dumpFamily);
  return { f, routes: dumpOrder(ns).filter((r) => passes(f, r, dumpFamily)) };
}

/** A dump of one IPv4 table other than main that was never made fails (main's ENOENT is suppressed). */
function checkTable(ctx: IpCtx, f: RouteFilter, dumpFamily: Family): void {
  if (dumpFamily === "inet6" || f.table === 0 || f.table === TABLE_MAIN || f.cloned) return;
  if (!tableExists(netns(ctx), f.table)) die(ctx, "Error: ipv4: FIB table does not exist.\nDump terminated\n", 2);
}

function list(ctx: IpCtx, argv: string[]): number {
  const { f, routes } = selected(ctx, argv);
  ctx.out.newJson();
  for (const r of routes) printRoute(ctx, netns(ctx), r, f);
  ctx.out.endJson();
  return 0;
}

function flush(ctx: IpCtx, argv: string[]): number {
  if (argv.length === 0) return die(ctx, '"ip route flush" requires arguments.\n', 1);
  const { routes } = selected(ctx, argv);
  const ns = netns(ctx);
  ns.routes = ns.routes.filter((r) => !routes.includes(r));
  return 0;
}

interface ModifyReq {
  family: Family;
  dst?: InetPrefix;
  type: RouteType;
  typeGiven: boolean;
  table?: number;
  proto?: number;
  scope?: number;
  metric?: number;
  via?: InetPrefix;
  src?: InetPrefix;
  dev?: string;
  onlink: boolean;
  tos?: number;
}

function parseModify(ctx: IpCtx, argv: string[], del: boolean): ModifyReq {
  const req: ModifyReq = { family: ctx.opts.family, type: del ? "unicast" : "unicast", typeGiven: false, onlink: false };
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === "src") {
      req.src = getAddr(ctx, args.next(), req.family);
      if (req.family === "unspec") req.family = req.src.family;
    } else if (w === "via") {
      if (req.via !== undefined) invarg(ctx, "use nexthop syntax to specify multiple via\n", w);
      let v = args.next();
      const fam: Family | undefined = ({ inet: "inet", inet6: "inet6" } as Record<string, Family>)[v];
      if (fam !== undefined) v = args.next();
      req.via = getAddr(ctx, v, fam ?? req.family);
      if (req.family === "unspec") req.family = req.via.family;
    } else if (w === "tos" || abbrev(w, "dsfield")) {
      const v = args.next();
      req.tos = /^(0x[0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : invarg(ctx, '"tos" value is invalid\n', v);
    } else if (abbrev(w, "metric") || abbrev(w, "priority") || w === "preference") {
      const v = args.next();
      const n = /^(0[xX][0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : NaN;
      req.metric = n <= 0xffffffff ? n : invarg(ctx, '"metric" value is invalid\n', v);
    } else if (w === "scope") {
      const v = args.next();
      req.scope = scopeId(v) ?? invarg(ctx, 'invalid "scope" value\n', v);
    } else if (w === "onlink") req.onlink = true;
    else if (abbrev(w, "protocol")) {
      const v = args.next();
      req.proto = protoId(v) ?? invarg(ctx, '"protocol" value is invalid\n', v);
    } else if (abbrev(w, "table")) {
      const v = args.next();
      req.table = tableId(v) ?? invarg(ctx, '"table" value is invalid\n', v);
    } else if (w === "dev" || w === "oif") req.dev = args.next();
    else if (["mtu", "advmss", "hoplimit", "window", "cwnd", "initcwnd", "initrwnd", "realms", "expires", "pref"].includes(w)) {
      args.next();
      die(ctx, `nfsim: route attribute "${w}" is not emulated\n`, 1);
    } else {
      let v = w;
      if (v === "to") v = args.next();
      if (!/^[0-9]/.test(v)) {
        const t = routeTypeOf(v);
        if (t !== undefined) {
          req.type = t;
          req.typeGiven = true;
          v = args.next();
        }
      }
      if (abbrev(v, "help")) usage(ctx);
      if (req.dst !== undefined) duparg2(ctx, "to", v);
      req.dst = getPrefix(ctx, v, req.family);
      if (req.family === "unspec") req.family = req.dst.family;
    }
  }
  if (req.dst === undefined) usage(ctx);
  return req;
}

/** The defaults iproute_modify fills in: table local for local/broadcast, scope by type and gateway. */
function configOf(ctx: IpCtx, req: ModifyReq, del: boolean): RouteConfig & { scopeGiven: boolean } {
  const dst = req.dst ?? usage(ctx);
  const table = req.table ?? (["local", "broadcast", "nat", "anycast"].includes(req.type) ? TABLE_LOCAL : TABLE_MAIN);
  let scope = req.scope;
  if (scope === undefined) {
    if (req.type === "local" || req.type === "nat") scope = SCOPE_HOST;
    else if (req.type === "broadcast" || req.type === "multicast" || req.type === "anycast") scope = SCOPE_LINK;
    else if (req.type === "unicast") scope = del ? SCOPE_NOWHERE : req.via === undefined ? SCOPE_LINK : 0;
    else scope = del ? SCOPE_NOWHERE : 0;
  }
  const ns = netns(ctx);
  const dev = req.dev === undefined ? undefined : (deviceByName(ns, req.dev) ?? nodev(ctx, req.dev)).ifindex;
  return {
    table,
    type: req.type,
    dst: dst.v4,
    prefixLen: dst.bitlen,
    ...(req.tos ? { tos: req.tos } : {}),
    ...(dev !== undefined ? { dev } : {}),
    ...(req.via !== undefined ? { via: req.via.v4 } : {}),
    ...(req.src !== undefined ? { src: req.src.v4 } : {}),
    ...(req.metric !== undefined ? { metric: req.metric } : {}),
    proto: req.proto ?? (del ? 0 : RTPROT_BOOT),
    scope,
    ...(req.onlink ? { onlink: true } : {}),
    scopeGiven: req.scope !== undefined,
  };
}

function modify(ctx: IpCtx, argv: string[], flags: InsertFlags | "del"): number {
  const del = flags === "del";
  const req = parseModify(ctx, argv, del);
  if (req.family === "inet6") return modify6(ctx, req, flags);
  const cfg = configOf(ctx, req, del);
  const ns = netns(ctx);
  talk(ctx, () => {
    if (!del) {
      addRoute(ns, cfg, flags);
      return;
    }
    deleteRoute(ns, {
      table: cfg.table,
      dst: cfg.dst,
      prefixLen: cfg.prefixLen,
      ...(cfg.tos ? { tos: cfg.tos } : {}),
      ...(req.typeGiven ? { type: cfg.type } : {}),
      scope: cfg.scope,
      ...(cfg.src !== undefined ? { src: cfg.src } : {}),
      ...(req.proto !== undefined ? { proto: req.proto } : {}),
      ...(cfg.dev !== undefined ? { dev: cfg.dev } : {}),
      ...(cfg.via !== undefined ? { via: cfg.via } : {}),
      ...(cfg.metric !== undefined ? { metric: cfg.metric } : {}),
    });
  });
  return 0;
}

/** `ip -6 route add/del/replace`: the same words, the IPv6 FIB's rules (route6.ts). */
function modify6(ctx: IpCtx, req: ModifyReq, flags: InsertFlags | "del"): number {
  const dst = req.dst ?? usage(ctx);
  const ns = netns(ctx);
  const dev = req.dev === undefined ? undefined : (deviceByName(ns, req.dev) ?? nodev(ctx, req.dev)).ifindex;
  const table = req.table ?? (req.type === "local" ? TABLE_LOCAL : TABLE_MAIN);
  talk(ctx, () => {
    if (flags === "del") {
      deleteRoute6(ns, {
        table,
        dst6: dst.v6,
        prefixLen: dst.bitlen,
        ...(dev !== undefined ? { dev } : {}),
        ...(req.via !== undefined ? { via6: req.via.v6 } : {}),
        ...(req.metric !== undefined ? { metric: req.metric } : {}),
        ...(req.proto !== undefined ? { proto: req.proto } : {}),
      });
      return;
    }
    addRoute6(
      ns,
      {
        table,
        type: req.type,
        dst6: dst.v6,
        prefixLen: dst.bitlen,
        ...(dev !== undefined ? { dev } : {}),
        ...(req.via !== undefined ? { via6: req.via.v6 } : {}),
        ...(req.src !== undefined ? { src6: req.src.v6 } : {}),
        ...(req.metric !== undefined ? { metric: req.metric } : {}),
        proto: req.proto ?? RTPROT_BOOT,
      },
      flags.replace ? { replace: true } : { excl: true },
    );
  });
  return 0;
}

const COMMANDS: readonly [string, (ctx: IpCtx, argv: string[]) => number][] = [
  ["add", (ctx, a) => modify(ctx, a, { excl: true })],
  ["change", (ctx, a) => modify(ctx, a, { replace: true })],
  ["replace", (ctx, a) => modify(ctx, a, { replace: true })],
  ["prepend", (ctx, a) => modify(ctx, a, {})],
  ["append", (ctx, a) => modify(ctx, a, { append: true })],
  ["test", (ctx, a) => modify(ctx, a, { excl: true })],
  ["delete", (ctx, a) => modify(ctx, a, "del")],
  ["list", list],
  ["show", list],
  ["lst", list],
  ["get", get],
  ["flush", flush],
  ["help", (ctx) => usage(ctx)],
];

export function doRoute(ctx: IpCtx, argv: string[]): number {
  if (argv.length === 0) return list(ctx, []);
  const word = argv[0] ?? "";
  if (word === "chg") return modify(ctx, argv.slice(1), { replace: true });
  const hit = COMMANDS.find(([name]) => abbrev(word, name));
  if (hit === undefined) return die(ctx, `Command "${word}" is unknown, try "ip route help".\n`, 255);
  return hit[1](ctx, argv.slice(1));
}
