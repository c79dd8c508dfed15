// An Ethernet frame with its network-layer contents parsed: IPv4 and ARP are understood,
// anything else stays raw bytes, so every frame parses and emits back byte for byte.
import { emitArp, parseArp, ARP_LEN, type ArpPacket } from "./arp.ts";
import { concat, toArray, type Bytes } from "./bytes.ts";
import { emitEthernet, parseEthernet, ETHERTYPE, type EthernetHeader } from "./ethernet.ts";
import { emitIpv4Packet, parseIpv4Packet } from "./ip.ts";
import type { Ipv4Packet } from "./packet.ts";

export type FrameBody =
  | { readonly kind: "ipv4"; readonly packet: Ipv4Packet }
  | { readonly kind: "arp"; readonly arp: ArpPacket }
  | { readonly kind: "raw"; readonly bytes: readonly number[] };

export interface EthernetFrame {
  readonly eth: EthernetHeader;
  readonly body: FrameBody;
  /** Bytes after the network packet (padding to the 60-byte minimum), empty when none. */
  readonly trailer: readonly number[];
}

/** Undefined only for a frame shorter than an Ethernet header. */
export function parseFrame(bytes: Bytes): EthernetFrame | undefined {
  const e = parseEthernet(bytes);
  if (e === undefined) return undefined;
  const { header: eth, payload } = e;
  if (eth.ethertype === ETHERTYPE.IPV4) {
    const ip = parseIpv4Packet(payload);
    if (ip) return { eth, body: { kind: "ipv4", packet: ip.packet }, trailer: toArray(ip.trailer) };
  } else if (eth.ethertype === ETHERTYPE.ARP) {
    const arp = parseArp(payload);
    if (arp) return { eth, body: { kind: "arp", arp }, trailer: toArray(payload.subarray(ARP_LEN)) };
  }
  return { eth, body: { kind: "raw", bytes: toArray(payload) }, trailer: [] };
}

export function emitFrame(frame: EthernetFrame): Bytes {
  return emitEthernet(frame.eth, concat(emitBody(frame.body), frame.trailer));
}

function emitBody(body: FrameBody): Bytes {
  switch (body.kind) {
    case "ipv4": return emitIpv4Packet(body.packet);
    case "arp": return emitArp(body.arp);
    case "raw": return Uint8Array.from(body.bytes);
  }
}
