// Routing options of a filter rule (parse.y route, routespec, route_host) and the pool
// options shared with translation rules (pool_opts, hashkey).
import type { Af } from "./addr.ts";
import type { HostNode } from "./hosts.ts";
import type { Parser } from "./parse.ts";
import type { PfPool, PfRule, PoolType } from "./types.ts";

export interface PoolOpts {
  type: PoolType;
  sticky: boolean;
  staticPort: boolean;
  key?: string;
}

export interface RouteSpec {
  readonly rt: NonNullable<PfRule["rt"]>;
  readonly hosts: HostNode[];
  readonly pool: PoolOpts;
}

/** pool_opts: bitmask, random, source-hash [key], round-robin, static-port, sticky-address. */
export function poolOpts(p: Parser): PoolOpts {
  const o: PoolOpts = { type: "none", sticky: false, staticPort: false };
  const setType = (type: PoolType) => {
    if (o.type !== "none") p.ts.fail("pool type cannot be redefined");
    o.type = type;
  };
  for (;;) {
    if (p.ts.acceptKw("bitmask")) setType("bitmask");
    else if (p.ts.acceptKw("random")) setType("random");
    else if (p.ts.acceptKw("round-robin")) setType("round-robin");
    else if (p.ts.acceptKw("source-hash")) {
      setType("source-hash");
      o.key = hashKey(p);
    } else if (p.ts.acceptKw("static-port")) {
      if (o.staticPort) p.ts.fail("static-port cannot be redefined");
      o.staticPort = true;
    } else if (p.ts.acceptKw("sticky-address")) {
      if (o.sticky) p.ts.fail("sticky-address cannot be redefined");
      o.sticky = true;
    } else return o;
  }
}

/** hashkey: a 0x-prefixed 128-bit key, or a random one (arc4random) when none is given. */
function hashKey(p: Parser): string {
  const t = p.ts.peek();
  if (t.kind !== "string") return Array.from({ length: 4 }, () => Math.floor(p.random() * 0x100000000).toString(16).padStart(8, "0")).join("");
  p.ts.next();
  if (!t.text.startsWith("0x")) p.ts.fail("only hex keys (0x...) are supported by nfsim");
  if (t.text.length !== 34) p.ts.fail("hex key must be 128 bits (32 hex digits) long");
  if (!/^0x[0-9a-fA-F]{32}$/.test(t.text)) p.ts.fail("invalid hex key");
  return t.text.slice(2).toLowerCase();
}

function routeHost(p: Parser): HostNode[] {
  if (!p.ts.acceptPunct("(")) {
    return [{ addr: { type: "any" }, not: false, af: 0, ifname: p.ts.expectString() }];
  }
  const ifname = p.ts.expectString();
  const hosts = p.terms.host();
  p.ts.expectPunct(")");
  return hosts.map((h) => ({ ...h, ifname }));
}

/** route: fastroute | route-to / reply-to / dup-to routespec pool_opts. */
export function parseRoute(p: Parser): RouteSpec | undefined {
  if (p.ts.acceptKw("fastroute")) return { rt: "fastroute", hosts: [], pool: { type: "none", sticky: false, staticPort: false } };
  const kinds = ["route-to", "reply-to", "dup-to"] as const;
  const rt = kinds.find((k) => p.ts.isKw(k));
  if (rt === undefined) return undefined;
  p.ts.next();
  const hosts = p.terms.list(() => routeHost(p)).flat();
  const first = hosts[0];
  if (first !== undefined && hosts.some((h) => h.af !== 0 && first.af !== 0 && h.af !== first.af)) {
    p.ts.fail("all pool addresses must be in the same address family");
  }
  return { rt, hosts, pool: poolOpts(p) };
}

/** remove_invalid_hosts(): drops hosts of another family, settling an unset family on the first. */
export function removeInvalidHosts(hosts: readonly HostNode[], af: Af): { hosts: HostNode[]; af: Af } {
  let fam = af;
  const out: HostNode[] = [];
  for (const h of hosts) {
    if (fam && h.af && h.af !== fam) continue;
    if (h.af && !fam) fam = h.af;
    out.push(h);
  }
  return { hosts: out, af: fam };
}

/** DYNIF_MULTIADDR: an interface address without `:0` may stand for several. */
export function multiAddr(h: HostNode): boolean {
  return h.addr.type === "dynif" && !h.addr.mods.includes("0");
}

/** The routing part of a filter rule once its address family is known. */
export function finishRoute(p: Parser, spec: RouteSpec, af: Af): { af: Af; rpool: PfPool; hosts: HostNode[] } {
  let type = spec.pool.type;
  if (spec.rt === "fastroute") return { af, rpool: { addrs: [], type, sticky: spec.pool.sticky, proxyPort: [0, 0] }, hosts: [] };
  const decided = af !== 0 ? af : spec.hosts.every((h) => h.af === spec.hosts[0]?.af) ? (spec.hosts[0]?.af ?? 0) : 0;
  const r = removeInvalidHosts(spec.hosts, decided);
  const first = r.hosts[0];
  if (first === undefined) p.ts.fail("no routing address with matching address family found.");
  if (type === "none" && (r.hosts.length > 1 || first.addr.type === "table" || multiAddr(first))) type = "round-robin";
  if (type !== "round-robin") {
    const table = r.hosts.find((h) => h.addr.type === "table");
    if (table) p.ts.fail("tables are only supported in round-robin routing pools");
    const alias = r.hosts.find(multiAddr);
    if (alias && alias.addr.type === "dynif") p.ts.fail(`interface (${alias.addr.ifname}) is only supported in round-robin routing pools`);
    if (r.hosts.length > 1) p.ts.fail("r.rpool.opts must be PF_POOL_ROUNDROBIN");
  }
  const rpool: PfPool = { addrs: [], type, sticky: spec.pool.sticky, ...(spec.pool.key ? { key: spec.pool.key } : {}), proxyPort: [0, 0] };
  return { af: r.af, rpool, hosts: r.hosts };
}
