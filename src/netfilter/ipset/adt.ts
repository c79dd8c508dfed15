// The kernel side of `ipset add/del/test`: each type's uadt (net/netfilter/ipset/
// ip_set_hash_ip.c, _net.c, _ipport.c, _netport.c, _ipportip.c, ip_set_bitmap_port.c,
// ip_set_list_set.c) turns the parsed data into elements (ranges become many) and applies
// the command to each, stopping at the first refusal unless it is an "already there" and
// -exist was given.
import { elemKey, netmask, protoWithPorts, IPPROTO_ICMP } from "./element.ts";
import { KernelError, type SetCommand } from "./errors.ts";
import { addElem, delElem, lookup, netsPresent, withCidr, type Ext } from "./members.ts";
import type { AdtData } from "./parse.ts";
import { addToList, delFromList, testInList } from "./listset.ts";
import type { Elem, IpSet, IpsetStore, Member } from "./types.ts";

export type AdtCommand = "add" | "del" | "test";

export interface AdtContext {
  readonly store: IpsetStore;
  readonly now: number;
  /** -exist: "already added" / "not added" are not errors. */
  readonly exist: boolean;
}

/**
 * nfsim's bound on the elements one command may make: the kernel walks any range, but a
 * JSON world cannot hold a /8 of hosts.
 */
const MAX_RANGE = 1 << 20;

/** ip_set_get_extensions: the extensions an element brings, refused when the set lacks them. */
function extensionsOf(set: IpSet, d: AdtData, cmd: SetCommand): Ext {
  const h = set.header;
  if (d.timeout !== undefined && h.timeout === undefined) throw new KernelError("TIMEOUT", cmd);
  if ((d.packets !== undefined || d.bytes !== undefined) && !h.counters) throw new KernelError("COUNTER", cmd);
  if (d.comment !== undefined && !h.comment) throw new KernelError("COMMENT", cmd);
  if ((d.skbmark !== undefined || d.skbprio !== undefined || d.skbqueue !== undefined) && !h.skbinfo) {
    throw new KernelError("SKBINFO", cmd);
  }
  const skb = h.skbinfo && (d.skbmark || d.skbprio || d.skbqueue)
    ? { mark: d.skbmark?.mark ?? 0, mask: d.skbmark?.mask ?? 0, prio: d.skbprio ?? 0, queue: d.skbqueue ?? 0 }
    : undefined;
  return {
    ...(d.timeout !== undefined ? { timeout: d.timeout } : {}),
    ...(d.packets !== undefined ? { packets: d.packets } : {}),
    ...(d.bytes !== undefined ? { bytes: d.bytes } : {}),
    ...(d.comment !== undefined ? { comment: d.comment } : {}),
    ...(skb !== undefined ? { skb } : {}),
    ...(d.nomatch ? { nomatch: true } : {}),
  };
}

/** Runs add or del over every element of a range, as the uadt loops do. */
function each(set: IpSet, elems: Iterable<Elem>, cmd: "add" | "del", ext: Ext, ctx: AdtContext): void {
  let count = 0;
  for (const e of elems) {
    if (++count > MAX_RANGE) throw new KernelError("ERANGE", cmd);
    if (cmd === "add") addElem(set, e, ext, { exist: ctx.exist, now: ctx.now, cmd });
    else delElem(set, e, ctx.now, ctx.exist);
  }
}

/** ip_set_mask_from_to. */
function cidrRange(ip: number, cidr: number): [number, number] {
  const from = (ip & netmask(cidr)) >>> 0;
  return [from, (from | ~netmask(cidr)) >>> 0];
}

/** The first and last address of the IP part: a single address, "a-b" (swapped if reversed) or "a/cidr". */
function ipRange(d: AdtData, cmd: SetCommand): [number, number] {
  const ip = d.ip ?? 0;
  if (d.ipTo !== undefined) return ip <= d.ipTo ? [ip, d.ipTo] : [d.ipTo, ip];
  if (d.cidr !== undefined) {
    if (d.cidr === 0 || d.cidr > 32) throw new KernelError("INVALID_CIDR", cmd);
    return cidrRange(ip, d.cidr);
  }
  return [ip, ip];
}

/** ip_set_range_to_cidr: the largest prefix starting at `from` that stays within `to`. */
export function rangeToCidr(from: number, to: number): { cidr: number; last: number } {
  for (let cidr = 0; cidr <= 32; cidr++) {
    const [first, last] = cidrRange(from, cidr);
    if (first === from && last <= to) return { cidr, last };
  }
  return { cidr: 32, last: from };
}

function* hostsOf(from: number, to: number, step: number): Generator<Elem> {
  for (let ip = from; ip <= to; ip += step) yield { ip };
}

function* netsOf(from: number, to: number): Generator<{ ip: number; cidr: number }> {
  let ip = from;
  for (;;) {
    const { cidr, last } = rangeToCidr(ip, to);
    yield { ip, cidr };
    if (last >= to) return;
    ip = last + 1;
  }
}

function portRange(d: AdtData): [number, number] {
  const port = d.port ?? 0;
  if (d.portTo === undefined || !protoWithPorts(d.proto ?? 6)) return [port, port];
  return port <= d.portTo ? [port, d.portTo] : [d.portTo, port];
}

/** Non-port protocols keep port 0, except ICMP's type/code (hash_ipport4_uadt). */
function portOf(d: AdtData): number {
  const proto = d.proto ?? 6;
  return protoWithPorts(proto) || proto === IPPROTO_ICMP ? (d.port ?? 0) : 0;
}

function checkProto(d: AdtData, cmd: SetCommand): number {
  if (d.proto === 0) throw new KernelError("INVALID_PROTO", cmd);
  return d.proto ?? 6;
}

// ---- hash:ip ----

function hashIp(set: IpSet, d: AdtData, cmd: AdtCommand, ctx: AdtContext, ext: Ext): boolean {
  const mask = netmask(set.header.netmask ?? 32);
  const ip = ((d.ip ?? 0) & mask) >>> 0;
  if (ip === 0) throw new KernelError("HASH_ELEM", cmd);
  if (cmd === "test") return lookup(set, elemKey(set.type, { ip }), ctx.now) !== undefined;
  const [first, to] = ipRange({ ...d, ip }, cmd);
  if (d.ipTo !== undefined && (d.ip ?? 0) > d.ipTo && d.ipTo === 0) throw new KernelError("HASH_ELEM", cmd);
  const from = (first & mask) >>> 0;
  const step = 2 ** (32 - (set.header.netmask ?? 32));
  each(set, hostsOf(from, to, step), cmd, ext, ctx);
  return true;
}

// ---- hash:net and hash:net,port ----

/** mtype_test_cidrs: the most specific prefix present that holds the address decides. */
export function testNets(set: IpSet, e: Elem, now: number, onMatch?: (m: Member) => boolean): number {
  for (const cidr of netsPresent(set)) {
    const m = lookup(set, elemKey(set.type, withCidr(e, cidr)), now);
    if (m === undefined) continue;
    if (onMatch !== undefined && !onMatch(m)) continue;
    return m.nomatch ? -1 : 1;
  }
  return 0;
}

/** A hash:net test from userspace: the exact prefix given, or with none the longest match. */
function testNet(set: IpSet, e: Elem, d: AdtData, now: number): boolean {
  const result = (e.cidr ?? 32) === 32 ? testNets(set, e, now) : nomatchResult(lookup(set, elemKey(set.type, e), now));
  // ip_set_enomatch: with the nomatch flag, an exception element counts as present.
  return result > 0 || (result < 0 && d.nomatch === true);
}

function nomatchResult(m: Member | undefined): number {
  return m === undefined ? 0 : m.nomatch ? -1 : 1;
}

function hashNet(set: IpSet, d: AdtData, cmd: AdtCommand, ctx: AdtContext, ext: Ext): boolean {
  const cidr = d.cidr ?? 32;
  if (d.cidr !== undefined && (d.cidr === 0 || d.cidr > 32)) throw new KernelError("INVALID_CIDR", cmd);
  const withPort = set.type === "hash:net,port";
  const proto = withPort ? checkProto(d, cmd) : 0;
  const portPart = withPort ? { proto, port: portOf(d) } : {};
  const single = withCidr({ ip: d.ip ?? 0, ...portPart }, cidr);
  if (cmd === "test") return testNet(set, single, d, ctx.now);
  const [pFrom, pTo] = set.type === "hash:net,port" ? portRange(d) : [0, 0];
  if (d.ipTo === undefined && pFrom === pTo) {
    each(set, [single], cmd, ext, ctx);
    return true;
  }
  const [from, to] = d.ipTo === undefined ? cidrRange(d.ip ?? 0, cidr) : ipRange(d, cmd);
  if (from === 0 && to === 0xffffffff) throw new KernelError("HASH_RANGE", cmd);
  const elems = function* (): Generator<Elem> {
    for (const net of netsOf(from, to)) {
      if (!withPort) yield net;
      else for (let p = pFrom; p <= pTo; p++) yield { ...net, proto, port: protoWithPorts(proto) ? p : portOf(d) };
    }
  };
  each(set, elems(), cmd, ext, ctx);
  return true;
}

// ---- hash:ip,port and hash:ip,port,ip ----

function hashIpPort(set: IpSet, d: AdtData, cmd: AdtCommand, ctx: AdtContext, ext: Ext): boolean {
  const ip = ((d.ip ?? 0) & netmask(set.header.netmask ?? 32)) >>> 0;
  // hash_ipport4_uadt refuses a null address; hash_ipportip4_uadt takes it.
  if (ip === 0 && set.type === "hash:ip,port") throw new KernelError("EINVAL", cmd);
  const proto = checkProto(d, cmd);
  const third = set.type === "hash:ip,port,ip" ? { ip2: d.ip2 ?? 0 } : {};
  const single: Elem = { ip, proto, port: portOf(d), ...third };
  if (cmd === "test") return lookup(set, elemKey(set.type, single), ctx.now) !== undefined;
  const [from, to] = ipRange({ ...d, ip }, cmd);
  const [pFrom, pTo] = portRange(d);
  const elems = function* (): Generator<Elem> {
    for (let host = from; host <= to; host++) {
      for (let p = pFrom; p <= pTo; p++) yield { ip: host, proto, port: protoWithPorts(proto) ? p : single.port ?? 0, ...third };
    }
  };
  each(set, elems(), cmd, ext, ctx);
  return true;
}

// ---- bitmap:port ----

function bitmapPort(set: IpSet, d: AdtData, cmd: AdtCommand, ctx: AdtContext, ext: Ext): boolean {
  const range = set.header.range ?? { first: 0, last: 65535 };
  let port = d.port ?? 0;
  if (port < range.first || port > range.last) throw new KernelError("BITMAP_RANGE", cmd);
  if (cmd === "test") return lookup(set, elemKey(set.type, { port }), ctx.now) !== undefined;
  let to = d.portTo ?? port;
  if (port > to) {
    [port, to] = [to, port];
    if (port < range.first) throw new KernelError("BITMAP_RANGE", cmd);
  }
  if (to > range.last) throw new KernelError("BITMAP_RANGE", cmd);
  const elems = [];
  for (let p = port; p <= to; p++) elems.push({ port: p });
  each(set, elems, cmd, ext, ctx);
  return true;
}

/**
 * The kernel's answer to one add, del or test: for test, whether the element is in the
 * set; add and del return true or throw the refusal.
 */
export function uadt(set: IpSet, d: AdtData, cmd: AdtCommand, ctx: AdtContext): boolean {
  const ext = extensionsOf(set, d, cmd);
  switch (set.type) {
    case "hash:ip":
      return hashIp(set, d, cmd, ctx, ext);
    case "hash:net":
    case "hash:net,port":
      return hashNet(set, d, cmd, ctx, ext);
    case "hash:ip,port":
    case "hash:ip,port,ip":
      return hashIpPort(set, d, cmd, ctx, ext);
    case "bitmap:port":
      return bitmapPort(set, d, cmd, ctx, ext);
    case "list:set":
      return listSet(set, d, cmd, ctx, ext);
  }
}

function listSet(set: IpSet, d: AdtData, cmd: AdtCommand, ctx: AdtContext, ext: Ext): boolean {
  const target = { name: d.name ?? "", ...(d.nameref !== undefined ? { ref: d.nameref, before: d.before === true } : {}) };
  if (cmd === "add") addToList(ctx.store, set, target, ext, ctx);
  else if (cmd === "del") delFromList(ctx.store, set, target, ctx);
  else return testInList(ctx.store, set, target, ctx.now);
  return true;
}
