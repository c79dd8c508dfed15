// A packet on its way through a namespace (the kernel's sk_buff, reduced to what the path
// reads) and the record of its journey: every hook and table it met, the routing decision
// and why, the neighbour resolution, the devices it crossed, and how it ended.
import type { HookOutcome } from "../netfilter/hook.ts";
import type { ConntrackView, PacketState } from "../netfilter/context.ts";
import type { Hook, TableName } from "../netfilter/tables.ts";
import type { TraceEvent } from "../netfilter/evaluate.ts";
import type { Ipv4Packet } from "../wire/packet.ts";
import type { PfTraceStep } from "../pf/eval.ts";

export interface Skb {
  /** Headers plus the metadata netfilter reads and targets change (mark, conntrack). */
  readonly pkt: PacketState;
  /** The trace this packet's journey is written to. */
  readonly trace: number;
  /** pf made this packet itself (PF_TAG_GENERATED: a `block return` answer); pf lets it pass. */
  readonly pfGenerated?: boolean;
  /** The pf tag an earlier pf_test gave the packet (`tag`), which `tagged` tests on the way out. */
  pfTag?: string;
}

/** Where a packet was born. */
export type TraceOrigin =
  | { readonly kind: "local"; readonly ns: string; readonly by: string }
  | { readonly kind: "wire"; readonly ns: string; readonly dev: string };

export type RouteDecision = "local" | "broadcast" | "forward" | "output" | "unreachable" | "drop";

/** A connection's tuple as a trace keeps it. */
export interface CtTupleSnapshot {
  readonly src: number;
  readonly dst: number;
  readonly proto: number;
  readonly sport?: number;
  readonly dport?: number;
}

/** What conntrack said about the packet at a hook (ConntrackView, copied). */
export interface CtSnapshot {
  readonly state: ConntrackView["state"];
  readonly dir: ConntrackView["dir"];
  readonly status: readonly string[];
  readonly orig?: CtTupleSnapshot;
  readonly reply?: CtTupleSnapshot;
}

/**
 * The headers and mark of the packet where nf_tables dumps it for a trace (the evaluator's
 * TableSights): after the table's first matched rule or at its policy, or, with `traced`,
 * after the first matched rule once a TRACE rule of the table had run.
 */
export interface TableSight {
  readonly table: TableName;
  readonly ip: PacketState["ip"];
  readonly l4: PacketState["l4"];
  readonly mark: number;
  readonly traced?: true;
}

/** One thing that happened to the packet, in order. */
export type TraceStep =
  | {
      readonly kind: "hook";
      readonly ns: string;
      readonly hook: Hook;
      readonly in?: string;
      readonly out?: string;
      readonly verdict: HookOutcome["verdict"];
      /** The table that gave the verdict (the one that dropped, or the last to accept). */
      readonly table?: TableName;
      readonly events: readonly TraceEvent[];
      /** The nat table was skipped because conntrack said so (not the first packet of a connection). */
      readonly natSkipped?: boolean;
      /** The packet's conntrack entry after the hook: the state seen and the tuples (a reply tuple that is not the original's inverse is a NAT binding). */
      readonly ct?: CtSnapshot;
      /** The packet as each table's chain left it (xtables-monitor's PACKET lines print it). */
      readonly seen?: readonly TableSight[];
    }
  | { readonly kind: "conntrack"; readonly ns: string; readonly hook: Hook; readonly point: "in" | "nat" | "confirm"; readonly verdict: "ACCEPT" | "DROP" }
  | { readonly kind: "route"; readonly ns: string; readonly decision: RouteDecision; readonly dev?: string; readonly via?: number; readonly why: string }
  | { readonly kind: "ttl"; readonly ns: string; readonly ttl: number }
  | { readonly kind: "neigh"; readonly ns: string; readonly dev: string; readonly addr: number; readonly state: string; readonly what: string }
  | { readonly kind: "xmit"; readonly ns: string; readonly dev: string; readonly to?: { readonly ns: string; readonly dev: string } }
  | { readonly kind: "rx"; readonly ns: string; readonly dev: string }
  | { readonly kind: "log"; readonly ns: string; readonly text: string; readonly written: boolean }
  | { readonly kind: "reject"; readonly ns: string; readonly with: string }
  | { readonly kind: "deliver"; readonly ns: string; readonly to: string }
  /** A macOS host's pf_test: the rules it evaluated, the rule or state that decided. */
  | {
      readonly kind: "pf";
      readonly ns: string;
      readonly dir: "in" | "out";
      readonly ifname: string;
      readonly verdict: "pass" | "block";
      readonly steps: readonly PfTraceStep[];
      /** The filter rule that decided, when one did (else pf's default pass, or a state). */
      readonly rule?: { readonly anchor: string; readonly nr: number; readonly text: string };
      readonly state?: { readonly id: number; readonly created: boolean };
      /** What `block return` sent back, in words. */
      readonly answer?: string;
    };

/** How the journey ended (or that it has not ended yet). */
export type Fate =
  | { readonly kind: "in-flight" }
  | { readonly kind: "delivered"; readonly ns: string; readonly to: string }
  /** Left by an external device (src/world/import.ts) towards the next hop, out of the world. */
  | { readonly kind: "sent"; readonly ns: string; readonly dev: string; readonly nexthop: number }
  | {
      readonly kind: "dropped";
      readonly ns: string;
      readonly why: string;
      /** Set when netfilter dropped it: where, and the rule (1-based) unless the chain's policy did. */
      readonly hook?: Hook;
      readonly table?: TableName;
      readonly chain?: string;
      readonly rule?: number;
    };

export interface PathTrace {
  readonly id: number;
  /** Virtual time (µs) at which the packet was born. */
  readonly at: number;
  readonly origin: TraceOrigin;
  /** The packet as it was born. */
  readonly packet: Ipv4Packet;
  /** The trace of the packet that made this one (the request of a reply, the victim of an ICMP error). */
  readonly cause?: number;
  readonly steps: TraceStep[];
  fate: Fate;
}
