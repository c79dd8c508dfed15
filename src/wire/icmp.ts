// ICMP messages (RFC 792).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |          Checksum             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Identifier (echo)           |   Sequence Number (echo)      |
// |   or: unused / gateway (redirect) / next-hop MTU / pointer    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Data: echo payload, or the offending datagram's IP header    |
// |  and its first 64 bits (errors)  ...                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { be16, be32, concat, put16, put32, type Bytes } from "./bytes.ts";
import { internetChecksum } from "./checksum.ts";
import type { IcmpHeader } from "./packet.ts";

export const ICMP_HEADER_LEN = 8;

export const ICMP_TYPE = {
  ECHO_REPLY: 0, DEST_UNREACH: 3, SOURCE_QUENCH: 4, REDIRECT: 5, ECHO_REQUEST: 8,
  ROUTER_ADVERT: 9, ROUTER_SOLICIT: 10, TIME_EXCEEDED: 11, PARAM_PROBLEM: 12,
  TIMESTAMP: 13, TIMESTAMP_REPLY: 14, INFO_REQUEST: 15, INFO_REPLY: 16, MASK_REQUEST: 17, MASK_REPLY: 18,
} as const;

/** Types whose second word is an identifier and a sequence number. */
export function icmpHasIdSeq(type: number): boolean {
  return type === 0 || type === 8 || (type >= 13 && type <= 18);
}

/** Error types, which quote the datagram that caused them (RFC 1122 3.2.2). */
export function icmpIsError(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

export function parseIcmp(bytes: Bytes): { header: IcmpHeader; payload: Bytes } | undefined {
  if (bytes.length < ICMP_HEADER_LEN) return undefined;
  const type = bytes[0] ?? 0;
  const common = { kind: "icmp", type, code: bytes[1] ?? 0, checksum: be16(bytes, 2) } as const;
  const header: IcmpHeader = icmpHasIdSeq(type)
    ? { ...common, id: be16(bytes, 4), seq: be16(bytes, 6) }
    : { ...common, id: 0, seq: 0, rest: be32(bytes, 4) };
  return { header, payload: bytes.subarray(ICMP_HEADER_LEN) };
}

/** The message's bytes; the checksum covers the whole message and is computed when not given. */
export function emitIcmp(h: IcmpHeader, payload: ArrayLike<number>): Bytes {
  const head = new Uint8Array(ICMP_HEADER_LEN);
  head[0] = h.type;
  head[1] = h.code;
  if (icmpHasIdSeq(h.type)) {
    put16(head, 4, h.id);
    put16(head, 6, h.seq);
  } else {
    put32(head, 4, h.rest ?? 0);
  }
  const message = concat(head, payload);
  put16(message, 2, h.checksum ?? internetChecksum(message));
  return message;
}
