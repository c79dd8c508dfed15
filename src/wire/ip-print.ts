// tcpdump's IPv4 printing (print-ip.c, ip_print; print-ip-demux.c): "IP " unless -e, with
// -v the header in parentheses and a line break, then the addresses and the transport.
import { be32, type Bytes } from "./bytes.ts";
import { checksumShouldBe, internetChecksum } from "./checksum.ts";
import { printIcmp } from "./icmp-print.ts";
import { emitIpv4Header, parseIpv4Packet, IPV4_HEADER_LEN } from "./ip.ts";
import { IP_PROTOCOL_NAMES } from "./names.ts";
import type { Ipv4Header, Ipv4Packet } from "./packet.ts";
import { hostName, tcpPortName, udpPortName, type Printer } from "./print.ts";
import { printTcp } from "./tcp-print.ts";
import { printUdp } from "./udp-print.ts";

/** tcpdump's ipproto_values: the protocol names of the -v header. */
const PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "Options"], [1, "ICMP"], [2, "IGMP"], [4, "IPIP"], [6, "TCP"], [8, "EGP"], [9, "IGRP"],
  [17, "UDP"], [33, "DCCP"], [41, "IPv6"], [43, "Routing"], [44, "Fragment"], [46, "RSVP"],
  [47, "GRE"], [50, "ESP"], [51, "AH"], [55, "Mobile IP"], [58, "ICMPv6"], [62, "Mobile IP (old)"],
  [88, "EIGRP"], [89, "OSPF"], [103, "PIM"], [108, "Compressed IP"], [112, "VRRP"], [113, "PGM"],
  [132, "SCTP"], [135, "Mobility"], [143, "Ethernet"],
]);

const OPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "EOL"], [1, "NOP"], [68, "timestamp"], [130, "security"], [7, "RR"], [137, "SSRR"],
  [131, "LSRR"], [148, "RA"], [82, "traceroute"],
]);

function ecn(tos: number): string {
  return ["", ",ECT(1)", ",ECT(0)", ",CE"][tos & 3] ?? "";
}

function fragFlags(ip: Ipv4Header): string {
  const bits: [boolean | undefined, string][] = [[ip.moreFragments, "+"], [ip.dontFragment, "DF"], [ip.reservedFlag, "rsvd"]];
  const flags = bits.filter(([on]) => on === true).map(([, name]) => name);
  return flags.length === 0 ? "none" : flags.join(", ");
}

/** ip_printroute: record/source route addresses, a comma after those already filled. */
function route(p: Printer, o: readonly number[]): string {
  const len = o.length;
  if (len < 3) return ` [bad length ${String(len)}]`;
  let out = (len + 1) & 3 ? ` [bad length ${String(len)}]` : "";
  const ptr = (o[2] ?? 0) - 1;
  if (ptr < 3 || (ptr + 1) & 3 || ptr > len + 1) out += ` [bad ptr ${String(o[2] ?? 0)}]`;
  for (let at = 3; at < len; at += 4) out += ` ${hostName(p, be32(o, at))}${ptr > at ? "," : ""}`;
  return out;
}

/** ip_printts: the timestamp option, " TS{...}". */
function timestamps(p: Printer, o: readonly number[]): string {
  const len = o.length;
  if (len < 4) return `[bad length ${String(len)}]`;
  const flag = (o[3] ?? 0) & 0x0f;
  const hop = flag !== 0 ? 8 : 4;
  let out = " TS{";
  if ((len - 4) & (hop - 1)) out += `[bad length ${String(len)}]`;
  const ptr = (o[2] ?? 0) - 1;
  if (ptr < 4 || (ptr - 4) & (hop - 1) || ptr > len + 1) out += `[bad ptr ${String(o[2] ?? 0)}]`;
  const kind = ["TSONLY", "TS+ADDR", undefined, "PRESPEC"][flag];
  let at = 0;
  if (kind === undefined) {
    out += `[bad ts type ${String(flag)}]`;
  } else {
    out += kind;
    let type = " ";
    for (at = 4; at < len; at += hop) {
      if (ptr === at) type = " ^ ";
      out += `${type}${String(be32(o, at + hop - 4))}@${hop === 8 ? hostName(p, be32(o, at)) : ""}`;
      type = " ";
    }
  }
  out += ptr === at ? " ^ " : "";
  const unrecorded = (o[3] ?? 0) >> 4;
  return out + (unrecorded ? ` [${String(unrecorded)} hops not recorded]} ` : "}");
}

function optionBody(p: Printer, code: number, o: readonly number[]): string {
  if (code === 68) return timestamps(p, o);
  if (code === 7 || code === 137 || code === 131) return route(p, o);
  if (code === 148) {
    if (o.length < 4) return ` [bad length ${String(o.length)}]`;
    const value = ((o[2] ?? 0) << 8) | (o[3] ?? 0);
    return value ? ` value ${String(value)}` : "";
  }
  return "";
}

/** ip_optprint: names joined by ",", stopping after EOL or at a bad length. */
export function printIpOptions(p: Printer, bytes: readonly number[]): string {
  const parts: string[] = [];
  for (let at = 0; at < bytes.length;) {
    const code = bytes[at] ?? 0;
    const name = OPTION_NAMES.get(code) ?? `unknown ${String(code)}`;
    const len = code === 0 || code === 1 ? 1 : (bytes[at + 1] ?? 0);
    if (len < 2 && code > 1) return [...parts, `${name} [bad length ${String(len)}]`].join(",");
    if (len > bytes.length - at) return [...parts, `${name} [bad length ${String(len)}]`].join(",");
    parts.push(name + optionBody(p, code, bytes.slice(at, at + len)));
    if (code === 0) break;
    at += len;
  }
  return parts.join(",");
}

function verboseHeader(p: Printer, ip: Ipv4Header): string {
  let out = `(tos 0x${ip.tos.toString(16)}${ecn(ip.tos)}`;
  if (ip.ttl >= 1) out += `, ttl ${String(ip.ttl)}`;
  const proto = PROTO_NAMES.get(ip.proto) ?? "unknown";
  out += `, id ${String(ip.id)}, offset ${String(ip.fragOffset * 8)}, flags [${fragFlags(ip)}], proto ${proto} (${String(ip.proto)})`;
  out += `, length ${String(ip.length)}`;
  if (ip.options.length > 0) out += `, options (${printIpOptions(p, ip.options)})`;
  const header = emitIpv4Header(ip);
  const computed = internetChecksum(header, 0, header.length, 0);
  if (computed !== 0) {
    const field = ip.checksum ?? 0;
    out += `, bad cksum ${field.toString(16)} (->${checksumShouldBe(field, computed).toString(16)})!`;
  }
  return `${out})\n    `;
}

function transport(p: Printer, pkt: Ipv4Packet, length: number): string {
  const { ip, l4, payload } = pkt;
  const fragmented = ip.moreFragments;
  const addrs = `${hostName(p, ip.src)} > ${hostName(p, ip.dst)}: `;
  if (l4.kind === "tcp") return printTcp(p, ip, l4, payload, length, fragmented);
  if (l4.kind === "udp") return printUdp(p, ip, l4, payload, length, fragmented);
  if (l4.kind === "icmp") return addrs + printIcmp(p, l4, payload, length, fragmented, (b) => printQuoted(p, b));
  if (ip.proto === 6 || ip.proto === 17) return cutShort(p, pkt, length);
  return addrs + other(p, ip.proto, length);
}

/** A TCP or UDP header cut short (a quoted datagram): what tcp_print/udp_print get to. */
function cutShort(p: Printer, pkt: Ipv4Packet, length: number): string {
  const { ip, l4 } = pkt;
  const name = ip.proto === 6 ? "tcp" : "udp";
  if (l4.kind !== "other" || l4.sport === undefined || l4.dport === undefined) {
    return `${hostName(p, ip.src)} > ${hostName(p, ip.dst)}: ${ip.proto === 6 ? "" : " "}[|${name}]`;
  }
  const port = ip.proto === 6 ? tcpPortName : udpPortName;
  const head = `${hostName(p, ip.src)}.${port(p, l4.sport)} > ${hostName(p, ip.dst)}.${port(p, l4.dport)}: `;
  if (ip.proto === 17 && length < 8) return `${head}truncated-udp ${String(length)}`;
  return `${head} [|${name}]`;
}

/** print-ip-demux.c's default for protocols without a printer: name or number, and length. */
function other(p: Printer, proto: number, length: number): string {
  return ` ${protoWord(p, proto)} ${String(length)}`;
}

function protoWord(p: Printer, proto: number): string {
  return (!p.opts.numeric && IP_PROTOCOL_NAMES.get(proto)) || `ip-proto-${String(proto)}`;
}

/**
 * An IPv4 packet's text after the link layer. `wireLength` is what the link layer says the
 * packet's length is (frame length less the Ethernet header).
 */
export function printIpv4(p: Printer, pkt: Ipv4Packet, wireLength: number): string {
  const { ip } = pkt;
  let out = p.opts.link ? "" : "IP ";
  const hlen = IPV4_HEADER_LEN + ip.options.length;
  if (wireLength < ip.length) out += `truncated-ip - ${String(ip.length - wireLength)} bytes missing! `;
  if (p.opts.verbose > 0) out += verboseHeader(p, ip);
  const length = ip.length - hlen;
  if (ip.fragOffset === 0) return out + transport(p, pkt, length);
  return `${out}${hostName(p, ip.src)} > ${hostName(p, ip.dst)}: ${protoWord(p, ip.proto)}`;
}

/** The datagram an ICMP error quotes, printed with its own length field as its length. */
function printQuoted(p: Printer, bytes: Bytes): string {
  const parsed = parseIpv4Packet(bytes);
  if (parsed === undefined) return `${p.opts.link ? "" : "IP "}[|ip]`;
  return printIpv4(p, parsed.packet, parsed.packet.ip.length);
}
