// A macOS host's packets meet pf instead of netfilter, where xnu calls pf_af_hook
// (bsd/netinet/ip_input.c, ip_output.c): on the way in, before the routing decision, with
// the receiving interface; on the way out, after it, with the sending interface. So a
// forwarded packet meets pf twice, and a packet to the host itself goes out and comes back
// in on the loopback interface. pf_test (bsd/net/pf.c) is not called while pf is disabled
// (PF_IS_ENABLED) and lets through what pf made itself (PF_TAG_GENERATED).
import { pfTest, toNumber, v4, type HostInterface, type PfEffect, type PfEnv, type PfResult, type PfState, type StateRoute } from "../pf/index.ts";
import type { Hook } from "../netfilter/tables.ts";
import { IPPROTO, TCP_FLAG, type IcmpHeader, type TcpHeader } from "../wire/packet.ts";
import { emitIpv4Packet } from "../wire/ip.ts";
import { icmpIsError } from "../wire/icmp.ts";
import { formatIpv4 } from "../wire/ipv4.ts";
import { neighOutput } from "./arp.ts";
import { addrType, type Ifaces } from "./hooks.ts";
import type { NetHost } from "./host.ts";
import { buildPacket } from "./ip-build.ts";
import { ipLocalOut } from "./path.ts";
import { deviceByName } from "./namespace.ts";
import { pflogTap } from "./pflog-tap.ts";
import { isLocalAddress } from "./route.ts";
import { routeOutput, type OutputRoute } from "./route-output.ts";
import type { Skb, TraceStep } from "./skb.ts";
import type { NetNamespace } from "./types.ts";

/** getifaddrs(): each device with its IPv4 and IPv6 addresses, as pf's `(if)` and `self` see them. */
export function hostInterfaces(ns: NetNamespace): HostInterface[] {
  return ns.devices.map((d) => ({
    name: d.name,
    loopback: d.kind === "loopback",
    addrs: [
      ...d.addrs.map((a) => ({
        addr: v4(a.addr),
        bits: a.prefixLen,
        ...(a.broadcast !== undefined ? { broadcast: v4(a.broadcast) } : {}),
        ...(a.peer !== undefined && a.peer !== a.addr ? { peer: v4(a.peer) } : {}),
      })),
      ...(d.addrs6 ?? []).map((a) => ({ addr: { af: 6 as const, hex: a.addr }, bits: a.prefixLen })),
    ],
  }));
}

function routeOrUndefined(ns: NetNamespace, dst: number, saddr?: number): OutputRoute | undefined {
  try {
    return routeOutput(ns, dst, saddr !== undefined ? { saddr } : {});
  } catch {
    return undefined;
  }
}

function pfEnv(h: NetHost, ns: NetNamespace): PfEnv {
  // Only `(if)` addresses and pools read the interface list: it is made when one asks.
  let interfaces: readonly HostInterface[] | undefined;
  return {
    now: () => h.now() / 1000,
    random: () => h.random(),
    get interfaces() {
      return (interfaces ??= hostInterfaces(ns));
    },
    routable: (a) => a.af !== 4 || routeOrUndefined(ns, toNumber(a)) !== undefined,
  };
}

interface PfPoint {
  readonly dir: "in" | "out";
  readonly ifname: string;
}

/** The pf direction and interface a hook point of the packet path stands for on a Mac. */
function pfPoint(hook: Hook, ifaces: Ifaces): PfPoint | undefined {
  if (hook === "PREROUTING" && ifaces.in !== undefined) return { dir: "in", ifname: ifaces.in };
  if (hook === "POSTROUTING" && ifaces.out !== undefined) return { dir: "out", ifname: ifaces.out };
  return undefined;
}

function ruleRef(r: { anchor: string; nr: number }): string {
  return r.anchor === "" ? `@${String(r.nr)}` : `@${String(r.nr)} in anchor "${r.anchor}"`;
}

function answerText(e: PfEffect | undefined): string | undefined {
  if (e?.kind === "return-rst") return "a TCP RST (return-rst)";
  if (e?.kind === "return-icmp") return `ICMP type ${String(e.type)} code ${String(e.code)} (return-icmp)`;
  return undefined;
}

function stepOf(nsName: string, at: { dir: "in" | "out"; ifname: string }, r: PfResult, answer: PfEffect | undefined): TraceStep {
  const created = r.trace.some((s) => s.kind === "state-created");
  const text = answerText(answer);
  return {
    kind: "pf", ns: nsName, dir: at.dir, ifname: at.ifname, verdict: r.verdict === "pass" ? "pass" : "block", steps: r.trace,
    ...(r.rule !== undefined ? { rule: r.rule } : {}),
    ...(r.state !== undefined ? { state: { id: r.state, created } } : {}),
    ...(text !== undefined ? { answer: text } : {}),
  };
}

/**
 * Runs pf at a hook point of a macOS host; false when pf dropped the packet, or took it to
 * route it itself (route-to, reply-to: pf_route sends it and the caller's path ends).
 */
export function pfHook(h: NetHost, nsName: string, hook: Hook, skb: Skb, ifaces: Ifaces): boolean {
  const at = pfPoint(hook, ifaces);
  const ns = h.namespaces[nsName];
  const pf = ns?.pf;
  if (at === undefined || ns === undefined || pf === undefined || !pf.running || skb.pfGenerated === true) return true;
  const route = pfPass(h, nsName, ns, pf, at, skb);
  if (route === false) return false;
  if (route === undefined) return true;
  if (route.rt === "dup-to") {
    pfRoute(h, nsName, ns, pf, at, duplicate(h, nsName, skb, route), route);
    return true;
  }
  pfRoute(h, nsName, ns, pf, at, skb, route);
  return false;
}

/** pf_test and what it says besides the verdict: false when dropped, else the route to take (if any). */
function pfPass(h: NetHost, nsName: string, ns: NetNamespace, pf: PfState, at: PfPoint, skb: Skb): StateRoute | undefined | false {
  const r = pfTest(pf, at.dir, at.ifname, skb.pkt, pfEnv(h, ns), skb.pfTag);
  const answer = r.effects.find((e) => e.kind === "return-rst" || e.kind === "return-icmp");
  h.step(skb.trace, stepOf(nsName, at, r, answer));
  if (r.tag !== undefined) skb.pfTag = r.tag;
  for (const e of r.effects) if (e.kind === "pflog") pflogTap(pf, e.record);
  if (r.verdict === "pass") {
    // nat/rdr/binat and translating states rewrite the packet in place (pf_change_ap).
    skb.pkt.ip = r.packet.ip;
    skb.pkt.l4 = r.packet.l4;
    return r.effects.find((e) => e.kind === "route")?.route;
  }
  dropped(h, nsName, ns, skb, at, r, answer);
  return false;
}

/**
 * pf_route (xnu pf.c): the packet leaves by the rule's interface to its next hop (the
 * destination itself when the rule named only an interface), skipping the routing table
 * and ip_forward (no TTL decrement); on an interface other than the one pf saw it on, pf
 * first tests it going out there (pf_test(PF_OUT, ifp)).
 */
function pfRoute(h: NetHost, nsName: string, ns: NetNamespace, pf: PfState, at: PfPoint, skb: Skb, route: StateRoute): void {
  const dev = deviceByName(ns, route.ifname);
  const via = route.addr !== undefined ? toNumber(route.addr) : skb.pkt.ip.dst;
  const spec = `${route.rt} (${route.ifname}${route.addr !== undefined ? ` ${formatIpv4(via)}` : ""})`;
  if (dev === undefined) return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `pf ${spec}: no interface ${route.ifname}` });
  h.step(skb.trace, { kind: "route", ns: nsName, decision: "output", dev: dev.name, via, why: `pf ${spec}, not the routing table` });
  if (dev.name !== at.ifname && pfPass(h, nsName, ns, pf, { dir: "out", ifname: dev.name }, skb) === false) return;
  if (!dev.up) return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `${dev.name} is down` });
  neighOutput(h, nsName, dev, via, skb);
}

/** dup-to's copy (m_copym): a packet of its own, traced as caused by the original. */
function duplicate(h: NetHost, nsName: string, skb: Skb, route: StateRoute): Skb {
  const pkt = { ...skb.pkt, ip: { ...skb.pkt.ip } };
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: `pf ${route.rt}` }, pkt, skb.trace);
  return { pkt, trace, ...(skb.pfTag !== undefined ? { pfTag: skb.pfTag } : {}) };
}

/** The drop of a blocked packet, and `block return`'s answer. */
function dropped(h: NetHost, nsName: string, ns: NetNamespace, skb: Skb, at: PfPoint, r: PfResult, answer: PfEffect | undefined): void {
  const by = r.rule !== undefined ? ` at rule ${ruleRef(r.rule)}: ${r.rule.text}` : "";
  h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `dropped by pf ${at.dir} on ${at.ifname}${by}` });
  if (answer?.kind === "return-rst") sendRst(h, nsName, ns, skb, answer);
  if (answer?.kind === "return-icmp") sendIcmp(h, nsName, ns, skb, answer);
}

/** pf_send_tcp for `return-rst`: RST|ACK from the blocked packet's destination, DF set (path_mtu_discovery). */
function sendRst(h: NetHost, nsName: string, ns: NetNamespace, skb: Skb, e: Extract<PfEffect, { kind: "return-rst" }>): void {
  const { ip, l4 } = skb.pkt;
  if (l4.kind !== "tcp") return;
  const route = routeOrUndefined(ns, ip.src, ip.dst) ?? routeOrUndefined(ns, ip.src);
  if (route === undefined) return;
  const rst: TcpHeader = { kind: "tcp", sport: l4.dport, dport: l4.sport, seq: e.seq, ack: e.ack, flags: TCP_FLAG.RST | TCP_FLAG.ACK, window: 0, options: [] };
  const packet = buildPacket(h, ns, { src: ip.dst, dst: ip.src, proto: IPPROTO.TCP, df: true, ...(e.ttl > 0 ? { ttl: e.ttl } : {}) }, rst, []);
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: "pf return-rst" }, packet, skb.trace);
  ipLocalOut(h, nsName, { pkt: { ...packet, mark: 0 }, trace, pfGenerated: true }, route);
}

/** icmp_error's quote (bsd/netinet/ip_icmp.c): the IP header and 8 bytes, or the whole TCP header. */
function quoteOf(skb: Skb): number[] {
  const bytes = Array.from(emitIpv4Packet(skb.pkt));
  const ihl = ((bytes[0] ?? 0x45) & 15) * 4;
  const tcpLen = skb.pkt.l4.kind === "tcp" ? ((bytes[ihl + 12] ?? 0x50) >> 4) * 4 : 0;
  return bytes.slice(0, ihl + Math.max(tcpLen, Math.min(8, bytes.length - ihl)));
}

/** icmp_error's refusals: no error about an ICMP error, a later fragment, or a broadcast/multicast packet. */
function icmpRefused(ns: NetNamespace, skb: Skb): boolean {
  const { ip, l4 } = skb.pkt;
  if (ip.fragOffset !== 0) return true;
  if (l4.kind === "icmp" && icmpIsError(l4.type)) return true;
  const kind = addrType(ns, ip.dst);
  return kind === "BROADCAST" || kind === "MULTICAST";
}

/** pf_send_icmp → icmp_error for `return-icmp`: from the address the packet was sent to when it is ours. */
function sendIcmp(h: NetHost, nsName: string, ns: NetNamespace, skb: Skb, e: Extract<PfEffect, { kind: "return-icmp" }>): void {
  if (icmpRefused(ns, skb)) return;
  const { ip } = skb.pkt;
  const saddr = isLocalAddress(ns, ip.dst) ? ip.dst : undefined;
  const route = routeOrUndefined(ns, ip.src, saddr);
  if (route === undefined) return;
  const icmp: IcmpHeader = { kind: "icmp", type: e.type, code: e.code, id: 0, seq: 0, rest: 0 };
  const packet = buildPacket(h, ns, { src: saddr ?? route.src ?? 0, dst: ip.src, proto: IPPROTO.ICMP, tos: 0, df: false }, icmp, quoteOf(skb));
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: "pf return-icmp" }, packet, skb.trace);
  ipLocalOut(h, nsName, { pkt: { ...packet, mark: 0 }, trace, pfGenerated: true }, route);
}
