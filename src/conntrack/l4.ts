// The per-protocol trackers other than TCP: what makes a packet INVALID and which timeout
// an entry gets (nf_conntrack_proto_udp.c, nf_conntrack_proto_icmp.c,
// nf_conntrack_proto_gre.c, nf_conntrack_core.c generic_packet).
import type { CtConfig } from "./config.ts";
import { IPS, type CtEntry } from "./entry.ts";
import { icmpType } from "./tuple.ts";
import { IPPROTO, type Transport } from "../wire/packet.ts";

/** What a tracker decided: refresh the entry to `timeout` seconds (maybe setting ASSURED), or INVALID. */
export type L4Verdict = { readonly kind: "accept"; readonly timeout: number; readonly assured: boolean } | { readonly kind: "invalid" };

export interface L4Input {
  readonly entry: CtEntry;
  /** The entry's status before this packet (SEEN_REPLY is set after the tracker ran). */
  readonly status: number;
  readonly confirmed: boolean;
  readonly now: number;
  readonly l4: Transport;
  /** Bytes after the transport header nfsim parsed (every byte after the IP header for an "other" one). */
  readonly payload: readonly number[];
  readonly cfg: CtConfig;
}

const UDP_HEADER = 8;
const STREAM_DELAY_MS = 2000;

/** udp_error: a short header or a length field beyond the datagram or below its header. */
function udpError(l4: Transport, payload: readonly number[]): boolean {
  if (l4.kind !== "udp") return true;
  const length = l4.length ?? UDP_HEADER + payload.length;
  return length > UDP_HEADER + payload.length || length < UDP_HEADER;
}

/**
 * nf_conntrack_udp_packet: 30 s until traffic was seen both ways; then, if the entry is
 * more than two seconds old, a stream: 120 s and ASSURED (never for a NAT clash entry).
 */
export function udpPacket(x: L4Input): L4Verdict {
  if (udpError(x.l4, x.payload)) return { kind: "invalid" };
  const t = x.cfg.timeouts;
  if (!x.confirmed) x.entry.udpStreamTs = x.now + STREAM_DELAY_MS;
  if ((x.status & IPS.SEEN_REPLY) === 0) return { kind: "accept", timeout: t.udp, assured: false };
  const stream = x.now > (x.entry.udpStreamTs ?? 0);
  const assured = stream && (x.status & IPS.ASSURED) === 0 && (x.status & IPS.NAT_CLASH) === 0;
  return { kind: "accept", timeout: stream ? t.udpStream : t.udp, assured };
}

/** udplite_error: a checksum coverage of 0 covers the datagram; it must fit, and a checksum is mandatory. */
function udpliteError(l4: Transport, payload: readonly number[]): boolean {
  // nfsim parses UDP-Lite as an "other" header: its bytes start at the header.
  const bytes = l4.kind === "other" ? payload : [];
  if (l4.kind !== "other" || bytes.length < UDP_HEADER) return true;
  const be16 = (at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  const cscov = be16(4);
  if (cscov !== 0 && (cscov < UDP_HEADER || cscov > bytes.length)) return true;
  return be16(6) === 0;
}

/** nf_conntrack_udplite_packet: the stream timeout and ASSURED as soon as a reply was seen. */
export function udplitePacket(x: L4Input): L4Verdict {
  if (udpliteError(x.l4, x.payload)) return { kind: "invalid" };
  const t = x.cfg.timeouts;
  if ((x.status & IPS.SEEN_REPLY) === 0) return { kind: "accept", timeout: t.udp, assured: false };
  const assured = (x.status & (IPS.ASSURED | IPS.NAT_CLASH)) === 0;
  return { kind: "accept", timeout: t.udpStream, assured };
}

/** nf_conntrack_icmp_packet's valid_new: the queries that may start an ICMP "connection". */
const ICMP_VALID_NEW: ReadonlySet<number> = new Set([8, 13, 15, 17]);

/** nf_conntrack_icmp_packet: only an entry started by a query is valid; 30 s from each packet. */
export function icmpPacket(x: L4Input): L4Verdict {
  if (!ICMP_VALID_NEW.has(icmpType(x.entry.orig))) return { kind: "invalid" };
  return { kind: "accept", timeout: x.cfg.timeouts.icmp, assured: false };
}

/** nf_conntrack_gre_packet: 30 s unreplied, then 180 s and ASSURED. */
export function grePacket(x: L4Input): L4Verdict {
  const t = x.cfg.timeouts;
  if ((x.status & IPS.SEEN_REPLY) === 0) return { kind: "accept", timeout: t.gre, assured: false };
  const assured = (x.status & (IPS.ASSURED | IPS.NAT_CLASH)) === 0;
  return { kind: "accept", timeout: t.greStream, assured };
}

/** generic_packet: every other protocol, 600 s from each packet. */
export function genericPacket(x: L4Input): L4Verdict {
  return { kind: "accept", timeout: x.cfg.timeouts.generic, assured: false };
}

/** The tracker of a protocol other than TCP. */
export function l4Tracker(proto: number): (x: L4Input) => L4Verdict {
  switch (proto) {
    case IPPROTO.UDP:
      return udpPacket;
    case IPPROTO.UDPLITE:
      return udplitePacket;
    case IPPROTO.ICMP:
      return icmpPacket;
    case IPPROTO.GRE:
      return grePacket;
    default:
      return genericPacket;
  }
}

/** l4proto->allow_clash: protocols whose identical flows may share a NAT tuple until confirmation (UDP, UDP-Lite). */
export function allowsClash(proto: number): boolean {
  return proto === IPPROTO.UDP || proto === IPPROTO.UDPLITE;
}
