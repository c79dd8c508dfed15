// Sets seen from a packet: ip_set_test/ip_set_add/ip_set_del of ip_set_core.c and each
// type's kadt, which take the element's parts from the packet's source or destination
// (ip_set_getport.c for ports and ICMP type/code).
import type { Ipv4Header, Transport } from "../../wire/packet.ts";
import { elemKey, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, netmask, protoWithPorts } from "./element.ts";
import { addElem, delElem, expired, lookup, netsPresent, withCidr, type Ext } from "./members.ts";
import { testNets } from "./adt.ts";
import { addCount, findSet, type Count, type Elem, type IpSet, type IpsetStore, type Member, type SkbInfo } from "./types.ts";

export interface PacketView {
  readonly ip: Ipv4Header;
  readonly l4: Transport;
}

/** IPSET_COUNTER_*: how --packets-eq/lt/gt and --bytes-* compare. */
export type CounterOp = "eq" | "ne" | "lt" | "gt";

export interface CounterMatch {
  readonly op: CounterOp;
  /** Decimal text of a 64-bit value. */
  readonly value: string;
}

/** struct ip_set_adt_opt of a rule: the directions of each dimension and the flags. */
export interface PacketOpts {
  /** Per dimension, whether it is taken from the source (else the destination). */
  readonly dirs: readonly ("src" | "dst")[];
  readonly now: number;
  readonly returnNomatch?: boolean;
  readonly skipCounterUpdate?: boolean;
  readonly skipSubcounterUpdate?: boolean;
  readonly packets?: CounterMatch;
  readonly bytes?: CounterMatch;
}

/** ip_set_get_ip4_port: protocol and port (ICMP: type << 8 | code), or undefined when the packet has none to give. */
export function packetPort(p: PacketView, src: boolean): { proto: number; port: number } | undefined {
  const proto = p.ip.proto;
  if (proto <= 0) return undefined;
  const portless = !protoWithPorts(proto) && proto !== IPPROTO_ICMP;
  // Non-first fragments carry no port; protocols without ports match with port 0.
  if (p.ip.fragOffset !== 0) return portless ? { proto, port: 0 } : undefined;
  if (portless) return { proto, port: 0 };
  const l4 = p.l4;
  if (proto === IPPROTO_ICMP) return l4.kind === "icmp" ? { proto, port: (l4.type << 8) | l4.code } : undefined;
  if (l4.kind === "icmp" || l4.sport === undefined || l4.dport === undefined) return undefined;
  return { proto, port: src ? l4.sport : l4.dport };
}

function addr(p: PacketView, dir: "src" | "dst" | undefined): number {
  return dir === "src" ? p.ip.src : p.ip.dst;
}

/** The element of the packet for a set, as the type's kadt builds it (without a prefix length for hash:net). */
export function packetElem(set: IpSet, p: PacketView, dirs: readonly ("src" | "dst")[]): Elem | undefined {
  const [d1, d2, d3] = dirs;
  const mask = netmask(set.header.netmask ?? 32);
  switch (set.type) {
    case "hash:ip": {
      const ip = (addr(p, d1) & mask) >>> 0;
      return ip === 0 ? undefined : { ip };
    }
    case "hash:net":
      return { ip: addr(p, d1) };
    case "hash:ip,port":
    case "hash:ip,port,ip":
    case "hash:net,port": {
      const pp = packetPort(p, d2 === "src");
      if (pp === undefined) return undefined;
      const ip = set.type === "hash:net,port" ? addr(p, d1) : (addr(p, d1) & mask) >>> 0;
      if (ip === 0 && set.type !== "hash:net,port") return undefined;
      return { ip, ...pp, ...(set.type === "hash:ip,port,ip" ? { ip2: addr(p, d3) } : {}) };
    }
    case "bitmap:port": {
      const pp = packetPort(p, d1 === "src");
      if (pp === undefined || (pp.proto !== IPPROTO_TCP && pp.proto !== IPPROTO_UDP)) return undefined;
      const range = set.header.range ?? { first: 0, last: 65535 };
      return pp.port < range.first || pp.port > range.last ? undefined : { port: pp.port };
    }
    case "list:set":
      return undefined;
  }
}

/** ip_set_match_counter. */
function counterOk(count: Count | undefined, m: CounterMatch | undefined): boolean {
  if (m === undefined) return true;
  const value = BigInt(count ?? 0);
  const want = BigInt(m.value);
  switch (m.op) {
    case "eq": return value === want;
    case "ne": return value !== want;
    case "lt": return value < want;
    case "gt": return value > want;
  }
}

/** ip_set_match_extensions: a live element, its counters updated, then compared. */
function matchExtensions(set: IpSet, m: Member, p: PacketView, o: PacketOpts, compare: boolean): boolean {
  if (expired(m, o.now)) return false;
  if (set.header.counters) {
    if (!o.skipCounterUpdate) {
      m.packets = addCount(m.packets, 1);
      m.bytes = addCount(m.bytes, p.ip.length);
    }
    if (compare && !(counterOk(m.packets, o.packets) && counterOk(m.bytes, o.bytes))) return false;
  }
  return true;
}

export interface TestResult {
  readonly matched: boolean;
  /** The skbinfo of the element that matched, for `-j SET --map-set`. */
  readonly skb?: SkbInfo;
}

/** ip_set_test: whether the packet's element is in the set (return-nomatch swaps exceptions and elements). */
export function packetTest(store: IpsetStore, set: IpSet, p: PacketView, o: PacketOpts): TestResult {
  if (o.dirs.length < dimensionOf(set)) return { matched: false };
  const r = kadtTest(store, set, p, o);
  let ret = r.ret;
  if (o.returnNomatch && (set.type === "hash:net" || set.type === "hash:net,port") && ret !== 0) ret = -ret;
  return ret > 0 ? { matched: true, ...(r.skb !== undefined ? { skb: r.skb } : {}) } : { matched: false };
}

function dimensionOf(set: IpSet): number {
  return set.type === "hash:ip,port,ip" ? 3 : set.type === "hash:ip,port" || set.type === "hash:net,port" ? 2 : 1;
}

function kadtTest(store: IpsetStore, set: IpSet, p: PacketView, o: PacketOpts): { ret: number; skb?: SkbInfo } {
  const compare = o.packets !== undefined || o.bytes !== undefined;
  if (set.type === "list:set") return listTest(store, set, p, o, compare);
  const e = packetElem(set, p, o.dirs);
  if (e === undefined) return { ret: 0 };
  let hit: Member | undefined;
  const accept = (m: Member): boolean => {
    if (!matchExtensions(set, m, p, o, compare)) return false;
    hit = m;
    return true;
  };
  if (set.type === "hash:net" || set.type === "hash:net,port") {
    const ret = testNets(set, e, o.now, accept);
    return { ret, ...(hit?.skb !== undefined ? { skb: hit.skb } : {}) };
  }
  const m = lookup(set, elemKey(set.type, e), o.now);
  if (m === undefined || !accept(m)) return { ret: 0 };
  return { ret: 1, ...(m.skb !== undefined ? { skb: m.skb } : {}) };
}

/** list_set_ktest: the first member set that holds the packet, if the list's own element passes. */
function listTest(store: IpsetStore, set: IpSet, p: PacketView, o: PacketOpts, compare: boolean): { ret: number; skb?: SkbInfo } {
  const sub: PacketOpts = {
    dirs: o.dirs,
    now: o.now,
    ...(o.returnNomatch ? { returnNomatch: true } : {}),
    skipCounterUpdate: o.skipCounterUpdate === true || o.skipSubcounterUpdate === true,
  };
  for (const m of Object.values(set.members)) {
    const member = findSet(store, m.elem.name ?? "");
    if (member === undefined || !packetTest(store, member, p, sub).matched) continue;
    if (matchExtensions(set, m, p, o, compare)) return { ret: 1, ...(m.skb !== undefined ? { skb: m.skb } : {}) };
  }
  return { ret: 0 };
}

export interface PacketAddOpts {
  readonly dirs: readonly ("src" | "dst")[];
  readonly now: number;
  readonly exist: boolean;
  /** Seconds; undefined takes the set's default. */
  readonly timeout?: number;
}

/** ip_set_add from a packet (`-j SET --add-set`): failures are silent. */
export function packetAdd(store: IpsetStore, set: IpSet, p: PacketView, o: PacketAddOpts): boolean {
  if (o.dirs.length < dimensionOf(set)) return false;
  if (set.type === "list:set") {
    return Object.values(set.members).some((m) => {
      const member = findSet(store, m.elem.name ?? "");
      return !expired(m, o.now) && member !== undefined && packetAdd(store, member, p, o);
    });
  }
  const e = kernelElem(set, p, o.dirs);
  if (e === undefined) return false;
  const ext: Ext = { packets: 1, bytes: p.ip.length, ...(o.timeout !== undefined ? { timeout: o.timeout } : {}) };
  try {
    addElem(set, e, ext, { exist: o.exist, now: o.now });
    return true;
  } catch {
    return false;
  }
}

/** ip_set_del from a packet (`-j SET --del-set`). */
export function packetDel(store: IpsetStore, set: IpSet, p: PacketView, o: PacketAddOpts): boolean {
  if (o.dirs.length < dimensionOf(set)) return false;
  if (set.type === "list:set") {
    return Object.values(set.members).some((m) => {
      const member = findSet(store, m.elem.name ?? "");
      return !expired(m, o.now) && member !== undefined && packetDel(store, member, p, o);
    });
  }
  const e = kernelElem(set, p, o.dirs);
  if (e === undefined) return false;
  try {
    delElem(set, e, o.now, false);
    return true;
  } catch {
    return false;
  }
}

/** A hash:net element added from a packet takes the longest prefix in use, else /32 (hash_net4_kadt). */
function kernelElem(set: IpSet, p: PacketView, dirs: readonly ("src" | "dst")[]): Elem | undefined {
  const e = packetElem(set, p, dirs);
  if (e === undefined || (set.type !== "hash:net" && set.type !== "hash:net,port")) return e;
  return withCidr(e, netsPresent(set)[0] ?? 32);
}
