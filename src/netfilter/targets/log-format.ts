// The line the kernel logs for an IPv4 packet (net/netfilter/nf_log_syslog.c,
// nf_log_ip_packet and dump_ipv4_packet, as in Linux 6.1): "IN= OUT= ", the MAC header when
// the packet came in on a device, then the IP header and the transport header field by field.
// The outer packet comes as plain data; it is laid out as bytes so that the one reader below
// serves both it and the packet quoted inside an ICMP error, which only exists as bytes.
import type { PacketState } from "../context.ts";
import type { Ipv4Header, TcpOption, Transport } from "../../wire/packet.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";

/** XT_LOG_* bits of xt_log_info.logflags (include/uapi/linux/netfilter/xt_LOG.h). */
export const LOG_FLAG = { TCPSEQ: 0x01, TCPOPT: 0x02, IPOPT: 0x04, UID: 0x08, MACDECODE: 0x20 } as const;

export interface LogSubject {
  readonly packet: PacketState;
  readonly inIface?: string;
  readonly outIface?: string;
}

/** Bytes from some offset of the packet: what is known of them, and skb->len minus the offset. */
interface Bytes {
  readonly data: readonly number[];
  readonly len: number;
}

/** A transport dump, and whether dump_ipv4_packet returns early (skipping UID= and MARK=). */
interface Dumped {
  readonly text: string;
  readonly stop?: boolean;
}

const ZERO_MAC = "00:00:00:00:00:00";
const ICMP_HDR = 8;
const NR_ICMP_TYPES = 18;

/** The whole line after the syslog level, trailing blank included, as the kernel writes it. */
export function formatLogLine(prefix: string, flags: number, s: LogSubject): string {
  let out = `${prefix}IN=${s.inIface ?? ""} OUT=${s.outIface ?? ""} `;
  if (s.inIface !== undefined) out += macHeader(flags, s.inIface, s.packet);
  const { ip } = s.packet;
  const l4 = transportBytes(s.packet);
  return out + dumpIpv4(ip, l4, flags, s.packet.mark, true, ip.reservedFlag ?? false);
}

/** dump_mac_header: decoded for Ethernet devices under --log-macdecode, else the raw 14 bytes. */
function macHeader(flags: number, dev: string, pkt: PacketState): string {
  const src = (pkt.srcMac ?? ZERO_MAC).toLowerCase();
  const dst = (pkt.dstMac ?? ZERO_MAC).toLowerCase();
  // lo is ARPHRD_LOOPBACK: never decoded, its (all-zero) Ethernet header printed raw.
  if ((flags & LOG_FLAG.MACDECODE) !== 0 && dev !== "lo") return `MACSRC=${src} MACDST=${dst} MACPROTO=0800 `;
  return `MAC=${dst}:${src}:08:00 `;
}

function u16(n: number): number[] {
  return [(n >>> 8) & 0xff, n & 0xff];
}

function u32(n: number): number[] {
  return [...u16(n >>> 16), ...u16(n & 0xffff)];
}

/** The TCP options as they sit on the wire, padded with end-of-list bytes to a 4-byte boundary. */
function tcpOptionBytes(options: readonly TcpOption[]): number[] {
  // A malformed tail keeps every byte after its kind as data.
  const bytes = options.flatMap((o) => (o.kind <= 1 ? [o.kind] : o.malformed ? [o.kind, ...o.data] : [o.kind, o.data.length + 2, ...o.data]));
  while (bytes.length % 4 !== 0) bytes.push(0);
  return bytes;
}

function ipHeaderLength(ip: Ipv4Header): number {
  return 20 + Math.ceil(ip.options.length / 4) * 4;
}

/** Header bytes of the transport as plain data gives them (checksums zero: the log never shows them). */
function transportHeader(l4: Transport, ip: Ipv4Header): number[] {
  switch (l4.kind) {
    case "tcp": {
      const opts = tcpOptionBytes(l4.options);
      const doff = (20 + opts.length) / 4;
      const offsetByte = (doff << 4) | ((l4.reserved ?? 0) & 0x0f);
      return [...u16(l4.sport), ...u16(l4.dport), ...u32(l4.seq), ...u32(l4.ack), offsetByte, l4.flags & 0xff, ...u16(l4.window), 0, 0, ...u16(l4.urgent ?? 0), ...opts];
    }
    case "udp":
      // The UDP length field as received, else the datagram as the IP header sizes it.
      return [...u16(l4.sport), ...u16(l4.dport), ...u16(l4.length ?? ip.length - ipHeaderLength(ip)), 0, 0];
    case "icmp":
      // The second word: id and sequence, or the gateway / MTU / pointer word of other types.
      return [l4.type, l4.code, 0, 0, ...(l4.rest !== undefined ? u32(l4.rest) : [...u16(l4.id), ...u16(l4.seq)])];
    case "other":
      return [];
  }
}

function transportBytes(pkt: PacketState): Bytes {
  const data = [...transportHeader(pkt.l4, pkt.ip), ...pkt.payload];
  return { data, len: Math.max(pkt.ip.length - ipHeaderLength(pkt.ip), data.length) };
}

function hexBytes(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

function be16(b: readonly number[], at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function be32(b: readonly number[], at: number): number {
  return ((be16(b, at) << 16) >>> 0) + be16(b, at + 2);
}

function incomplete(len: number): string {
  return `INCOMPLETE [${String(len)} bytes] `;
}

/** The fixed IP header fields: addresses, LEN TOS PREC TTL ID, the flag bits and the offset. */
function ipFields(ip: Ipv4Header, ce: boolean): string {
  let out = `SRC=${formatIpv4(ip.src)} DST=${formatIpv4(ip.dst)} `;
  out += `LEN=${String(ip.length)} TOS=0x${hex2(ip.tos & 0x1e)} PREC=0x${hex2(ip.tos & 0xe0)} TTL=${String(ip.ttl)} ID=${String(ip.id)} `;
  if (ce) out += "CE ";
  if (ip.dontFragment) out += "DF ";
  if (ip.moreFragments) out += "MF ";
  if (ip.fragOffset !== 0) out += `FRAG:${String(ip.fragOffset)} `;
  return out;
}

/** "OPT (...)" under --log-ip-options: the option bytes up to the header length. */
function ipOptions(ip: Ipv4Header, flags: number): string {
  if ((flags & LOG_FLAG.IPOPT) === 0 || ip.options.length === 0) return "";
  const opts = [...ip.options];
  while (opts.length % 4 !== 0) opts.push(0);
  return `OPT (${hexBytes(opts)}) `;
}

/** dump_ipv4_packet for one IP header; `outer` is iphoff == 0 (recursion into ICMP errors, UID, MARK). */
function dumpIpv4(ip: Ipv4Header, l4: Bytes, flags: number, mark: number, outer: boolean, ce = false): string {
  const dumped = dumpTransport(ip, l4, flags, outer);
  const out = ipFields(ip, ce) + ipOptions(ip, flags) + dumped.text;
  if (dumped.stop) return out;
  // UID=/GID= under --log-uid need the sending socket, which nfsim's packets do not carry.
  if (outer && mark !== 0) return `${out}MARK=0x${(mark >>> 0).toString(16)} `;
  return out;
}

function dumpTransport(ip: Ipv4Header, l4: Bytes, flags: number, outer: boolean): Dumped {
  const fragment = ip.fragOffset !== 0;
  switch (ip.proto) {
    case 6:
      return dumpTcp(l4, fragment, flags);
    case 17:
    case 136:
      return dumpUdp(l4, ip.proto, fragment);
    case 1:
      return { text: `PROTO=ICMP ${fragment ? "" : dumpIcmp(l4, flags, outer)}` };
    case 51:
      // The AH case tests the fragment offset before naming the protocol.
      return { text: fragment ? "" : `PROTO=AH ${spi(l4, 12, 4)}` };
    case 50:
      return { text: `PROTO=ESP ${fragment ? "" : spi(l4, 8, 0)}` };
    default:
      return { text: `PROTO=${String(ip.proto)} ` };
  }
}

/** "SPI=0x..." of AH (header 12 bytes, SPI at 4) or ESP (8 bytes, SPI at 0). */
function spi(l4: Bytes, size: number, at: number): string {
  if (l4.data.length < size || l4.len < size) return incomplete(l4.len);
  return `SPI=0x${be32(l4.data, at).toString(16)} `;
}

const TCP_FLAG_WORDS: readonly (readonly [bit: number, word: string])[] = [
  [0x80, "CWR"], [0x40, "ECE"], [0x20, "URG"], [0x10, "ACK"], [0x08, "PSH"], [0x04, "RST"], [0x02, "SYN"], [0x01, "FIN"],
];

/** nf_log_dump_tcp_header. */
function dumpTcp(l4: Bytes, fragment: boolean, flags: number): Dumped {
  const b = l4.data;
  if (fragment) return { text: "PROTO=TCP " };
  if (b.length < 20 || l4.len < 20) return { text: `PROTO=TCP ${incomplete(l4.len)}`, stop: true };
  let out = `PROTO=TCP SPT=${String(be16(b, 0))} DPT=${String(be16(b, 2))} `;
  if ((flags & LOG_FLAG.TCPSEQ) !== 0) out += `SEQ=${String(be32(b, 4))} ACK=${String(be32(b, 8))} `;
  out += `WINDOW=${String(be16(b, 14))} `;
  out += `RES=0x${(((b[12] ?? 0) & 0x0f) << 2).toString(16).padStart(2, "0")} `;
  out += TCP_FLAG_WORDS.filter(([bit]) => ((b[13] ?? 0) & bit) !== 0).map(([, w]) => `${w} `).join("");
  out += `URGP=${String(be16(b, 18))} `;
  const optsize = (((b[12] ?? 0) >>> 4) * 4) - 20;
  if ((flags & LOG_FLAG.TCPOPT) === 0 || optsize <= 0) return { text: out };
  if (b.length < 20 + optsize || l4.len < 20 + optsize) return { text: `${out}OPT (TRUNCATED)`, stop: true };
  return { text: `${out}OPT (${hexBytes(b.slice(20, 20 + optsize))}) ` };
}

/** nf_log_dump_udp_header (UDP and UDP-Lite). */
function dumpUdp(l4: Bytes, proto: number, fragment: boolean): Dumped {
  const head = proto === 17 ? "PROTO=UDP " : "PROTO=UDPLITE ";
  if (fragment) return { text: head };
  const b = l4.data;
  if (b.length < 8 || l4.len < 8) return { text: head + incomplete(l4.len), stop: true };
  return { text: `${head}SPT=${String(be16(b, 0))} DPT=${String(be16(b, 2))} LEN=${String(be16(b, 4))} ` };
}

/** Bytes an ICMP message of each type needs before its fields are logged (required_len). */
const ICMP_REQUIRED: Readonly<Record<number, number>> = {
  0: 4, 3: 28, 4: 28, 5: 28, 8: 4, 11: 28, 12: 28, 13: 20, 14: 20, 17: 12, 18: 12,
};

/** The ICMP part of dump_ipv4_packet, after "PROTO=ICMP ". */
function dumpIcmp(l4: Bytes, flags: number, outer: boolean): string {
  const b = l4.data;
  if (b.length < ICMP_HDR || l4.len < ICMP_HDR) return incomplete(l4.len);
  const type = b[0] ?? 0;
  const code = b[1] ?? 0;
  let out = `TYPE=${String(type)} CODE=${String(code)} `;
  const required = type <= NR_ICMP_TYPES ? ICMP_REQUIRED[type] : undefined;
  if (required !== undefined && l4.len < required) return out + incomplete(l4.len);
  switch (type) {
    case 0:
    case 8:
      return `${out}ID=${String(be16(b, 4))} SEQ=${String(be16(b, 6))} `;
    case 12:
      return `${out}PARAMETER=${String(b[4] ?? 0)} `;
    case 5:
      out += `GATEWAY=${formatIpv4(be32(b, 4))} `;
      return out + quoted(l4, flags, outer) + mtu(b, type, code);
    case 3:
    case 4:
    case 11:
      return out + quoted(l4, flags, outer) + mtu(b, type, code);
    default:
      return out;
  }
}

function mtu(b: readonly number[], type: number, code: number): string {
  return type === 3 && code === 4 ? `MTU=${String(be16(b, 6))} ` : "";
}

/** The packet quoted by an ICMP error, dumped once ("[...] "), never deeper. */
function quoted(l4: Bytes, flags: number, outer: boolean): string {
  if (!outer) return "";
  const inner: Bytes = { data: l4.data.slice(ICMP_HDR), len: l4.len - ICMP_HDR };
  return `[${dumpInner(inner, flags)}] `;
}

/** An IP header read from bytes (at least 20 of them); options as far as they are there. */
function decodeIpv4(b: readonly number[]): { ip: Ipv4Header; ihl: number; ce: boolean } {
  const ihl = Math.max(((b[0] ?? 0) & 0x0f) * 4, 20);
  const frag = be16(b, 6);
  const ip: Ipv4Header = {
    src: be32(b, 12), dst: be32(b, 16), proto: b[9] ?? 0, ttl: b[8] ?? 0, tos: b[1] ?? 0,
    length: be16(b, 2), id: be16(b, 4), fragOffset: frag & 0x1fff,
    moreFragments: (frag & 0x2000) !== 0, dontFragment: (frag & 0x4000) !== 0,
    options: b.slice(20, ihl),
  };
  return { ip, ihl, ce: (frag & 0x8000) !== 0 };
}

/** The quoted packet, dumped like the outer one as far as its bytes go. */
function dumpInner(bytes: Bytes, flags: number): string {
  if (bytes.data.length < 20 || bytes.len < 20) return "TRUNCATED";
  const { ip, ihl, ce } = decodeIpv4(bytes.data);
  const cut = bytes.data.length < ihl || bytes.len < ihl;
  if (cut && (flags & LOG_FLAG.IPOPT) !== 0) return `${ipFields(ip, ce)}TRUNCATED`;
  const rest: Bytes = { data: bytes.data.slice(ihl), len: bytes.len - ihl };
  return dumpIpv4(ip, rest, flags, 0, false, ce);
}
