// TCP segments (RFC 9293 section 3.1; ECE/CWR from RFC 3168).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Source Port          |       Destination Port        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        Sequence Number                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Acknowledgment Number                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Data |       |C|E|U|A|P|R|S|F|                               |
// | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
// |       |       |R|E|G|K|H|T|N|N|                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Checksum            |         Urgent Pointer        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Options                    |    Padding    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { be16, be32, concat, put16, put32, type Bytes } from "./bytes.ts";
import { internetChecksum, pseudoHeaderSum } from "./checksum.ts";
import type { Ipv4 } from "./ipv4.ts";
import { IPPROTO, type TcpHeader, type TcpOption } from "./packet.ts";

export const TCP_HEADER_LEN = 20;

/** Option kinds (IANA "TCP Option Kind Numbers"). */
export const TCPOPT = { EOL: 0, NOP: 1, MSS: 2, WSCALE: 3, SACK_PERM: 4, SACK: 5, TIMESTAMP: 8 } as const;

/** Options as laid out; a length byte that cannot be right ends the list as one malformed tail. */
export function parseTcpOptions(bytes: ArrayLike<number>): TcpOption[] {
  const options: TcpOption[] = [];
  let at = 0;
  while (at < bytes.length) {
    const kind = bytes[at] ?? 0;
    if (kind === TCPOPT.EOL || kind === TCPOPT.NOP) {
      options.push({ kind, data: [] });
      at += 1;
      continue;
    }
    const len = bytes[at + 1];
    if (len === undefined || len < 2 || at + len > bytes.length) {
      options.push({ kind, data: Array.from(bytes).slice(at + 1), malformed: true });
      break;
    }
    options.push({ kind, data: Array.from(bytes).slice(at + 2, at + len) });
    at += len;
  }
  return options;
}

export function emitTcpOptions(options: readonly TcpOption[]): number[] {
  const out: number[] = [];
  for (const o of options) {
    out.push(o.kind);
    if (o.malformed) out.push(...o.data);
    else if (o.kind !== TCPOPT.EOL && o.kind !== TCPOPT.NOP) out.push(o.data.length + 2, ...o.data);
  }
  while (out.length % 4 !== 0) out.push(TCPOPT.EOL);
  return out;
}

/** The header and payload, or undefined when the bytes cannot hold the header they claim. */
export function parseTcp(bytes: Bytes): { header: TcpHeader; payload: Bytes } | undefined {
  if (bytes.length < TCP_HEADER_LEN) return undefined;
  const hlen = ((bytes[12] ?? 0) >> 4) * 4;
  if (hlen < TCP_HEADER_LEN || hlen > bytes.length) return undefined;
  const header: TcpHeader = {
    kind: "tcp",
    sport: be16(bytes, 0),
    dport: be16(bytes, 2),
    seq: be32(bytes, 4),
    ack: be32(bytes, 8),
    reserved: (bytes[12] ?? 0) & 0x0f,
    flags: bytes[13] ?? 0,
    window: be16(bytes, 14),
    checksum: be16(bytes, 16),
    urgent: be16(bytes, 18),
    options: parseTcpOptions(bytes.subarray(TCP_HEADER_LEN, hlen)),
  };
  return { header, payload: bytes.subarray(hlen) };
}

/** The segment's bytes; the checksum is computed over the pseudo-header when not given. */
export function emitTcp(h: TcpHeader, payload: ArrayLike<number>, src: Ipv4, dst: Ipv4): Bytes {
  const options = emitTcpOptions(h.options);
  const head = new Uint8Array(TCP_HEADER_LEN);
  put16(head, 0, h.sport);
  put16(head, 2, h.dport);
  put32(head, 4, h.seq);
  put32(head, 8, h.ack);
  head[12] = (((TCP_HEADER_LEN + options.length) / 4) << 4) | ((h.reserved ?? 0) & 0x0f);
  head[13] = h.flags;
  put16(head, 14, h.window);
  put16(head, 18, h.urgent ?? 0);
  const segment = concat(head, options, payload);
  put16(segment, 16, h.checksum ?? tcpChecksum(segment, src, dst));
  return segment;
}

/** The checksum a segment should carry (its checksum field taken as zero). */
export function tcpChecksum(segment: Bytes, src: Ipv4, dst: Ipv4): number {
  const zeroed = segment.slice();
  put16(zeroed, 16, 0);
  return internetChecksum(zeroed, 0, zeroed.length, pseudoHeaderSum(src, dst, IPPROTO.TCP, zeroed.length));
}
