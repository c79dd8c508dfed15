// tcpdump's ICMP line (print-icmp.c, icmp_print): the message in words, ", length N", with
// -v a wrong checksum and, for errors, the quoted datagram printed on the next lines.
import { be16, be32 } from "./bytes.ts";
import { checksumShouldBe, internetChecksum } from "./checksum.ts";
import { emitIcmp, icmpIsError } from "./icmp.ts";
import type { IcmpHeader } from "./packet.ts";
import { hostName, tcpPortName, udpPortName, type Printer } from "./print.ts";

/** Prints a quoted datagram (the IP printer, passed in so that ip and icmp do not import each other). */
export type QuotedPrinter = (bytes: Uint8Array) => string;

const SIMPLE: ReadonlyMap<number, string> = new Map([
  [0, "echo reply"], [4, "source quench"], [8, "echo request"], [10, "router solicitation"],
  [13, "time stamp request"], [14, "time stamp reply"], [15, "information request"],
  [16, "information reply"], [17, "address mask request"],
]);

/** Unreachable codes worded "<net|host> ADDR unreachable<suffix>" or "ADDR unreachable<suffix>". */
const UNREACH: ReadonlyMap<number, [string, string]> = new Map([
  [0, ["net ", ""]], [1, ["host ", ""]], [5, ["", " - source route failed"]],
  [6, ["net ", " - unknown"]], [7, ["host ", " - unknown"]], [8, ["", " - source host isolated"]],
  [9, ["net ", " - admin prohibited"]], [10, ["host ", " - admin prohibited"]],
  [11, ["net ", " - tos prohibited"]], [12, ["host ", " - tos prohibited"]],
  [13, ["host ", " - admin prohibited filter"]], [14, ["host ", " - host precedence violation"]],
  [15, ["host ", " - precedence cutoff"]],
]);

interface Quote {
  readonly dst: number;
  readonly proto: number;
  readonly dport: number;
}

/** The quoted IP header's destination and protocol, and the port after it. */
function quote(q: readonly number[]): Quote {
  const hlen = ((q[0] ?? 0) & 0x0f) * 4;
  return { dst: be32(q, 16), proto: q[9] ?? 0, dport: be16(q, hlen + 2) };
}

function unreachable(p: Printer, code: number, rest: number, q: Quote): string {
  const dst = hostName(p, q.dst);
  if (code === 2) return `${dst} protocol ${String(q.proto)} unreachable`;
  if (code === 3) {
    if (q.proto === 6) return `${dst} tcp port ${tcpPortName(p, q.dport)} unreachable`;
    if (q.proto === 17) return `${dst} udp port ${udpPortName(p, q.dport)} unreachable`;
    return `${dst} protocol ${String(q.proto)} port ${String(q.dport)} unreachable`;
  }
  if (code === 4) {
    const mtu = rest & 0xffff;
    return `${dst} unreachable - need to frag${mtu ? ` (mtu ${String(mtu)})` : ""}`;
  }
  const words = UNREACH.get(code);
  return words ? `${words[0]}${dst} unreachable${words[1]}` : `${dst} unreachable - #${String(code)}`;
}

function redirect(p: Printer, code: number, gateway: number, q: Quote): string {
  const [dst, gw] = [hostName(p, q.dst), hostName(p, gateway)];
  const kinds = ["redirect %d to net %g", "redirect %d to host %g", "redirect-tos %d to net %g", "redirect-tos %d to host %g"];
  const pattern = kinds[code] ?? `redirect-#${String(code)} %d to %g`;
  return pattern.replace("%d", dst).replace("%g", gw);
}

function timeExceeded(code: number): string {
  if (code === 0) return "time exceeded in-transit";
  if (code === 1) return "ip reassembly time exceeded";
  return `time exceeded-#${String(code)}`;
}

/** HH:MM:SS.mmm of milliseconds since midnight UT (icmp_tstamp_print). */
function clock(ms: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const s = Math.floor(ms / 1000);
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.${String(ms % 1000).padStart(3, "0")}`;
}

function describe(p: Printer, icmp: IcmpHeader, payload: readonly number[]): string {
  const q = quote(payload);
  const rest = icmp.rest ?? 0;
  switch (icmp.type) {
    case 0: case 8: return `echo ${icmp.type === 8 ? "request" : "reply"}, id ${String(icmp.id)}, seq ${String(icmp.seq)}`;
    case 3: return unreachable(p, icmp.code, rest, q);
    case 5: return redirect(p, icmp.code, rest, q);
    case 11: return timeExceeded(icmp.code);
    case 12: return icmp.code ? `parameter problem - code ${String(icmp.code)}` : `parameter problem - octet ${String(rest >>> 24)}`;
    case 18: return `address mask is 0x${be32(payload, 0).toString(16).padStart(8, "0")}`;
    case 13: return `time stamp query id ${String(icmp.id)} seq ${String(icmp.seq)}`;
    case 14: return `time stamp reply id ${String(icmp.id)} seq ${String(icmp.seq)}: org ${clock(be32(payload, 0))}, recv ${clock(be32(payload, 4))}, xmit ${clock(be32(payload, 8))}`;
    default: return SIMPLE.get(icmp.type) ?? `type-#${String(icmp.type)}`;
  }
}

/**
 * The ICMP part of the line. `length` is the IP payload length; `fragmented` (MF set) turns
 * the checksum check off. Router advertisements and RFC 4884 extensions are not decoded.
 */
export function printIcmp(p: Printer, icmp: IcmpHeader, payload: readonly number[], length: number, fragmented: boolean, quoted: QuotedPrinter): string {
  let out = `ICMP ${describe(p, icmp, payload)}, length ${String(length)}`;
  if (p.opts.verbose > 0 && !fragmented && payload.length + 8 >= length) {
    const message = emitIcmp(icmp, payload);
    const computed = internetChecksum(message);
    const field = be16(message, 2);
    if (computed !== 0) out += ` (wrong icmp cksum ${field.toString(16)} (->${checksumShouldBe(field, computed).toString(16)})!)`;
  }
  if (p.opts.verbose > 0 && icmpIsError(icmp.type)) out += `\n\t${quoted(Uint8Array.from(payload))}`;
  return out;
}
