// Rewriting a packet for a NAT binding (net/netfilter/nf_nat_proto.c): addresses and
// ports (ICMP: the echo id) of one end, with the checksums updated incrementally as the
// kernel does (a wrong checksum stays wrong), and ICMP errors whose quoted datagram is
// rewritten the other way (nf_nat_icmp_reply_translation).
import type { PacketState } from "../netfilter/context.ts";
import { emitIcmp, icmpHasIdSeq } from "../wire/icmp.ts";
import { IPPROTO, type IcmpHeader, type Transport } from "../wire/packet.ts";
import type { Tuple } from "./tuple.ts";

export type Manip = "SRC" | "DST";

/** RFC 1624 incremental update: a checksum after 16-bit words `from` became `to`. */
export function csumReplace(check: number, from: readonly number[], to: readonly number[]): number {
  let sum = ~check & 0xffff;
  for (const w of from) sum += ~w & 0xffff;
  for (const w of to) sum += w & 0xffff;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

const words32 = (a: number): number[] => [(a >>> 16) & 0xffff, a & 0xffff];

/** What one end of the tuple becomes: the address and the port (or echo id) of `manip`'s side. */
function endOf(target: Tuple, manip: Manip): { addr: number; port: number } {
  return manip === "SRC" ? { addr: target.src, port: target.sport } : { addr: target.dst, port: target.dport };
}

/** The transport checksum after the pseudo-header address and a port changed. */
function updatedL4Check(check: number, oldAddr: number, newAddr: number, oldPort: number, newPort: number): number {
  return csumReplace(csumReplace(check, words32(oldAddr), words32(newAddr)), [oldPort], [newPort]);
}

/** l4proto_manip_pkt on a parsed header; the "other" kind keeps its raw bytes in the payload. */
function manipL4(pkt: PacketState, target: Tuple, manip: Manip, oldAddr: number): void {
  const { addr, port } = endOf(target, manip);
  const l4 = pkt.l4;
  if (target.proto === IPPROTO.ICMP) {
    if (l4.kind === "icmp" && icmpHasIdSeq(l4.type)) pkt.l4 = icmpWithId(l4, target.sport);
    return;
  }
  if (l4.kind === "tcp" || l4.kind === "udp") {
    const oldPort = manip === "SRC" ? l4.sport : l4.dport;
    const ports = manip === "SRC" ? { sport: port } : { dport: port };
    let checksum = l4.checksum;
    // UDP without a checksum stays without one (udp_manip_pkt's do_csum); a computed zero is sent as all ones.
    if (checksum !== undefined && !(l4.kind === "udp" && checksum === 0)) {
      checksum = updatedL4Check(checksum, oldAddr, addr, oldPort, port);
      if (l4.kind === "udp" && checksum === 0) checksum = 0xffff;
    }
    pkt.l4 = checksum === undefined ? { ...l4, ...ports } : { ...l4, ...ports, checksum };
    return;
  }
  if (l4.kind === "other" && l4.sport !== undefined && l4.dport !== undefined && target.proto !== IPPROTO.GRE) {
    // SCTP, DCCP, UDP-Lite: nfsim keeps their header in the payload. UDP-Lite's checksum is
    // always updated; SCTP's CRC32c is not recomputed here.
    const bytes = [...pkt.payload];
    const at = manip === "SRC" ? 0 : 2;
    const oldPort = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    if (target.proto === IPPROTO.UDPLITE && bytes.length >= 8) {
      const check = updatedL4Check(((bytes[6] ?? 0) << 8) | (bytes[7] ?? 0), oldAddr, addr, oldPort, port);
      put16(bytes, 6, check === 0 ? 0xffff : check);
    }
    put16(bytes, at, port);
    pkt.l4 = manip === "SRC" ? { ...l4, sport: port } : { ...l4, dport: port };
    pkt.payload = bytes;
  }
}

function icmpWithId(l4: IcmpHeader, id: number): IcmpHeader {
  if (l4.checksum === undefined) return { ...l4, id };
  return { ...l4, id, checksum: csumReplace(l4.checksum, [l4.id], [id]) };
}

/**
 * nf_nat_ipv4_manip_pkt at the packet's own header: make `manip`'s end of the packet what
 * `target` says (target is the inverse of the other direction's tuple).
 */
export function manipPacket(pkt: PacketState, target: Tuple, manip: Manip): void {
  const ip = pkt.ip;
  const oldAddr = manip === "SRC" ? ip.src : ip.dst;
  const newAddr = manip === "SRC" ? target.src : target.dst;
  manipL4(pkt, target, manip, oldAddr);
  const moved = manip === "SRC" ? { src: newAddr } : { dst: newAddr };
  pkt.ip = ip.checksum === undefined
    ? { ...ip, ...moved }
    : { ...ip, ...moved, checksum: csumReplace(ip.checksum, words32(oldAddr), words32(newAddr)) };
}

const be16 = (b: readonly number[], at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const be32 = (b: readonly number[], at: number): number => ((be16(b, at) << 16) | be16(b, at + 2)) >>> 0;

function put16(b: number[], at: number, v: number): void {
  b[at] = (v >> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function put32(b: number[], at: number, v: number): void {
  put16(b, at, v >>> 16);
  put16(b, at + 2, v & 0xffff);
}

/** The quoted datagram's transport header rewritten; false when too short to write (the packet is dropped). */
function manipQuotedL4(b: number[], hdroff: number, target: Tuple, manip: Manip, oldAddr: number): boolean {
  const { addr, port } = endOf(target, manip);
  const portAt = hdroff + (manip === "SRC" ? 0 : 2);
  switch (target.proto) {
    case IPPROTO.TCP: {
      // Only 8 bytes of TCP are guaranteed; the checksum is updated when the whole header is there.
      if (b.length < hdroff + 8) return false;
      const oldPort = be16(b, portAt);
      put16(b, portAt, port);
      if (b.length >= hdroff + 20) put16(b, hdroff + 16, updatedL4Check(be16(b, hdroff + 16), oldAddr, addr, oldPort, port));
      return true;
    }
    case IPPROTO.UDP:
    case IPPROTO.UDPLITE: {
      if (b.length < hdroff + 8) return false;
      const oldPort = be16(b, portAt);
      const check = be16(b, hdroff + 6);
      if (check !== 0 || target.proto === IPPROTO.UDPLITE) {
        const updated = updatedL4Check(check, oldAddr, addr, oldPort, port);
        put16(b, hdroff + 6, updated === 0 ? 0xffff : updated);
      }
      put16(b, portAt, port);
      return true;
    }
    case IPPROTO.ICMP: {
      if (b.length < hdroff + 8) return false;
      if (!icmpHasIdSeq(b[hdroff] ?? 0)) return true;
      put16(b, hdroff + 2, csumReplace(be16(b, hdroff + 2), [be16(b, hdroff + 4)], [target.sport]));
      put16(b, hdroff + 4, target.sport);
      return true;
    }
    case IPPROTO.SCTP:
    case 33:
      if (b.length < hdroff + 8) return false;
      put16(b, portAt, port);
      return true;
    default:
      return true;
  }
}

/** nf_nat_ipv4_manip_pkt on the datagram an ICMP error quotes; undefined when it cannot be rewritten. */
export function manipQuoted(quoted: readonly number[], target: Tuple, manip: Manip): number[] | undefined {
  if (quoted.length < 20) return undefined;
  const b = [...quoted];
  const hdroff = ((b[0] ?? 0) & 0x0f) * 4;
  const addrAt = manip === "SRC" ? 12 : 16;
  const oldAddr = be32(b, addrAt);
  const newAddr = manip === "SRC" ? target.src : target.dst;
  if (!manipQuotedL4(b, hdroff, target, manip, oldAddr)) return undefined;
  put16(b, 10, csumReplace(be16(b, 10), words32(oldAddr), words32(newAddr)));
  put32(b, addrAt, newAddr);
  return b;
}

/** The ICMP checksum over the whole message, recomputed (the kernel folds skb_checksum afresh). */
export function icmpChecksum(l4: IcmpHeader, payload: readonly number[]): number {
  const { checksum: _ignored, ...rest } = l4;
  const bytes = emitIcmp(rest, payload);
  return ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
}

export function isIcmpHeader(l4: Transport): l4 is IcmpHeader {
  return l4.kind === "icmp";
}
