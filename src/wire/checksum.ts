// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
// 16-bit words. IPv4 covers its header; TCP and UDP add a pseudo-header (RFC 9293 3.1,
// RFC 768) of source, destination, zero, protocol and transport length.
import type { Ipv4 } from "./ipv4.ts";

/** The 32-bit running sum of big-endian 16-bit words, an odd last byte padded with zero. */
export function sum16(b: ArrayLike<number>, start = 0, end = b.length, initial = 0): number {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  if ((end - start) % 2 === 1) sum += (b[end - 1] ?? 0) << 8;
  return sum;
}

/** Folds carries back in and complements: the value to put in a checksum field. */
export function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export function internetChecksum(b: ArrayLike<number>, start = 0, end = b.length, initial = 0): number {
  return fold(sum16(b, start, end, initial));
}

/** The pseudo-header's contribution to a TCP/UDP checksum. */
export function pseudoHeaderSum(src: Ipv4, dst: Ipv4, proto: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + length;
}

/**
 * What the checksum field should have held, given the field and the checksum computed over
 * data that included it (zero when right): their ones' complement sum, as tcpdump's
 * in_cksum_shouldbe (tcpdump in_cksum.c) reports for "incorrect -> 0x....".
 */
export function checksumShouldBe(field: number, computed: number): number {
  let sum = field + computed;
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  return sum & 0xffff;
}
