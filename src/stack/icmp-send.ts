// __icmp_send (net/ipv4/icmp.c): the ICMP error the kernel sends about a packet it could
// not deliver or forward, with its refusals (never about a broadcast, a non-first fragment
// or another ICMP error), its source address, the 576-byte limit on the quote, and the
// per-destination rate limit (icmpv4_xrlim_allow, inet_peer_xrlim_allow).
import { emitIpv4Packet } from "../wire/ip.ts";
import { icmpIsError, ICMP_TYPE } from "../wire/icmp.ts";
import { IPPROTO, type IcmpHeader } from "../wire/packet.ts";
import { buildPacket } from "./ip-build.ts";
import { echoOptions } from "./ip-options.ts";
import type { NetHost } from "./host.ts";
import { addrType, conntrackNeeded, engineEnv } from "./hooks.ts";
import { ipLocalOut } from "./path.ts";
import { isLocalAddress } from "./route.ts";
import { routeOutput, type OutputRoute } from "./route-output.ts";
import type { Skb } from "./skb.ts";
import { stackOf } from "./state.ts";
import { sysctlGet } from "./sysctl.ts";
import type { NetNamespace } from "./types.ts";

/** 576 bytes minus the IP and ICMP headers: how much of the offending packet is quoted. */
const QUOTE_MAX = 576 - 20 - 8;
/** XRLIM_BURST_FACTOR: a peer may receive six errors in a row before the rate applies. */
const BURST = 6;

/**
 * icmp_xmit_lock: the ICMP socket is held while the packet it sends (an echo reply, an
 * error) goes through OUTPUT and POSTROUTING, so an error that a rule there asks for about
 * that very packet (REJECT) finds the lock taken and is not sent (spin_trylock fails).
 */
const icmpSocketBusy = new Set<string>();

/** Sends a packet of the namespace's ICMP socket, holding the socket meanwhile. */
export function sendOnIcmpSocket(nsName: string, send: () => void): void {
  icmpSocketBusy.add(nsName);
  try {
    send();
  } finally {
    icmpSocketBusy.delete(nsName);
  }
}

/** The kernel's refusals to answer a packet with an error. */
function refusal(ns: NetNamespace, skb: Skb, type: number): string | undefined {
  const { ip, l4 } = skb.pkt;
  if (skb.pkt.pktType !== undefined && skb.pkt.pktType !== "host") return "not sent for a broadcast or multicast frame";
  const kind = addrType(ns, ip.dst);
  if (kind === "BROADCAST" || kind === "MULTICAST") return "not sent for a broadcast or multicast destination";
  if (ip.fragOffset !== 0) return "not sent for a non-first fragment";
  if (icmpIsError(type) && l4.kind === "icmp" && (l4.type > 18 || icmpIsError(l4.type))) return "never sent about an ICMP error";
  return undefined;
}

/** icmpv4_xrlim_allow: not for loopback or types outside icmp_ratemask, else a token bucket per destination. */
function rateAllows(h: NetHost, ns: NetNamespace, route: OutputRoute, type: number, code: number, dst: number): boolean {
  if (type === ICMP_TYPE.DEST_UNREACH && code === 4) return true;
  if (route.type === "local") return true;
  const mask = Number(sysctlGet(ns, "net.ipv4.icmp_ratemask") ?? 0x1818);
  if (((1 << type) & mask) === 0) return true;
  const cost = Number(sysctlGet(ns, "net.ipv4.icmp_ratelimit") ?? 1000) * 1000;
  const now = h.now();
  const peers = stackOf(ns).icmpPeers;
  const peer = (peers[String(dst)] ??= { tokens: 0, last: now - 60_000_000 });
  let tokens = Math.min(peer.tokens + now - peer.last, BURST * cost);
  peer.last = now;
  const ok = tokens >= cost;
  if (ok) tokens -= cost;
  peer.tokens = tokens;
  return ok;
}

/**
 * ip_error's own limit (net/ipv4/route.c: ip_rt_error_cost 1 s, ip_rt_error_burst 5 s) on
 * the same inet_peer as icmpv4_xrlim_allow: both take tokens from one bucket, so a sender
 * that gets several route errors in a row soon gets none.
 */
export function routeErrorAllows(h: NetHost, ns: NetNamespace, src: number): boolean {
  const cost = 1_000_000;
  const now = h.now();
  const peer = (stackOf(ns).icmpPeers[String(src)] ??= { tokens: 0, last: now - 60_000_000 });
  peer.tokens = Math.min(peer.tokens + now - peer.last, 5 * cost);
  peer.last = now;
  if (peer.tokens < cost) return false;
  peer.tokens -= cost;
  return true;
}

/** Sends ICMP `type`/`code` about `skb` from namespace `nsName`; says why not when it does not. */
export function icmpSend(h: NetHost, nsName: string, skb: Skb, type: number, code: number, info = 0): string | undefined {
  const ns = h.namespaces[nsName];
  if (ns === undefined) return "no namespace";
  const why = refusal(ns, skb, type);
  if (why !== undefined) return why;
  if (icmpSocketBusy.has(nsName)) return "the ICMP socket is busy sending the packet this is about (icmp_xmit_lock)";
  const { ip } = skb.pkt;
  // The source is the offending packet's destination when that is ours, else the route's choice.
  const saddr = isLocalAddress(ns, ip.dst) ? ip.dst : undefined;
  let route: OutputRoute;
  try {
    route = routeOutput(ns, ip.src, saddr !== undefined ? { saddr } : {});
  } catch {
    return "no route back to the sender";
  }
  if (!rateAllows(h, ns, route, type, code, ip.src)) return "rate-limited (icmp_ratelimit)";
  // ip_options_echo: the error carries the offending packet's record route back, with our hop;
  // the quote gives up as many bytes as the options take.
  const options = echoOptions(ip.options);
  const quote = Array.from(emitIpv4Packet(skb.pkt)).slice(0, QUOTE_MAX - options.length);
  const icmp: IcmpHeader = { kind: "icmp", type, code, id: 0, seq: 0, rest: info };
  const src = route.src ?? saddr ?? 0;
  const errorTos = icmpIsError(type) ? ((ip.tos & 0x1e) | 0xc0) : ip.tos;
  const packet = buildPacket(h, ns, { src, dst: ip.src, proto: IPPROTO.ICMP, tos: errorTos, df: false, ...(options.length > 0 ? { options } : {}) }, icmp, quote);
  const pkt = { ...packet, mark: 0 };
  // icmp_glue_bits: nf_ct_attach, the error travels with the offending packet's entry.
  if (conntrackNeeded(ns)) h.conntrack(nsName).attach(skb.pkt, pkt, engineEnv(h, ns));
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: "icmp_send" }, packet, skb.trace);
  sendOnIcmpSocket(nsName, () => ipLocalOut(h, nsName, { pkt, trace }, route));
  return undefined;
}
