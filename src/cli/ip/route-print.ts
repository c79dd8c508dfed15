// print_route (ip/iproute.c): one route as `ip route` lists it, or as `ip route get`
// answers; and the order in which the kernel dumps its tables.
import { formatIpv6, ipv6InPrefix } from "../../stack/ipv6.ts";
import { deviceByIndex } from "../../stack/namespace.ts";
import { isV4, routeLinkdown, routesInDumpOrder } from "../../stack/route.ts";
import { RTPROT_BOOT, TABLE_MAIN, type NetNamespace, type Route } from "../../stack/types.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
import type { IpCtx } from "./context.ts";
import { protoName, scopeName, tableName } from "./names.ts";
import type { RouteFilter } from "./route.ts";

function dstText(r: Route): string {
  if (r.prefixLen === 0) return "default";
  const addr = isV4(r) ? formatIpv4(r.dst) : formatIpv6(r.dst6 ?? "");
  return r.prefixLen === (isV4(r) ? 32 : 128) ? addr : `${addr}/${String(r.prefixLen)}`;
}

export interface PrintExtras {
  /** An `ip route get` answer: IPv4 ones carry uid and cache flags, IPv6 ones "from ::" and their FIB route's fields. */
  readonly cloned?: {
    uid?: number; cache?: readonly string[]; srcText?: string; dev?: number; fromText?: string; v6?: boolean;
    /** RTA_MARK of the lookup (ip route get ... mark N). */
    mark?: number;
    /** An input route's RTA_IIF: such an answer has no uid. */
    iif?: string;
  };
}

/** print_route. */
export function printRoute(ctx: IpCtx, ns: NetNamespace, r: Route, f: RouteFilter | undefined, extras: PrintExtras = {}): void {
  const out = ctx.out;
  const numeric = ctx.opts.numeric;
  const v4 = isV4(r);
  const color = v4 ? "inet" : "inet6";
  out.openObject();
  if ((r.type !== "unicast" || ctx.opts.details > 0) && (f?.type === undefined || f.type === r.type)) out.str("any", "type", "%s ", r.type);
  out.str("any", "dst", "%s ", dstText(r), r.prefixLen === 0 ? "none" : color);
  if (extras.cloned?.fromText !== undefined) out.str("any", "from", "from %s ", extras.cloned.fromText, color);
  const gw = r.via !== undefined ? formatIpv4(r.via) : r.via6 !== undefined ? formatIpv6(r.via6) : undefined;
  if (gw !== undefined && f?.via?.bitlen !== (v4 ? 32 : 128)) {
    if (out.isJson) out.str("json", "gateway", "", gw);
    else {
      out.fp("via ");
      out.fp(`${gw} `, color);
    }
  }
  const devIndex = extras.cloned?.dev ?? r.dev;
  if (devIndex !== undefined && f?.dev === undefined) {
    const name = deviceByIndex(ns, devIndex)?.name ?? `if${String(devIndex)}`;
    if (out.isJson) out.str("json", "dev", "", name);
    else {
      out.fp("dev ");
      out.fp(`${name} `, "ifname");
    }
  }
  const v4get = extras.cloned !== undefined && !extras.cloned.v6;
  if (r.table && (r.table !== TABLE_MAIN || ctx.opts.details > 0) && !f?.table && !v4get) {
    out.str("any", "table", "table %s ", tableName(r.table, numeric));
  }
  if (!v4get) {
    if ((r.proto !== RTPROT_BOOT || ctx.opts.details > 0) && f?.proto === undefined) out.str("any", "protocol", "proto %s ", protoName(r.proto, numeric));
    if ((r.scope !== 0 || ctx.opts.details > 0) && f?.scope === undefined) out.str("any", "scope", "scope %s ", scopeName(r.scope, numeric));
  }
  const srcText = extras.cloned !== undefined ? extras.cloned.srcText : r.src !== undefined ? formatIpv4(r.src) : r.src6 !== undefined ? formatIpv6(r.src6) : undefined;
  if (srcText !== undefined && f?.src?.bitlen !== (v4 ? 32 : 128)) {
    if (out.isJson) out.str("json", "prefsrc", "", srcText);
    else {
      out.fp("src ");
      out.fp(`${srcText} `, color);
    }
  }
  if (v4 && r.metric && !v4get && f?.metric === undefined) out.num("any", "metric", "metric %u ", r.metric);
  else if (!v4 && f?.metric === undefined) out.num("any", "metric", "metric %u ", r.metric ?? 0);
  out.openArray("json", "flags");
  if (r.onlink) out.str("any", undefined, "%s ", "onlink");
  if (extras.cloned === undefined && routeLinkdown(ns, r)) out.str("any", undefined, "%s ", "linkdown");
  out.closeArray("json", "");
  if (v4get && extras.cloned !== undefined) printGotTail(ctx, extras.cloned);
  if (!v4) out.str("any", "pref", "pref %s", "medium");
  out.fp("\n");
  out.closeObject();
}

/** What follows the flags in an IPv4 `ip route get` answer: mark, uid, cache flags, iif. */
function printGotTail(ctx: IpCtx, c: NonNullable<PrintExtras["cloned"]>): void {
  const out = ctx.out;
  // print_route: a mark of 16 or more in hex, a zero mark not at all.
  if (c.mark) {
    if (out.isJson) out.num("json", "mark", "", c.mark);
    else out.fp(c.mark >= 16 ? `mark 0x${c.mark.toString(16)} ` : `mark ${String(c.mark)} `);
  }
  if (c.iif === undefined) out.num("any", "uid", "uid %u ", c.uid ?? 0);
  printCache(ctx, c.cache ?? []);
  if (c.iif !== undefined) out.str("any", "iif", "iif %s ", c.iif);
}

/** print_cache_flags: "    cache <local,brd> ". */
function printCache(ctx: IpCtx, flags: readonly string[]): void {
  const out = ctx.out;
  if (out.isJson) {
    out.openArray("json", "cache");
    for (const f of flags) out.str("json", undefined, "", f);
    out.closeArray("json", "");
    return;
  }
  out.fp(`${out.sl}    cache `);
  if (flags.length > 0) out.fp(`<${flags.join(",")}> `);
}

/** Table dump order: IPv4 tables, then IPv6 (by table, then the fib6 tree's post-order walk). */
export function dumpOrder(ns: NetNamespace): Route[] {
  const v6 = ns.routes
    .filter((r) => !isV4(r))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.table & 255) - (b.r.table & 255) || postOrder(a.r, b.r) || (a.r.metric ?? 0) - (b.r.metric ?? 0) || a.i - b.i)
    .map(({ r }) => r);
  return [...routesInDumpOrder(ns), ...v6];
}

/** fib6 walks a node's children before the node: a more specific prefix comes before one containing it. */
function postOrder(a: Route, b: Route): number {
  const common = Math.min(a.prefixLen, b.prefixLen);
  if (ipv6InPrefix(a.dst6 ?? "", b.dst6 ?? "", common)) return b.prefixLen - a.prefixLen;
  return (a.dst6 ?? "") < (b.dst6 ?? "") ? -1 : 1;
}
