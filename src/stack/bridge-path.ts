// The frames of a bridge (net/bridge/br_input.c, br_forward.c, br_device.c). A frame that
// arrives on a port never reaches the port's own IP stack (br_handle_frame steals it): its
// source MAC is learned, then it goes up to the bridge device when addressed to the bridge
// (or to any group address, which is also flooded), to the port its destination was
// learned on, or, when unknown, flooded to every other forwarding port. It goes back out of
// the port it came in by only when that port is in hairpin mode (off by default). What the
// host itself sends out of the bridge device (br_dev_xmit) takes the same way, from no port,
// so it may leave by any port.
import type { EthernetFrame } from "../wire/frame.ts";
import { formatIpv4 } from "../wire/ipv4.ts";
import { fdbLearn, fdbLookup, isGroupMac, isLocalMac } from "./bridge-fdb.ts";
import { brNfCallIptables, brNfDnatWay, brNfForward, brNfPreRouting, ipv4Of, type HookFn } from "./bridge-nf.ts";
import { bridgePorts, masterOf, portFlag, portForwards } from "./bridge.ts";
import type { NetHost } from "./host.ts";
import { deviceByIndex } from "./namespace.ts";
import { findNeighbour, neighValid } from "./neighbour.ts";
import type { Skb } from "./skb.ts";
import type { Device, NetNamespace } from "./types.ts";

/** The receive path of the bridge device itself (frameRcv), handed in to keep the modules acyclic. */
export type PassUp = (h: NetHost, nsName: string, dev: Device, frame: EthernetFrame, trace: number | undefined, physIn?: string) => void;

/** ip_rcv_finish from the route lookup on, for a packet whose PREROUTING already ran (br_netfilter). */
export type RouteIn = (h: NetHost, nsName: string, dev: Device, skb: Skb) => void;

/** What the packet path lends the bridge: its receive function, its hook runner, its routing. */
export interface BridgeStack {
  readonly up: PassUp;
  readonly hook: HookFn;
  readonly routeIn: RouteIn;
}

interface BridgeCtx {
  readonly h: NetHost;
  readonly nsName: string;
  readonly ns: NetNamespace;
  readonly br: Device;
  readonly ports: readonly Device[];
  /** The virtual time in ms, the FDB's unit. */
  readonly nowMs: number;
  /** br_netfilter: the packet after PREROUTING, when iptables sees this bridged frame. */
  nf?: { readonly skb: Skb; readonly hook: HookFn; readonly inPort: Device };
}

function lost(c: BridgeCtx, trace: number | undefined, why: string): void {
  if (trace !== undefined) c.h.fate(trace, { kind: "dropped", ns: c.nsName, why });
}

function contextOf(h: NetHost, nsName: string, br: Device): BridgeCtx | undefined {
  const ns = h.namespaces[nsName];
  if (ns === undefined || br.bridge === undefined) return undefined;
  return { h, nsName, ns, br, ports: bridgePorts(ns, br), nowMs: h.now() / 1000 };
}

/** The MAC of the device at the other end of a port's wire (a veth's peer), if known. */
function peerMac(h: NetHost, port: Device): string | undefined {
  const ns = port.peer === undefined ? undefined : h.namespaces[port.peer.ns];
  return ns === undefined || port.peer === undefined ? undefined : deviceByIndex(ns, port.peer.ifindex)?.mac;
}

/** br_forward_finish: through FORWARD and POSTROUTING when br_netfilter sees the frame, then out. */
function send(c: BridgeCtx, port: Device, frame: EthernetFrame, trace: number | undefined): void {
  if (c.nf === undefined) return c.h.transmit(c.nsName, port, frame, trace);
  const { skb, hook, inPort } = c.nf;
  const t = trace ?? c.h.beginTrace({ kind: "wire", ns: c.nsName, dev: inPort.name }, { ip: skb.pkt.ip, l4: skb.pkt.l4, payload: skb.pkt.payload }, skb.trace);
  const out = brNfForward(c.h, c.nsName, c.br, skb, port, frame, t, hook);
  if (out !== undefined) c.h.transmit(c.nsName, port, out, t);
}

/**
 * should_deliver (br_forward.c): a forwarding port, not the one the frame came in by unless
 * that one is in hairpin mode, and not from one isolated port to another (br_skb_isolated).
 */
function shouldDeliver(c: BridgeCtx, from: Device | undefined, p: Device): boolean {
  if (p === from && !portFlag(p, "hairpin")) return false;
  if (from !== undefined && portFlag(from, "isolated") && portFlag(p, "isolated")) return false;
  return portForwards(c.br, p);
}

/** br_flood: the port flag that lets this kind of frame be flooded out of a port. */
function floodFlag(dst: string): "bcast_flood" | "mcast_flood" | "flood" {
  if (dst === "ff:ff:ff:ff:ff:ff") return "bcast_flood";
  return isGroupMac(dst) ? "mcast_flood" : "flood";
}

/**
 * br_flood: a copy to every port that floods this kind of frame and should get it. The
 * packet's trace follows the copy that reaches the addressed host (or the only copy), so
 * that one journey is not overwritten by the fates of the copies other hosts discard.
 */
function flood(c: BridgeCtx, from: Device | undefined, frame: EthernetFrame, trace: number | undefined): void {
  const flag = floodFlag(frame.eth.dst);
  const targets = c.ports.filter((p) => portFlag(p, flag) && shouldDeliver(c, from, p));
  if (targets.length === 0) return lost(c, trace, `no other forwarding port on ${c.br.name} to flood to`);
  const follows = targets.length === 1 ? targets[0] : targets.find((p) => peerMac(c.h, p) === frame.eth.dst);
  for (const p of targets) send(c, p, frame, p === follows ? trace : undefined);
}

/** br_forward after an FDB lookup; an unknown destination is flooded. */
function forward(c: BridgeCtx, from: Device | undefined, frame: EthernetFrame, trace: number | undefined): void {
  const st = c.br.bridge;
  const out = st === undefined ? undefined : fdbLookup(st, frame.eth.dst, c.nowMs);
  const port = out === undefined ? undefined : c.ports.find((p) => p.ifindex === out);
  if (port === undefined) return flood(c, from, frame, trace);
  if (port === from && !portFlag(port, "hairpin")) return lost(c, trace, `${frame.eth.dst} was learned on ${port.name}, the port it came in by, and its hairpin mode is off`);
  if (!shouldDeliver(c, from, port)) return lost(c, trace, `${port.name} of ${c.br.name} does not forward this frame`);
  send(c, port, frame, trace);
}

/**
 * br_pass_frame_up: the bridge device receives the frame (its taps see it come in). With
 * br_netfilter, iptables there still knows the port an IPv4 packet came in by (physdev).
 */
function passUp(c: BridgeCtx, port: Device, frame: EthernetFrame, trace: number | undefined, up: PassUp): void {
  c.h.capture?.(c.nsName, c.br, frame, "in");
  const nf = ipv4Of(frame) !== undefined && brNfCallIptables(c.ns);
  up(c.h, c.nsName, c.br, frame, trace, nf ? port.name : undefined);
}

/** A unicast frame bridged between ports, br_netfilter's PREROUTING first when it is on: whether it got past it. */
function bridged(c: BridgeCtx, port: Device, frame: EthernetFrame, trace: number | undefined, stack: BridgeStack): boolean {
  const packet = ipv4Of(frame);
  if (packet === undefined || !brNfCallIptables(c.ns)) {
    forward(c, port, frame, trace);
    return true;
  }
  const skb = brNfPreRouting(c.h, c.nsName, c.br, port, frame, packet, trace, stack.hook);
  if (skb === undefined) return false;
  if (skb.pkt.ip.dst !== packet.ip.dst) return dnatted(c, skb, frame, stack);
  c.nf = { skb, hook: stack.hook, inPort: port };
  forward(c, port, frame, skb.trace);
  return true;
}

/**
 * br_nf_pre_routing_finish for a bridged frame whose destination DNAT changed: bridged to
 * the new destination when it is on this bridge; else routed, as a frame for the bridge
 * (PACKET_HOST, to its MAC) whose PREROUTING has run (ip_sabotage_in skips it).
 */
function dnatted(c: BridgeCtx, skb: Skb, frame: EthernetFrame, stack: BridgeStack): boolean {
  if (!bridgeDnat(c, skb, stack.hook)) {
    skb.pkt.dstMac = c.br.mac;
    skb.pkt.pktType = "host";
    const { ip, l4, payload } = skb.pkt;
    c.h.capture?.(c.nsName, c.br, { ...frame, eth: { ...frame.eth, dst: c.br.mac }, body: { kind: "ipv4", packet: { ip, l4, payload } } }, "in");
    stack.routeIn(c.h, c.nsName, c.br, skb);
  }
  return false;
}

/**
 * br_nf_pre_routing_finish_bridge: back to the port the packet came in by, then bridged as
 * if it had arrived there for the new destination, whose MAC the neighbour table gives
 * (neigh_hh_bridge); the source MAC stays the sender's.
 */
function bridgeTo(c: BridgeCtx, skb: Skb, nexthop: number, hookFn: HookFn): void {
  const port = c.ports.find((p) => p.name === skb.pkt.physIn);
  const neigh = findNeighbour(c.ns, c.br.ifindex, nexthop);
  if (port === undefined) return lost(c, skb.trace, `the port ${skb.pkt.physIn ?? "?"} left ${c.br.name}`);
  if (neigh?.lladdr === undefined || !neighValid(neigh.state)) {
    return lost(c, skb.trace, `nfsim does not emulate resolving ${formatIpv4(nexthop)} for a bridged DNAT packet (br_nf_pre_routing_finish_bridge: neigh->output)`);
  }
  c.h.step(skb.trace, { kind: "route", ns: c.nsName, decision: "forward", dev: c.br.name, via: nexthop, why: `DNAT to a host on ${c.br.name}: bridged from ${port.name} (br_netfilter bridged_dnat)` });
  const { ip, l4, payload } = skb.pkt;
  const frame: EthernetFrame = { eth: { src: skb.pkt.srcMac ?? port.mac, dst: neigh.lladdr, ethertype: 0x0800 }, body: { kind: "ipv4", packet: { ip, l4, payload } }, trailer: [] };
  skb.pkt.dstMac = neigh.lladdr;
  c.nf = { skb, hook: hookFn, inPort: port };
  forward(c, port, frame, skb.trace);
}

/**
 * The packet path's PREROUTING (with br_netfilter, for a frame the bridge passed up)
 * changed the destination: when the new one is on the same bridge, the packet is bridged
 * there and this returns true; otherwise the caller routes it.
 */
export function brNfBridgedDnat(h: NetHost, nsName: string, br: Device, skb: Skb, hookFn: HookFn): boolean {
  const c = contextOf(h, nsName, br);
  return c !== undefined && bridgeDnat(c, skb, hookFn);
}

/** br_nf_pre_routing_finish's test: a DNAT to a host on this bridge is bridged to it (true); anything else is routed. */
function bridgeDnat(c: BridgeCtx, skb: Skb, hookFn: HookFn): boolean {
  const way = brNfDnatWay(c.ns, c.br, skb);
  if (way.kind !== "bridge") return false;
  bridgeTo(c, skb, way.nexthop, hookFn);
  return true;
}

/** br_handle_frame and br_handle_frame_finish, for a frame that arrived on a port. */
export function bridgeRcv(h: NetHost, nsName: string, port: Device, frame: EthernetFrame, trace: number | undefined, stack: BridgeStack): void {
  const ns = h.namespaces[nsName];
  const br = ns === undefined ? undefined : masterOf(ns, port);
  const c = br === undefined ? undefined : contextOf(h, nsName, br);
  if (c === undefined || c.br.bridge === undefined) return;
  if (!portForwards(c.br, port)) return lost(c, trace, `${port.name} is a disabled port of ${c.br.name}`);
  const { src, dst } = frame.eth;
  if (portFlag(port, "learning")) fdbLearn(c.br.bridge, src, port.ifindex, c.nowMs, isLocalMac(c.br, c.ports, src));
  if (isGroupMac(dst)) {
    flood(c, port, frame, undefined);
    return passUp(c, port, frame, trace, stack.up);
  }
  if (isLocalMac(c.br, c.ports, dst)) return passUp(c, port, frame, trace, stack.up);
  // local_rcv of a promiscuous bridge: tcpdump on it (promiscuous unless -p) sees the
  // bridged frame too; the bridge's IP stack then drops it as PACKET_OTHERHOST.
  if (bridged(c, port, frame, trace, stack)) h.capture?.(nsName, c.br, frame, "in");
}

/** br_dev_xmit: what the bridge device sends goes to the learned port, else everywhere. */
export function bridgeXmit(h: NetHost, nsName: string, br: Device, frame: EthernetFrame, trace: number | undefined): void {
  const c = contextOf(h, nsName, br);
  if (c === undefined) return;
  if (isGroupMac(frame.eth.dst)) return flood(c, undefined, frame, trace);
  forward(c, undefined, frame, trace);
}
