// Connection tuples (include/net/netfilter/nf_conntrack_tuple.h): what identifies one
// direction of a connection, how a packet's tuple is read (nf_conntrack_core.c
// nf_ct_get_tuple) and how the other direction's tuple is derived (nf_ct_invert_tuple).
import { icmpHasIdSeq } from "../wire/icmp.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import { IPPROTO } from "../wire/packet.ts";
import type { Transport } from "../wire/packet.ts";

/**
 * One direction of a connection. The two 16-bit fields are the kernel's `src.u.all` and
 * `dst.u.all` in host order: ports for TCP, UDP, UDP-Lite, SCTP and DCCP; GRE keys; for
 * ICMP the echo identifier (`sport`) and `type << 8 | code` (`dport`, the bytes of
 * dst.u.icmp as xt_conntrack reads them); zero for other protocols.
 */
export interface Tuple {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
}

/** Protocols whose tuple carries the transport header's first four bytes as ports. */
export const PORT_PROTOS: ReadonlySet<number> = new Set([IPPROTO.TCP, IPPROTO.UDP, IPPROTO.UDPLITE, IPPROTO.SCTP, 33]);

export const DIR_ORIGINAL = 0;
export const DIR_REPLY = 1;
export type Dir = typeof DIR_ORIGINAL | typeof DIR_REPLY;

/** nf_conntrack_proto_icmp.c invmap: the reply type of each query type. */
const ICMP_INVERSE: Readonly<Record<number, number>> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };

export function icmpType(t: Tuple): number {
  return t.dport >> 8;
}

export function icmpCode(t: Tuple): number {
  return t.dport & 0xff;
}

/**
 * nf_ct_invert_tuple: addresses and ports swapped; ICMP keeps its id and turns a query
 * into its reply. Undefined for an ICMP type without a reply (the packet gets no entry).
 */
export function invertTuple(t: Tuple): Tuple | undefined {
  if (t.proto === IPPROTO.ICMP) {
    const inverse = ICMP_INVERSE[icmpType(t)];
    if (inverse === undefined) return undefined;
    return { src: t.dst, dst: t.src, proto: t.proto, sport: t.sport, dport: (inverse << 8) | icmpCode(t) };
  }
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

export function tupleEqual(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport;
}

/**
 * The key of a tuple in one zone (the kernel hashes the tuple with the zone id): its
 * fields as eight UTF-16 code units, cheap to build and to compare.
 */
export function tupleKey(t: Tuple, zoneId: number): string {
  return String.fromCharCode(t.src >>> 16, t.src & 0xffff, t.dst >>> 16, t.dst & 0xffff, t.sport, t.dport, t.proto, zoneId);
}

/**
 * gre_pkt_to_tuple (nf_conntrack_proto_gre.c): version 0 has no keys; version 1 (PPTP)
 * keys the destination by its call id, the source key coming from the PPTP helper's
 * keymap (none here). `bytes` starts at the GRE header.
 */
function greKeys(bytes: readonly number[]): { sport: number; dport: number } | undefined {
  if (bytes.length < 4 || ((bytes[1] ?? 0) & 0x07) !== 1) return { sport: 0, dport: 0 };
  if (bytes.length < 8) return { sport: 0, dport: 0 };
  const protocol = ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  if (protocol !== 0x880b) return undefined;
  return { sport: 0, dport: ((bytes[6] ?? 0) << 8) | (bytes[7] ?? 0) };
}

/**
 * The per-protocol half of a packet's tuple (nf_ct_get_tuple), from its parsed transport
 * header, or from raw bytes starting at the transport header for what nfsim does not
 * parse. Undefined when the header is too short to read it: the packet gets no entry.
 */
export function l4Fields(proto: number, l4: Transport, bytes: readonly number[]): { sport: number; dport: number } | undefined {
  if (proto === IPPROTO.ICMP) {
    if (l4.kind !== "icmp") return undefined;
    // un.echo.id is the first half of the second word, whatever the type.
    const id = icmpHasIdSeq(l4.type) ? l4.id : (l4.rest ?? 0) >>> 16;
    return { sport: id, dport: (l4.type << 8) | l4.code };
  }
  if (PORT_PROTOS.has(proto)) {
    if (l4.kind === "tcp" || l4.kind === "udp") return { sport: l4.sport, dport: l4.dport };
    if (l4.kind === "other" && l4.sport !== undefined && l4.dport !== undefined) return { sport: l4.sport, dport: l4.dport };
    return undefined;
  }
  if (proto === IPPROTO.GRE) return greKeys(bytes);
  return { sport: 0, dport: 0 };
}

/** Field-for-field tuple of raw transport bytes (a packet quoted inside an ICMP error). */
export function l4FieldsFromBytes(proto: number, bytes: readonly number[]): { sport: number; dport: number } | undefined {
  const be16 = (at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  if (proto === IPPROTO.ICMP) {
    // icmp_pkt_to_tuple needs the whole 8-byte header.
    if (bytes.length < 8) return undefined;
    const type = bytes[0] ?? 0;
    return { sport: be16(4), dport: (type << 8) | (bytes[1] ?? 0) };
  }
  if (PORT_PROTOS.has(proto)) return bytes.length < 4 ? undefined : { sport: be16(0), dport: be16(2) };
  if (proto === IPPROTO.GRE) return greKeys(bytes);
  return { sport: 0, dport: 0 };
}
