// UDP datagrams (RFC 768).
//
//  0      7 8     15 16    23 24    31
// +--------+--------+--------+--------+
// |     Source      |   Destination   |
// |      Port       |      Port       |
// +--------+--------+--------+--------+
// |                 |                 |
// |     Length      |    Checksum     |
// +--------+--------+--------+--------+
// |          data octets ...
// +---------------- ...
import { be16, concat, put16, type Bytes } from "./bytes.ts";
import { internetChecksum, pseudoHeaderSum } from "./checksum.ts";
import type { Ipv4 } from "./ipv4.ts";
import { IPPROTO, type UdpHeader } from "./packet.ts";

export const UDP_HEADER_LEN = 8;

export function parseUdp(bytes: Bytes): { header: UdpHeader; payload: Bytes } | undefined {
  if (bytes.length < UDP_HEADER_LEN) return undefined;
  const header: UdpHeader = {
    kind: "udp",
    sport: be16(bytes, 0),
    dport: be16(bytes, 2),
    length: be16(bytes, 4),
    checksum: be16(bytes, 6),
  };
  return { header, payload: bytes.subarray(UDP_HEADER_LEN) };
}

/** The datagram's bytes; length and checksum are computed when not given. */
export function emitUdp(h: UdpHeader, payload: ArrayLike<number>, src: Ipv4, dst: Ipv4): Bytes {
  const head = new Uint8Array(UDP_HEADER_LEN);
  put16(head, 0, h.sport);
  put16(head, 2, h.dport);
  put16(head, 4, h.length ?? UDP_HEADER_LEN + payload.length);
  const datagram = concat(head, payload);
  put16(datagram, 6, h.checksum ?? udpChecksum(datagram, src, dst));
  return datagram;
}

/** RFC 768: a computed zero is sent as all ones, zero meaning "no checksum". */
export function udpChecksum(datagram: Bytes, src: Ipv4, dst: Ipv4): number {
  const zeroed = datagram.slice();
  put16(zeroed, 6, 0);
  const sum = internetChecksum(zeroed, 0, zeroed.length, pseudoHeaderSum(src, dst, IPPROTO.UDP, zeroed.length));
  return sum === 0 ? 0xffff : sum;
}

