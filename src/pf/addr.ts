// Addresses as pf keeps them (struct pf_addr): one representation for both families, a
// string of hex digits (8 for IPv4, 32 for IPv6) so that rules and states stay plain JSON.
// Parsing follows inet_pton / inet_net_pton, printing inet_ntop (RFC 5952 for IPv6).
import { formatIpv6, parseIpv6 } from "../wire/ipv6.ts";

/** 4 or 6; 0 where pf means "either" (a rule without inet/inet6). */
export type Af = 0 | 4 | 6;

export interface PfAddr {
  readonly af: 4 | 6;
  /** Hex digits, big-endian: 8 for IPv4, 32 for IPv6. */
  readonly hex: string;
}

export function bitsOf(af: 4 | 6): number {
  return af === 4 ? 32 : 128;
}

export function v4(n: number): PfAddr {
  return { af: 4, hex: (n >>> 0).toString(16).padStart(8, "0") };
}

export function toNumber(a: PfAddr): number {
  return parseInt(a.hex.slice(0, 8), 16);
}

function big(a: PfAddr): bigint {
  return BigInt(`0x${a.hex}`);
}

function fromBig(af: 4 | 6, v: bigint): PfAddr {
  return { af, hex: v.toString(16).padStart(af === 4 ? 8 : 32, "0") };
}

function maskBig(af: 4 | 6, bits: number): bigint {
  const width = BigInt(bitsOf(af));
  const all = (1n << width) - 1n;
  return bits <= 0 ? 0n : all ^ ((1n << (width - BigInt(bits))) - 1n);
}

/** set_ipmask(): the address with the bits beyond the prefix cleared. */
export function maskAddr(a: PfAddr, bits: number): PfAddr {
  return fromBig(a.af, big(a) & maskBig(a.af, bits));
}

export function inPrefix(a: PfAddr, net: PfAddr, bits: number): boolean {
  return a.af === net.af && maskAddr(a, bits).hex === maskAddr(net, bits).hex;
}

export function compareAddr(a: PfAddr, b: PfAddr): number {
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: PfAddr): boolean {
  return /^0+$/.test(a.hex);
}

/** inet_pton(AF_INET): exactly four decimal parts. */
export function parseV4(text: string): PfAddr | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
  const b = text.split(".").map(Number);
  if (b.some((x) => x > 255)) return undefined;
  return v4(b.reduce((acc, x) => acc * 256 + x, 0));
}

/**
 * inet_net_pton(AF_INET, "a.b/n"): one to four parts, the prefix length given; returns
 * the address and the bits, or undefined (libc's inet_net_pton rejects host bits set
 * beyond the parts written, which pfctl then masks anyway).
 */
export function parseV4Net(text: string): { addr: PfAddr; bits: number } | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){0,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const parts = (m[1] ?? "").split(".").map(Number);
  const bits = Number(m[2]);
  if (parts.some((x) => x > 255) || bits > 32) return undefined;
  while (parts.length < 4) parts.push(0);
  return { addr: v4(parts.reduce((acc, x) => acc * 256 + x, 0)), bits };
}

/** inet_pton(AF_INET6); a "%scope" suffix is accepted and dropped (getaddrinfo keeps it apart). */
export function parseV6(text: string): PfAddr | undefined {
  const hex = parseIpv6(text.replace(/%[A-Za-z0-9]+$/, ""));
  return hex === undefined ? undefined : { af: 6, hex };
}

export function formatAddr(a: PfAddr): string {
  if (a.af === 6) return formatIpv6(a.hex);
  const n = toNumber(a);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Either family, as getaddrinfo(AI_NUMERICHOST) would take it. */
export function parseAddr(text: string): PfAddr | undefined {
  return parseV4(text) ?? parseV6(text);
}
