// Neighbour resolution for IPv4 over Ethernet: the NUD state machine of
// net/core/neighbour.c (__neigh_event_send, neigh_timer_handler, __neigh_update,
// neigh_invalidate) and ARP itself (net/ipv4/arp.c: arp_solicit, arp_process), on the
// virtual clock. REACHABLE turning STALE is left to neighTick (neighbour.ts).
import { ARP_OP, ARPHRD_ETHER, type ArpPacket } from "../wire/arp.ts";
import { ETHERTYPE } from "../wire/ethernet.ts";
import type { EthernetFrame } from "../wire/frame.ts";
import { formatIpv4, type Ipv4 } from "../wire/ipv4.ts";
import { BROADCAST_MAC, ZERO_MAC } from "../wire/mac.ts";
import { selectSource } from "./address.ts";
import type { NetHost } from "./host.ts";
import { addrType } from "./hooks.ts";
import { icmpSend } from "./icmp-send.ts";
import { deviceByIndex } from "./namespace.ts";
import { keepOnLoopback } from "./loopback.ts";
import { findNeighbour, neighTick, neighValid } from "./neighbour.ts";
import { routeInput } from "./route-input.ts";
import type { Skb } from "./skb.ts";
import { stackOf } from "./state.ts";
import { sysctlGet } from "./sysctl.ts";
import { SCOPE_LINK, type Device, type Neighbour, type NetNamespace } from "./types.ts";

/** unres_qlen_bytes (SK_WMEM_MAX) over an skb's truesize for a small packet. */
const QUEUE_BYTES = 212992;
const truesize = (skb: Skb): number => skb.pkt.ip.length + 704;

function param(ns: NetNamespace, dev: Device, key: string, def: number): number {
  return Number(sysctlGet(ns, `net.ipv4.neigh.${dev.name}.${key}`) ?? def);
}

const retransUs = (ns: NetNamespace, dev: Device): number => param(ns, dev, "retrans_time_ms", 1000) * 1000;
const delayUs = (ns: NetNamespace, dev: Device): number => param(ns, dev, "delay_first_probe_time", 5) * 1_000_000;

/** neigh_max_probes: INCOMPLETE tries unicast + app + multicast solicitations, PROBE unicast + app + reprobes. */
function maxProbes(ns: NetNamespace, dev: Device, n: Neighbour): number {
  const ucast = param(ns, dev, "ucast_solicit", 3) + param(ns, dev, "app_solicit", 0);
  return ucast + (n.state === "PROBE" ? param(ns, dev, "mcast_resolicit", 0) : param(ns, dev, "mcast_solicit", 3));
}

const key = (ifindex: number, addr: Ipv4): string => `${String(ifindex)}/${String(addr)}`;

function arm(h: NetHost, nsName: string, ns: NetNamespace, n: Neighbour, delay: number): void {
  const at = h.now() + delay;
  stackOf(ns).neighTimers[key(n.ifindex, n.addr)] = at;
  h.schedule(at, { kind: "neigh", ns: nsName, ifindex: n.ifindex, addr: n.addr });
}

function setState(h: NetHost, n: Neighbour, state: Neighbour["state"]): void {
  n.state = state;
  n.updated = h.now() / 1000;
}

/** The frame for an IP packet to a resolved neighbour. */
function ipFrame(dev: Device, lladdr: string, skb: Skb): EthernetFrame {
  const { ip, l4, payload } = skb.pkt;
  return { eth: { dst: lladdr, src: dev.mac, ethertype: ETHERTYPE.IPV4 }, body: { kind: "ipv4", packet: { ip, l4, payload } }, trailer: [] };
}

export function xmitTo(h: NetHost, nsName: string, dev: Device, lladdr: string, skb: Skb): void {
  const frame = ipFrame(dev, lladdr, skb);
  if (dev.kind === "loopback") keepOnLoopback(frame, skb.pkt);
  h.transmit(nsName, dev, frame, skb.trace);
}

function arpFrame(dev: Device, op: number, ethDst: string, senderIp: Ipv4, targetMac: string, targetIp: Ipv4): EthernetFrame {
  const arp: ArpPacket = { hardware: ARPHRD_ETHER, protocol: ETHERTYPE.IPV4, op, senderMac: dev.mac, senderIp, targetMac, targetIp };
  return { eth: { dst: ethDst, src: dev.mac, ethertype: ETHERTYPE.ARP }, body: { kind: "arp", arp }, trailer: [] };
}

/**
 * arp_solicit: the source is the waiting packet's own (when it is one of ours, arp_announce
 * 0), else inet_select_addr; unicast to the old address while unicast probes remain.
 */
function solicit(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, n: Neighbour): void {
  const waiting = stackOf(ns).arpQueue.filter((q) => q.ifindex === n.ifindex && q.addr === n.addr).at(-1);
  const own = waiting !== undefined && addrType(ns, waiting.skb.pkt.ip.src) === "LOCAL" ? waiting.skb.pkt.ip.src : undefined;
  const saddr = own ?? selectSource(ns, dev, n.addr, SCOPE_LINK) ?? 0;
  const probes = n.probes ?? 0;
  const unicast = probes < param(ns, dev, "ucast_solicit", 3) && n.lladdr !== undefined;
  h.transmit(nsName, dev, arpFrame(dev, ARP_OP.REQUEST, unicast ? (n.lladdr ?? BROADCAST_MAC) : BROADCAST_MAC, saddr, ZERO_MAC, n.addr));
  n.probes = probes + 1;
}

function enqueue(ns: NetNamespace, n: Neighbour, skb: Skb): void {
  const q = stackOf(ns);
  q.arpQueue.push({ ifindex: n.ifindex, addr: n.addr, skb });
  const mine = () => q.arpQueue.filter((e) => e.ifindex === n.ifindex && e.addr === n.addr);
  // Over the byte limit the oldest waiting packets are dropped.
  while (mine().reduce((s, e) => s + truesize(e.skb), 0) > QUEUE_BYTES) {
    const oldest = mine()[0];
    q.arpQueue = q.arpQueue.filter((e) => e !== oldest);
  }
}

function takeQueue(ns: NetNamespace, n: Neighbour): Skb[] {
  const q = stackOf(ns);
  const mine = q.arpQueue.filter((e) => e.ifindex === n.ifindex && e.addr === n.addr);
  q.arpQueue = q.arpQueue.filter((e) => !mine.includes(e));
  return mine.map((e) => e.skb);
}

/** The link-layer address an external neighbour is assumed to have when none is known. */
const ASSUMED_MAC = "02:00:00:00:00:01";

/**
 * Out of an external device (an imported host's NIC): the neighbours of a real host answer,
 * so resolution is assumed to succeed, and the packet's journey ends on that wire.
 */
function externalOutput(h: NetHost, nsName: string, dev: Device, nexthop: Ipv4, skb: Skb, step: (state: string, what: string) => void): void {
  const ns = h.namespaces[nsName];
  const known = ns === undefined ? undefined : findNeighbour(ns, dev.ifindex, nexthop);
  const lladdr = known?.lladdr ?? ASSUMED_MAC;
  step(known?.lladdr !== undefined ? known.state : "REACHABLE", known?.lladdr !== undefined ? `${formatIpv4(nexthop)} is at ${lladdr}` : `${formatIpv4(nexthop)} assumed to answer (a real host's neighbour)`);
  xmitTo(h, nsName, dev, lladdr, skb);
  if (h.traceOf(skb.trace)?.fate.kind === "in-flight") h.fate(skb.trace, { kind: "sent", ns: nsName, dev: dev.name, nexthop });
}

/** __neigh_event_send, then the output: send now, or hold the packet while ARP asks. */
export function neighOutput(h: NetHost, nsName: string, dev: Device, nexthop: Ipv4, skb: Skb): void {
  const ns = h.namespaces[nsName];
  if (ns === undefined) return;
  neighTick(ns, h.now() / 1000);
  const step = (state: string, what: string) => h.step(skb.trace, { kind: "neigh", ns: nsName, dev: dev.name, addr: nexthop, state, what });
  if (dev.kind === "external") return externalOutput(h, nsName, dev, nexthop, skb, step);
  if (dev.noarp) {
    step("NOARP", "no ARP on this device");
    xmitTo(h, nsName, dev, BROADCAST_MAC, skb);
    return;
  }
  let n = findNeighbour(ns, dev.ifindex, nexthop);
  if (n !== undefined && n.lladdr !== undefined && ["PERMANENT", "NOARP", "REACHABLE", "DELAY", "PROBE"].includes(n.state)) {
    step(n.state, `${formatIpv4(nexthop)} is at ${n.lladdr}`);
    xmitTo(h, nsName, dev, n.lladdr, skb);
    return;
  }
  if (n !== undefined && n.state === "STALE" && n.lladdr !== undefined) {
    setState(h, n, "DELAY");
    arm(h, nsName, ns, n, delayUs(ns, dev));
    step("STALE", `${formatIpv4(nexthop)} was at ${n.lladdr}: sent there, the entry goes DELAY`);
    xmitTo(h, nsName, dev, n.lladdr, skb);
    return;
  }
  if (n === undefined) {
    n = { addr: nexthop, ifindex: dev.ifindex, state: "NONE", updated: h.now() / 1000 };
    ns.neighbours.push(n);
  }
  if (n.state !== "INCOMPLETE") {
    n.probes = param(ns, dev, "ucast_solicit", 3);
    delete n.lladdr;
    setState(h, n, "INCOMPLETE");
    arm(h, nsName, ns, n, retransUs(ns, dev));
    enqueue(ns, n, skb);
    solicit(h, nsName, ns, dev, n);
    step("INCOMPLETE", `who-has ${formatIpv4(nexthop)}: ARP request sent, packet waits`);
    return;
  }
  enqueue(ns, n, skb);
  step("INCOMPLETE", `still resolving ${formatIpv4(nexthop)}: packet waits`);
}

/** neigh_invalidate: every waiting packet is answered with ICMP host unreachable (arp_error_report). */
function invalidate(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, n: Neighbour): void {
  for (const skb of takeQueue(ns, n)) {
    h.step(skb.trace, { kind: "neigh", ns: nsName, dev: dev.name, addr: n.addr, state: "FAILED", what: `no ARP reply from ${formatIpv4(n.addr)}` });
    h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `neighbour ${formatIpv4(n.addr)} on ${dev.name} FAILED: no ARP reply` });
    icmpSend(h, nsName, skb, 3, 1);
  }
}

/** neigh_timer_handler for DELAY, PROBE and INCOMPLETE entries. */
export function neighTimer(h: NetHost, nsName: string, ifindex: number, addr: Ipv4): void {
  const ns = h.namespaces[nsName];
  if (ns === undefined) return;
  const timers = stackOf(ns).neighTimers;
  const k = key(ifindex, addr);
  if (timers[k] !== h.now()) return;
  delete timers[k];
  const n = findNeighbour(ns, ifindex, addr);
  const dev = deviceByIndex(ns, ifindex);
  if (n === undefined || dev === undefined) return;
  if (n.state === "DELAY") {
    setState(h, n, "PROBE");
    n.probes = 0;
  } else if (n.state !== "INCOMPLETE" && n.state !== "PROBE") {
    return;
  }
  if ((n.probes ?? 0) >= maxProbes(ns, dev, n)) {
    setState(h, n, "FAILED");
    invalidate(h, nsName, ns, dev, n);
    return;
  }
  arm(h, nsName, ns, n, retransUs(ns, dev));
  solicit(h, nsName, ns, dev, n);
}

/**
 * __neigh_update with a link-layer address: a valid entry with the same address stays as
 * it is when told STALE; REACHABLE confirms; an entry that becomes valid sends what waited.
 */
function neighUpdate(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, n: Neighbour, lladdr: string, state: "REACHABLE" | "STALE"): void {
  const wasValid = neighValid(n.state);
  if (wasValid && n.lladdr === lladdr && state === "STALE") return;
  if (n.state === "PERMANENT" || n.state === "NOARP") return;
  n.lladdr = lladdr;
  setState(h, n, state);
  n.probes = 0;
  delete stackOf(ns).neighTimers[key(n.ifindex, n.addr)];
  if (wasValid) return;
  for (const skb of takeQueue(ns, n)) {
    h.step(skb.trace, { kind: "neigh", ns: nsName, dev: dev.name, addr: n.addr, state, what: `ARP reply: ${formatIpv4(n.addr)} is at ${lladdr}` });
    xmitTo(h, nsName, dev, lladdr, skb);
  }
}

/** neigh_event_ns: the sender of a request for us is learnt (created STALE when new). */
function learnSender(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, arp: ArpPacket): void {
  let n = findNeighbour(ns, dev.ifindex, arp.senderIp);
  if (n === undefined) {
    n = { addr: arp.senderIp, ifindex: dev.ifindex, state: "NONE", updated: h.now() / 1000 };
    ns.neighbours.push(n);
  }
  neighUpdate(h, nsName, ns, dev, n, arp.senderMac, "STALE");
}

/** arp_process: answer requests for our addresses; update entries we already have. */
export function arpRcv(h: NetHost, nsName: string, dev: Device, arp: ArpPacket, toUs: boolean): void {
  const ns = h.namespaces[nsName];
  if (ns === undefined || dev.noarp || arp.hardware !== ARPHRD_ETHER || arp.protocol !== ETHERTYPE.IPV4) return;
  if (arp.op !== ARP_OP.REQUEST && arp.op !== ARP_OP.REPLY) return;
  if (arp.senderIp >>> 28 === 0xe) return;
  // ip_route_input_noref(tip, sip, dev) must say local: rp_filter and martian checks apply to the sender.
  const forUs = arp.op === ARP_OP.REQUEST && addrType(ns, arp.targetIp) === "LOCAL" &&
    (arp.senderIp === 0 || routeInput(ns, dev, arp.senderIp, arp.targetIp).kind === "local");
  if (forUs) {
    if (arp.senderIp !== 0) learnSender(h, nsName, ns, dev, arp);
    h.transmit(nsName, dev, arpFrame(dev, ARP_OP.REPLY, arp.senderMac, arp.targetIp, arp.senderMac, arp.senderIp));
    return;
  }
  const n = findNeighbour(ns, dev.ifindex, arp.senderIp);
  if (n === undefined) return;
  neighUpdate(h, nsName, ns, dev, n, arp.senderMac, arp.op === ARP_OP.REPLY && toUs ? "REACHABLE" : "STALE");
}
