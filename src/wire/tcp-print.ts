// tcpdump's TCP line (print-tcp.c, tcp_print): ports, flags, relative sequence numbers per
// conversation unless -S, the checksum with -v, window, options and length.
import { be16 } from "./bytes.ts";
import { checksumShouldBe, internetChecksum, pseudoHeaderSum } from "./checksum.ts";
import { finalDestination } from "./ip.ts";
import { hostName, tcpPortName, type Printer, type TcpSeqBase } from "./print.ts";
import type { Ipv4Header, TcpHeader, TcpOption } from "./packet.ts";
import { IPPROTO, TCP_FLAG } from "./packet.ts";
import { emitTcp, TCPOPT } from "./tcp.ts";
import { tcpPayloadText } from "./text-print.ts";

/** bittok2str_nosep(tcp_flag_values): letters in bit order, "." for ACK, "none" when empty. */
export function tcpdumpFlags(flags: number): string {
  const letters: [number, string][] = [
    [TCP_FLAG.FIN, "F"], [TCP_FLAG.SYN, "S"], [TCP_FLAG.RST, "R"], [TCP_FLAG.PSH, "P"],
    [TCP_FLAG.ACK, "."], [TCP_FLAG.URG, "U"], [TCP_FLAG.ECE, "E"], [TCP_FLAG.CWR, "W"],
  ];
  const text = letters.filter(([bit]) => (flags & bit) !== 0).map(([, l]) => l).join("");
  return text === "" ? "none" : text;
}

interface Relative {
  seq: number;
  ack: number;
  /** The conversation's bases, and whether this packet runs against the collating order. */
  base: TcpSeqBase;
  rev: boolean;
}

/**
 * One entry per conversation, both directions collated by port (then address), created on
 * a SYN or on the first ACK seen: that packet prints absolute numbers, later ones relative.
 */
function relative(p: Printer, ip: Ipv4Header, tcp: TcpHeader): Relative {
  const rev = tcp.sport > tcp.dport || (tcp.sport === tcp.dport && ip.src > ip.dst);
  const key = rev ? `${String(ip.dst)}>${String(ip.src)}:${String(tcp.dport)}>${String(tcp.sport)}`
    : `${String(ip.src)}>${String(ip.dst)}:${String(tcp.sport)}>${String(tcp.dport)}`;
  const found = p.tcpSeq.get(key);
  if (found === undefined || (tcp.flags & TCP_FLAG.SYN) !== 0) {
    const ackBase = (tcp.ack - 1) >>> 0;
    const base = rev ? { seq: ackBase, ack: tcp.seq } : { seq: tcp.seq, ack: ackBase };
    p.tcpSeq.set(key, base);
    return { seq: tcp.seq, ack: tcp.ack, base, rev };
  }
  const [sb, ab] = rev ? [found.ack, found.seq] : [found.seq, found.ack];
  return { seq: (tcp.seq - sb) >>> 0, ack: (tcp.ack - ab) >>> 0, base: found, rev };
}

function checksumText(ip: Ipv4Header, tcp: TcpHeader, payload: readonly number[]): string {
  const segment = emitTcp(tcp, payload, ip.src, ip.dst);
  const field = be16(segment, 16);
  const computed = internetChecksum(segment, 0, segment.length, pseudoHeaderSum(ip.src, finalDestination(ip), IPPROTO.TCP, segment.length));
  if (computed === 0) return `, cksum 0x${hex4(field)} (correct)`;
  return `, cksum 0x${hex4(field)} (incorrect -> 0x${hex4(checksumShouldBe(field, computed))})`;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/**
 * The line after "IP " for a TCP segment. `length` is the IP payload length (total length
 * less the IP header); `fragmented` is the MF bit, which turns the checksum check off.
 */
export function printTcp(p: Printer, ip: Ipv4Header, tcp: TcpHeader, payload: readonly number[], length: number, fragmented: boolean): string {
  const head = `${hostName(p, ip.src)}.${tcpPortName(p, tcp.sport)} > ${hostName(p, ip.dst)}.${tcpPortName(p, tcp.dport)}: `;
  const hlen = emitTcp(tcp, [], ip.src, ip.dst).length;
  if (p.opts.quiet) return `${head}tcp ${String(length - hlen)}${hlen > length ? ` [bad hdr length ${String(hlen)} - too long, > ${String(length)}]` : ""}`;
  let out = `${head}Flags [${tcpdumpFlags(tcp.flags)}]`;
  const useRelative = !p.opts.absoluteSeq && (tcp.flags & TCP_FLAG.ACK) !== 0;
  const rel = useRelative ? relative(p, ip, tcp) : undefined;
  if (hlen > length) return `${out} [bad hdr length ${String(hlen)} - too long, > ${String(length)}]`;
  if (p.opts.verbose > 0 && !fragmented && payload.length + hlen >= length) out += checksumText(ip, tcp, payload);
  const dataLen = length - hlen;
  const seq = rel?.seq ?? tcp.seq;
  if (p.opts.verbose > 1 || dataLen > 0 || (tcp.flags & (TCP_FLAG.SYN | TCP_FLAG.FIN | TCP_FLAG.RST)) !== 0) {
    out += `, seq ${String(seq)}${dataLen > 0 ? `:${String((seq + dataLen) >>> 0)}` : ""}`;
  }
  if ((tcp.flags & TCP_FLAG.ACK) !== 0) out += `, ack ${String(rel?.ack ?? tcp.ack)}`;
  out += `, win ${String(tcp.window)}`;
  if ((tcp.flags & TCP_FLAG.URG) !== 0) out += `, urg ${String(tcp.urgent ?? 0)}`;
  if (tcp.options.length > 0) {
    const opts = printTcpOptions(tcp.options, rel);
    out += `, options [${opts.text}`;
    if (opts.bad) return out;
  }
  out += `, length ${String(dataLen)}`;
  if (dataLen === 0) return out;
  if ((tcp.flags & TCP_FLAG.RST) !== 0 && p.opts.verbose > 0) return out + rstData(payload, dataLen);
  return out + tcpPayloadText(tcp.sport, tcp.dport, payload.slice(0, dataLen), p.opts.verbose > 0);
}

/** print_tcp_rst_data: up to 30 bytes of text a RST carries, with -v. */
function rstData(payload: readonly number[], length: number): string {
  const shown = payload.slice(0, Math.min(length, 30));
  const text = shown.map(printableChar).join("");
  return ` [${payload.length >= length ? "RST" : "!RST"}${length > 30 ? "+" : ""} ${text}]`;
}

/** fn_print_char: printable ASCII as is, M- for the high half, ^ for controls. */
export function printableChar(c: number): string {
  let s = "";
  let ch = c;
  if (ch >= 0x80) {
    s += "M-";
    ch &= 0x7f;
  }
  if (ch < 0x20 || ch === 0x7f) return `${s}^${String.fromCharCode(ch ^ 0x40)}`;
  return s + String.fromCharCode(ch);
}

const OPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "eol"], [1, "nop"], [2, "mss"], [3, "wscale"], [4, "sackOK"], [5, "sack"], [6, "echo"],
  [7, "echoreply"], [8, "TS"], [11, "cc"], [12, "ccnew"], [13, ""], [19, "md5"], [20, "scps"],
  [28, "uto"], [29, "tcp-ao"], [30, "mptcp"], [34, "tfo"], [254, "exp"],
]);

/** Bytes each option must carry, where tcpdump checks a fixed size. */
const FIXED_LEN: ReadonlyMap<number, number> = new Map([
  [TCPOPT.MSS, 2], [TCPOPT.WSCALE, 1], [6, 4], [7, 4], [11, 4], [12, 4], [13, 4],
  [TCPOPT.TIMESTAMP, 8], [19, 16], [20, 2], [28, 2],
]);

function u32(d: readonly number[], at: number): number {
  return (((d[at] ?? 0) << 24) | ((d[at + 1] ?? 0) << 16) | ((d[at + 2] ?? 0) << 8) | (d[at + 3] ?? 0)) >>> 0;
}

function hexBytes(d: readonly number[]): string {
  return d.map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sackText(d: readonly number[], rel: Relative | undefined): string {
  if (d.length % 8 !== 0) return " invalid sack";
  const base = rel === undefined ? 0 : rel.rev ? rel.base.seq : rel.base.ack;
  let text = ` ${String(d.length / 8)} `;
  for (let i = 0; i < d.length; i += 8) {
    text += `{${String((u32(d, i) - base) >>> 0)}:${String((u32(d, i + 4) - base) >>> 0)}}`;
  }
  return text;
}

function optionValue(o: TcpOption, rel: Relative | undefined): string {
  const d = o.data;
  switch (o.kind) {
    case TCPOPT.MSS: return ` ${String(((d[0] ?? 0) << 8) | (d[1] ?? 0))}`;
    case TCPOPT.WSCALE: return ` ${String(d[0] ?? 0)}`;
    case TCPOPT.SACK: return sackText(d, rel);
    case 6: case 7: case 11: case 12: case 13: return ` ${String(u32(d, 0))}`;
    case TCPOPT.TIMESTAMP: return ` val ${String(u32(d, 0))} ecr ${String(u32(d, 4))}`;
    case 19: return ` can't check - ${hexBytes(d.slice(0, 16))}`;
    case 20: return ` cap ${(d[0] ?? 0).toString(16).padStart(2, "0")} id ${String(d[1] ?? 0)}`;
    case 28: return utoText(((d[0] ?? 0) << 8) | (d[1] ?? 0));
    case TCPOPT.EOL: case TCPOPT.NOP: case TCPOPT.SACK_PERM: return "";
    default: return d.length > 0 ? ` 0x${hexBytes(d)}` : "";
  }
}

function utoText(v: number): string {
  const minutes = (v & 1) !== 0;
  return ` 0x${v.toString(16)} ${String(minutes ? (v >> 1) * 60 : v >> 1)}`;
}

/**
 * What follows "options [": the list and its "]", or, where tcpdump gives up on an option,
 * the list so far, the option's name, "[bad opt]" and a "]" only after a complete option.
 */
function printTcpOptions(options: readonly TcpOption[], rel: Relative | undefined): { text: string; bad: boolean } {
  const parts: string[] = [];
  for (const o of options) {
    const need = FIXED_LEN.get(o.kind);
    const name = OPTION_NAMES.get(o.kind) ?? `unknown-${String(o.kind)}`;
    if (o.malformed) return bad(parts, "");
    if (need !== undefined && o.data.length < need) return bad(parts, name);
    const hasLen = o.kind !== TCPOPT.EOL && o.kind !== TCPOPT.NOP;
    const printed = need ?? o.data.length;
    const mismatch = hasLen && printed !== o.data.length ? `[len ${String(o.data.length + 2)}]` : "";
    parts.push(`${name}${optionValue(o, rel)}${mismatch}`);
    if (o.kind === TCPOPT.EOL) break;
  }
  return { text: `${parts.join(",")}]`, bad: false };
}

function bad(parts: readonly string[], name: string): { text: string; bad: boolean } {
  const done = parts.length > 0;
  return { text: `${parts.join(",")}${done ? "," : ""}${name}[bad opt]${done ? "]" : ""}`, bad: true };
}
