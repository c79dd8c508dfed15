// nf_conntrack_checksum: at PREROUTING the trackers verify the transport checksum
// (tcp_error, udp_error, nf_conntrack_icmpv4_error via nf_checksum); a packet that fails
// gets no entry (INVALID). Only checksums the packet carries (as received) are checked.
import type { PacketState } from "../netfilter/context.ts";
import { internetChecksum, pseudoHeaderSum } from "../wire/checksum.ts";
import { emitIcmp } from "../wire/icmp.ts";
import { IPPROTO } from "../wire/packet.ts";
import { emitTcp } from "../wire/tcp.ts";
import { emitUdp } from "../wire/udp.ts";

/** True when the packet carries a transport checksum and it is wrong. */
export function checksumBad(pkt: PacketState): boolean {
  const { ip, l4, payload } = pkt;
  if (l4.kind === "tcp" && l4.checksum !== undefined) {
    const seg = emitTcp(l4, payload, ip.src, ip.dst);
    return internetChecksum(seg, 0, seg.length, pseudoHeaderSum(ip.src, ip.dst, IPPROTO.TCP, seg.length)) !== 0;
  }
  // A UDP checksum of zero means none was computed.
  if (l4.kind === "udp" && l4.checksum !== undefined && l4.checksum !== 0) {
    const dgram = emitUdp(l4, payload, ip.src, ip.dst);
    return internetChecksum(dgram, 0, dgram.length, pseudoHeaderSum(ip.src, ip.dst, IPPROTO.UDP, dgram.length)) !== 0;
  }
  if (l4.kind === "icmp" && l4.checksum !== undefined) return internetChecksum(emitIcmp(l4, payload)) !== 0;
  return false;
}
