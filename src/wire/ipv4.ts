// IPv4 addresses as unsigned 32-bit numbers, parsed the way libxtables parses them
// (xtables_numeric_to_ipaddr / xtables_ipparse_multiple) and printed dotted.

export type Ipv4 = number;

/** A network: address with host bits cleared, and a mask (not necessarily contiguous). */
export interface Ipv4Net {
  readonly addr: Ipv4;
  readonly mask: Ipv4;
}

/** strtoul with base 0 (decimal, 0x hex, 0 octal), as xtables_strtoui does, bounded by max. */
export function parseUintBase0(text: string, max: number): number | undefined {
  let digits = text;
  let radix = 10;
  if (/^0[xX]/.test(digits)) {
    digits = digits.slice(2);
    radix = 16;
  } else if (digits.length > 1 && digits.startsWith("0")) {
    digits = digits.slice(1);
    radix = 8;
  }
  const alphabet = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!alphabet.test(digits)) return undefined;
  const value = parseInt(digits, radix);
  return value <= max ? value : undefined;
}

/**
 * A dotted address with one to four parts; missing trailing parts are zero
 * ("10.1" is 10.1.0.0), as libxtables' __numeric_to_ipaddr autocompletes networks.
 */
export function parseIpv4(text: string): Ipv4 | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    const byte = part === undefined ? 0 : parseUintBase0(part, 255);
    if (byte === undefined) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

/** A strict dotted quad (four decimal parts), as inet_pton accepts. */
export function parseIpv4Strict(text: string): Ipv4 | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
  const bytes = text.split(".").map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  return bytes.reduce((acc, b) => acc * 256 + b, 0);
}

export function formatIpv4(addr: Ipv4): string {
  return [addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255].join(".");
}

export function prefixToMask(bits: number): Ipv4 {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** The prefix length of a contiguous mask, or -1 when the mask has holes. */
export function maskToPrefix(mask: Ipv4): number {
  if (mask === 0) return 0;
  const inverted = ~mask >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return -1;
  return 32 - Math.log2(inverted + 1);
}

export function inNet(addr: Ipv4, net: Ipv4Net): boolean {
  return ((addr & net.mask) >>> 0) === net.addr;
}

/** "a.b.c.d/len", or "a.b.c.d/m.m.m.m" when the mask is not contiguous (iptables' print). */
export function formatNet(net: Ipv4Net): string {
  const bits = maskToPrefix(net.mask);
  return `${formatIpv4(net.addr)}/${bits >= 0 ? String(bits) : formatIpv4(net.mask)}`;
}
