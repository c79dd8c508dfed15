// The name tables iproute2 reads from lib/rt_names.c, ip/rtm_map.c and Debian's
// /etc/iproute2/{rt_protos,rt_scopes,rt_tables}: protocols, scopes, tables, route types.
import type { RouteType } from "../../stack/types.ts";

const PROTOS: Record<number, string> = {
  0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra", 10: "mrt", 11: "zebra",
  12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp", 18: "keepalived", 42: "babel", 99: "openr",
  186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
};

const SCOPES: Record<number, string> = { 0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere" };

const TABLES: Record<number, string> = { 0: "unspec", 253: "default", 254: "main", 255: "local" };

/** strtoul(arg, &end, 0) over the whole word, as rtnl_*_a2n fall back to. */
export function strtoul0(arg: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(arg);
  if (!m) return undefined;
  const body = m[2] ?? "";
  const v = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : parseInt(body, 10);
  return m[1] === "-" ? (v === 0 ? 0 : 2 ** 64 - v) : v;
}

function byName(table: Record<number, string>, arg: string, max: number): number | undefined {
  for (const [id, name] of Object.entries(table)) if (name === arg) return Number(id);
  const v = strtoul0(arg);
  return v === undefined || v > max ? undefined : v;
}

export const protoName = (id: number, numeric = false): string => (numeric ? undefined : PROTOS[id]) ?? String(id);
export const protoId = (arg: string): number | undefined => byName(PROTOS, arg, 255);
export const scopeName = (id: number, numeric = false): string => (numeric ? undefined : SCOPES[id]) ?? String(id);
export const scopeId = (arg: string): number | undefined => byName(SCOPES, arg, 255);
export const tableName = (id: number, numeric = false): string => (numeric ? undefined : TABLES[id]) ?? String(id);
export const tableId = (arg: string): number | undefined => byName(TABLES, arg, 0xffffffff);

/** matches(): `arg` is a non-empty prefix of `word`. */
export function abbrev(arg: string, word: string): boolean {
  return arg !== "" && word.startsWith(arg);
}

const TYPE_NUM: Record<RouteType, number> = {
  unicast: 1, local: 2, broadcast: 3, anycast: 4, multicast: 5, blackhole: 6, unreachable: 7, prohibit: 8, throw: 9, nat: 10,
};

export function routeTypeNum(t: RouteType): number {
  return TYPE_NUM[t];
}

/** rtnl_rtntype_a2n: some names may be abbreviated, "local", "nat" and "throw" may not. */
export function routeTypeOf(arg: string): RouteType | undefined {
  if (arg === "local") return "local";
  if (arg === "nat") return "nat";
  if (abbrev(arg, "broadcast") || arg === "brd") return "broadcast";
  if (abbrev(arg, "anycast")) return "anycast";
  if (abbrev(arg, "multicast")) return "multicast";
  if (abbrev(arg, "prohibit")) return "prohibit";
  if (abbrev(arg, "unreachable")) return "unreachable";
  if (abbrev(arg, "blackhole")) return "blackhole";
  if (abbrev(arg, "unicast")) return "unicast";
  if (arg === "throw") return "throw";
  const n = strtoul0(arg);
  return (Object.keys(TYPE_NUM) as RouteType[]).find((t) => TYPE_NUM[t] === n);
}

/** Whether rtnl_rtntype_a2n would accept the word at all (numbers included). */
export function isRouteTypeWord(arg: string): boolean {
  if (routeTypeOf(arg) !== undefined) return true;
  const n = strtoul0(arg);
  return n !== undefined && n <= 255;
}
