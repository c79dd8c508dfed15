// What tcpdump's printers share while printing one capture: the flags it was run with, the
// name lookups those flags allow (addrtoname.c), and the per-connection TCP sequence bases
// (print-tcp.c) that make seq/ack relative after a connection's first packet.
import { formatIpv4, type Ipv4 } from "./ipv4.ts";
import { macOui, type Mac, BROADCAST_MAC } from "./mac.ts";
import { OUI_NAMES, TCP_SERVICES, UDP_SERVICES } from "./names.ts";

export interface PrintOptions {
  /** -n: no address, port or protocol names. */
  readonly numeric: boolean;
  /** -v count. */
  readonly verbose: number;
  /** -e: print the link-level header. */
  readonly link: boolean;
  /** -q: less protocol information. */
  readonly quiet: boolean;
  /** -S: absolute TCP sequence numbers. */
  readonly absoluteSeq: boolean;
}

export const DEFAULT_PRINT_OPTIONS: PrintOptions = {
  numeric: false, verbose: 0, link: false, quiet: false, absoluteSeq: false,
};

/** Initial sequence numbers seen for one TCP conversation, both directions in one entry. */
export interface TcpSeqBase {
  seq: number;
  ack: number;
}

export interface Printer {
  readonly opts: PrintOptions;
  readonly tcpSeq: Map<string, TcpSeqBase>;
  /** A host name for an address, when the emulated world has one (reverse lookups). */
  readonly resolveHost?: (addr: Ipv4) => string | undefined;
}

export function newPrinter(opts: Partial<PrintOptions> = {}, resolveHost?: (addr: Ipv4) => string | undefined): Printer {
  const printer = { opts: { ...DEFAULT_PRINT_OPTIONS, ...opts }, tcpSeq: new Map<string, TcpSeqBase>() };
  return resolveHost ? { ...printer, resolveHost } : printer;
}

/** ipaddr_string: a name only without -n and only when one resolves. */
export function hostName(p: Printer, addr: Ipv4): string {
  return (!p.opts.numeric && p.resolveHost?.(addr)) || formatIpv4(addr);
}

export function tcpPortName(p: Printer, port: number): string {
  return (!p.opts.numeric && TCP_SERVICES.get(port)) || String(port);
}

export function udpPortName(p: Printer, port: number): string {
  return (!p.opts.numeric && UDP_SERVICES.get(port)) || String(port);
}

/** etheraddr_string: "Broadcast" and "(oui NAME)" suffixes exist only without -n. */
export function macName(p: Printer, mac: Mac): string {
  if (p.opts.numeric) return mac;
  if (mac === BROADCAST_MAC) return "Broadcast";
  return `${mac} (oui ${OUI_NAMES.get(macOui(mac)) ?? "Unknown"})`;
}
