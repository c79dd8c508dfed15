// NAT bindings (net/netfilter/nf_nat_core.c): on a connection's first packet, the tuple
// its replies will carry is chosen (nf_nat_setup_info → get_unique_tuple), unique in the
// table, inside the range the rule gave; later packets are rewritten to it.
import type { NatRange } from "../netfilter/context.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import { IPPROTO } from "../wire/packet.ts";
import { IPS, IPS_NAT_MASK, zoneId, type CtEntry } from "./entry.ts";
import { asLoaded, jhash2, reciprocalScale } from "../netfilter/jhash.ts";
import { allowsClash } from "./l4.ts";
import type { Manip } from "./nat-packet.ts";
import { deleteEntry, findEntry, sameSource, tupleTaken, type CtTable } from "./table.ts";
import { isSynSent, isTimeWaitOrLater, seqHasAdvanced } from "./tcp.ts";
import { DIR_ORIGINAL, DIR_REPLY, invertTuple, tupleEqual, type Tuple } from "./tuple.ts";

/** NF_NAT_RANGE_* flags (include/uapi/linux/netfilter/nf_nat.h). */
export const RANGE = {
  MAP_IPS: 1 << 0,
  PROTO_SPECIFIED: 1 << 1,
  PROTO_RANDOM: 1 << 2,
  PERSISTENT: 1 << 3,
  PROTO_RANDOM_FULLY: 1 << 4,
  PROTO_OFFSET: 1 << 5,
} as const;
const RANDOM_ALL = RANGE.PROTO_RANDOM | RANGE.PROTO_RANDOM_FULLY;

/** struct nf_nat_range2 for IPv4, host order. */
export interface KernelRange {
  readonly flags: number;
  readonly minAddr: Ipv4;
  readonly maxAddr: Ipv4;
  readonly minProto: number;
  readonly maxProto: number;
  readonly baseProto: number;
}

/** The range a NAT target's data describes, optionally with its address replaced (MASQUERADE, REDIRECT). */
export function kernelRange(data: NatRange, addr?: Ipv4): KernelRange {
  let flags = 0;
  if (data.addrs !== undefined || addr !== undefined) flags |= RANGE.MAP_IPS;
  if (data.ports !== undefined) flags |= RANGE.PROTO_SPECIFIED;
  if (data.ports?.base !== undefined) flags |= RANGE.PROTO_OFFSET;
  if (data.random) flags |= RANGE.PROTO_RANDOM;
  if (data.randomFully) flags |= RANGE.PROTO_RANDOM_FULLY;
  if (data.persistent) flags |= RANGE.PERSISTENT;
  return {
    flags,
    minAddr: addr ?? data.addrs?.min ?? 0,
    maxAddr: addr ?? data.addrs?.max ?? 0,
    minProto: data.ports?.min ?? 0,
    maxProto: data.ports?.max ?? 0,
    baseProto: data.ports?.base ?? 0,
  };
}

/** What the NAT core needs around it: the table, the time and the seeded random source. */
export interface NatContext {
  readonly table: CtTable;
  readonly now: number;
  readonly random: () => number;
}

const NF_NAT_MAX_ATTEMPTS = 128;
const NF_NAT_HARDER_THRESH = NF_NAT_MAX_ATTEMPTS / 4;

/** get_random_u16, from the world's source. */
function random16(x: NatContext): number {
  return Math.floor(x.random() * 0x10000) & 0xffff;
}

/** nf_nat_used_tuple: some other connection already gets replies to this tuple's inverse. */
function usedTuple(x: NatContext, t: Tuple, ct: CtEntry): boolean {
  const reply = invertTuple(t);
  return reply !== undefined && tupleTaken(x.table, reply, ct, x.now);
}

/**
 * nf_nat_used_tuple_new: as usedTuple, except that for UDP an unNATed clash with the exact
 * reverse flow (both ends sending their first packet at once) counts as free.
 */
function usedTupleNew(x: NatContext, t: Tuple, ct: CtEntry): boolean {
  if (!usedTuple(x, t, ct)) return false;
  if (!allowsClash(ct.orig.proto)) return true;
  const usesNat = IPS_NAT_MASK | IPS.SEQ_ADJUST;
  if ((ct.status & usesNat) !== 0) return true;
  const inverse = invertTuple(t);
  const found = findEntry(x.table, t, ct.zone, x.now) ?? (inverse && findEntry(x.table, inverse, ct.zone, x.now));
  if (found === undefined) return false;
  if (found.dir !== DIR_REPLY || (found.entry.status & usesNat) !== 0) return true;
  return !(tupleEqual(found.entry.orig, ct.reply) && tupleEqual(found.entry.reply, ct.orig));
}

/** nf_nat_may_kill: a closed TCP connection with a source binding may give its tuple away. */
function mayKill(ct: CtEntry): boolean {
  if (ct.tcp === undefined || !isTimeWaitOrLater(ct.tcp)) return false;
  if ((ct.status & (IPS.FIXED_TIMEOUT | IPS.DYING)) !== 0) return false;
  return (ct.status & IPS.SRC_NAT) !== 0;
}

/**
 * nf_nat_used_tuple_harder: in the last attempts for a new TCP connection, a TIME_WAIT
 * entry holding the tuple is evicted if the new connection's sequence is past its own.
 */
function usedTupleHarder(x: NatContext, t: Tuple, ct: CtEntry, attemptsLeft: number): boolean {
  const reply = invertTuple(t);
  if (reply === undefined) return false;
  if (attemptsLeft > NF_NAT_HARDER_THRESH || t.proto !== IPPROTO.TCP || ct.tcp === undefined || !isSynSent(ct.tcp)) {
    return tupleTaken(x.table, reply, ct, x.now);
  }
  const found = findEntry(x.table, reply, ct.zone, x.now);
  if (found === undefined) return false;
  if (found.dir === DIR_ORIGINAL || found.entry === ct) return true;
  const old = found.entry;
  if (!mayKill(old) || old.tcp === undefined || !seqHasAdvanced(old.tcp, ct.tcp)) return true;
  deleteEntry(x.table, old);
  return false;
}

/** The port (ICMP: id) of the end being rewritten, and a copy with it changed. */
function keyOf(t: Tuple, manip: Manip): number {
  if (t.proto === IPPROTO.ICMP) return t.sport;
  return manip === "SRC" ? t.sport : t.dport;
}

function withKey(t: Tuple, manip: Manip, key: number): Tuple {
  if (t.proto === IPPROTO.ICMP || manip === "SRC") return { ...t, sport: key };
  return { ...t, dport: key };
}

/** l4proto_in_range: the rewritten end's port (ICMP id) is in [min, max]. */
function l4InRange(t: Tuple, manip: Manip, min: number, max: number): boolean {
  switch (t.proto) {
    case IPPROTO.ICMP:
    case IPPROTO.GRE:
    case IPPROTO.TCP:
    case IPPROTO.UDP:
    case IPPROTO.UDPLITE:
    case IPPROTO.SCTP: {
      const key = keyOf(t, manip);
      return key >= min && key <= max;
    }
    default:
      return true;
  }
}

/** nf_in_range: the tuple's source is in the range (addresses, then ports when specified). */
function inRange(t: Tuple, r: KernelRange): boolean {
  if ((r.flags & RANGE.MAP_IPS) !== 0 && (t.src < r.minAddr || t.src > r.maxAddr)) return false;
  if ((r.flags & RANGE.PROTO_SPECIFIED) === 0) return true;
  return l4InRange(t, "SRC", r.minProto, r.maxProto);
}

/** find_appropriate_src: reuse the source mapping another connection from the same source got. */
function appropriateSource(x: NatContext, t: Tuple, r: KernelRange, ct: CtEntry): Tuple | undefined {
  for (const other of sameSource(x.table, t, ct.zone)) {
    if (zoneId(other.zone, DIR_ORIGINAL) !== zoneId(ct.zone, DIR_ORIGINAL)) continue;
    const inverse = invertTuple(other.reply);
    if (inverse === undefined) continue;
    const result: Tuple = { ...t, src: inverse.src, sport: inverse.sport };
    if (inRange(result, r)) return result;
  }
  return undefined;
}

/**
 * find_best_ips_proto: an address from the range, by a hash of the source address and
 * (unless --persistent) the destination, so a client keeps its address.
 */
function bestAddress(t: Tuple, r: KernelRange, ct: CtEntry, manip: Manip): Tuple {
  if ((r.flags & RANGE.MAP_IPS) === 0) return t;
  const set = (addr: Ipv4): Tuple => (manip === "SRC" ? { ...t, src: addr } : { ...t, dst: addr });
  if (r.minAddr === r.maxAddr) return set(r.minAddr);
  const zone = ct.zone?.id ?? 0;
  const initval = (r.flags & RANGE.PERSISTENT) !== 0 ? 0 : (asLoaded(t.dst) ^ zone) >>> 0;
  const j = jhash2([asLoaded(t.src), 0, 0, 0], initval);
  const dist = (r.maxAddr - r.minAddr + 1) >>> 0;
  return set((r.minAddr + reciprocalScale(j, dist)) >>> 0);
}

/** The search window of nf_nat_l4proto_unique_tuple, undefined when the key cannot change. */
function keyWindow(t: Tuple, r: KernelRange, manip: Manip, ct: CtEntry): { min: number; size: number } | undefined {
  const specified = (r.flags & RANGE.PROTO_SPECIFIED) !== 0;
  switch (t.proto) {
    case IPPROTO.ICMP:
      return specified ? { min: r.minProto, size: r.maxProto - r.minProto + 1 } : { min: 0, size: 65536 };
    case IPPROTO.GRE:
      // Only PPTP's GRE (with a master connection) has keys to change.
      if (ct.master === undefined) return undefined;
      return specified ? { min: r.minProto, size: r.maxProto - r.minProto + 1 } : { min: 1, size: 65535 };
    case IPPROTO.UDP:
    case IPPROTO.UDPLITE:
    case IPPROTO.TCP:
    case IPPROTO.SCTP:
      break;
    default:
      return undefined;
  }
  if (specified) {
    const [min, max] = r.maxProto < r.minProto ? [r.maxProto, r.minProto] : [r.minProto, r.maxProto];
    return { min, size: max - min + 1 };
  }
  // A destination port is never changed unasked.
  if (manip === "DST") return undefined;
  const port = keyOf(t, manip);
  // Loose convention: below 512 is credential passing.
  if (port < 512) return { min: 1, size: 511 };
  if (port < 1024) return { min: 600, size: 424 };
  return { min: 1024, size: 64512 };
}

/**
 * nf_nat_l4proto_unique_tuple: search the window from an offset (the original port's place
 * for a base port, random for source NAT and --random, 0 otherwise) for a free key, in
 * ever smaller rounds; the last key tried stays if none is free (confirm drops the packet).
 */
function uniqueKey(x: NatContext, t: Tuple, r: KernelRange, manip: Manip, ct: CtEntry): Tuple {
  const window = keyWindow(t, r, manip, ct);
  if (window === undefined) return t;
  const { min, size } = window;
  let off: number;
  if ((r.flags & RANGE.PROTO_OFFSET) !== 0) off = (keyOf(t, manip) - r.baseProto) & 0xffff;
  else if ((r.flags & RANDOM_ALL) !== 0 || manip !== "DST") off = random16(x);
  else off = 0;
  let attempts = Math.min(size, NF_NAT_MAX_ATTEMPTS);
  let candidate = t;
  for (;;) {
    for (let i = 0; i < attempts; i++, off = (off + 1) & 0xffff) {
      candidate = withKey(t, manip, (min + (off % size)) & 0xffff);
      if (!usedTupleHarder(x, candidate, ct, attempts - i)) return candidate;
    }
    if (attempts >= size || attempts < 16) return candidate;
    attempts = Math.floor(attempts / 2);
    off = random16(x);
  }
}

/** get_unique_tuple: the tuple `manip`'s end of the connection becomes. */
export function uniqueTuple(x: NatContext, orig: Tuple, r: KernelRange, ct: CtEntry, manip: Manip): Tuple {
  // 1) Source NAT: keep the original if it fits and is free, else reuse this source's mapping.
  if (manip === "SRC" && (r.flags & RANDOM_ALL) === 0) {
    if (inRange(orig, r)) {
      if (!usedTupleNew(x, orig, ct)) return orig;
    } else {
      const found = appropriateSource(x, orig, r, ct);
      if (found !== undefined && !usedTuple(x, found, ct)) return found;
    }
  }
  // 2) An address from the range.
  const t = bestAddress(orig, r, ct, manip);
  // 3) Keep the port if it is in range and unique.
  if ((r.flags & RANDOM_ALL) === 0) {
    if ((r.flags & RANGE.PROTO_SPECIFIED) !== 0) {
      if ((r.flags & RANGE.PROTO_OFFSET) === 0 && l4InRange(t, manip, r.minProto, r.maxProto) && (r.minProto === r.maxProto || !usedTuple(x, t, ct))) {
        return t;
      }
    } else if (!usedTuple(x, t, ct)) {
      return t;
    }
  }
  return uniqueKey(x, t, r, manip, ct);
}

export function natInitialized(ct: CtEntry, manip: Manip): boolean {
  return (ct.status & (manip === "SRC" ? IPS.SRC_NAT_DONE : IPS.DST_NAT_DONE)) !== 0;
}

/**
 * nf_nat_setup_info: bind `manip`'s end of an unconfirmed connection into the range. The
 * reply tuple is altered when the binding changes anything, and the entry marked NATed.
 */
export function setupNat(x: NatContext, ct: CtEntry, r: KernelRange, manip: Manip): void {
  if ((ct.status & IPS.CONFIRMED) !== 0 || natInitialized(ct, manip)) return;
  const current = invertTuple(ct.reply);
  if (current === undefined) return;
  const chosen = uniqueTuple(x, current, r, ct, manip);
  if (!tupleEqual(chosen, current)) {
    const reply = invertTuple(chosen);
    if (reply !== undefined) ct.reply = reply;
    ct.status |= manip === "SRC" ? IPS.SRC_NAT : IPS.DST_NAT;
  }
  ct.status |= manip === "SRC" ? IPS.SRC_NAT_DONE : IPS.DST_NAT_DONE;
}

/**
 * __nf_nat_alloc_null_binding: a connection that passed the nat table without a target is
 * bound to its own address; only a clash can still move its port.
 */
export function nullBinding(x: NatContext, ct: CtEntry, manip: Manip): void {
  const addr = manip === "SRC" ? ct.reply.dst : ct.reply.src;
  setupNat(x, ct, { flags: RANGE.MAP_IPS, minAddr: addr, maxAddr: addr, minProto: 0, maxProto: 0, baseProto: 0 }, manip);
}

/** The tuple a packet of direction `dir` is rewritten to: the inverse of the other direction's. */
export function natTarget(ct: CtEntry, dir: number): Tuple | undefined {
  return invertTuple(dir === DIR_ORIGINAL ? ct.reply : ct.orig);
}

/** nf_nat_packet's test: does this hook's manip apply to a packet of this direction? */
export function natApplies(ct: CtEntry, manip: Manip, dir: number): boolean {
  let bit: number = manip === "SRC" ? IPS.SRC_NAT : IPS.DST_NAT;
  if (dir === DIR_REPLY) bit = bit === IPS.SRC_NAT ? IPS.DST_NAT : IPS.SRC_NAT;
  return (ct.status & bit) !== 0;
}
