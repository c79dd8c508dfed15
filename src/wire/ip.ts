// IPv4 datagrams (RFC 791): the header, its options, and the transport inside it.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |Version|  IHL  |Type of Service|          Total Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Identification        |Flags|      Fragment Offset    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Time to Live |    Protocol   |         Header Checksum       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Source Address                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Destination Address                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Options                    |    Padding    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { be16, be32, concat, put16, put32, toArray, type Bytes } from "./bytes.ts";
import { internetChecksum } from "./checksum.ts";
import { emitIcmp, parseIcmp } from "./icmp.ts";
import { IPPROTO, type Ipv4Header, type Ipv4Packet, type Transport } from "./packet.ts";
import { emitTcp, parseTcp } from "./tcp.ts";
import { emitUdp, parseUdp } from "./udp.ts";

/** IPv4 option codes (RFC 791; linux/ip.h IPOPT_*) that nfsim reads or writes. */
export const IPOPT = { END: 0, NOOP: 1, RR: 7, LSRR: 131, SSRR: 137 } as const;
/** IPOPT_MINOFF: the pointer of an empty route (record or source route). */
export const IPOPT_MINOFF = 4;

export const IPV4_HEADER_LEN = 20;
const FLAG_RESERVED = 0x8000;
const FLAG_DF = 0x4000;
const FLAG_MF = 0x2000;

/** Protocols whose first four bytes are source and destination ports. */
const PORTED = new Set<number>([IPPROTO.TCP, IPPROTO.UDP, IPPROTO.SCTP, 33 /* DCCP */, IPPROTO.UDPLITE]);

/** The header alone; undefined unless the bytes hold a whole IPv4 header. */
export function parseIpv4Header(bytes: Bytes): Ipv4Header | undefined {
  if (bytes.length < IPV4_HEADER_LEN || (bytes[0] ?? 0) >> 4 !== 4) return undefined;
  const hlen = ((bytes[0] ?? 0) & 0x0f) * 4;
  if (hlen < IPV4_HEADER_LEN || hlen > bytes.length) return undefined;
  const frag = be16(bytes, 6);
  const header: Ipv4Header = {
    tos: bytes[1] ?? 0,
    length: be16(bytes, 2),
    id: be16(bytes, 4),
    dontFragment: (frag & FLAG_DF) !== 0,
    moreFragments: (frag & FLAG_MF) !== 0,
    fragOffset: frag & 0x1fff,
    ttl: bytes[8] ?? 0,
    proto: bytes[9] ?? 0,
    checksum: be16(bytes, 10),
    src: be32(bytes, 12),
    dst: be32(bytes, 16),
    options: toArray(bytes.subarray(IPV4_HEADER_LEN, hlen)),
  };
  return (frag & FLAG_RESERVED) !== 0 ? { ...header, reservedFlag: true } : header;
}

/**
 * A datagram and the bytes after its total length (link-layer padding). A datagram cut
 * short keeps what is there. Undefined when the header itself is not valid.
 */
export function parseIpv4Packet(bytes: Bytes): { packet: Ipv4Packet; trailer: Bytes } | undefined {
  const ip = parseIpv4Header(bytes);
  if (ip === undefined) return undefined;
  const hlen = IPV4_HEADER_LEN + ip.options.length;
  if (ip.length < hlen) return undefined;
  const end = Math.min(ip.length, bytes.length);
  const { l4, payload } = parseTransport(ip, bytes.subarray(hlen, end));
  return { packet: { ip, l4, payload: toArray(payload) }, trailer: bytes.subarray(end) };
}

function parseTransport(ip: Ipv4Header, body: Bytes): { l4: Transport; payload: Bytes } {
  const parsed = ip.fragOffset !== 0 ? undefined : parseKnown(ip.proto, body);
  if (parsed) return parsed;
  if (ip.fragOffset === 0 && PORTED.has(ip.proto) && body.length >= 4) {
    return { l4: { kind: "other", sport: be16(body, 0), dport: be16(body, 2) }, payload: body };
  }
  return { l4: { kind: "other" }, payload: body };
}

function parseKnown(proto: number, body: Bytes): { l4: Transport; payload: Bytes } | undefined {
  let parsed: { header: Transport; payload: Bytes } | undefined;
  if (proto === IPPROTO.TCP) parsed = parseTcp(body);
  else if (proto === IPPROTO.UDP) parsed = parseUdp(body);
  else if (proto === IPPROTO.ICMP) parsed = parseIcmp(body);
  return parsed && { l4: parsed.header, payload: parsed.payload };
}

/** Options are padded with zero (end of option list) to a multiple of four bytes. */
export function emitIpv4Header(ip: Ipv4Header): Bytes {
  const hlen = IPV4_HEADER_LEN + Math.ceil(ip.options.length / 4) * 4;
  const b = new Uint8Array(hlen);
  b[0] = 0x40 | (hlen / 4);
  b[1] = ip.tos;
  put16(b, 2, ip.length);
  put16(b, 4, ip.id);
  const flags = (ip.reservedFlag ? FLAG_RESERVED : 0) | (ip.dontFragment ? FLAG_DF : 0) | (ip.moreFragments ? FLAG_MF : 0);
  put16(b, 6, flags | ip.fragOffset);
  b[8] = ip.ttl;
  b[9] = ip.proto;
  put32(b, 12, ip.src);
  put32(b, 16, ip.dst);
  b.set(ip.options, IPV4_HEADER_LEN);
  put16(b, 10, ip.checksum ?? internetChecksum(b));
  return b;
}

/** The transport header and payload as bytes. */
export function emitTransport(p: Ipv4Packet): Bytes {
  const { ip, l4, payload } = p;
  switch (l4.kind) {
    case "tcp": return emitTcp(l4, payload, ip.src, ip.dst);
    case "udp": return emitUdp(l4, payload, ip.src, ip.dst);
    case "icmp": return emitIcmp(l4, payload);
    case "other": return Uint8Array.from(payload);
  }
}

export function emitIpv4Packet(p: Ipv4Packet): Bytes {
  return concat(emitIpv4Header(p.ip), emitTransport(p));
}

/** The total length a packet's header field should hold for its contents. */
export function ipv4TotalLength(p: Ipv4Packet): number {
  return emitIpv4Header(p.ip).length + emitTransport(p).length;
}

/**
 * The destination a transport checksum's pseudo-header names: with a loose or strict
 * source route option, the route's last address (RFC 791; tcpdump's ip_finddst).
 */
export function finalDestination(ip: Ipv4Header): number {
  const o = ip.options;
  for (let at = 0; at < o.length;) {
    const code = o[at] ?? 0;
    if (code === 0) break;
    const len = code === 1 ? 1 : (o[at + 1] ?? 0);
    if (len < 1 || (code !== 1 && len < 2) || at + len > o.length) break;
    if ((code === 131 || code === 137) && len >= 7) return be32(o, at + len - 4);
    at += len;
  }
  return ip.dst;
}
