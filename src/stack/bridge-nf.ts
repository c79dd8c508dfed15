// br_netfilter (net/bridge/br_netfilter_hooks.c) for the IPv4 frames a bridge forwards from
// port to port, when net.bridge.bridge-nf-call-iptables is on (Docker turns it on): iptables
// sees them at PREROUTING (br_nf_pre_routing, in: the bridge), then for each port a copy
// leaves by at FORWARD (br_nf_forward_ip, in and out: the bridge) and POSTROUTING
// (br_nf_post_routing, out: the bridge), with the ports in -m physdev. Nothing is routed:
// no TTL decrement, and ip_forward does not matter. When PREROUTING DNATs the packet to
// another host on the same bridge, it is bridged there (br_nf_pre_routing_finish), but
// only with forwarding on, as the route lookup that decides it needs it.
// Frames for the host itself take the IP stack of the bridge device as usual (its
// PREROUTING and INPUT, in: the bridge).
import type { Hook } from "../netfilter/tables.ts";
import type { EthernetFrame } from "../wire/frame.ts";
import type { Ipv4Packet } from "../wire/packet.ts";
import type { Ifaces } from "./hooks.ts";
import type { NetHost } from "./host.ts";
import { routeInput } from "./route-input.ts";
import type { Skb } from "./skb.ts";
import { sysctlOn } from "./sysctl.ts";
import type { Device, NetNamespace } from "./types.ts";

/** The packet path's hook runner (path.ts), handed in to keep the modules acyclic. */
export type HookFn = (h: NetHost, nsName: string, name: Hook, skb: Skb, ifaces: Ifaces) => boolean;

/** brnf_call_iptables of the namespace. */
export function brNfCallIptables(ns: NetNamespace): boolean {
  return sysctlOn(ns, "net.bridge.bridge-nf-call-iptables");
}

/** The IPv4 packet a frame carries, when it carries one. */
export function ipv4Of(frame: EthernetFrame): Ipv4Packet | undefined {
  return frame.body.kind === "ipv4" ? frame.body.packet : undefined;
}

/**
 * br_nf_pre_routing: PREROUTING with the bridge as the input device and the port as the
 * physical one (PACKET_OTHERHOST is seen as PACKET_HOST meanwhile). Returns the packet as
 * the hooks left it, or undefined when it is gone.
 */
export function brNfPreRouting(h: NetHost, nsName: string, br: Device, port: Device, frame: EthernetFrame, packet: Ipv4Packet, trace: number | undefined, hook: HookFn): Skb | undefined {
  const { ip, l4, payload } = packet;
  const t = trace ?? h.beginTrace({ kind: "wire", ns: nsName, dev: port.name }, packet);
  const skb: Skb = { pkt: { ip, l4, payload, mark: 0, srcMac: frame.eth.src, dstMac: frame.eth.dst, pktType: "host", physIn: port.name }, trace: t };
  if (!hook(h, nsName, "PREROUTING", skb, { in: br.name })) return undefined;
  return skb;
}

/** Where br_nf_pre_routing_finish sends a packet whose destination DNAT changed. */
export type DnatWay = { readonly kind: "bridge"; readonly nexthop: number } | { readonly kind: "route" };

/**
 * br_nf_pre_routing_finish: the packet is routed again. When its route leaves by the bridge
 * it came in on, it is bridged to the new destination (bridged_dnat); otherwise it is
 * routed. With forwarding off, ip_route_input succeeds with an unreachable route over lo
 * (ip_route_input_slow: no_route → local_input), so the kernel's fallback to the output
 * route never runs: the packet is routed to ip_error and dropped, as the real kernel does.
 */
export function brNfDnatWay(ns: NetNamespace, br: Device, skb: Skb): DnatWay {
  const r = routeInput(ns, br, skb.pkt.ip.src, skb.pkt.ip.dst);
  return r.kind === "forward" && r.dev === br ? { kind: "bridge", nexthop: r.nexthop } : { kind: "route" };
}

/**
 * br_nf_forward_ip and br_nf_post_routing for the copy that leaves by `port`: the frame to
 * send, carrying the packet as the hooks left it, or undefined when it was dropped.
 */
export function brNfForward(h: NetHost, nsName: string, br: Device, pre: Skb, port: Device, frame: EthernetFrame, trace: number, hook: HookFn): EthernetFrame | undefined {
  const skb: Skb = { ...pre, pkt: { ...pre.pkt, physOut: port.name }, trace };
  if (!hook(h, nsName, "FORWARD", skb, { in: br.name, out: br.name })) return undefined;
  if (!hook(h, nsName, "POSTROUTING", skb, { out: br.name, nextHop: skb.pkt.ip.dst })) return undefined;
  const { ip, l4, payload } = skb.pkt;
  return { ...frame, body: { kind: "ipv4", packet: { ip, l4, payload } } };
}
