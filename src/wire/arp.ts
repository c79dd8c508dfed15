// ARP for IPv4 over Ethernet (RFC 826).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Hardware type         |         Protocol type         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  HW addr len  | Proto addr len|           Operation           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Sender hardware address (6)  |  Sender protocol (4)  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Target hardware address (6)  |  Target protocol (4)  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { be16, be32, put16, put32, type Bytes } from "./bytes.ts";
import { ETHERTYPE } from "./ethernet.ts";
import type { Ipv4 } from "./ipv4.ts";
import { macFromBytes, macToBytes, type Mac } from "./mac.ts";
import { ETHERTYPE_NAMES } from "./names.ts";
import { hostName, macName, type Printer } from "./print.ts";

export const ARP_OP = { REQUEST: 1, REPLY: 2, RREQUEST: 3, RREPLY: 4 } as const;
export const ARPHRD_ETHER = 1;
export const ARP_LEN = 28;

export interface ArpPacket {
  /** Hardware type, 1 for Ethernet. */
  readonly hardware: number;
  /** Protocol type, an EtherType: 0x0800 for IPv4. */
  readonly protocol: number;
  readonly op: number;
  readonly senderMac: Mac;
  readonly senderIp: Ipv4;
  readonly targetMac: Mac;
  readonly targetIp: Ipv4;
}

/** Only the 6-byte hardware / 4-byte protocol address form; others stay raw bytes. */
export function parseArp(bytes: Bytes): ArpPacket | undefined {
  if (bytes.length < ARP_LEN || bytes[4] !== 6 || bytes[5] !== 4) return undefined;
  return {
    hardware: be16(bytes, 0),
    protocol: be16(bytes, 2),
    op: be16(bytes, 6),
    senderMac: macFromBytes(bytes, 8),
    senderIp: be32(bytes, 14),
    targetMac: macFromBytes(bytes, 18),
    targetIp: be32(bytes, 24),
  };
}

export function emitArp(arp: ArpPacket): Bytes {
  const b = new Uint8Array(ARP_LEN);
  put16(b, 0, arp.hardware);
  put16(b, 2, arp.protocol);
  b[4] = 6;
  b[5] = 4;
  put16(b, 6, arp.op);
  b.set(macToBytes(arp.senderMac), 8);
  put32(b, 14, arp.senderIp);
  b.set(macToBytes(arp.targetMac), 18);
  put32(b, 24, arp.targetIp);
  return b;
}

const OP_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "Request"], [2, "Reply"], [3, "Reverse Request"], [4, "Reverse Reply"],
  [8, "Inverse Request"], [9, "Inverse Reply"], [10, "NACK Reply"],
]);

function ipOf(p: Printer, arp: ArpPacket, addr: Ipv4): string {
  if (arp.protocol !== ETHERTYPE.IPV4 && arp.protocol !== 0x1000) return "<wrong proto type>";
  return hostName(p, addr);
}

/** The operation's words, as print-arp.c's arp_print switch says them. */
function describe(p: Printer, arp: ArpPacket): string | undefined {
  switch (arp.op) {
    case 1: {
      const known = arp.targetMac !== "00:00:00:00:00:00" ? ` (${macName(p, arp.targetMac)})` : "";
      return `who-has ${ipOf(p, arp, arp.targetIp)}${known} tell ${ipOf(p, arp, arp.senderIp)}`;
    }
    case 2: return `${ipOf(p, arp, arp.senderIp)} is-at ${macName(p, arp.senderMac)}`;
    case 3: case 8: return `who-is ${macName(p, arp.targetMac)} tell ${macName(p, arp.senderMac)}`;
    case 4: return `${macName(p, arp.targetMac)} at ${ipOf(p, arp, arp.targetIp)}`;
    case 9: return `${macName(p, arp.senderMac)} at ${ipOf(p, arp, arp.senderIp)}`;
    default: return undefined;
  }
}

/**
 * tcpdump's ARP line after the link header (print-arp.c): "ARP, " unless -e, the address
 * formats only with -v or when unusual, then the operation and ", length N".
 * Undefined for an operation tcpdump hex-dumps instead.
 */
export function printArp(p: Printer, arp: ArpPacket, length: number): string | undefined {
  const head = p.opts.link ? "" : "ARP, ";
  const unusual = arp.protocol !== ETHERTYPE.IPV4 && arp.protocol !== 0x1000;
  let text = "";
  if (unusual || p.opts.verbose > 0) {
    text = `${hardwareName(arp.hardware)} (len 6), ${protocolName(arp.protocol)} (len 4)`;
    if (p.opts.verbose === 0) return `${head}${text}, length ${String(length)}`;
    text += ", ";
  }
  const what = describe(p, arp);
  if (what === undefined) return undefined;
  const op = OP_NAMES.get(arp.op) ?? `Unknown (${String(arp.op)})`;
  return `${head}${text}${op} ${what}, length ${String(length)}`;
}

const HARDWARE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "Ethernet"], [6, "TokenRing"], [7, "ArcNet"], [15, "FrameRelay"], [23, "Strip"],
  [24, "IEEE 1394"], [19, "ATM"], [32, "InfiniBand"],
]);

function hardwareName(hrd: number): string {
  return HARDWARE_NAMES.get(hrd) ?? `Unknown Hardware (${String(hrd)})`;
}

function protocolName(pro: number): string {
  return ETHERTYPE_NAMES.get(pro) ?? `Unknown Protocol (0x${pro.toString(16).padStart(4, "0")})`;
}

