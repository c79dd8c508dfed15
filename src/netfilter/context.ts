// What a match or target sees of a packet while the evaluator walks a chain.
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Ipv4Header, Transport } from "../wire/packet.ts";
import type { Hook, TableName } from "./tables.ts";
import type { IpsetStore } from "./ipset/types.ts";

/** Address types of xt_addrtype (RTN_* of include/uapi/linux/rtnetlink.h) as bits. */
export const ADDR_TYPES = [
  "UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
  "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
] as const;
export type AddrType = (typeof ADDR_TYPES)[number];

export type PacketType = "unicast" | "broadcast" | "multicast" | "host" | "otherhost";

/** The conntrack entry a packet belongs to, as matches read it (filled by the conntrack layer). */
export interface ConntrackView {
  /** NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED. */
  readonly state: "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "UNTRACKED";
  /** "original" or "reply": the direction of this packet in its connection. */
  readonly dir: "ORIGINAL" | "REPLY";
  /** IPS_* bits set, by name without the prefix: "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED", ... (--ctstatus reads these). */
  readonly status: readonly string[];
  mark: number;
  readonly orig?: { src: Ipv4; dst: Ipv4; proto: number; sport?: number; dport?: number };
  readonly reply?: { src: Ipv4; dst: Ipv4; proto: number; sport?: number; dport?: number };
  /** Seconds left before the entry expires. */
  readonly expires: number;
  /** nf_conn_acct: packets and bytes counted in each direction (-m connbytes reads them). */
  readonly acct?: { readonly orig: ConntrackCounter; readonly reply: ConntrackCounter };
  /** nf_conn_labels: the numbers of the label bits set (-m connlabel tests them, --set adds one). */
  labels?: number[];
  /** For an expected (RELATED) connection, what it keeps of its master (ct->master). */
  readonly master?: ConntrackMaster;
}

export interface ConntrackMaster {
  /** The master's original source address (xt_cluster hashes it). */
  readonly origSrc: Ipv4;
  /** The name of the helper attached to the master (nfct_help), which -m helper compares. */
  readonly helper?: string;
}

export interface ConntrackCounter {
  readonly packets: number;
  readonly bytes: number;
}

/** The environment the engine runs in: time and randomness are injected (STYLE 8). */
export interface EngineEnv {
  /** Virtual time in milliseconds. */
  now(): number;
  /** A seeded uniform source in [0, 1). */
  random(): number;
  /** Address type of an address as this host's routing sees it; `dev` limits to one device. */
  addrType(addr: Ipv4, dev?: string): AddrType;
  /**
   * MTU of the route toward `addr` (dst_mtu), for TCPMSS --clamp-mss-to-pmtu; absent when the
   * caller has no routing, and the clamp then leaves the packet alone and says so.
   */
  routeMtu?(addr: Ipv4): number | undefined;
  /** The namespace's ipsets (`-m set`, `-j SET`), live so that counters and adds persist; absent: none. */
  ipsets?(): IpsetStore | undefined;
}

/** A packet being evaluated: the headers plus the metadata the kernel keeps in its skb. */
export interface PacketState {
  ip: Ipv4Header;
  l4: Transport;
  payload: readonly number[];
  mark: number;
  /** Source MAC of the frame it arrived in, when it arrived on an Ethernet device. */
  srcMac?: string;
  /** Destination MAC of that frame (LOG prints both in its MAC= field). */
  dstMac?: string;
  pktType?: PacketType;
  /** br_netfilter's nf_bridge info of a bridged packet: the bridge ports it came in by and goes out of (-m physdev). */
  physIn?: string;
  physOut?: string;
  ct?: ConntrackView;
  /** skb->priority, the tc class a packet is queued in (set by CLASSIFY); 0 when absent. */
  priority?: number;
}

/**
 * What a NAT target asks for: struct nf_nat_range2 (include/uapi/linux/netfilter/nf_nat.h)
 * with its flags as fields. Addresses are host-order numbers, both bounds inclusive.
 */
export interface NatRange {
  /** NF_NAT_RANGE_MAP_IPS: pick the new address in [min, max]; absent: keep the address. */
  readonly addrs?: { readonly min: Ipv4; readonly max: Ipv4 };
  /**
   * NF_NAT_RANGE_PROTO_SPECIFIED: pick the new port (ICMP: echo id) in [min, max]; absent:
   * keep it if the tuple stays unique, else any free one. `base` is NF_NAT_RANGE_PROTO_OFFSET
   * (DNAT `:a-b/base`): port = min + ((original - base) & 0xffff) % (max - min + 1)
   * (nf_nat_core.c nf_nat_l4proto_unique_tuple).
   */
  readonly ports?: { readonly min: number; readonly max: number; readonly base?: number };
  /** NF_NAT_RANGE_PROTO_RANDOM: hash with a random offset instead of trying the original port first. */
  readonly random: boolean;
  /** NF_NAT_RANGE_PROTO_RANDOM_FULLY: a fully random port (prandom). */
  readonly randomFully: boolean;
  /** NF_NAT_RANGE_PERSISTENT: the same client always gets the same address of the range. */
  readonly persistent: boolean;
}

export type NatType = "SNAT" | "DNAT" | "MASQUERADE" | "REDIRECT" | "NETMAP";

/**
 * A NAT binding for the connection (nf_nat_setup_info): `manip` says which end is rewritten.
 * SNAT and DNAT: `data` as given. MASQUERADE (SRC): the address is the out device's primary
 * address toward the next hop (nf_nat_masquerade.c), none: drop. REDIRECT (DST): 127.0.0.1 at
 * OUTPUT, else the in device's first address (nf_nat_redirect.c), none: drop. NETMAP: `data.addrs`
 * is already the one mapped address (xt_NETMAP.c computes it per packet).
 */
export interface NatEffect {
  readonly kind: "nat";
  readonly type: NatType;
  readonly manip: "SRC" | "DST";
  readonly data: NatRange;
}

/**
 * The conntrack template of a `-j CT` rule without --notrack (xt_CT.c): the connection this
 * packet starts gets the zone, helper, timeout policy and event masks. `zone` "mark" means
 * the packet's mark & 0xffff when conntrack looks it up (nf_ct_zone_tmpl).
 */
export interface CtTemplateEffect {
  readonly kind: "ct";
  readonly zone: number | "mark";
  /** The tuple direction the zone applies to (NF_CT_ZONE_DIR_*): both unless one was chosen. */
  readonly zoneDir: "both" | "original" | "reply";
  readonly helper?: string;
  readonly timeout?: string;
  /** IPCT_* event names (ctevents) and IPEXP_* names (expevents) to report, as iptables names them. */
  readonly ctEvents: readonly string[];
  readonly expEvents: readonly string[];
}

/** Something a target asked for that the layers above carry out (a REJECT reply, a log line). */
export type Effect =
  | { readonly kind: "log"; readonly text: string; /** syslog level 0-7 of a LOG rule. */ readonly level?: number }
  | { readonly kind: "reject"; readonly with: string }
  | NatEffect
  | CtTemplateEffect
  | { readonly kind: "notrack" }
  | { readonly kind: "trace" }
  | HandOffEffect;

/**
 * What the targets of issue 7 hand to the layers above (each documented where it is made):
 * a copy to userspace (NFLOG, NFQUEUE, AUDIT), a packet to send (TEE's clone, SYNPROXY's
 * SYN-ACK), a timer or LED to (re)arm, or a note that the kernel would have consulted state
 * nfsim does not keep (`unmodelled`), so that a trace says so instead of guessing.
 */
export type HandOffEffect =
  | { readonly kind: "nflog"; readonly group: number; readonly prefix: string; readonly size?: number; readonly threshold: number }
  | { readonly kind: "queue"; readonly queue: number; readonly bypass: boolean }
  | { readonly kind: "audit"; readonly type: "accept" | "drop" | "reject" }
  | { readonly kind: "tee"; readonly gateway: Ipv4; readonly oif?: string }
  | { readonly kind: "tproxy"; readonly addr?: Ipv4; readonly port: number; readonly mark: number; readonly mask: number }
  | { readonly kind: "synproxy"; readonly reply: "syn-ack"; readonly mss: number; readonly wscale?: number; readonly sackPerm: boolean; readonly timestamp: boolean; readonly ecn: boolean }
  | { readonly kind: "idletimer"; readonly label: string; readonly timeout: number; readonly alarm: boolean }
  | { readonly kind: "led"; readonly id: string; readonly delay: number | "inf"; readonly alwaysBlink: boolean }
  | { readonly kind: "unmodelled"; readonly target: string; readonly what: string };

export interface EvalContext {
  readonly hook: Hook;
  readonly table: TableName;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly env: EngineEnv;
  readonly packet: PacketState;
  /**
   * Run-time state of the extension instance being called (a limit's bucket, an nth
   * counter): a JSON object kept with the rule, so it is saved with the world.
   */
  readonly state: Record<string, unknown>;
  /**
   * Run-time state shared by every rule of the namespace (Ruleset.shared): xt_recent's
   * lists and xt_hashlimit's tables, which rules find by name.
   */
  readonly shared?: Record<string, unknown>;
  readonly effects: Effect[];
}
