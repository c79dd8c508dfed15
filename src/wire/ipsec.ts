// The leading words of the IPsec headers, read from the bytes after the IPv4 header (nfsim
// keeps them as an "other" transport with every byte in the payload). Only what the esp,
// ah and ipcomp matches look at is read; nothing is emitted from here.
//
// ESP (RFC 4303 section 2):          AH (RFC 4302 section 2):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +---------------------------------------------------------------+   +---------------+---------------+-------------------------------+
// |               Security Parameters Index (SPI)                 |   | Next Header   |  Payload Len  |          RESERVED             |
// +---------------------------------------------------------------+   +---------------+---------------+-------------------------------+
// |                      Sequence Number                          |   |                 Security Parameters Index (SPI)               |
// +---------------------------------------------------------------+   +---------------------------------------------------------------+
//                                                                     |                    Sequence Number Field                      |
// IPComp (RFC 3173 section 2.2):                                      +---------------------------------------------------------------+
// +---------------+---------------+-------------------------------+
// | Next Header   |     Flags     |  Compression Parameter Index  |
// +---------------+---------------+-------------------------------+

function be32(bytes: readonly number[], at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

/** The ESP SPI, when the 8-byte header (struct ip_esp_hdr) is all there. */
export function espSpi(bytes: readonly number[]): number | undefined {
  return bytes.length >= 8 ? be32(bytes, 0) : undefined;
}

/** The AH SPI, when the 12-byte header (struct ip_auth_hdr) is all there. */
export function ahSpi(bytes: readonly number[]): number | undefined {
  return bytes.length >= 12 ? be32(bytes, 4) : undefined;
}

/** The IPComp CPI (16 bits), when the 4-byte header (struct ip_comp_hdr) is all there. */
export function ipcompCpi(bytes: readonly number[]): number | undefined {
  return bytes.length >= 4 ? (((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) : undefined;
}
