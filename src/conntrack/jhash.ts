// Bob Jenkins' lookup3 hash as include/linux/jhash.h has it (jhash2 over u32 words). The
// NAT core hashes with it to pick an address from a range (nf_nat_core.c
// find_best_ips_proto), so nfsim picks the address the kernel picks.

const JHASH_INITVAL = 0xdeadbeef;

const rol32 = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** __jhash_mix, on u32 values held as numbers. */
function mix(v: [number, number, number]): void {
  let [a, b, c] = v;
  a = (a - c) >>> 0; a = (a ^ rol32(c, 4)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rol32(a, 6)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rol32(b, 8)) >>> 0; b = (b + a) >>> 0;
  a = (a - c) >>> 0; a = (a ^ rol32(c, 16)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rol32(a, 19)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rol32(b, 4)) >>> 0; b = (b + a) >>> 0;
  v[0] = a; v[1] = b; v[2] = c;
}

/** __jhash_final. */
function final(v: [number, number, number]): void {
  let [a, b, c] = v;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol32(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol32(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol32(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol32(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 24)) >>> 0;
  v[0] = a; v[1] = b; v[2] = c;
}

/** jhash2(k, k.length, initval). */
export function jhash2(k: readonly number[], initval: number): number {
  const start = (JHASH_INITVAL + (k.length << 2) + initval) >>> 0;
  const v: [number, number, number] = [start, start, start];
  let i = 0;
  let left = k.length;
  while (left > 3) {
    v[0] = (v[0] + (k[i] ?? 0)) >>> 0;
    v[1] = (v[1] + (k[i + 1] ?? 0)) >>> 0;
    v[2] = (v[2] + (k[i + 2] ?? 0)) >>> 0;
    mix(v);
    left -= 3;
    i += 3;
  }
  if (left === 0) return v[2];
  if (left >= 3) v[2] = (v[2] + (k[i + 2] ?? 0)) >>> 0;
  if (left >= 2) v[1] = (v[1] + (k[i + 1] ?? 0)) >>> 0;
  v[0] = (v[0] + (k[i] ?? 0)) >>> 0;
  final(v);
  return v[2];
}

/** A host-order IPv4 address as the kernel's u32 load of its network-order bytes reads it on x86 (little-endian). */
export function asLoadedU32(addr: number): number {
  return (((addr & 0xff) << 24) | ((addr & 0xff00) << 8) | ((addr >>> 8) & 0xff00) | (addr >>> 24)) >>> 0;
}

/** reciprocal_scale: a u32 scaled into [0, range) by the high half of their product. */
export function reciprocalScale(value: number, range: number): number {
  return Number((BigInt(value >>> 0) * BigInt(range >>> 0)) >> 32n);
}
