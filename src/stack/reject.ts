// What a REJECT rule makes the stack send (net/ipv4/netfilter/nf_reject_ipv4.c):
// nf_send_reset builds a TCP RST back to the sender (id 0, DF, TTL from the route,
// window 0); nf_send_unreach hands the packet to icmp_send with the chosen code.
import { IPPROTO, TCP_FLAG, type TcpHeader } from "../wire/packet.ts";
import { conntrackNeeded, engineEnv } from "./hooks.ts";
import { buildPacket } from "./ip-build.ts";
import type { NetHost } from "./host.ts";
import { icmpSend } from "./icmp-send.ts";
import { ipLocalOut } from "./path.ts";
import { isLocalAddress } from "./route.ts";
import { routeOutput } from "./route-output.ts";
import type { Skb } from "./skb.ts";

/** The ICMP destination-unreachable code of each --reject-with type (ipt_REJECT.c). */
const UNREACH_CODE: Readonly<Record<string, number>> = {
  "icmp-net-unreachable": 0,
  "icmp-host-unreachable": 1,
  "icmp-proto-unreachable": 2,
  "icmp-port-unreachable": 3,
  "icmp-net-prohibited": 9,
  "icmp-host-prohibited": 10,
  "icmp-admin-prohibited": 13,
};

/** tcp_v4_send_reset's rule for the RST's numbers: answer an ACK with its ack, else ACK what arrived. */
export function resetFor(th: TcpHeader, payloadLength: number): TcpHeader {
  const hasAck = (th.flags & TCP_FLAG.ACK) !== 0;
  const ack = (th.seq + ((th.flags & TCP_FLAG.SYN) !== 0 ? 1 : 0) + ((th.flags & TCP_FLAG.FIN) !== 0 ? 1 : 0) + payloadLength) >>> 0;
  return {
    kind: "tcp",
    sport: th.dport,
    dport: th.sport,
    seq: hasAck ? th.ack : 0,
    ack: hasAck ? 0 : ack,
    flags: hasAck ? TCP_FLAG.RST : TCP_FLAG.RST | TCP_FLAG.ACK,
    window: 0,
    options: [],
  };
}

/** nf_send_reset: no reset for a fragment or for a RST. */
function sendReset(h: NetHost, nsName: string, skb: Skb): string | undefined {
  const ns = h.namespaces[nsName];
  const { ip, l4, payload } = skb.pkt;
  if (ns === undefined || l4.kind !== "tcp" || ip.fragOffset !== 0) return "not a whole TCP segment";
  if ((l4.flags & TCP_FLAG.RST) !== 0) return "never sent for a RST";
  let route;
  try {
    // ip_route_me_harder: a source that is not ours (a forwarded packet's destination) is
    // kept as it is (FLOWI_FLAG_ANYSRC), the route found by the destination alone.
    route = routeOutput(ns, ip.src, isLocalAddress(ns, ip.dst) ? { saddr: ip.dst } : {});
  } catch {
    return "no route back to the sender";
  }
  const packet = buildPacket(h, ns, { src: ip.dst, dst: ip.src, proto: IPPROTO.TCP, df: true, id: 0 }, resetFor(l4, payload.length), []);
  const reply = { ...packet, mark: 0 };
  // nf_ct_attach: the RST belongs to the rejected packet's connection (RELATED, reply direction).
  if (conntrackNeeded(ns)) h.conntrack(nsName).rejected(skb.pkt, reply, engineEnv(h, ns));
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: "REJECT --reject-with tcp-reset" }, packet, skb.trace);
  ipLocalOut(h, nsName, { pkt: reply, trace }, route);
  return undefined;
}

/**
 * The answer of `-j REJECT --reject-with WITH`. Rejected in OUTPUT, a packet is answered
 * to this namespace itself, and that answer meets the OUTPUT chain in its turn.
 */
export function sendReject(h: NetHost, nsName: string, skb: Skb, withType: string): string | undefined {
  if (withType === "tcp-reset") return sendReset(h, nsName, skb);
  const code = UNREACH_CODE[withType];
  if (code === undefined) return `unknown reject type ${withType}`;
  return icmpSend(h, nsName, skb, 3, code);
}
