// IPv6 addresses for the stack model: prefixes, link-local addresses and scopes. Parsing
// and printing are the wire layer's (inet_pton / inet_ntop).
import type { Ipv6Hex } from "./types.ts";
import { formatIpv6, parseIpv6 } from "../wire/ipv6.ts";

export { formatIpv6, parseIpv6 };

/** The address with host bits cleared. */
export function ipv6Prefix(addr: Ipv6Hex, len: number): Ipv6Hex {
  const v = BigInt(`0x${addr}`);
  const mask = len === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - len)) - 1n);
  return (v & mask).toString(16).padStart(32, "0");
}

export function ipv6InPrefix(addr: Ipv6Hex, prefix: Ipv6Hex, len: number): boolean {
  return ipv6Prefix(addr, len) === ipv6Prefix(prefix, len);
}

/** fe80::/64 with the modified EUI-64 identifier of a MAC (RFC 4291 appendix A). */
export function linkLocalOf(mac: string): Ipv6Hex {
  const b = mac.split(":").map((x) => parseInt(x, 16));
  const id = [(b[0] ?? 0) ^ 2, b[1] ?? 0, b[2] ?? 0, 0xff, 0xfe, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0];
  return `fe80000000000000${id.map((x) => x.toString(16).padStart(2, "0")).join("")}`;
}

export const IPV6_LOOPBACK: Ipv6Hex = "00000000000000000000000000000001";

/** The address scope ipv6_addr_scope() gives: 0x1 node (::1), 0x2 link (fe80::/10), 0xe global. */
export function ipv6AddrScope(addr: Ipv6Hex): number {
  if (addr === IPV6_LOOPBACK) return 0x1;
  if (/^fe[89ab]/.test(addr)) return 0x2;
  if (/^fe[c-f]/.test(addr)) return 0x5;
  return 0xe;
}
