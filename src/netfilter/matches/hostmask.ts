// XTTYPE_HOSTMASK as libxtables 1.8.9 reads it (libxtables/xtoptions.c xtopt_parse_hostmask,
// xtopt_parse_host, xtopt_parse_plenmask): the host through getaddrinfo (inet_aton forms,
// then /etc/hosts), the mask as a prefix length or a dotted mask. Unlike -s, the address
// keeps its host bits.
import { parameterProblem } from "../errors.ts";
import { xtablesStrtoui } from "../xtparse.ts";
import { formatIpv4, maskToPrefix, prefixToMask } from "../../wire/ipv4.ts";

export interface HostMask {
  readonly addr: number;
  readonly mask: number;
}

/** One part of an inet_aton address: decimal, 0x hex or 0 octal, digits only. */
function atonPart(text: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]*$/.test(text)) return parseInt(text.slice(2) || "0", 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9][0-9]*$/.test(text)) return parseInt(text, 10);
  return undefined;
}

/** glibc inet_aton (exact): "a", "a.b", "a.b.c", "a.b.c.d", the last part filling the rest. */
export function inetAton(text: string): number | undefined {
  const parts = text.split(".").map(atonPart);
  if (parts.length > 4 || parts.some((p) => p === undefined)) return undefined;
  const values = parts as number[];
  const last = values[values.length - 1] ?? 0;
  const lead = values.slice(0, -1);
  if (lead.some((v) => v > 255) || last >= 2 ** (8 * (4 - lead.length))) return undefined;
  return lead.reduce((acc, v, i) => acc + v * 2 ** (24 - 8 * i), 0) + last;
}

/** Names getaddrinfo answers for AF_INET without a network: /etc/hosts of a fresh Debian. */
const HOSTS: Readonly<Record<string, number>> = { localhost: 0x7f000001 };

function resolveHost(text: string): number {
  const addr = inetAton(text) ?? HOSTS[text];
  if (addr === undefined) throw parameterProblem("getaddrinfo: Name or service not known\n");
  return addr;
}

/**
 * xtopt_parse_plen, then plenmask: a length 0..32 (any base), else a dotted mask whose
 * length is taken; a mask that is no prefix ends up all ones.
 */
function parseMask(ext: string, option: string, text: string): number {
  const len = xtablesStrtoui(text, 0, 32);
  if (len !== undefined) return prefixToMask(len);
  const dotted = inetAton(text);
  if (dotted === undefined) {
    throw parameterProblem(`${ext}: bad value for option "--${option}", neither a valid network mask nor valid CIDR (0-32).\n`);
  }
  const bits = maskToPrefix(dotted);
  return bits >= 0 ? prefixToMask(bits) : 0xffffffff;
}

/** "host[/mask]", split at the first "/". */
export function parseHostMask(ext: string, option: string, text: string): HostMask {
  const slash = text.indexOf("/");
  if (slash < 0) return { addr: resolveHost(text), mask: 0xffffffff };
  const addr = resolveHost(text.slice(0, slash));
  return { addr, mask: parseMask(ext, option, text.slice(slash + 1)) };
}

/** xtables_ipmask_to_numeric: nothing for /32, "/N" for a prefix, else the dotted mask. */
function maskSuffix(mask: number): string {
  const bits = maskToPrefix(mask);
  if (bits === 32) return "";
  return `/${bits >= 0 ? String(bits) : formatIpv4(mask)}`;
}

/** The save form and -n form: "10.1.2.3/8". */
export function formatHostMask(hm: HostMask): string {
  return formatIpv4(hm.addr) + maskSuffix(hm.mask);
}

/** conntrack_dump_addr without -n: "anywhere" for 0.0.0.0 whatever the mask, names from /etc/hosts. */
export function listHostMask(hm: HostMask, numeric: boolean): string {
  if (numeric) return formatHostMask(hm);
  if (hm.addr === 0) return "anywhere";
  const name = Object.entries(HOSTS).find(([, a]) => a === hm.addr)?.[0];
  return (name ?? formatIpv4(hm.addr)) + maskSuffix(hm.mask);
}
