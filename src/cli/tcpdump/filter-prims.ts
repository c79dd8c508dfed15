// What each pcap-filter primitive tests, on an Ethernet frame (libpcap gencode.c, IPv4 and
// ARP only): hosts and nets, ports and port ranges, protocols, link-layer addresses,
// lengths, and loads from a protocol header for arithmetic relations.
import { parseIpv4Strict, parseUintBase0 } from "../../wire/ipv4.ts";
import { parseMac } from "../../wire/mac.ts";
import { IP_PROTOCOL_NAMES, TCP_SERVICES, UDP_SERVICES } from "../../wire/names.ts";
import { FilterError } from "./filter-error.ts";

/** A captured frame as the filter sees it: its bytes and its length on the wire. */
export interface FrameView {
  readonly data: Uint8Array;
  readonly length: number;
}

/** A load past the captured bytes: BPF then rejects the whole packet. */
export class OutOfBounds extends Error {}

export type Pred = (f: FrameView) => boolean;

/** Kinds of frame a predicate may accept, to find expressions that reject everything. */
export type Domain = ReadonlySet<string>;
export const ALL_KINDS: Domain = new Set(["arp", "rarp", "ip:tcp", "ip:udp", "ip:icmp", "ip:sctp", "ip:other", "ip6", "other"]);
const IP_KINDS: Domain = new Set([...ALL_KINDS].filter((k) => k.startsWith("ip:")));

export interface Prim {
  readonly test: Pred;
  readonly domain: Domain;
}

/** Qualifiers of a primitive: protocol, direction and address kind ("" when not given). */
export interface Quals {
  readonly proto: string;
  readonly dir: "" | "src" | "dst" | "src or dst" | "src and dst";
  readonly addr: "" | "host" | "net" | "port" | "portrange" | "proto" | "gateway";
}

const ETH_IP = 0x0800;
const ETH_ARP = 0x0806;
const ETH_RARP = 0x8035;
const ETH_IP6 = 0x86dd;

function u8(f: FrameView, at: number): number {
  const v = f.data[at];
  if (v === undefined) throw new OutOfBounds();
  return v;
}

function u16(f: FrameView, at: number): number {
  return (u8(f, at) << 8) | u8(f, at + 1);
}

function u32(f: FrameView, at: number): number {
  return ((u16(f, at) << 16) | u16(f, at + 2)) >>> 0;
}

export function load(f: FrameView, at: number, size: number): number {
  return size === 1 ? u8(f, at) : size === 2 ? u16(f, at) : u32(f, at);
}

const ethertype = (f: FrameView) => u16(f, 12);
const isIp = (f: FrameView) => ethertype(f) === ETH_IP;
const ipProto = (f: FrameView) => u8(f, 23);
const firstFragment = (f: FrameView) => (u16(f, 20) & 0x1fff) === 0;
const transportAt = (f: FrameView) => 14 + (u8(f, 14) & 0x0f) * 4;

const PROTO_NUMBERS: ReadonlyMap<string, number> = new Map([
  ["tcp", 6], ["udp", 17], ["icmp", 1], ["sctp", 132], ["igmp", 2], ["igrp", 9], ["pim", 103],
  ["vrrp", 112], ["carp", 112], ["ah", 51], ["esp", 50],
]);

function kindOfProto(n: number): string {
  return ({ 6: "ip:tcp", 17: "ip:udp", 1: "ip:icmp", 132: "ip:sctp" } as Record<number, string>)[n] ?? "ip:other";
}

/** A protocol keyword used alone ("tcp", "arp", ...): gen_proto_abbrev. */
export function protoAbbrev(name: string): Prim {
  if (name === "ip") return { test: isIp, domain: IP_KINDS };
  if (name === "arp") return { test: (f) => ethertype(f) === ETH_ARP, domain: new Set(["arp"]) };
  if (name === "rarp") return { test: (f) => ethertype(f) === ETH_RARP, domain: new Set(["rarp"]) };
  if (name === "ip6" || name === "icmp6") return { test: (f) => ethertype(f) === ETH_IP6, domain: new Set(["ip6"]) };
  const n = PROTO_NUMBERS.get(name);
  if (n === undefined) throw new FilterError("syntax error");
  const v6 = n === 6 || n === 17 || n === 132 ? ["ip6"] : [];
  return { test: (f) => isIp(f) && ipProto(f) === n, domain: new Set([kindOfProto(n), ...v6]) };
}

/** Byte offset a protocol's header starts at, or undefined when this frame has none. */
export function headerBase(proto: string, f: FrameView): number | undefined {
  if (proto === "ether") return 0;
  if (proto === "ip") return isIp(f) ? 14 : undefined;
  if (proto === "arp") return ethertype(f) === ETH_ARP ? 14 : undefined;
  if (proto === "rarp") return ethertype(f) === ETH_RARP ? 14 : undefined;
  const n = PROTO_NUMBERS.get(proto);
  if (n === undefined || !isIp(f) || ipProto(f) !== n || !firstFragment(f)) return undefined;
  return transportAt(f);
}

export function loadDomain(proto: string): Domain {
  if (proto === "ether") return ALL_KINDS;
  if (proto === "ip") return IP_KINDS;
  if (proto === "arp" || proto === "rarp") return new Set([proto]);
  const n = PROTO_NUMBERS.get(proto);
  if (n === undefined) throw new FilterError(`'${proto}' is not a valid protocol for a load`);
  return new Set([kindOfProto(n)]);
}

function matchDir(dir: Quals["dir"], src: () => boolean, dst: () => boolean): boolean {
  if (dir === "src") return src();
  if (dir === "dst") return dst();
  if (dir === "src and dst") return src() && dst();
  return src() || dst();
}

/** An IPv4 address with a mask, tested against IP source/destination and ARP addresses. */
function addressPrim(q: Quals, addr: number, mask: number, what: string): Prim {
  const inNet = (a: number) => ((a & mask) >>> 0) === addr;
  const ip: Pred = (f) => isIp(f) && matchDir(q.dir, () => inNet(u32(f, 26)), () => inNet(u32(f, 30)));
  const arpLike = (type: number): Pred => (f) => ethertype(f) === type && matchDir(q.dir, () => inNet(u32(f, 28)), () => inNet(u32(f, 38)));
  switch (q.proto) {
    case "": return { test: (f) => ip(f) || arpLike(ETH_ARP)(f) || arpLike(ETH_RARP)(f), domain: new Set([...IP_KINDS, "arp", "rarp"]) };
    case "ip": return { test: ip, domain: IP_KINDS };
    case "arp": return { test: arpLike(ETH_ARP), domain: new Set(["arp"]) };
    case "rarp": return { test: arpLike(ETH_RARP), domain: new Set(["rarp"]) };
    default: throw new FilterError(`'${q.proto}' modifier applied to ${what}`);
  }
}

/** __pcap_atoin: a dotted number of one to four parts and how many bits it gave. */
function atoin(text: string): { value: number; bits: number } {
  const parts = text.split(".");
  let value = 0;
  for (const p of parts) {
    const byte = parseUintBase0(p, 0xffffffff);
    if (byte === undefined || byte > 255) throw new FilterError(`invalid IPv4 address '${text}'`);
    value = value * 256 + byte;
  }
  return { value: value >>> 0, bits: parts.length * 8 };
}

/** gen_ncode for a dotted address: a short one is a network, promoted to the top bits. */
export function hidPrim(q: Quals, text: string): Prim {
  if (q.addr === "port" || q.addr === "portrange" || q.addr === "proto" || q.addr === "gateway") {
    throw new FilterError(`'${q.addr}' modifier applied to ip host`);
  }
  const { value, bits } = atoin(text);
  const shift = 32 - bits;
  const mask = shift === 32 ? 0 : (0xffffffff << shift) >>> 0;
  return addressPrim(q, shift === 32 ? 0 : (value << shift) >>> 0, mask, q.addr === "net" ? "net" : "host");
}

/** gen_mcode: "net A/len" and "net A mask M"; host bits must be clear. */
export function maskedPrim(q: Quals, text: string, addrText: string, bits: number | undefined, maskText?: string): Prim {
  if (q.addr !== "net" && q.addr !== "") throw new FilterError("Mask syntax for networks only");
  const { value, bits: given } = atoin(addrText);
  const addr = (value << (32 - given)) >>> 0;
  let mask: number;
  if (maskText !== undefined) {
    mask = atoin(maskText).value;
  } else {
    if (bits === undefined || bits > 32) throw new FilterError("mask length must be <= 32");
    mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  }
  if (((addr & ~mask) >>> 0) !== 0) throw new FilterError(`non-network bits set in "${text}"`);
  return addressPrim(q, addr, mask, "net");
}

/** A number after a qualifier (gen_ncode with no address): port, proto, host or net. */
export function numPrim(q: Quals, n: number): Prim {
  if (q.addr === "port") return portPrim(q, n, n, undefined);
  if (q.addr === "portrange") return portPrim(q, n, n, undefined);
  if (q.addr === "proto") return protoNumPrim(q, n);
  if (q.addr === "net") {
    let v = n;
    let mask = 0xffffffff;
    while (v !== 0 && (v & 0xff000000) === 0) {
      v = (v << 8) >>> 0;
      mask = (mask << 8) >>> 0;
    }
    return addressPrim(q, v, mask, "net");
  }
  return addressPrim(q, n, 0xffffffff, "host");
}

function checkPort(n: number): number {
  if (n > 65535) throw new FilterError(`illegal port number ${String(n)} > 65535`);
  return n;
}

/** Ports of TCP, UDP or SCTP in a first fragment (gen_port / gen_portrange). */
export function portPrim(q: Quals, lo: number, hi: number, onlyProto: number | undefined): Prim {
  const [a, b] = lo <= hi ? [checkPort(lo), checkPort(hi)] : [checkPort(hi), checkPort(lo)];
  const protos = portProtos(q.proto, onlyProto);
  const inRange = (p: number) => p >= a && p <= b;
  const test: Pred = (f) => {
    if (!isIp(f) || !protos.includes(ipProto(f)) || !firstFragment(f)) return false;
    const at = transportAt(f);
    return matchDir(q.dir, () => inRange(u16(f, at)), () => inRange(u16(f, at + 2)));
  };
  return { test, domain: new Set(protos.map(kindOfProto)) };
}

function portProtos(qualifier: string, only: number | undefined): number[] {
  const named = PROTO_NUMBERS.get(qualifier);
  if (qualifier === "" || qualifier === "ip") return only !== undefined ? [only] : [6, 17, 132];
  if (named === 6 || named === 17 || named === 132) {
    if (only !== undefined && only !== named) throw new FilterError(`port '${String(only)}' is ${only === 6 ? "tcp" : "udp"}`);
    return [named];
  }
  throw new FilterError(`illegal qualifier of 'port'`);
}

/** A service name: its TCP and UDP numbers, and which of them it has (pcap_nametoport). */
export function servicePort(q: Quals, name: string): { port: number; only: number | undefined } {
  const find = (m: ReadonlyMap<number, string>) => [...m].find(([, n]) => n === name)?.[0];
  const tcp = find(TCP_SERVICES);
  const udp = find(UDP_SERVICES);
  if (tcp === undefined && udp === undefined) {
    const n = parseUintBase0(name, 0xffffffff);
    if (n !== undefined) return { port: n, only: undefined };
    throw new FilterError(`unknown port '${name}'`);
  }
  const wanted = PROTO_NUMBERS.get(q.proto);
  if (wanted === 17 && udp === undefined) throw new FilterError(`port '${name}' is tcp`);
  if (wanted === 6 && tcp === undefined) throw new FilterError(`port '${name}' is udp`);
  if (tcp !== undefined && udp !== undefined) return { port: wanted === 17 ? udp : tcp, only: undefined };
  return tcp !== undefined ? { port: tcp, only: 6 } : { port: udp ?? 0, only: 17 };
}

/** "portrange A-B" with numbers or service names on either side. */
export function portrangePrim(q: Quals, text: string): Prim {
  const dash = text.indexOf("-");
  if (dash < 0) {
    const s = servicePort(q, text);
    return portPrim(q, s.port, s.port, s.only);
  }
  const lo = servicePort(q, text.slice(0, dash)).port;
  const hi = servicePort(q, text.slice(dash + 1)).port;
  return portPrim(q, lo, hi, undefined);
}

/** "proto N" and "ether proto N". */
export function protoNumPrim(q: Quals, n: number): Prim {
  if (q.proto === "ether") return { test: (f) => ethertype(f) === n, domain: etherDomain(n) };
  if (q.proto === "" || q.proto === "ip") return { test: (f) => isIp(f) && ipProto(f) === n, domain: new Set([kindOfProto(n), ...(q.proto === "" ? ["ip6"] : [])]) };
  throw new FilterError(`'${q.proto}' modifier applied to proto`);
}

function etherDomain(type: number): Domain {
  if (type === ETH_IP) return IP_KINDS;
  if (type === ETH_ARP) return new Set(["arp"]);
  if (type === ETH_RARP) return new Set(["rarp"]);
  if (type === ETH_IP6) return new Set(["ip6"]);
  return new Set(["other"]);
}

const ETHER_PROTO_NAMES: ReadonlyMap<string, number> = new Map([
  ["ip", ETH_IP], ["arp", ETH_ARP], ["rarp", ETH_RARP], ["ip6", ETH_IP6],
]);

/** "proto NAME": an IP protocol name, or for ether an EtherType name. */
export function protoNamePrim(q: Quals, name: string): Prim {
  if (q.proto === "ether") {
    const type = ETHER_PROTO_NAMES.get(name);
    if (type === undefined) throw new FilterError(`unknown ether proto '${name}'`);
    return protoNumPrim(q, type);
  }
  const n = [...IP_PROTOCOL_NAMES].find(([, v]) => v === name)?.[0];
  if (n === undefined) throw new FilterError(`unknown ip proto '${name}'`);
  return protoNumPrim(q, n);
}

/** A name where an address is expected: nfsim resolves no host or network names. */
export function namePrim(q: Quals, name: string): Prim {
  if (q.addr === "port") {
    const s = servicePort(q, name);
    return portPrim(q, s.port, s.port, s.only);
  }
  if (q.addr === "portrange") return portrangePrim(q, name);
  if (q.addr === "proto") return protoNamePrim(q, name);
  if (q.addr === "net") throw new FilterError(`unknown network '${name}'`);
  if (q.proto === "ether") throw new FilterError(`unknown ether host '${name}'`);
  const literal = parseIpv4Strict(name);
  if (literal !== undefined) return addressPrim(q, literal, 0xffffffff, "host");
  throw new FilterError(`unknown host '${name}'`);
}

/** "ether host M", "ether src M", ...: the frame's MAC addresses. */
export function macPrim(q: Quals, text: string): Prim {
  const mac = parseMac(text.replace(/[-.]/g, ":"));
  if (mac === undefined) throw new FilterError(`unknown ether host '${text}'`);
  if (q.proto !== "ether" && q.proto !== "") throw new FilterError("ethernet address used in non-ether expression");
  const bytes = mac.split(":").map((h) => parseInt(h, 16));
  const at = (f: FrameView, off: number) => bytes.every((b, i) => u8(f, off + i) === b);
  return { test: (f) => matchDir(q.dir, () => at(f, 6), () => at(f, 0)), domain: ALL_KINDS };
}

export function broadcastPrim(): Prim {
  return { test: (f) => [0, 1, 2, 3, 4, 5].every((i) => u8(f, i) === 0xff), domain: ALL_KINDS };
}

export function multicastPrim(): Prim {
  return { test: (f) => (u8(f, 0) & 1) === 1, domain: ALL_KINDS };
}

export function lengthPrim(op: "less" | "greater", n: number): Prim {
  return { test: (f) => (op === "less" ? f.length <= n : f.length >= n), domain: ALL_KINDS };
}
