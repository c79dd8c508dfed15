// tcpdump's line for one captured Ethernet frame (print.c, pretty_print_packet;
// print-ether.c, ether_common_print): timestamp, link header with -e, the packet, and the
// -x/-X/-A dumps. The per-protocol text comes from the format modules' printers.
import { printArp } from "./arp.ts";
import { ETHERNET_HEADER_LEN } from "./ethernet.ts";
import { parseFrame, type EthernetFrame } from "./frame.ts";
import { hexAndAscii, hexOnly, asciiOnly } from "./hexdump.ts";
import { printIpv4 } from "./ip-print.ts";
import { ETHERTYPE_NAMES } from "./names.ts";
import type { PcapRecord } from "./pcap.ts";
import { formatTimestamp, type TimestampState } from "./timestamp.ts";
import { macName, newPrinter, type PrintOptions, type Printer } from "./print.ts";
import type { Ipv4 } from "./ipv4.ts";

export interface TcpdumpOptions extends PrintOptions {
  /** -t count: 0 clock time, 1 none, 2 epoch seconds, 3 delta, 4 date, 5 since first. */
  readonly timestamps: number;
  /** -x, -X and -A counts; two of a kind include the link-level header. */
  readonly hex: number;
  readonly hexAscii: number;
  readonly ascii: number;
}

export interface TcpdumpPrinter {
  readonly printer: Printer;
  readonly opts: TcpdumpOptions;
  readonly time: TimestampState;
}

export function newTcpdumpPrinter(opts: Partial<TcpdumpOptions> = {}, resolveHost?: (addr: Ipv4) => string | undefined): TcpdumpPrinter {
  const full: TcpdumpOptions = { timestamps: 0, hex: 0, hexAscii: 0, ascii: 0, ...newPrinter(opts).opts, ...opts };
  return { printer: newPrinter(full, resolveHost), opts: full, time: {} };
}

function etherTypeText(p: Printer, type: number): string {
  const name = ETHERTYPE_NAMES.get(type);
  if (p.opts.quiet) return name ?? `Unknown Ethertype (0x${type.toString(16).padStart(4, "0")})`;
  return `ethertype ${name ?? "Unknown"} (0x${type.toString(16).padStart(4, "0")})`;
}

function linkHeader(p: Printer, frame: EthernetFrame, length: number): string {
  return `${macName(p, frame.eth.src)} > ${macName(p, frame.eth.dst)}, ${etherTypeText(p, frame.eth.ethertype)}, length ${String(length)}: `;
}

/** The packet after the Ethernet header, or undefined when tcpdump would hex-dump it. */
function network(p: Printer, frame: EthernetFrame, length: number): string | undefined {
  const body = frame.body;
  if (body.kind === "ipv4") return printIpv4(p, body.packet, length - ETHERNET_HEADER_LEN);
  if (body.kind === "arp") return printArp(p, body.arp, length - ETHERNET_HEADER_LEN);
  return undefined;
}

/**
 * The text of one frame: link header with -e, then the packet or, for what is not decoded,
 * a hex dump of it unless `suppressDump` (tcpdump's -q, -x, -X and -A suppress it).
 */
export function printEthernet(p: Printer, data: Uint8Array, length: number, suppressDump = p.opts.quiet): string {
  const frame = parseFrame(data);
  if (frame === undefined) return " [|ether]";
  const typed = frame.eth.ethertype > 1500;
  const head = p.opts.link && typed ? linkHeader(p, frame, length) : "";
  const text = typed ? network(p, frame, length) : undefined;
  if (text !== undefined) return head + text;
  // Not decoded: addresses and type even without -e, then the default hex and ASCII dump.
  const shown = head || linkHeader(p, frame, length);
  return suppressDump ? shown : shown + hexAndAscii(data.subarray(ETHERNET_HEADER_LEN));
}

/** The -x/-X/-A dump after the line: past the link header, or all of it when doubled. */
function dumps(o: TcpdumpOptions, data: Uint8Array): string {
  const past = data.subarray(ETHERNET_HEADER_LEN);
  if (o.hexAscii > 0) return o.hexAscii > 1 ? hexAndAscii(data) : past.length > 0 ? hexAndAscii(past) : "";
  if (o.hex > 0) return o.hex > 1 ? hexOnly(data) : past.length > 0 ? hexOnly(past) : "";
  if (o.ascii > 0) return o.ascii > 1 ? asciiOnly(data) : past.length > 0 ? asciiOnly(past) : "";
  return "";
}

/** One record of an Ethernet capture as tcpdump prints it, newline included. */
export function printRecord(t: TcpdumpPrinter, r: PcapRecord): string {
  const o = t.opts;
  const suppress = o.quiet || o.hex + o.hexAscii > 0;
  const stamp = formatTimestamp(t.time, o.timestamps, r.timeUs);
  return `${stamp}${printEthernet(t.printer, r.data, r.length, suppress)}${dumps(o, r.data)}\n`;
}
