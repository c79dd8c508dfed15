// Bob Jenkins' lookup3 hash as the kernel uses it for three words (include/linux/jhash.h
// jhash_3words), and reciprocal_scale (include/linux/kernel.h) that maps a hash onto
// [0, n) with a multiply instead of a modulo. HMARK and NFQUEUE --queue-balance pick marks
// and queues with them, so nfsim lands on the same number the kernel does.

const JHASH_INITVAL = 0xdeadbeef;

function rol32(x: number, shift: number): number {
  return ((x << shift) | (x >>> (32 - shift))) >>> 0;
}

/** __jhash_final: the final mixing of lookup3, on unsigned 32-bit words. */
function final(a0: number, b0: number, c0: number): number {
  let a = a0 >>> 0;
  let b = b0 >>> 0;
  let c = c0 >>> 0;
  c = ((c ^ b) - rol32(b, 14)) >>> 0;
  a = ((a ^ c) - rol32(c, 11)) >>> 0;
  b = ((b ^ a) - rol32(a, 25)) >>> 0;
  c = ((c ^ b) - rol32(b, 16)) >>> 0;
  a = ((a ^ c) - rol32(c, 4)) >>> 0;
  b = ((b ^ a) - rol32(a, 14)) >>> 0;
  c = ((c ^ b) - rol32(b, 24)) >>> 0;
  return c;
}

/** jhash_3words(a, b, c, initval). */
export function jhash3(a: number, b: number, c: number, initval: number): number {
  const init = (initval + JHASH_INITVAL + (3 << 2)) >>> 0;
  return final(a + init, b + init, c + init);
}

/** reciprocal_scale(val, n): (val * n) >> 32 on 64 bits. */
export function reciprocalScale(value: number, n: number): number {
  return Number((BigInt(value >>> 0) * BigInt(n >>> 0)) >> 32n);
}

/**
 * A network-order field as a little-endian kernel loads it into a u32 ((__force u32)saddr):
 * the bytes reversed. Hashes that take raw addresses (nf_queue.h hash_v4) see this value.
 */
export function asLoaded(addr: number): number {
  return (((addr & 0xff) << 24) | ((addr & 0xff00) << 8) | ((addr >>> 8) & 0xff00) | (addr >>> 24)) >>> 0;
}
