// inet_prefix parsing as lib/utils.c does it: "default"/"any"/"all", IPv4 in the legacy form
// (strtoul base 0 per part, "10.8" is 10.8.0.0), IPv6 via inet_pton, "/len" or "/mask".
import { parseIpv6 } from "../../stack/ipv6.ts";
import { die, type Family, type IpCtx } from "./context.ts";

export interface InetPrefix {
  family: Family;
  /** IPv4 address (family inet). */
  v4: number;
  /** IPv6 address (family inet6). */
  v6: string;
  /** The prefix length: the full length when none was written; 0 for default. */
  bitlen: number;
  /** 0 for "any"/"all", 4 or 16 otherwise. */
  bytelen: number;
  /** "/len" was written, or the word was "default". */
  prefixSpecified: boolean;
  /** The word was default/any/all. */
  keyword: boolean;
}

/** get_addr_ipv4: up to four parts, each strtoul(…, 0) ≤ 255. */
function parseLegacyIpv4(text: string): number | undefined {
  const bytes: number[] = [];
  let rest = text;
  for (let i = 0; i < 4; i++) {
    const m = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*)/.exec(rest);
    if (!m) return undefined;
    const word = m[1] ?? "";
    const n = /^0[xX]/.test(word) ? (word.length > 2 ? parseInt(word.slice(2), 16) : 0) : word.length > 1 && word.startsWith("0") ? parseInt(word, 8) : Number(word);
    if (n > 255) return undefined;
    bytes.push(n);
    rest = rest.slice(word.length);
    if (rest === "") break;
    if (i === 3 || !rest.startsWith(".")) return undefined;
    rest = rest.slice(1);
  }
  while (bytes.length < 4) bytes.push(0);
  return bytes.reduce((a, b) => a * 256 + b, 0);
}

function bitsOf(family: Family): number {
  return family === "inet6" ? 128 : family === "inet" ? 32 : 0;
}

/** get_addr_1: undefined when the text is no address of the family. */
export function parseAddr(text: string, family: Family): InetPrefix | undefined {
  const base = { v4: 0, v6: "0".repeat(32), prefixSpecified: false, keyword: false };
  if (text === "default" || text === "any" || text === "all") {
    const isDefault = text === "default";
    return { ...base, family, bitlen: -2, bytelen: isDefault ? bitsOf(family) / 8 : 0, prefixSpecified: isDefault, keyword: true };
  }
  if (text.includes(":")) {
    if (family !== "unspec" && family !== "inet6") return undefined;
    const v6 = parseIpv6(text);
    return v6 === undefined ? undefined : { ...base, family: "inet6", v6, bitlen: -1, bytelen: 16 };
  }
  if (family !== "unspec" && family !== "inet") return undefined;
  const v4 = parseLegacyIpv4(text);
  return v4 === undefined ? undefined : { ...base, family: "inet", v4, bitlen: -1, bytelen: 4 };
}

/** get_netmask: a number (strtoul base 0) or a contiguous dotted mask. */
function parseMask(text: string): number | undefined {
  if (/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(text)) {
    return /^0[xX]/.test(text) ? parseInt(text.slice(2), 16) : text.length > 1 && text.startsWith("0") ? parseInt(text, 8) : Number(text);
  }
  const m = parseAddr(text, "inet");
  if (m === undefined || m.family !== "inet") return undefined;
  const host = ~m.v4 >>> 0;
  if ((host & (host + 1)) !== 0) return undefined;
  return 32 - Math.log2(host + 1);
}

/** get_prefix_1. */
export function parsePrefix(text: string, family: Family): InetPrefix | undefined {
  const slash = text.indexOf("/");
  const addr = parseAddr(slash < 0 ? text : text.slice(0, slash), family);
  if (addr === undefined) return undefined;
  if (slash < 0) return { ...addr, bitlen: addr.bitlen === -2 ? 0 : bitsOf(addr.family) };
  if (addr.bitlen === -2) return undefined;
  const plen = parseMask(text.slice(slash + 1));
  if (plen === undefined || plen > bitsOf(addr.family)) return undefined;
  return { ...addr, bitlen: plen, prefixSpecified: true };
}

function familyWords(family: Family): string {
  return family === "unspec" ? "any valid" : family;
}

/** get_prefix: or "Error: inet prefix is expected rather than ...", status 1. */
export function getPrefix(ctx: IpCtx, text: string, family: Family): InetPrefix {
  if (family === "link") die(ctx, `Error: "${text}" may be inet prefix, but it is not allowed in this context.\n`, 1);
  return parsePrefix(text, family) ?? die(ctx, `Error: ${familyWords(family)} prefix is expected rather than "${text}".\n`, 1);
}

/** get_addr: or "Error: inet address is expected rather than ...", status 1. */
export function getAddr(ctx: IpCtx, text: string, family: Family): InetPrefix {
  return parseAddr(text, family) ?? die(ctx, `Error: ${familyWords(family)} address is expected rather than "${text}".\n`, 1);
}

/** ll_addr_a2n: colon-separated sscanf("%x") bytes; a bad part is reported alone: `"zz" is invalid lladdr.` */
export function parseLladdr(ctx: IpCtx, text: string): number[] {
  const bytes: number[] = [];
  let rest: string | undefined = text;
  while (rest !== undefined && bytes.length < 32) {
    const colon = rest.indexOf(":");
    const part = colon < 0 ? rest : rest.slice(0, colon);
    const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(part);
    const v = m ? parseInt(m[1] ?? "", 16) : NaN;
    if (!m || v > 255) die(ctx, `"${part}" is invalid lladdr.\n`, 1);
    bytes.push(v);
    rest = colon < 0 ? undefined : rest.slice(colon + 1);
  }
  return bytes;
}

export function formatLladdr(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}
