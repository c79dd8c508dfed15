// The frames of a bridge (net/bridge/br_input.c, br_forward.c, br_device.c). A frame that
// arrives on a port never reaches the port's own IP stack (br_handle_frame steals it): its
// source MAC is learned, then it goes up to the bridge device when addressed to the bridge
// (or to any group address, which is also flooded), to the port its destination was
// learned on, or, when unknown, flooded to every other forwarding port. It never goes back
// out of the port it came in by (hairpin mode is off by default). What the host itself
// sends out of the bridge device (br_dev_xmit) takes the same way, from no port.
import type { EthernetFrame } from "../wire/frame.ts";
import { fdbLearn, fdbLookup, isGroupMac, isLocalMac } from "./bridge-fdb.ts";
import { brNfCallIptables, brNfForward, brNfPreRouting, ipv4Of, type HookFn } from "./bridge-nf.ts";
import { bridgePorts, masterOf, portForwards } from "./bridge.ts";
import type { NetHost } from "./host.ts";
import { deviceByIndex } from "./namespace.ts";
import type { Skb } from "./skb.ts";
import type { Device } from "./types.ts";

/** The receive path of the bridge device itself (frameRcv), handed in to keep the modules acyclic. */
export type PassUp = (h: NetHost, nsName: string, dev: Device, frame: EthernetFrame, trace: number | undefined, physIn?: string) => void;

/** What the packet path lends the bridge: its receive function and its hook runner. */
export interface BridgeStack {
  readonly up: PassUp;
  readonly hook: HookFn;
}

interface BridgeCtx {
  readonly h: NetHost;
  readonly nsName: string;
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
  return { h, nsName, br, ports: bridgePorts(ns, br), nowMs: h.now() / 1000 };
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
 * br_flood: a copy to every forwarding port but the one the frame came in by. The packet's
 * trace follows the copy that reaches the addressed host (or the only copy), so that one
 * journey is not overwritten by the fates of the copies other hosts discard.
 */
function flood(c: BridgeCtx, from: Device | undefined, frame: EthernetFrame, trace: number | undefined): void {
  const targets = c.ports.filter((p) => p !== from && portForwards(c.br, p));
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
  if (port === from) return lost(c, trace, `${frame.eth.dst} was learned on ${port.name}, the port it came in by`);
  if (!portForwards(c.br, port)) return lost(c, trace, `${port.name} of ${c.br.name} does not forward`);
  send(c, port, frame, trace);
}

/**
 * br_pass_frame_up: the bridge device receives the frame (its taps see it come in). With
 * br_netfilter, iptables there still knows the port an IPv4 packet came in by (physdev).
 */
function passUp(c: BridgeCtx, port: Device, frame: EthernetFrame, trace: number | undefined, up: PassUp): void {
  c.h.capture?.(c.nsName, c.br, frame, "in");
  const ns = c.h.namespaces[c.nsName];
  const nf = ns !== undefined && ipv4Of(frame) !== undefined && brNfCallIptables(ns);
  up(c.h, c.nsName, c.br, frame, trace, nf ? port.name : undefined);
}

/** A unicast frame bridged between ports, br_netfilter's PREROUTING first when it is on: whether it got past it. */
function bridged(c: BridgeCtx, port: Device, frame: EthernetFrame, trace: number | undefined, stack: BridgeStack): boolean {
  const packet = ipv4Of(frame);
  const ns = c.h.namespaces[c.nsName];
  if (packet === undefined || ns === undefined || !brNfCallIptables(ns)) {
    forward(c, port, frame, trace);
    return true;
  }
  const skb = brNfPreRouting(c.h, c.nsName, c.br, port, frame, packet, trace, stack.hook);
  if (skb === undefined) return false;
  c.nf = { skb, hook: stack.hook, inPort: port };
  forward(c, port, frame, skb.trace);
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
  fdbLearn(c.br.bridge, src, port.ifindex, c.nowMs, isLocalMac(c.br, c.ports, src));
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
