// DCCP (RFC 4340 section 5.1), read from the bytes after the IPv4 header: the generic
// header's ports, type and data offset, and the options area, which is all -m dccp looks
// at. Nothing is emitted from here.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +---------------+---------------+---------------+---------------+
// |          Source Port          |           Dest Port           |
// +---------------+---------------+---------------+---------------+
// |  Data Offset  | CCVal | CsCov |           Checksum            |
// +---------------+---------------+---------------+-+-------------+
// |     |       |X|               |                               .
// | Res | Type  |=|   Reserved    |  Sequence Number (high bits)  .
// |     |       |1|               |                               .
// +---------------+---------------+---------------+---------------+
// .                  Sequence Number (low bits)                   |
// +---------------+---------------+---------------+---------------+
// (with X=0 the reserved byte goes and the sequence number has 24 bits)

/** DCCP_PKT_*: Request 0 ... Invalid 10. */
export const DCCP_TYPES = ["REQUEST", "RESPONSE", "DATA", "ACK", "DATAACK", "CLOSEREQ", "CLOSE", "RESET", "SYNC", "SYNCACK", "INVALID"] as const;

export interface DccpHeader {
  readonly sport: number;
  readonly dport: number;
  /** Header length in 32-bit words. */
  readonly doff: number;
  readonly type: number;
  readonly extendedSeq: boolean;
}

/** struct dccp_hdr: the 12 bytes the kernel reads first. */
export const DCCP_HEADER_MIN = 12;

const be16 = (b: readonly number[], at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

export function parseDccpHeader(bytes: readonly number[]): DccpHeader | undefined {
  if (bytes.length < DCCP_HEADER_MIN) return undefined;
  const typeByte = bytes[8] ?? 0;
  return { sport: be16(bytes, 0), dport: be16(bytes, 2), doff: bytes[4] ?? 0, type: (typeByte >> 1) & 0x0f, extendedSeq: (typeByte & 1) === 1 };
}

/**
 * __dccp_hdr_len: the generic header (16 bytes with X=1, else 12) plus the type's own
 * fields (dccp_packet_hdr_len): none for Data, an acknowledgement number (8) for the
 * acknowledging types, a service code (4) for Request, 12 for Response and the rest.
 */
export function dccpFixedLength(h: DccpHeader): number {
  const generic = h.extendedSeq ? 16 : 12;
  const name = DCCP_TYPES[h.type];
  if (name === "DATA") return generic;
  if (name === "DATAACK" || name === "ACK" || name === "SYNC" || name === "SYNCACK" || name === "CLOSE" || name === "CLOSEREQ") return generic + 8;
  if (name === "REQUEST") return generic + 4;
  return generic + 12;
}
