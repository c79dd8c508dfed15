// Ethernet II frames (IEEE 802.3 with an EtherType, RFC 894).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Destination MAC (6 octets)                   |
// +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                               |                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
// |                    Source MAC (6 octets)                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           EtherType           |  Payload ...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
import { be16, concat, put16, type Bytes } from "./bytes.ts";
import { macFromBytes, macToBytes, type Mac } from "./mac.ts";

export const ETHERTYPE = { IPV4: 0x0800, ARP: 0x0806, VLAN: 0x8100, IPV6: 0x86dd } as const;

export const ETHERNET_HEADER_LEN = 14;

export interface EthernetHeader {
  readonly dst: Mac;
  readonly src: Mac;
  readonly ethertype: number;
}

/** The header and the bytes after it, or undefined when the frame is shorter than a header. */
export function parseEthernet(bytes: Bytes): { header: EthernetHeader; payload: Bytes } | undefined {
  if (bytes.length < ETHERNET_HEADER_LEN) return undefined;
  const header = { dst: macFromBytes(bytes, 0), src: macFromBytes(bytes, 6), ethertype: be16(bytes, 12) };
  return { header, payload: bytes.subarray(ETHERNET_HEADER_LEN) };
}

export function emitEthernet(header: EthernetHeader, payload: ArrayLike<number>): Bytes {
  const head = new Uint8Array(ETHERNET_HEADER_LEN);
  head.set(macToBytes(header.dst), 0);
  head.set(macToBytes(header.src), 6);
  put16(head, 12, header.ethertype);
  return concat(head, payload);
}
