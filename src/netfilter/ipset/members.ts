// Adding, deleting and finding one element with its extensions, as the set types'
// generic code does it (net/netfilter/ipset/ip_set_hash_gen.h mtype_add/mtype_del/
// mtype_test, ip_set_bitmap_gen.h, ip_set_list_set.c), on the virtual clock.
import { elemKey, netmask } from "./element.ts";
import { KernelError, type SetCommand } from "./errors.ts";
import type { Count, Elem, IpSet, Member, SkbInfo } from "./types.ts";

/** struct ip_set_ext: what an add brings besides the element. */
export interface Ext {
  /** Seconds; undefined takes the set's default; 0 is permanent. */
  readonly timeout?: number;
  /** Counter values to set (userspace "packets N"; kernel adds start at 1 packet, the packet's length). */
  readonly packets?: Count;
  readonly bytes?: Count;
  readonly comment?: string;
  readonly skb?: SkbInfo;
  readonly nomatch?: boolean;
}

/** SET_ELEM_EXPIRED: the element's timeout has passed (some time always passes before a command sees it). */
export function expired(m: Member, now: number): boolean {
  return m.expires !== undefined && now >= m.expires;
}

/** The garbage collector's work, done before a command looks at the set. */
export function purgeExpired(set: IpSet, now: number): void {
  for (const [key, m] of Object.entries(set.members)) if (expired(m, now)) removeKey(set, key);
}

/** The live element stored under `key`, if any. */
export function lookup(set: IpSet, key: string, now: number): Member | undefined {
  const m = set.members[key];
  return m !== undefined && !expired(m, now) ? m : undefined;
}

export function liveCount(set: IpSet, now: number): number {
  return Object.values(set.members).filter((m) => !expired(m, now)).length;
}

const netsCache = new WeakMap<Record<string, Member>, number[]>();

function removeKey(set: IpSet, key: string): void {
  delete set.members[key];
  netsCache.delete(set.members);
}

/** h->nets: the prefix lengths present, most specific first (mtype_add_cidr keeps them sorted). */
export function netsPresent(set: IpSet): number[] {
  let nets = netsCache.get(set.members);
  if (nets === undefined) {
    nets = [...new Set(Object.values(set.members).map((m) => m.elem.cidr ?? 32))].sort((a, b) => b - a);
    netsCache.set(set.members, nets);
  }
  return nets;
}

/** The element with its address part narrowed to a prefix length. */
export function withCidr(e: Elem, cidr: number): Elem {
  return { ...e, ip: ((e.ip ?? 0) & netmask(cidr)) >>> 0, cidr };
}

/** ip_set_timeout_set: the expiry of an element added now with `ext`. */
function expiryOf(set: IpSet, ext: Ext, now: number): number | undefined {
  if (set.header.timeout === undefined) return undefined;
  const seconds = ext.timeout ?? set.header.timeout;
  return seconds === 0 ? undefined : now + seconds * 1000;
}

/** The extensions of an element (re)written by an add: counters only when given, comment replaced. */
function writeExtensions(set: IpSet, m: Member, ext: Ext, now: number): void {
  const { header } = set;
  if (header.counters) {
    if (ext.packets !== undefined) m.packets = ext.packets;
    if (ext.bytes !== undefined) m.bytes = ext.bytes;
  }
  if (header.comment) {
    if (ext.comment !== undefined && ext.comment !== "") m.comment = ext.comment;
    else delete m.comment;
  }
  if (header.skbinfo) {
    if (ext.skb !== undefined) m.skb = ext.skb;
    else delete m.skb;
  }
  if (ext.nomatch) m.nomatch = true;
  else delete m.nomatch;
  const expires = expiryOf(set, ext, now);
  if (expires !== undefined) m.expires = expires;
  else delete m.expires;
}

function freshMember(set: IpSet, elem: Elem): Member {
  return set.header.counters ? { elem, packets: 0, bytes: 0 } : { elem };
}

export interface AddOptions {
  readonly exist: boolean;
  readonly now: number;
  readonly cmd?: SetCommand;
}

/**
 * mtype_add: a new element, or with `exist` (or over an expired one) its extensions
 * rewritten. A full set refuses, unless forceadd makes room by dropping the oldest element.
 */
export function addElem(set: IpSet, elem: Elem, ext: Ext, opts: AddOptions): void {
  const key = elemKey(set.type, elem);
  const old = set.members[key];
  if (old !== undefined && !expired(old, opts.now)) {
    if (!opts.exist) throw new KernelError("EXIST", opts.cmd ?? "add");
    writeExtensions(set, old, ext, opts.now);
    return;
  }
  if (old === undefined && isFull(set, opts.now)) {
    const victim = set.header.forceadd ? Object.keys(set.members)[0] : undefined;
    if (victim === undefined) throw new KernelError("HASH_FULL", opts.cmd ?? "add");
    removeKey(set, victim);
  }
  const m = old ?? freshMember(set, elem);
  if (old !== undefined) Object.assign(m, freshMember(set, elem));
  writeExtensions(set, m, ext, opts.now);
  if (old === undefined) {
    set.members[key] = m;
    netsCache.delete(set.members);
  }
  growHash(set, opts.now);
}

/** A hash set at maxelem (a list:set's size no longer limits it: list_set_uadd never checks it). */
function isFull(set: IpSet, now: number): boolean {
  const limit = set.header.maxelem;
  return limit !== undefined && liveCount(set, now) >= limit;
}

/**
 * The kernel doubles a hash table when a bucket overflows; with a random hash that
 * happens around three elements per bucket, which is the rule nfsim applies.
 */
function growHash(set: IpSet, now: number): void {
  const size = set.header.hashsize;
  if (size === undefined) return;
  let grown = size;
  const n = liveCount(set, now);
  while (n > 3 * grown) grown *= 2;
  if (grown !== size) set.header = { ...set.header, hashsize: grown };
}

/** mtype_del: removes a live element; a missing or expired one is IPSET_ERR_EXIST. */
export function delElem(set: IpSet, elem: Elem, now: number, exist: boolean): void {
  const key = elemKey(set.type, elem);
  if (lookup(set, key, now) === undefined) {
    if (exist) return;
    throw new KernelError("EXIST", "del");
  }
  removeKey(set, key);
}
