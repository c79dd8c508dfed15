// tcpdump's UDP line (print-udp.c, udp_print, the generic case).
import { be16 } from "./bytes.ts";
import { checksumShouldBe, internetChecksum, pseudoHeaderSum } from "./checksum.ts";
import { finalDestination } from "./ip.ts";
import { IPPROTO, type Ipv4Header, type UdpHeader } from "./packet.ts";
import { hostName, udpPortName, type Printer } from "./print.ts";
import { emitUdp, UDP_HEADER_LEN } from "./udp.ts";

/**
 * tcpdump's UDP line (print-udp.c, udp_print, the generic case): ports, with -vv the
 * checksum verdict, then "UDP, length N" from the UDP length field. tcpdump decodes some
 * well-known ports' payloads (DNS, NTP, DHCP, ...); nfsim prints them generically.
 */
export function printUdp(p: Printer, ip: Ipv4Header, udp: UdpHeader, payload: readonly number[], length: number, fragmented: boolean): string {
  const head = `${hostName(p, ip.src)}.${udpPortName(p, udp.sport)} > ${hostName(p, ip.dst)}.${udpPortName(p, udp.dport)}: `;
  const ulenField = udp.length ?? UDP_HEADER_LEN + payload.length;
  if (ulenField < UDP_HEADER_LEN) return `${head}truncated-udplength ${String(ulenField)}`;
  const ulen = ulenField - UDP_HEADER_LEN;
  const dataLen = Math.min(ulen, length - UDP_HEADER_LEN);
  let out = head;
  if (p.opts.verbose > 1 && !fragmented) out += checksumVerdict(ip, udp, payload, dataLen);
  if (ulen > dataLen && !fragmented) return `${out}UDP, bad length ${String(ulen)} > ${String(dataLen)}`;
  return `${out}UDP, length ${String(ulen)}`;
}

function checksumVerdict(ip: Ipv4Header, udp: UdpHeader, payload: readonly number[], dataLen: number): string {
  const datagram = emitUdp(udp, payload, ip.src, ip.dst).subarray(0, UDP_HEADER_LEN + dataLen);
  const field = be16(datagram, 6);
  if (field === 0) return "[no cksum] ";
  if (payload.length < dataLen) return "";
  const computed = internetChecksum(datagram, 0, datagram.length, pseudoHeaderSum(ip.src, finalDestination(ip), IPPROTO.UDP, datagram.length));
  if (computed === 0) return "[udp sum ok] ";
  const hex = (n: number) => n.toString(16).padStart(4, "0");
  return `[bad udp cksum 0x${hex(field)} -> 0x${hex(checksumShouldBe(field, computed))}!] `;
}
