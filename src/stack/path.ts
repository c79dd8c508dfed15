// The IPv4 packet path of a namespace, as DESIGN.md draws it and net/ipv4 runs it:
//   ip_rcv: PREROUTING → ip_route_input → ip_local_deliver (INPUT) | ip_forward (TTL,
//           FORWARD) → ip_output (POSTROUTING) → neighbour → device
//   ip_local_out: OUTPUT → re-route if the mark or destination changed → POSTROUTING → …
// Each hook's LOG and REJECT effects are carried out here; every step goes to the trace.
import type { Hook } from "../netfilter/tables.ts";
import { formatIpv4 } from "../wire/ipv4.ts";
import { BROADCAST_MAC } from "../wire/mac.ts";
import { arpRcv, neighOutput, xmitTo } from "./arp.ts";
import { brNfBridgedDnat, bridgeRcv } from "./bridge-path.ts";
import type { NetHost } from "./host.ts";
import { runHook, type HookResult, type Ifaces } from "./hooks.ts";
import { icmpSend, routeErrorAllows } from "./icmp-send.ts";
import { selectSource } from "./address.ts";
import { recordOnArrival, rewriteLastHop } from "./ip-options.ts";
import { ipLocalDeliver } from "./local.ts";
import { takeFromLoopback } from "./loopback.ts";
import { pfHook } from "./pf-hook.ts";
import { deviceByIndex, deviceByName } from "./namespace.ts";
import { sendReject } from "./reject.ts";
import { forwardingOn, routeInput, routeText, type InputRoute } from "./route-input.ts";
import { routeOutput, type OutputRoute } from "./route-output.ts";
import { isLocalAddress } from "./route.ts";
import type { CtSnapshot, RouteDecision, Skb, TraceStep } from "./skb.ts";
import { SCOPE_UNIVERSE, type Device, type NetNamespace } from "./types.ts";
import type { EthernetFrame } from "../wire/frame.ts";
import type { ConntrackView, PacketState, PacketType } from "../netfilter/context.ts";

function nsOf(h: NetHost, name: string): NetNamespace {
  const ns = h.namespaces[name];
  if (ns === undefined) throw new Error(`no namespace ${name}`);
  return ns;
}

/** The rule that decided, from the evaluator's events: a verdict of rule N, or the chain's policy. */
function decider(r: HookResult): { chain?: string; rule?: number } {
  const last = [...r.events].reverse().find((e) => e.kind === "verdict" || e.kind === "policy");
  if (last === undefined) return {};
  return { chain: last.chain, ...(last.kind === "verdict" ? { rule: last.num } : {}) };
}

/** A copy of the packet's conntrack view for the trace (the view reads its entry live). */
function ctSnapshot(ct: ConntrackView): CtSnapshot {
  const { state, dir, status, orig, reply } = ct;
  return { state, dir, status: [...status], ...(orig !== undefined ? { orig: { ...orig } } : {}), ...(reply !== undefined ? { reply: { ...reply } } : {}) };
}

/**
 * Why the nat step dropped a packet whose target needed an address of a device: nf_nat_masquerade
 * finds none on the way out (the kernel logs "DEV ate my IP address"), REDIRECT none on the way in.
 */
function natDropWhy(r: HookResult, ifaces: Ifaces): string {
  const types = new Set(r.effects.flatMap((e) => (e.kind === "nat" ? [e.type] : [])));
  if (types.has("MASQUERADE")) return `: MASQUERADE found no address on ${ifaces.out ?? "the outgoing device"} ("${ifaces.out ?? ""} ate my IP address")`;
  if (types.has("REDIRECT")) return `: REDIRECT found no address on ${ifaces.in ?? "the incoming device"}`;
  return "";
}

/** Runs a hook, records it, carries out its effects; false when the packet is gone. */
export function hook(h: NetHost, nsName: string, name: Hook, skb: Skb, ifaces: Ifaces): boolean {
  // A Mac has pf where Linux has netfilter (pf-hook.ts).
  if (h.namespaces[nsName]?.os === "macos") return pfHook(h, nsName, name, skb, ifaces);
  const r = runHook(h, nsName, name, skb, ifaces);
  h.step(skb.trace, {
    kind: "hook", ns: nsName, hook: name, verdict: r.verdict, events: r.events,
    ...(ifaces.in !== undefined ? { in: ifaces.in } : {}),
    ...(ifaces.out !== undefined ? { out: ifaces.out } : {}),
    ...(r.table !== undefined ? { table: r.table } : {}),
    ...(r.natSkipped ? { natSkipped: true } : {}),
    ...(skb.pkt.ct !== undefined ? { ct: ctSnapshot(skb.pkt.ct) } : {}),
    ...(r.seen.length > 0 ? { seen: r.seen } : {}),
  });
  for (const e of r.effects) {
    if (e.kind === "log") h.step(skb.trace, { kind: "log", ns: nsName, text: e.text, written: h.kernelLog(nsName, e.level ?? 4, e.text) });
  }
  if (r.verdict === "ACCEPT") return true;
  const who = decider(r);
  const by = r.conntrack !== undefined ? `conntrack (${r.conntrack})` : `${r.table ?? "?"} ${who.chain ?? name}${who.rule !== undefined ? ` rule ${String(who.rule)}` : " policy"}`;
  h.fate(skb.trace, {
    kind: "dropped", ns: nsName, why: `${r.verdict} at ${name} by ${by}${r.conntrack === "nat" ? natDropWhy(r, ifaces) : ""}`, hook: name,
    ...(r.table !== undefined && r.conntrack === undefined ? { table: r.table } : {}),
    ...(who.chain !== undefined && r.conntrack === undefined ? { chain: who.chain } : {}),
    ...(who.rule !== undefined && r.conntrack === undefined ? { rule: who.rule } : {}),
  });
  for (const e of r.effects) {
    if (e.kind !== "reject") continue;
    h.step(skb.trace, { kind: "reject", ns: nsName, with: e.with });
    sendReject(h, nsName, skb, e.with);
  }
  return false;
}

function drop(h: NetHost, nsName: string, skb: Skb, why: string): void {
  h.fate(skb.trace, { kind: "dropped", ns: nsName, why });
}

/** What the receiving device makes of a frame's destination address (eth_type_trans). */
export function packetType(dev: Device, dstMac: string): PacketType {
  if (dstMac === BROADCAST_MAC) return "broadcast";
  if ((parseInt(dstMac.slice(0, 2), 16) & 1) === 1) return "multicast";
  return dstMac === dev.mac || dev.kind === "loopback" ? "host" : "otherhost";
}

/** A frame arrived on a device (netif_receive_skb): ARP or IPv4; `physIn` is br_netfilter's port of a frame a bridge passed up. */
export function frameRcv(h: NetHost, nsName: string, dev: Device, frame: EthernetFrame, trace: number | undefined, physIn?: string): void {
  // br_handle_frame (rx_handler): a bridge port's own stack never sees the frame.
  if (dev.master !== undefined) return bridgeRcv(h, nsName, dev, frame, trace, { up: frameRcv, hook, routeIn: ipRcvRoute });
  const pktType = packetType(dev, frame.eth.dst);
  if (frame.body.kind === "arp") {
    arpRcv(h, nsName, dev, frame.body.arp, pktType === "host");
    return;
  }
  if (frame.body.kind !== "ipv4") return;
  const { ip, l4, payload } = frame.body.packet;
  const t = trace ?? h.beginTrace({ kind: "wire", ns: nsName, dev: dev.name }, frame.body.packet);
  // Back over lo, the packet keeps its mark and conntrack entry (loopback.ts).
  const kept = dev.kind === "loopback" ? takeFromLoopback(frame) : undefined;
  const meta = { mark: kept?.mark ?? 0, ...(kept?.ct !== undefined ? { ct: kept.ct } : {}), ...(physIn !== undefined ? { physIn } : {}) };
  ipRcv(h, nsName, dev, { pkt: { ip, l4, payload, ...meta, srcMac: frame.eth.src, dstMac: frame.eth.dst, pktType }, trace: t });
}

/** ip_rcv: PREROUTING, then ip_rcv_finish (or br_netfilter bridging a DNATed packet). */
export function ipRcv(h: NetHost, nsName: string, dev: Device, skb: Skb): void {
  h.step(skb.trace, { kind: "rx", ns: nsName, dev: dev.name });
  if (skb.pkt.pktType === "otherhost") return drop(h, nsName, skb, `frame for another host's MAC ${skb.pkt.dstMac ?? "?"}`);
  const dst = skb.pkt.ip.dst;
  if (!hook(h, nsName, "PREROUTING", skb, { in: dev.name })) return;
  // br_nf_pre_routing_finish: a DNAT to a host on the bridge the frame came in by is bridged there.
  if (skb.pkt.physIn !== undefined && skb.pkt.ip.dst !== dst && brNfBridgedDnat(h, nsName, dev, skb, hook)) return;
  ipRcvRoute(h, nsName, dev, skb);
}

/** ip_rcv_finish: the input route, then local delivery, forwarding or an error. */
function ipRcvRoute(h: NetHost, nsName: string, dev: Device, skb: Skb): void {
  const ns = nsOf(h, nsName);
  // A looped-back packet keeps the local route it was sent with (ip_rcv_finish skips the lookup).
  const r: InputRoute = dev.kind === "loopback" ? loopedBack(ns, skb.pkt.ip.dst) : routeInput(ns, dev, skb.pkt.ip.src, skb.pkt.ip.dst);
  h.step(skb.trace, routeStep(nsName, r));
  const slot = r.kind === "local" || r.kind === "broadcast" || r.kind === "forward" ? ipRcvOptions(ns, dev, skb, r.kind) : false;
  switch (r.kind) {
    case "local":
    case "broadcast":
      return ipLocalDeliver(h, nsName, dev, skb, r.kind === "broadcast");
    case "forward":
      return ipForward(h, nsName, dev, skb, r, slot);
    case "error":
      return ipError(h, nsName, ns, dev, skb, r.errno, r.why);
    case "martian":
      return drop(h, nsName, skb, r.why);
  }
}

/**
 * A packet back over lo keeps its output route: local when it was sent to one of our
 * addresses; one sent out of lo to another host (ping -I lo) meets dst_discard.
 */
function loopedBack(ns: NetNamespace, dst: number): InputRoute {
  if (isLocalAddress(ns, dst)) return { kind: "local", why: "looped back over lo" };
  return { kind: "martian", why: `looped back over lo, but ${formatIpv4(dst)} is not an address of this namespace (dst_discard)` };
}

/** ip_rcv_options: a record route gets the address the packet came to (spec_dst); true when it took a slot. */
function ipRcvOptions(ns: NetNamespace, dev: Device, skb: Skb, kind: "local" | "broadcast" | "forward"): boolean {
  if (skb.pkt.ip.options.length === 0) return false;
  const { ip, recorded } = recordOnArrival(skb.pkt.ip, specDst(ns, dev, skb.pkt.ip, kind));
  skb.pkt.ip = ip;
  return recorded;
}

/**
 * fib_compute_spec_dst: the destination of a packet for us; otherwise the preferred
 * source of the route back to the sender, or the device's address facing it.
 */
function specDst(ns: NetNamespace, dev: Device, ip: { src: number; dst: number }, kind: "local" | "broadcast" | "forward"): number {
  if (kind === "local") return ip.dst;
  try {
    const back = routeOutput(ns, ip.src, {}).src;
    if (back !== undefined) return back;
  } catch {
    // no route back: the device's own choice below
  }
  return selectSource(ns, dev, ip.src, SCOPE_UNIVERSE) ?? 0;
}

/** ip_rt_get_source for a forwarded packet: the route's preferred source, else the out device's address toward the next hop. */
function forwardSource(ns: NetNamespace, r: Extract<InputRoute, { kind: "forward" }>): number {
  return r.route.src ?? selectSource(ns, r.dev, r.nexthop, SCOPE_UNIVERSE) ?? 0;
}

function routeStep(nsName: string, r: InputRoute): TraceStep {
  const decision: RouteDecision = r.kind === "error" ? "unreachable" : r.kind === "martian" ? "drop" : r.kind;
  return {
    kind: "route" as const, ns: nsName, decision, why: r.why,
    ...(r.kind === "forward" ? { dev: r.dev.name, via: r.nexthop } : {}),
  };
}

/** ip_error: an ICMP error when the input device forwards, else silence. */
function ipError(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, skb: Skb, errno: string, why: string): void {
  drop(h, nsName, skb, why);
  if (!forwardingOn(ns, dev) || errno === "EINVAL") return;
  const code = errno === "ENETUNREACH" ? 0 : errno === "EHOSTUNREACH" ? 1 : 13;
  if (routeErrorAllows(h, ns, skb.pkt.ip.src)) icmpSend(h, nsName, skb, 3, code);
}

/** ip_forward: TTL checked and decremented before the FORWARD hook, then ip_output. */
function ipForward(h: NetHost, nsName: string, inDev: Device, skb: Skb, r: Extract<InputRoute, { kind: "forward" }>, rrSlot: boolean): void {
  if (skb.pkt.pktType !== undefined && skb.pkt.pktType !== "host") return drop(h, nsName, skb, "not forwarded: a broadcast frame");
  const ip = skb.pkt.ip;
  if (ip.ttl <= 1) {
    drop(h, nsName, skb, `TTL ${String(ip.ttl)} would expire here`);
    icmpSend(h, nsName, skb, 11, 0);
    return;
  }
  if (ip.dontFragment && ip.length > r.dev.mtu) {
    drop(h, nsName, skb, `${String(ip.length)} bytes with DF set exceed the MTU ${String(r.dev.mtu)} of ${r.dev.name}`);
    icmpSend(h, nsName, skb, 3, 4, r.dev.mtu);
    return;
  }
  const { checksum: _stale, ...header } = ip;
  skb.pkt.ip = { ...header, ttl: ip.ttl - 1 };
  h.step(skb.trace, { kind: "ttl", ns: nsName, ttl: ip.ttl - 1 });
  if (!hook(h, nsName, "FORWARD", skb, { in: inDev.name, out: r.dev.name, nextHop: r.nexthop })) return;
  // ip_forward_finish → ip_forward_options: the router records the address it sends from.
  if (rrSlot) skb.pkt.ip = rewriteLastHop(skb.pkt.ip, forwardSource(nsOf(h, nsName), r));
  ipOutput(h, nsName, r.dev, r.nexthop, skb, "unicast");
}

/** ip_output: POSTROUTING, then to the device (neighbour resolution for unicast). */
function ipOutput(h: NetHost, nsName: string, dev: Device, nexthop: number, skb: Skb, type: "unicast" | "broadcast" | "local"): void {
  if (!hook(h, nsName, "POSTROUTING", skb, { out: dev.name, nextHop: nexthop })) return;
  if (!dev.up) return drop(h, nsName, skb, `${dev.name} is down`);
  if (type === "local" || dev.kind === "loopback") return xmitTo(h, nsName, dev, dev.mac, skb);
  if (type === "broadcast") return xmitTo(h, nsName, dev, BROADCAST_MAC, skb);
  neighOutput(h, nsName, dev, nexthop, skb);
}

function outputDevice(ns: NetNamespace, route: OutputRoute): Device | undefined {
  if (route.type === "local") return ns.devices.find((d) => d.kind === "loopback");
  return route.dev === undefined ? undefined : deviceByIndex(ns, route.dev);
}

/** ip_route_me_harder after OUTPUT changed the destination or the mark. */
function reroute(h: NetHost, nsName: string, ns: NetNamespace, skb: Skb): OutputRoute | undefined {
  try {
    const again = routeOutput(ns, skb.pkt.ip.dst, {});
    h.step(skb.trace, { kind: "route", ns: nsName, decision: again.type === "local" ? "local" : "output", why: `re-routed after OUTPUT changed the packet` });
    return again;
  } catch (e) {
    drop(h, nsName, skb, `re-routing after OUTPUT failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Whether the packet as it is now still has a route out (ip_route_me_harder within OUTPUT). */
function routable(ns: NetNamespace, pkt: PacketState): boolean {
  try {
    return outputDevice(ns, routeOutput(ns, pkt.ip.dst, {})) !== undefined;
  } catch {
    return false;
  }
}

/** ip_local_out for a packet this namespace made, already routed by its sender. */
export function ipLocalOut(h: NetHost, nsName: string, skb: Skb, route: OutputRoute): void {
  const ns = nsOf(h, nsName);
  let dev = outputDevice(ns, route);
  const via = route.gateway;
  h.step(skb.trace, {
    kind: "route", ns: nsName, decision: route.type === "local" ? "local" : "output",
    why: route.type === "local" ? `${formatIpv4(skb.pkt.ip.dst)} is an address of this namespace: over lo` : `route ${routeText(route.route)}`,
    ...(dev !== undefined ? { dev: dev.name } : {}), ...(via !== undefined ? { via } : {}),
  });
  if (dev === undefined) return drop(h, nsName, skb, "no output device");
  const before = { dst: skb.pkt.ip.dst, mark: skb.pkt.mark };
  if (!hook(h, nsName, "OUTPUT", skb, { out: dev.name, nextHop: via ?? skb.pkt.ip.dst, routable: (pkt) => routable(ns, pkt) })) return;
  let r = route;
  if (skb.pkt.ip.dst !== before.dst || skb.pkt.mark !== before.mark) {
    const again = reroute(h, nsName, ns, skb);
    if (again === undefined) return;
    r = again;
    dev = outputDevice(ns, r);
    if (dev === undefined) return drop(h, nsName, skb, "no output device");
  }
  if (r.type === "local" && !dev.up) return drop(h, nsName, skb, "lo is down");
  ipOutput(h, nsName, dev, r.gateway ?? skb.pkt.ip.dst, skb, r.type === "local" ? "local" : r.type === "broadcast" ? "broadcast" : "unicast");
}

/** The device named by SO_BINDTODEVICE, when one is. */
export function boundDevice(ns: NetNamespace, name: string | undefined): Device | undefined {
  return name === undefined ? undefined : deviceByName(ns, name);
}
