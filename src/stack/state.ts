// The run-time state of a namespace's IPv4 stack that is not configuration: open sockets,
// packets waiting for a neighbour, IP id counters and ICMP rate-limit buckets. Plain JSON,
// kept with the namespace (and gone with it).
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Skb } from "./skb.ts";
import type { NetNamespace } from "./types.ts";

export type TcpState =
  | "LISTEN" | "SYN_SENT" | "SYN_RECV" | "ESTABLISHED" | "FIN_WAIT1" | "FIN_WAIT2"
  | "CLOSE_WAIT" | "CLOSING" | "LAST_ACK" | "TIME_WAIT" | "CLOSED";

export interface Endpoint {
  /** 0: any address (INADDR_ANY). */
  readonly addr: Ipv4;
  readonly port: number;
}

interface SocketBase {
  readonly id: number;
  /** The process (tool run) the socket belongs to; its events go there. */
  readonly owner: number;
  /** SO_BINDTODEVICE. */
  readonly dev?: string;
}

/** A raw ICMP socket as ping opens it: it sees every ICMP packet delivered here. */
export interface RawSocket extends SocketBase {
  readonly kind: "raw";
}

export interface UdpSocket extends SocketBase {
  readonly kind: "udp";
  local: Endpoint;
  /** connect(2)ed: only datagrams from there, and ICMP errors are reported. */
  remote?: Endpoint;
}

export interface TcpSocket extends SocketBase {
  readonly kind: "tcp";
  state: TcpState;
  local: Endpoint;
  remote?: Endpoint;
  /** Initial send sequence, next to send, oldest unacknowledged; next expected from the peer. */
  iss: number;
  sndNxt: number;
  sndUna: number;
  rcvNxt: number;
  /** The listener a passive connection came from, until accepted. */
  parent?: number;
  /** SYN retransmissions so far (tcp_syn_retries). */
  retries: number;
  /** The TCP timestamp clock offset of the connection (tcp_v4_init_ts_off). */
  tsOffset: number;
  /** Peer's timestamp value to echo. */
  tsRecent: number;
  /** We sent our FIN. */
  finSent: boolean;
  /** When the delayed-ACK timer fires (µs), while an ACK is owed and not yet sent (ICSK_ACK_TIMER). */
  delackAt?: number;
  /** icsk_ack.ato (µs): unset until the first data arrives (tcp_event_data_recv). */
  ato?: number;
}

export type Socket = RawSocket | UdpSocket | TcpSocket;

export interface QueuedSkb {
  readonly ifindex: number;
  readonly addr: Ipv4;
  readonly skb: Skb;
}

export interface NsStack {
  sockets: Socket[];
  lastSocket: number;
  /** ip_idents: the next IP id per (source, destination, protocol). */
  ipIds: Record<string, number>;
  /** inet_peer rate-limit state of ICMP errors, per destination (icmpv4_xrlim_allow). */
  icmpPeers: Record<string, { tokens: number; last: number }>;
  /** Packets held while their next hop is INCOMPLETE (neigh->arp_queue). */
  arpQueue: QueuedSkb[];
  /** When each neighbour's timer is due (µs), by "ifindex/addr": a timer firing at another time is stale. */
  neighTimers: Record<string, number>;
}

export function stackOf(ns: NetNamespace): NsStack {
  return (ns.stack ??= { sockets: [], lastSocket: 0, ipIds: {}, icmpPeers: {}, arpQueue: [], neighTimers: {} });
}
