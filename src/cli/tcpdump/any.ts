// Captures on the "any" device (LINKTYPE_LINUX_SLL2): each frame as the Linux cooked v2
// header describes it — interface, direction, link address — and tcpdump 4.99's line for
// it (print-sll.c: "IFNAME DIR " before the packet; with -e "ifindex N MAC ethertype ...").
//
//   0               2               4                               8
//   +---------------+---------------+-------------------------------+
//   | protocol type |   reserved    |        interface index        |
//   +---------------+-------+-------+-------------------------------+
//   | ARPHRD type   |pkttype|addrlen|   link-layer address (8) ...  |
//   +---------------+-------+-------+-------------------------------+
import { printArp } from "../../wire/arp.ts";
import { ETHERNET_HEADER_LEN } from "../../wire/ethernet.ts";
import { printIpv4 } from "../../wire/ip-print.ts";
import { formatTimestamp, type TcpdumpPrinter } from "../../wire/index.ts";
import { macToBytes } from "../../wire/mac.ts";
import { newPrinter, macName } from "../../wire/print.ts";
import type { Capture } from "../../world/process.ts";

export const SLL2_HEADER_LEN = 20;

/** LINUX_SLL_HOST, _BROADCAST, _MULTICAST, _OTHERHOST, _OUTGOING as print-sll.c names them. */
function packetType(c: Capture): { code: number; word: string } {
  if (c.direction === "out") return { code: 4, word: "Out" };
  const dst = c.frame.eth.dst;
  if (dst === "ff:ff:ff:ff:ff:ff") return { code: 1, word: "B" };
  if ((parseInt(dst.slice(0, 2), 16) & 1) === 1) return { code: 2, word: "M" };
  return { code: 0, word: "In" };
}

/** The record "any" gets for a frame: the cooked header instead of the Ethernet one. */
export function sll2Bytes(c: Capture): Uint8Array {
  const b = new Uint8Array(SLL2_HEADER_LEN + c.bytes.length - ETHERNET_HEADER_LEN);
  const v = new DataView(b.buffer);
  v.setUint16(0, c.frame.eth.ethertype);
  v.setUint32(4, c.ifindex);
  v.setUint16(8, c.dev === "lo" ? 772 : 1);
  b[10] = packetType(c).code;
  b[11] = 6;
  b.set(macToBytes(c.frame.eth.src), 12);
  b.set(c.bytes.subarray(ETHERNET_HEADER_LEN), SLL2_HEADER_LEN);
  return b;
}

function network(t: TcpdumpPrinter, c: Capture, link: boolean): string {
  const p = newPrinter({ ...t.printer.opts, link });
  const length = c.bytes.length - ETHERNET_HEADER_LEN;
  const body = c.frame.body;
  if (body.kind === "ipv4") return printIpv4(p, body.packet, length);
  if (body.kind === "arp") return printArp(p, body.arp, length) ?? "";
  return "";
}

/** One line of an "any" capture, newline included. */
export function printAny(t: TcpdumpPrinter, c: Capture): string {
  const stamp = formatTimestamp(t.time, t.opts.timestamps, c.at);
  const dir = packetType(c).word;
  const head = `${c.dev.padEnd(5)} ${dir.padEnd(3)} `;
  if (!t.opts.link) return `${stamp}${head}${network(t, c, false)}\n`;
  const type = c.frame.eth.ethertype === 0x0800 ? "IPv4" : c.frame.eth.ethertype === 0x0806 ? "ARP" : "Unknown";
  const length = SLL2_HEADER_LEN + c.bytes.length - ETHERNET_HEADER_LEN;
  const hex = c.frame.eth.ethertype.toString(16).padStart(4, "0");
  return `${stamp}${head}ifindex ${String(c.ifindex)} ${macName(t.printer, c.frame.eth.src)} ethertype ${type} (0x${hex}), length ${String(length)}: ${network(t, c, true)}\n`;
}
