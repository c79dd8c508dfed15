// Big-endian field access on byte arrays: every header on the wire is in network order.

/** Wire bytes. Headers keep their variable parts as plain number arrays (JSON-friendly). */
export type Bytes = Uint8Array;

export function be16(b: ArrayLike<number>, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

export function be32(b: ArrayLike<number>, at: number): number {
  return (be16(b, at) * 0x10000 + be16(b, at + 2)) >>> 0;
}

/** Writes into wire bytes, or into a header's variable part kept as a number array. */
export function put16(b: { [i: number]: number }, at: number, value: number): void {
  b[at] = (value >>> 8) & 0xff;
  b[at + 1] = value & 0xff;
}

export function put32(b: { [i: number]: number }, at: number, value: number): void {
  put16(b, at, (value >>> 16) & 0xffff);
  put16(b, at + 2, value & 0xffff);
}

/** Concatenates byte runs into one buffer. */
export function concat(...parts: readonly ArrayLike<number>[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toArray(b: ArrayLike<number>): number[] {
  return Array.from(b);
}

export function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}
