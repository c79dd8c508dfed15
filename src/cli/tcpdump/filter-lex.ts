// The lexer of tcpdump's filter language (pcap-filter(7); libpcap scanner.l): keywords,
// numbers (decimal, 0x hex, leading-zero octal), dotted addresses, MAC addresses, names,
// "\name" escapes and operators; the longest match wins, ties going to the earlier rule.
import { FilterError } from "./filter-error.ts";

export type Token =
  | { readonly t: "kw"; readonly v: string }
  | { readonly t: "num"; readonly v: number }
  | { readonly t: "hid"; readonly v: string }
  | { readonly t: "mac"; readonly v: string }
  | { readonly t: "id"; readonly v: string }
  | { readonly t: "op"; readonly v: string };

/** Keyword spellings and the token they stand for (synonyms share one). */
const KEYWORDS: ReadonlyMap<string, string> = new Map([
  ...["dst", "src", "host", "net", "port", "portrange", "proto", "protochain", "gateway", "less",
    "greater", "broadcast", "multicast", "inbound", "outbound", "vlan", "mpls", "arp", "rarp",
    "ip", "ip6", "sctp", "tcp", "udp", "icmp", "icmp6", "igmp", "igrp", "pim", "vrrp", "carp",
    "ah", "esp", "byte", "ifindex"].map((k) => [k, k] as const),
  ["mask", "mask"], ["link", "ether"], ["ether", "ether"], ["ppp", "ether"], ["slip", "ether"],
  ["fddi", "ether"], ["tr", "ether"], ["wlan", "ether"], ["and", "and"], ["or", "or"],
  ["not", "!"], ["len", "len"], ["length", "len"],
]);

/** Names the scanner turns straight into numbers. */
const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ["icmptype", 0], ["icmpcode", 1], ["icmp-echoreply", 0], ["icmp-unreach", 3],
  ["icmp-sourcequench", 4], ["icmp-redirect", 5], ["icmp-echo", 8], ["icmp-routeradvert", 9],
  ["icmp-routersolicit", 10], ["icmp-timxceed", 11], ["icmp-paramprob", 12], ["icmp-tstamp", 13],
  ["icmp-tstampreply", 14], ["icmp-ireq", 15], ["icmp-ireqreply", 16], ["icmp-maskreq", 17],
  ["icmp-maskreply", 18], ["tcpflags", 13], ["tcp-fin", 0x01], ["tcp-syn", 0x02],
  ["tcp-rst", 0x04], ["tcp-push", 0x08], ["tcp-ack", 0x10], ["tcp-urg", 0x20],
  ["tcp-ece", 0x40], ["tcp-cwr", 0x80],
]);

const N = "(?:0[xX][0-9A-Fa-f]+|[0-9]+)";
const B = "[0-9A-Fa-f][0-9A-Fa-f]?";
const RULES: readonly [string, RegExp][] = [
  ["op2", /^(?:>=|<=|!=|==|<<|>>|&&|\|\|)/],
  ["op", /^[+\-*/%:[\]!<>()&|^=]/],
  ["mac", new RegExp(`^(?:${B}:${B}:${B}:${B}:${B}:${B}|${B}-${B}-${B}-${B}-${B}-${B}|${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B})`)],
  ["num", new RegExp(`^${N}`)],
  ["hid", new RegExp(`^${N}\\.${N}(?:\\.${N}(?:\\.${N})?)?`)],
  ["word", /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/],
  ["escaped", /^\\[^ !()\n\t]+/],
];

/** stou: a number in C's base-0 notation, with the scanner's complaints. */
function number(text: string): number {
  if (/^0[xX]/.test(text)) return parseInt(text.slice(2), 16) >>> 0;
  if (text.length > 1 && text.startsWith("0")) {
    if (!/^[0-7]+$/.test(text)) throw new FilterError(`number ${text} contains non-octal digit`);
    return parseInt(text, 8) >>> 0;
  }
  const value = Number(text);
  if (value > 0xffffffff) throw new FilterError(`number ${text} overflows 32 bits`);
  return value;
}

function classify(kind: string, text: string): Token {
  switch (kind) {
    case "op2": return { t: "op", v: text === "&&" ? "and" : text === "||" ? "or" : text === "==" ? "=" : text };
    case "op": return text === "!" ? { t: "kw", v: "!" } : { t: "op", v: text };
    case "mac": return { t: "mac", v: text };
    case "num": return { t: "num", v: number(text) };
    case "hid": return { t: "hid", v: text };
    case "escaped": return { t: "id", v: text.slice(1) };
    default: {
      const kw = KEYWORDS.get(text);
      if (kw !== undefined) return kw === "and" || kw === "or" ? { t: "op", v: kw } : { t: "kw", v: kw };
      const constant = CONSTANTS.get(text);
      return constant !== undefined ? { t: "num", v: constant } : { t: "id", v: text };
    }
  }
}

/** The longest match at the start of `rest`, ties to the earlier rule. */
function longest(rest: string): { kind: string; text: string } | undefined {
  let best: { kind: string; text: string } | undefined;
  for (const [kind, re] of RULES) {
    const m = re.exec(rest);
    if (m && (best === undefined || m[0].length > best.text.length)) best = { kind, text: m[0] };
  }
  return best;
}

export function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let rest = source.replace(/^[ \r\n\t]+/, "");
  while (rest !== "") {
    const m = longest(rest);
    if (m === undefined) throw new FilterError("syntax error");
    tokens.push(classify(m.kind, m.text));
    rest = rest.slice(m.text.length).replace(/^[ \r\n\t]+/, "");
  }
  return tokens;
}
