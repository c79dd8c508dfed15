// What a match or target sees of a packet while the evaluator walks a chain.
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Ipv4Header, Transport } from "../wire/packet.ts";
import type { Hook, TableName } from "./tables.ts";

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
}

/** The environment the engine runs in: time and randomness are injected (STYLE 8). */
export interface EngineEnv {
  /** Virtual time in milliseconds. */
  now(): number;
  /** A seeded uniform source in [0, 1). */
  random(): number;
  /** Address type of an address as this host's routing sees it; `dev` limits to one device. */
  addrType(addr: Ipv4, dev?: string): AddrType;
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
  ct?: ConntrackView;
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
  | { readonly kind: "trace" };

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
  readonly effects: Effect[];
}
