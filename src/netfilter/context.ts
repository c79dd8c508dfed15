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
  pktType?: PacketType;
  ct?: ConntrackView;
}

/** Something a target asked for that the layers above carry out (a REJECT reply, a log line). */
export type Effect =
  | { readonly kind: "log"; readonly text: string }
  | { readonly kind: "reject"; readonly with: string }
  | { readonly kind: "nat"; readonly type: "SNAT" | "DNAT" | "MASQUERADE" | "REDIRECT"; readonly data: Readonly<Record<string, unknown>> }
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
