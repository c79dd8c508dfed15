// One made-up packet sent into a world and followed to its end: what `nfsim trace` and the
// library's `world.send` do. The packet is either a frame received on a device (as if the
// wire had brought it: netif_receive_skb) or one the namespace sends itself (a raw socket:
// ip_route_output_key, then ip_local_out). An existing connection can be assumed first:
// its packets are played through the namespace's conntrack table (only the table: no
// rules run), so the packet is then seen as ESTABLISHED or RELATED.
import { namespaceConntrack } from "./conntrack.ts";
import { Net } from "./net.ts";
import { INITIAL_NS, type World } from "./world.ts";
import type { PacketState } from "../netfilter/context.ts";
import { engineEnv } from "../stack/hooks.ts";
import { buildPacket } from "../stack/ip-build.ts";
import { deviceByName } from "../stack/namespace.ts";
import { ipLocalOut, ipRcv, packetType } from "../stack/path.ts";
import { peerOf } from "../stack/link.ts";
import { routeOutput } from "../stack/route-output.ts";
import type { PathTrace } from "../stack/skb.ts";
import type { Device, NetNamespace } from "../stack/types.ts";
import { NetlinkError } from "../stack/errors.ts";
import { emitIpv4Packet, IPV4_HEADER_LEN } from "../wire/ip.ts";
import { ICMP_TYPE, icmpIsError } from "../wire/icmp.ts";
import { formatIpv4, type Ipv4 } from "../wire/ipv4.ts";
import { IPPROTO, TCP_FLAG, type Ipv4Packet, type Transport } from "../wire/packet.ts";

/** The packet to send, as people describe one. */
export interface PacketSpec {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: Ipv4;
  readonly dst: Ipv4;
  /** TCP/UDP ports (default: source 40000, destination 80 for TCP and 53 for UDP). */
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flag bits (TCP_FLAG); default SYN, or ACK when a connection is assumed. */
  readonly flags?: number;
  /** ICMP type and code (default echo-request, code 0). */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly ttl?: number;
  /** Total length of the IP packet; the payload is zeros up to it. */
  readonly len?: number;
  readonly mark?: number;
  /**
   * Assume the packet's connection exists (ESTABLISHED: it was answered; RELATED: an ICMP
   * error about an echo request the destination sent to the source). NEW: nothing assumed.
   */
  readonly state?: "NEW" | "ESTABLISHED" | "RELATED";
}

/** Where the packet starts: received on a device of a namespace, or sent by the namespace itself. */
export interface SendPlace {
  readonly ns: string;
  /** The device the packet arrives on; absent: the namespace sends it. */
  readonly in?: string;
}

export interface Sent {
  /** The packet's journey, ended. */
  readonly trace: PathTrace;
  /** Packets it caused directly (an echo reply, a TCP reset, an ICMP error, REJECT's answer). */
  readonly caused: PathTrace[];
}

/** A spec or place the world cannot take (no such namespace or device): a message naming it. */
export class SendError extends Error {
  override readonly name = "SendError";
}

const DEFAULT_SPORT = 40000;
/** The source MAC of a frame on a device with no peer (a made-up neighbour). */
export const NEIGHBOUR_MAC = "02:00:5e:00:00:01";
/** Sequence numbers of the assumed handshake (any will do; fixed so traces repeat). */
const ISN_CLIENT = 1000;
const ISN_SERVER = 5000;
const ECHO_ID = 0x1234;
/** ping's 56 data bytes. */
const ECHO_DATA = 56;

function defaultFlags(spec: PacketSpec): number {
  if (spec.flags !== undefined) return spec.flags;
  return spec.state === "ESTABLISHED" ? TCP_FLAG.ACK : TCP_FLAG.SYN;
}

function echo(type: number, id: number): Transport {
  return { kind: "icmp", type, code: 0, id, seq: 1 };
}

/** The request an ICMP error quotes: an echo request from the error's destination to its source. */
function quotedRequest(spec: PacketSpec): Ipv4Packet {
  return { ip: ipHeader(spec.dst, spec.src, IPPROTO.ICMP, 64, 28, true), l4: echo(ICMP_TYPE.ECHO_REQUEST, ECHO_ID), payload: [] };
}

function ipHeader(src: Ipv4, dst: Ipv4, proto: number, ttl: number, length: number, df: boolean): Ipv4Packet["ip"] {
  return { src, dst, proto, ttl, tos: 0, length, id: 0, fragOffset: 0, moreFragments: false, dontFragment: df, options: [] };
}

function transport(spec: PacketSpec): { l4: Transport; payload: number[] } {
  switch (spec.proto) {
    case "tcp": {
      const assumed = spec.state === "ESTABLISHED";
      const l4: Transport = {
        kind: "tcp", sport: spec.sport ?? DEFAULT_SPORT, dport: spec.dport ?? 80,
        seq: assumed ? ISN_CLIENT + 1 : ISN_CLIENT, ack: assumed ? ISN_SERVER + 1 : 0,
        flags: defaultFlags(spec), window: 64240, options: [],
      };
      return { l4, payload: [] };
    }
    case "udp":
      return { l4: { kind: "udp", sport: spec.sport ?? DEFAULT_SPORT, dport: spec.dport ?? 53 }, payload: [] };
    case "icmp": {
      const type = spec.icmpType ?? ICMP_TYPE.ECHO_REQUEST;
      if (icmpIsError(type)) {
        // An ICMP error carries the IP header and first 8 bytes of what it is about (RFC 792).
        const quoted = Array.from(emitIpv4Packet(quotedRequest(spec))).slice(0, IPV4_HEADER_LEN + 8);
        return { l4: { kind: "icmp", type, code: spec.icmpCode ?? 0, id: 0, seq: 0 }, payload: quoted };
      }
      return { l4: { kind: "icmp", type, code: spec.icmpCode ?? 0, id: ECHO_ID, seq: 1 }, payload: new Array<number>(ECHO_DATA).fill(0) };
    }
  }
}

const L4_HEADER: Record<PacketSpec["proto"], number> = { tcp: 20, udp: 8, icmp: 8 };

const PROTO_NUMBER: Record<PacketSpec["proto"], number> = { tcp: IPPROTO.TCP, udp: IPPROTO.UDP, icmp: IPPROTO.ICMP };

const isIcmpError = (spec: PacketSpec): boolean => spec.proto === "icmp" && icmpIsError(spec.icmpType ?? ICMP_TYPE.ECHO_REQUEST);

/** The packet as it leaves its sender: zeros fill it to --len (an ICMP error keeps its quote); DF as Linux sets it, not on ICMP errors. */
export function buildSpecPacket(net: Net, ns: NetNamespace, spec: PacketSpec): Ipv4Packet {
  const { l4, payload } = transport(spec);
  const head = IPV4_HEADER_LEN + L4_HEADER[spec.proto];
  const body = spec.len !== undefined && !isIcmpError(spec) ? new Array<number>(Math.max(0, spec.len - head)).fill(0) : payload;
  const options = { src: spec.src, dst: spec.dst, proto: PROTO_NUMBER[spec.proto], df: !isIcmpError(spec), ...(spec.ttl !== undefined ? { ttl: spec.ttl } : {}) };
  return buildPacket(net, ns, options, l4, body);
}

function state(ip: Ipv4Packet["ip"], l4: Transport, mark: number): PacketState {
  return { ip, l4, payload: [], mark };
}

/** The packets of the connection before this one: original, reply, and for TCP the handshake's last ACK. */
function history(spec: PacketSpec, mark: number): PacketState[] {
  const there = ipHeader(spec.src, spec.dst, 0, 64, 40, true);
  const back = ipHeader(spec.dst, spec.src, 0, 64, 40, true);
  const sport = spec.sport ?? DEFAULT_SPORT;
  if (spec.state === "RELATED") {
    const req = quotedRequest(spec);
    return [state(req.ip, req.l4, mark)];
  }
  switch (spec.proto) {
    case "tcp": {
      const dport = spec.dport ?? 80;
      const tcp = (s: number, d: number, seq: number, ack: number, flags: number): Transport =>
        ({ kind: "tcp", sport: s, dport: d, seq, ack, flags, window: 64240, options: [] });
      return [
        state({ ...there, proto: IPPROTO.TCP }, tcp(sport, dport, ISN_CLIENT, 0, TCP_FLAG.SYN), mark),
        state({ ...back, proto: IPPROTO.TCP }, tcp(dport, sport, ISN_SERVER, ISN_CLIENT + 1, TCP_FLAG.SYN | TCP_FLAG.ACK), mark),
        state({ ...there, proto: IPPROTO.TCP }, tcp(sport, dport, ISN_CLIENT + 1, ISN_SERVER + 1, TCP_FLAG.ACK), mark),
      ];
    }
    case "udp": {
      const dport = spec.dport ?? 53;
      return [
        state({ ...there, proto: IPPROTO.UDP }, { kind: "udp", sport, dport }, mark),
        state({ ...back, proto: IPPROTO.UDP }, { kind: "udp", sport: dport, dport: sport }, mark),
      ];
    }
    case "icmp":
      return [
        state({ ...there, proto: IPPROTO.ICMP }, echo(ICMP_TYPE.ECHO_REQUEST, ECHO_ID), mark),
        state({ ...back, proto: IPPROTO.ICMP }, echo(ICMP_TYPE.ECHO_REPLY, ECHO_ID), mark),
      ];
  }
}

/**
 * Makes the connection the packet belongs to: its earlier packets go through the
 * namespace's conntrack table (nf_conntrack_in, then confirm for the first), as if they
 * had passed. The entry is confirmed and has seen a reply, so the next packet of the
 * original direction is ESTABLISHED; an ICMP error about it is RELATED. No rule runs and
 * no NAT binding is made.
 */
function assumeConnection(net: Net, ns: NetNamespace, spec: PacketSpec, local: boolean): void {
  if (spec.state === undefined || spec.state === "NEW") return;
  const steps = namespaceConntrack(ns);
  const env = engineEnv(net, ns);
  const hook = local ? "OUTPUT" : "PREROUTING";
  for (const [i, pkt] of history(spec, spec.mark ?? 0).entries()) {
    steps.conntrackIn(hook, pkt, env, {});
    if (i === 0) steps.confirm(local ? "POSTROUTING" : "INPUT", pkt, env);
  }
}

function namespace(world: World, name: string): NetNamespace {
  const ns = world.namespaces[name];
  if (ns === undefined) throw new SendError(`no namespace "${name === INITIAL_NS ? "(initial)" : name}"`);
  return ns;
}

function deviceOf(nsName: string, ns: NetNamespace, devName: string): Device {
  const dev = deviceByName(ns, devName);
  if (dev === undefined) throw new SendError(`no device "${devName}" in ${nsName === INITIAL_NS ? "the initial namespace" : `namespace "${nsName}"`}`);
  return dev;
}

/** A frame for this host received on `dev` (ip_rcv), from the device at the other end of its wire. */
function receive(net: Net, nsName: string, ns: NetNamespace, devName: string, packet: Ipv4Packet, mark: number): number {
  const dev = deviceOf(nsName, ns, devName);
  const srcMac = dev.kind === "loopback" ? dev.mac : (peerOf(net.world, dev)?.dev.mac ?? NEIGHBOUR_MAC);
  const trace = net.beginTrace({ kind: "wire", ns: nsName, dev: dev.name }, packet);
  const { ip, l4, payload } = packet;
  ipRcv(net, nsName, dev, { pkt: { ip, l4, payload, mark, srcMac, dstMac: dev.mac, pktType: packetType(dev, dev.mac) }, trace });
  return trace;
}

/** A packet the namespace sends itself: routed as ip_route_output_key does, then ip_local_out. */
function sendLocal(net: Net, nsName: string, ns: NetNamespace, packet: Ipv4Packet, mark: number): number {
  const trace = net.beginTrace({ kind: "local", ns: nsName, by: "nfsim trace" }, packet);
  let route;
  try {
    route = routeOutput(ns, packet.ip.dst, {});
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
    const why = `no route to ${formatIpv4(packet.ip.dst)}: ${e.strerror}`;
    net.step(trace, { kind: "route", ns: nsName, decision: "unreachable", why });
    net.fate(trace, { kind: "dropped", ns: nsName, why });
    return trace;
  }
  ipLocalOut(net, nsName, { pkt: { ...packet, mark }, trace }, route);
  return trace;
}

/** Sends the packet and runs the world until it (and what it directly caused) ended. */
export function sendPacket(world: World, place: SendPlace, spec: PacketSpec): Sent {
  const ns = namespace(world, place.ns);
  // Refused before anything changes.
  if (place.in !== undefined) deviceOf(place.ns, ns, place.in);
  const net = Net.of(world);
  const local = place.in === undefined;
  assumeConnection(net, ns, spec, local);
  const packet = buildSpecPacket(net, ns, spec);
  const mark = spec.mark ?? 0;
  const id = local ? sendLocal(net, place.ns, ns, packet, mark) : receive(net, place.ns, ns, place.in ?? "", packet, mark);
  const caused = () => net.traces().filter((t) => t.cause === id);
  const ended = (t: PathTrace | undefined) => t === undefined || t.fate.kind !== "in-flight";
  net.runPatiently(() => ended(net.traceOf(id)) && caused().every(ended));
  const trace = net.traceOf(id);
  if (trace === undefined) throw new SendError("the packet's trace was lost");
  return { trace, caused: caused() };
}
