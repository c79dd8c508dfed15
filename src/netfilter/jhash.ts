// Bob Jenkins' lookup3 hash as the kernel has it (include/linux/jhash.h), and
// reciprocal_scale (include/linux/kernel.h) that maps a hash onto [0, n) with a multiply
// instead of a modulo. HMARK, NFQUEUE --queue-balance and -m cluster pick marks, queues and
// nodes with them, and the NAT core picks an address from a range (nf_nat_core.c
// find_best_ips_proto), so nfsim lands on the same number the kernel does. One module for
// netfilter and conntrack alike (conntrack may import netfilter, not the other way round).

const JHASH_INITVAL = 0xdeadbeef;

type State = [number, number, number];

function rol32(x: number, shift: number): number {
  return ((x << shift) | (x >>> (32 - shift))) >>> 0;
}

/** __jhash_mix: mixes three u32 values (held as numbers) reversibly. */
function mix(v: State): void {
  let [a, b, c] = v;
  a = ((a - c) ^ rol32(c, 4)) >>> 0; c = (c + b) >>> 0;
  b = ((b - a) ^ rol32(a, 6)) >>> 0; a = (a + c) >>> 0;
  c = ((c - b) ^ rol32(b, 8)) >>> 0; b = (b + a) >>> 0;
  a = ((a - c) ^ rol32(c, 16)) >>> 0; c = (c + b) >>> 0;
  b = ((b - a) ^ rol32(a, 19)) >>> 0; a = (a + c) >>> 0;
  c = ((c - b) ^ rol32(b, 4)) >>> 0; b = (b + a) >>> 0;
  v[0] = a; v[1] = b; v[2] = c;
}

/** __jhash_final: the final mixing of (a, b, c) into c. */
function final(v: State): number {
  let [a, b, c] = v;
  c = ((c ^ b) - rol32(b, 14)) >>> 0;
  a = ((a ^ c) - rol32(c, 11)) >>> 0;
  b = ((b ^ a) - rol32(a, 25)) >>> 0;
  c = ((c ^ b) - rol32(b, 16)) >>> 0;
  a = ((a ^ c) - rol32(c, 4)) >>> 0;
  b = ((b ^ a) - rol32(a, 14)) >>> 0;
  c = ((c ^ b) - rol32(b, 24)) >>> 0;
  return c;
}

const add = (x: number, y: number | undefined): number => (x + (y ?? 0)) >>> 0;

/** jhash2(k, k.length, initval): the hash of an array of u32 words. */
export function jhash2(k: readonly number[], initval: number): number {
  const start = (JHASH_INITVAL + (k.length << 2) + initval) >>> 0;
  const v: State = [start, start, start];
  let i = 0;
  for (; k.length - i > 3; i += 3) {
    v[0] = add(v[0], k[i]);
    v[1] = add(v[1], k[i + 1]);
    v[2] = add(v[2], k[i + 2]);
    mix(v);
  }
  const left = k.length - i;
  if (left === 0) return v[2];
  if (left >= 3) v[2] = add(v[2], k[i + 2]);
  if (left >= 2) v[1] = add(v[1], k[i + 1]);
  v[0] = add(v[0], k[i]);
  return final(v);
}

/** jhash_3words(a, b, c, initval): jhash2 over exactly those three words. */
export function jhash3(a: number, b: number, c: number, initval: number): number {
  return jhash2([a >>> 0, b >>> 0, c >>> 0], initval);
}

/** jhash_1word(a, initval): jhash2 over that one word. */
export function jhash1word(a: number, initval: number): number {
  return jhash2([a >>> 0], initval);
}

/** reciprocal_scale(val, n): (val * n) >> 32 on 64 bits. */
export function reciprocalScale(value: number, n: number): number {
  return Number((BigInt(value >>> 0) * BigInt(n >>> 0)) >> 32n);
}

/**
 * A network-order field as a little-endian kernel loads it into a u32 ((__force u32)saddr):
 * the bytes reversed. Hashes that take raw addresses (nf_queue.h hash_v4, xt_cluster.c,
 * nf_nat_core.c) see this value.
 */
export function asLoaded(addr: number): number {
  return (((addr & 0xff) << 24) | ((addr & 0xff00) << 8) | ((addr >>> 8) & 0xff00) | (addr >>> 24)) >>> 0;
}
