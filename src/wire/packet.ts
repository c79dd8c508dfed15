// Packet headers as plain data: what the firewall reads, and what the wire modules
// (ip.ts, tcp.ts, udp.ts, icmp.ts) parse from and emit to bytes. Fields marked optional
// carry what was on the wire when it may differ from what would be computed (checksums,
// lengths, reserved bits); emit computes them when they are absent.
import type { Ipv4 } from "./ipv4.ts";

export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, GRE: 47, ESP: 50, AH: 51, SCTP: 132, UDPLITE: 136 } as const;

/** TCP flag bits as in the header's flags byte (RFC 9293 section 3.1, plus RFC 3168 ECE/CWR). */
export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

export interface Ipv4Header {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly proto: number;
  readonly ttl: number;
  readonly tos: number;
  /** Total length, header included: what iptables' byte counters add up. */
  readonly length: number;
  readonly id: number;
  /** Fragment offset in 8-byte units; non-zero for every fragment but the first. */
  readonly fragOffset: number;
  readonly moreFragments: boolean;
  readonly dontFragment: boolean;
  /** Option bytes after the 20-byte header (RFC 791), empty when none. */
  readonly options: readonly number[];
  /** Header checksum as received; computed by emit when absent. */
  readonly checksum?: number;
  /** The reserved flag bit (0x8000 of the flags/offset word), RFC 3514's "evil" bit. */
  readonly reservedFlag?: boolean;
}

export interface TcpHeader {
  readonly kind: "tcp";
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly window: number;
  /** TCP option kinds present, in order (RFC 9293 section 3.2). */
  readonly options: readonly TcpOption[];
  readonly checksum?: number;
  readonly urgent?: number;
  /** The four bits between data offset and flags (reserved, and AE/NS). */
  readonly reserved?: number;
}

/**
 * One TCP option: kind, and the bytes after its length byte (none for EOL and NOP).
 * `malformed` keeps a tail whose length byte made no sense: `data` is then every byte
 * after the kind, so the header still emits byte for byte.
 */
export interface TcpOption {
  readonly kind: number;
  readonly data: readonly number[];
  readonly malformed?: true;
}

export interface UdpHeader {
  readonly kind: "udp";
  readonly sport: number;
  readonly dport: number;
  /** The length field (header included) as received; computed by emit when absent. */
  readonly length?: number;
  /** Zero means "no checksum" (RFC 768). */
  readonly checksum?: number;
}

export interface IcmpHeader {
  readonly kind: "icmp";
  readonly type: number;
  readonly code: number;
  /** Echo identifier and sequence; zero for other types. */
  readonly id: number;
  readonly seq: number;
  readonly checksum?: number;
  /**
   * The second 32-bit word for types without id/seq: the gateway of a redirect, the
   * next-hop MTU of "fragmentation needed" (low 16 bits), the pointer of a parameter
   * problem (high 8 bits); zero (unused) for the rest.
   */
  readonly rest?: number;
}

/**
 * A transport header nfsim does not parse further (SCTP, GRE, ..., non-first fragments, a
 * truncated header), ports when it has them. The packet's payload then holds every byte
 * after the IP header.
 */
export interface OtherHeader {
  readonly kind: "other";
  readonly sport?: number;
  readonly dport?: number;
}

export type Transport = TcpHeader | UdpHeader | IcmpHeader | OtherHeader;

export interface Ipv4Packet {
  readonly ip: Ipv4Header;
  readonly l4: Transport;
  /** The bytes after the transport header (after the IP header for "other"). */
  readonly payload: readonly number[];
}

export function tcpFlagsToString(flags: number): string {
  const letters: [number, string][] = [
    [TCP_FLAG.FIN, "F"], [TCP_FLAG.SYN, "S"], [TCP_FLAG.RST, "R"], [TCP_FLAG.PSH, "P"],
    [TCP_FLAG.ACK, "A"], [TCP_FLAG.URG, "U"], [TCP_FLAG.ECE, "E"], [TCP_FLAG.CWR, "C"],
  ];
  return letters.filter(([bit]) => (flags & bit) !== 0).map(([, l]) => l).join("");
}

/** Ports of the transport header, when it has them. */
export function ports(l4: Transport): { sport: number; dport: number } | undefined {
  if (l4.kind === "tcp" || l4.kind === "udp") return { sport: l4.sport, dport: l4.dport };
  if (l4.kind === "other" && l4.sport !== undefined && l4.dport !== undefined) {
    return { sport: l4.sport, dport: l4.dport };
  }
  return undefined;
}
