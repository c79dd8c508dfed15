// SCTP (RFC 9260 section 3), read from the bytes after the IPv4 header: the common header's
// ports and the chunk headers, which is all -m sctp looks at. Nothing is emitted from here.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Source Port Number        |     Destination Port Number   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Verification Tag                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Checksum                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Chunk Type  | Chunk  Flags  |        Chunk Length           |   (then the chunk's value,
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+    padded to 4 bytes)

export const SCTP_HEADER_LEN = 12;

export interface SctpChunkHeader {
  readonly type: number;
  readonly flags: number;
  readonly length: number;
}

export interface SctpHeader {
  readonly sport: number;
  readonly dport: number;
}

const be16 = (b: readonly number[], at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

/** The common header, when its 12 bytes are there. */
export function parseSctpHeader(bytes: readonly number[]): SctpHeader | undefined {
  return bytes.length >= SCTP_HEADER_LEN ? { sport: be16(bytes, 0), dport: be16(bytes, 2) } : undefined;
}

/**
 * The chunk headers in order, each found at the previous one's offset plus its length padded
 * to 4; `complete` is false when a chunk header is cut short or has length 0 (a packet the
 * kernel's xt_sctp drops).
 */
export function sctpChunks(bytes: readonly number[]): { chunks: SctpChunkHeader[]; complete: boolean } {
  const chunks: SctpChunkHeader[] = [];
  let at = SCTP_HEADER_LEN;
  do {
    if (at + 4 > bytes.length) return { chunks, complete: false };
    const chunk = { type: bytes[at] ?? 0, flags: bytes[at + 1] ?? 0, length: be16(bytes, at + 2) };
    if (chunk.length === 0) return { chunks, complete: false };
    chunks.push(chunk);
    at += (chunk.length + 3) & ~3;
  } while (at < bytes.length);
  return { chunks, complete: true };
}
