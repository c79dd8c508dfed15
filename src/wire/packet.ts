// Packet headers as plain data. Byte encoding and tcpdump printing come with the stack;
// the firewall reads these fields.
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
  readonly options: readonly { kind: number; data: readonly number[] }[];
}

export interface UdpHeader {
  readonly kind: "udp";
  readonly sport: number;
  readonly dport: number;
}

export interface IcmpHeader {
  readonly kind: "icmp";
  readonly type: number;
  readonly code: number;
  /** Echo identifier and sequence; zero for other types. */
  readonly id: number;
  readonly seq: number;
}

/** A transport header nfsim does not parse further (SCTP, GRE, ...), ports when it has them. */
export interface OtherHeader {
  readonly kind: "other";
  readonly sport?: number;
  readonly dport?: number;
}

export type Transport = TcpHeader | UdpHeader | IcmpHeader | OtherHeader;

export interface Ipv4Packet {
  readonly ip: Ipv4Header;
  readonly l4: Transport;
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
