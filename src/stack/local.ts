// ip_local_deliver (net/ipv4/ip_input.c): the INPUT hook, a copy of every ICMP packet to
// the raw ICMP sockets (raw_local_deliver), then the protocol: ICMP (icmp_rcv: echo
// replies, errors reported to the sockets they concern), UDP (udp_rcv: the socket, or ICMP
// port unreachable), TCP (tcp.ts), anything else ICMP protocol unreachable.
import { parseIpv4Packet } from "../wire/ip.ts";
import { icmpIsError, ICMP_TYPE } from "../wire/icmp.ts";
import { formatIpv4 } from "../wire/ipv4.ts";
import { IPPROTO, type IcmpHeader, type Ipv4Packet } from "../wire/packet.ts";
import { selectSource } from "./address.ts";
import type { NetHost } from "./host.ts";
import { icmpSend, sendOnIcmpSocket } from "./icmp-send.ts";
import { buildPacket } from "./ip-build.ts";
import { echoOptions } from "./ip-options.ts";
import { hook, ipLocalOut } from "./path.ts";
import { routeOutput } from "./route-output.ts";
import type { Skb } from "./skb.ts";
import { stackOf, type UdpSocket } from "./state.ts";
import { sysctlOn } from "./sysctl.ts";
import { tcpErr, tcpRcv } from "./tcp.ts";
import { SCOPE_LINK, type Device, type NetNamespace } from "./types.ts";

/** icmp_err_convert (net/ipv4/icmp.c): the errno a destination-unreachable code becomes. */
export const UNREACH_ERRNO: readonly string[] = [
  "ENETUNREACH", "EHOSTUNREACH", "ENOPROTOOPT", "ECONNREFUSED", "EMSGSIZE", "EOPNOTSUPP",
  "ENETUNREACH", "EHOSTDOWN", "ENONET", "ENETUNREACH", "EHOSTUNREACH", "ENETUNREACH",
  "EHOSTUNREACH", "EHOSTUNREACH", "EHOSTUNREACH", "EHOSTUNREACH",
];

/** Whether the code is a hard error (icmp_err_convert's fatal flag). */
export const UNREACH_FATAL: readonly boolean[] = [false, false, true, true, false, false, true, true, true, true, true, false, false, true, true, true];

function nsOf(h: NetHost, name: string): NetNamespace {
  const ns = h.namespaces[name];
  if (ns === undefined) throw new Error(`no namespace ${name}`);
  return ns;
}

/** raw_local_deliver: every raw ICMP socket (bound to this device or to none) gets a copy. */
function rawDeliver(h: NetHost, ns: NetNamespace, dev: Device, skb: Skb): number {
  const raws = stackOf(ns).sockets.filter((s) => s.kind === "raw" && (s.dev === undefined || s.dev === dev.name));
  const { ip, l4, payload } = skb.pkt;
  for (const s of raws) h.notify(s.owner, { kind: "icmp", socket: s.id, packet: { ip, l4, payload } });
  return raws.length;
}

export function ipLocalDeliver(h: NetHost, nsName: string, dev: Device, skb: Skb, broadcast: boolean): void {
  if (!hook(h, nsName, "INPUT", skb, { in: dev.name })) return;
  const ns = nsOf(h, nsName);
  const { proto } = skb.pkt.ip;
  const raws = proto === IPPROTO.ICMP ? rawDeliver(h, ns, dev, skb) : 0;
  if (proto === IPPROTO.ICMP) return icmpRcv(h, nsName, ns, dev, skb, broadcast, raws);
  if (proto === IPPROTO.UDP) return udpRcv(h, nsName, ns, dev, skb, broadcast);
  if (proto === IPPROTO.TCP) return tcpRcv(h, nsName, ns, dev, skb, broadcast);
  h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `no handler for IP protocol ${String(proto)}` });
  if (!broadcast) icmpSend(h, nsName, skb, 3, 2);
}

function delivered(h: NetHost, nsName: string, skb: Skb, to: string): void {
  h.step(skb.trace, { kind: "deliver", ns: nsName, to });
  h.fate(skb.trace, { kind: "delivered", ns: nsName, to });
}

/** icmp_echo → icmp_reply: the same id, sequence and data back, from the address asked (or the device's for a broadcast). */
function echoReply(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, skb: Skb, icmp: IcmpHeader, broadcast: boolean): void {
  const { ip, payload } = skb.pkt;
  if (sysctlOn(ns, "net.ipv4.icmp_echo_ignore_all")) return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "icmp_echo_ignore_all is on" });
  if (broadcast && sysctlOn(ns, "net.ipv4.icmp_echo_ignore_broadcasts")) {
    return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "icmp_echo_ignore_broadcasts is on" });
  }
  const src = broadcast ? (selectSource(ns, dev, ip.src, SCOPE_LINK) ?? 0) : ip.dst;
  let route;
  try {
    route = routeOutput(ns, ip.src, { saddr: src });
  } catch {
    return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `echo request answered, but no route back to ${formatIpv4(ip.src)}` });
  }
  delivered(h, nsName, skb, "ICMP echo (answered with an echo reply)");
  const reply: IcmpHeader = { kind: "icmp", type: ICMP_TYPE.ECHO_REPLY, code: 0, id: icmp.id, seq: icmp.seq };
  // ip_options_echo: a record route comes back with the request's hops and room for ours.
  const options = echoOptions(ip.options);
  const packet = buildPacket(h, ns, { src, dst: ip.src, proto: IPPROTO.ICMP, tos: ip.tos, df: false, ...(options.length > 0 ? { options } : {}) }, reply, payload);
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: "icmp_echo" }, packet, skb.trace);
  sendOnIcmpSocket(nsName, () => ipLocalOut(h, nsName, { pkt: { ...packet, mark: 0 }, trace }, route));
}

function quotedPacket(payload: readonly number[]): Ipv4Packet | undefined {
  return parseIpv4Packet(Uint8Array.from(payload))?.packet;
}

/** icmp_unreach and friends: tell the socket whose packet the error quotes. */
function icmpError(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, skb: Skb, icmp: IcmpHeader): void {
  const quoted = quotedPacket(skb.pkt.payload);
  if (quoted === undefined) return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "ICMP error quoting no whole IP header" });
  const info = icmp.rest ?? 0;
  const err = { from: skb.pkt.ip.src, type: icmp.type, code: icmp.code, info, quoted };
  if (quoted.ip.proto === IPPROTO.ICMP) {
    // raw_icmp_error → raw_v4_match: a socket bound to a device hears only errors that came in by it.
    const raws = stackOf(ns).sockets.filter((s) => s.kind === "raw" && (s.dev === undefined || s.dev === dev.name));
    for (const s of raws) h.notify(s.owner, { kind: "icmp-error", socket: s.id, ...err });
    return delivered(h, nsName, skb, raws.length > 0 ? "ICMP error for the raw ICMP sockets" : "ICMP error (no socket)");
  }
  if (quoted.ip.proto === IPPROTO.UDP) return udpErr(h, nsName, ns, skb, err);
  if (quoted.ip.proto === IPPROTO.TCP) {
    tcpErr(h, nsName, ns, err);
    return delivered(h, nsName, skb, "ICMP error for TCP");
  }
  delivered(h, nsName, skb, "ICMP error (no socket)");
}

function icmpRcv(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, skb: Skb, broadcast: boolean, raws: number): void {
  const icmp = skb.pkt.l4;
  if (icmp.kind !== "icmp") return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "truncated ICMP header" });
  if (icmp.type === ICMP_TYPE.ECHO_REQUEST) return echoReply(h, nsName, ns, dev, skb, icmp, broadcast);
  if (icmpIsError(icmp.type)) return icmpError(h, nsName, ns, dev, skb, icmp);
  delivered(h, nsName, skb, raws > 0 ? "raw ICMP socket" : `ICMP type ${String(icmp.type)} (nobody listens)`);
}

/** nf_reset_ct: the packet no longer refers to its connection. */
function withoutConntrack(skb: Skb): Skb {
  const { ct: _dropped, ...pkt } = skb.pkt;
  return { ...skb, pkt };
}

/** __udp4_lib_lookup: a connected socket for the 4-tuple first, then one bound to the port. */
export function udpLookup(ns: NetNamespace, dst: number, dport: number, src: number, sport: number, dev?: string): UdpSocket | undefined {
  const udp = stackOf(ns).sockets.filter((s): s is UdpSocket => s.kind === "udp" && s.local.port === dport && (s.dev === undefined || s.dev === dev));
  const local = (s: UdpSocket) => s.local.addr === 0 || s.local.addr === dst;
  return (
    udp.find((s) => local(s) && s.remote !== undefined && s.remote.addr === src && s.remote.port === sport) ??
    udp.find((s) => local(s) && s.remote === undefined)
  );
}

function udpRcv(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, skb: Skb, broadcast: boolean): void {
  const { ip, l4, payload } = skb.pkt;
  if (l4.kind !== "udp") return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "truncated UDP header" });
  const sock = udpLookup(ns, ip.dst, l4.dport, ip.src, l4.sport, dev.name);
  if (sock === undefined) {
    h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `no socket on UDP port ${String(l4.dport)}` });
    // __udp4_lib_rcv has already dropped the conntrack reference (nf_reset_ct), so the
    // error is not attached to the entry: conntrack finds it again in OUTPUT.
    if (!broadcast) icmpSend(h, nsName, withoutConntrack(skb), 3, 3);
    return;
  }
  delivered(h, nsName, skb, `UDP socket on port ${String(l4.dport)}`);
  h.notify(sock.owner, { kind: "datagram", socket: sock.id, from: { addr: ip.src, port: l4.sport }, payload });
}

/** __udp4_lib_err: only a connected socket hears of the error (no IP_RECVERR); hard errors only, as for nc. */
function udpErr(h: NetHost, nsName: string, ns: NetNamespace, skb: Skb, err: { type: number; code: number; quoted: Ipv4Packet }): void {
  const q = err.quoted;
  if (q.l4.kind !== "udp") return delivered(h, nsName, skb, "ICMP error (no socket)");
  const sock = udpLookup(ns, q.ip.src, q.l4.sport, q.ip.dst, q.l4.dport);
  if (sock === undefined || sock.remote === undefined) return delivered(h, nsName, skb, "ICMP error (no connected UDP socket)");
  delivered(h, nsName, skb, `ICMP error for the UDP socket on port ${String(q.l4.sport)}`);
  const errno = err.type === ICMP_TYPE.DEST_UNREACH ? UNREACH_ERRNO[err.code] : err.type === ICMP_TYPE.TIME_EXCEEDED ? "EHOSTUNREACH" : undefined;
  const fatal = err.type === ICMP_TYPE.DEST_UNREACH ? (UNREACH_FATAL[err.code] ?? false) : false;
  if (errno !== undefined && fatal) h.notify(sock.owner, { kind: "error", socket: sock.id, errno });
}
