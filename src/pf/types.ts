// pf's rules, tables and state table as plain data (net/pfvar.h of xnu: struct pf_rule,
// pfr_ktable, pf_state), so that a host's whole pf can be saved with the world as JSON.
import type { Af, PfAddr } from "./addr.ts";

/** The rule actions of pfvar.h, named as print_rule() writes them. */
export type PfAction =
  | "pass" | "block" | "scrub" | "no scrub" | "nat" | "no nat"
  | "binat" | "no binat" | "rdr" | "no rdr" | "dummynet" | "no dummynet";

/** The rulesets of a ruleset (PF_RULESET_*), in the order pfctl loads them. */
export type RulesetKind = "scrub" | "nat" | "rdr" | "binat" | "filter" | "dummynet";
export const RULESET_KINDS: readonly RulesetKind[] = ["scrub", "nat", "rdr", "binat", "filter", "dummynet"];

/** struct pf_addr_wrap. `any` is PF_ADDR_ADDRMASK with address and mask zero. */
export type PfAddrWrap =
  | { readonly type: "any" }
  | { readonly type: "addrmask"; readonly addr: PfAddr; readonly bits: number }
  | { readonly type: "range"; readonly from: PfAddr; readonly to: PfAddr }
  | { readonly type: "table"; readonly name: string }
  | {
      readonly type: "dynif";
      readonly ifname: string;
      /** :network, :broadcast, :peer, :0 */
      readonly mods: readonly ("network" | "broadcast" | "peer" | "0")[];
      /** An explicit "(if)/bits". */
      readonly bits?: number;
    }
  | { readonly type: "noroute" }
  | { readonly type: "urpf-failed" };

/** PF_OP_*: = != < <= > >= >< <> and the a:b range. */
export type PortOp = "=" | "!=" | "<" | "<=" | ">" | ">=" | "><" | "<>" | ":";

export interface PortSpec {
  readonly op: PortOp;
  readonly a: number;
  readonly b: number;
}

export interface PfRuleAddr {
  readonly addr: PfAddrWrap;
  readonly neg: boolean;
  readonly port?: PortSpec;
}

/** A user/group match (struct pf_rule_uid); `unknown` is UID_MAX. */
export interface UgidSpec {
  readonly op: PortOp;
  readonly a: number;
  readonly b: number;
}

/** A pool address (struct pf_pooladdr): an address, or an interface for route-to. */
export interface PoolAddr {
  readonly addr: PfAddrWrap;
  readonly ifname?: string;
}

export type PoolType = "none" | "bitmask" | "random" | "source-hash" | "round-robin";

export interface PfPool {
  readonly addrs: readonly PoolAddr[];
  readonly type: PoolType;
  readonly sticky: boolean;
  /** source-hash key as 32 hex digits. */
  readonly key?: string;
  /** nat: the port range to pick from; rdr: the redirect port (and range end). */
  readonly proxyPort: readonly [number, number];
  /** Round-robin position, advanced as translations are made. */
  cursor?: number;
}

export type KeepState = "none" | "keep" | "modulate" | "synproxy";

export interface StateOpts {
  readonly max?: number;
  readonly noSync?: boolean;
  /** source-track: "global" unless `source-track rule` (or a max-src-* option) made it per rule. */
  readonly srcTrack?: "global" | "rule";
  readonly maxSrcStates?: number;
  readonly maxSrcConn?: number;
  readonly maxSrcConnRate?: { readonly limit: number; readonly seconds: number };
  readonly maxSrcNodes?: number;
  readonly overload?: { readonly table: string; readonly flush: boolean; readonly global: boolean };
  readonly ifBound?: boolean;
  readonly sloppy?: boolean;
  /** State timeouts by pf_timeouts name, in pf_timeouts order when printed. */
  readonly timeouts?: Readonly<Record<string, number>>;
}

/** How a block rule answers (PFRULE_DROP / RETURN / RETURNRST / RETURNICMP). */
export type BlockReturn =
  | { readonly kind: "drop" }
  | { readonly kind: "return" }
  | { readonly kind: "return-rst"; readonly ttl: number }
  | { readonly kind: "return-icmp"; readonly icmp: number; readonly icmp6: number };

export interface ScrubOpts {
  readonly noDf?: boolean;
  readonly randomId?: boolean;
  readonly minTtl?: number;
  readonly maxMss?: number;
  readonly setTos?: number;
  readonly fragcache?: "reassemble" | "crop" | "drop-ovl";
  readonly reassembleTcp?: boolean;
}

export interface RuleCounters {
  evaluations: number;
  /** [in, out] */
  packets: [number, number];
  bytes: [number, number];
  statesCur: number;
  statesTot: number;
}

export interface PfRule {
  readonly action: PfAction;
  /** Number within its ruleset (@N with -vv). */
  nr: number;
  readonly direction: "inout" | "in" | "out";
  /** PF_LOG bits: log, (all), (user); logif: pflogN. */
  readonly log?: { readonly all: boolean; readonly user: boolean; readonly logif: number };
  readonly quick: boolean;
  readonly ifname?: string;
  readonly ifnot?: boolean;
  readonly af: Af;
  /** IP protocol number, 0 for any. */
  readonly proto: number;
  readonly src: PfRuleAddr;
  readonly dst: PfRuleAddr;
  readonly os?: string;
  readonly uid?: UgidSpec;
  readonly gid?: UgidSpec;
  /** TCP flags that must be set, out of `flagset` (flags S/SA: flags 0x02, flagset 0x12). */
  readonly flags: number;
  readonly flagset: number;
  /** ICMP type and code + 1 (0 = unset), as struct pf_rule keeps them. */
  readonly type: number;
  readonly code: number;
  readonly tos: number;
  readonly keepState: KeepState;
  readonly stateOpts?: StateOpts;
  readonly block?: BlockReturn;
  readonly label?: string;
  readonly tag?: string;
  readonly tagged?: { readonly name: string; readonly not: boolean };
  readonly prob?: number;
  readonly fragment?: boolean;
  readonly allowOpts?: boolean;
  readonly scrub?: ScrubOpts;
  /** route-to / reply-to / dup-to / fastroute. */
  readonly rt?: "route-to" | "reply-to" | "dup-to" | "fastroute";
  /** Translation (nat/rdr/binat) or routing pool. */
  readonly rpool?: PfPool;
  /** nat pass / rdr pass / binat pass. */
  readonly natpass?: boolean;
  /** An anchor call: the path as written ("com.apple/*"), resolved at load. */
  readonly anchor?: { readonly call: string; readonly path: string; readonly wildcard: boolean };
  counters: RuleCounters;
  /** The pid of the pfctl that inserted it ("Inserted: uid 0 pid N"). */
  cpid?: number;
}

export interface TableEntry {
  readonly addr: PfAddr;
  readonly bits: number;
  readonly not: boolean;
  /** Virtual ms when the entry was added or its counters cleared. */
  tzero: number;
  /** [in/block, in/pass, out/block, out/pass] */
  packets: [number, number, number, number];
  bytes: [number, number, number, number];
}

export interface PfTable {
  readonly name: string;
  persist: boolean;
  isConst: boolean;
  entries: TableEntry[];
  tzero: number;
  /** Table statistics: [in/block, in/pass, in/xpass, out/block, out/pass, out/xpass]. */
  packets: number[];
  bytes: number[];
  match: number;
  nomatch: number;
}

/** One anchor's rules and tables; the main ruleset is the anchor "". */
export interface PfRuleset {
  readonly rules: Record<RulesetKind, PfRule[]>;
  readonly tables: Record<string, PfTable>;
}

/** A state's three endpoints of old pf (pf_state lan/gwy/ext): see state.ts. */
export interface StateHost {
  readonly addr: PfAddr;
  readonly port: number;
}

export interface StatePeer {
  /** TCPS_* for TCP, PFUDPS_* / PFOTHERS_* otherwise. */
  state: number;
}

export interface PfStateEntry {
  readonly id: number;
  readonly af: 4 | 6;
  readonly proto: number;
  readonly direction: "in" | "out";
  /** "ALL" for floating states, else the interface (if-bound). */
  readonly ifname: string;
  readonly lan: StateHost;
  readonly gwy: StateHost;
  readonly ext: StateHost;
  readonly src: StatePeer;
  readonly dst: StatePeer;
  /** The anchor path and filter rule number that created it (-1: none). */
  readonly anchor: string;
  /** -1 once the rule is gone (its ruleset was replaced or flushed). */
  rule: number;
  /** The translation rule that made it (nr -1 once its ruleset was replaced or flushed). */
  readonly natRule?: { readonly anchor: string; readonly kind: RulesetKind; nr: number };
  readonly creation: number;
  /** Virtual ms of the last packet; the state expires `timeout` seconds after it. */
  expireBase: number;
  timeout: string;
  packets: [number, number];
  bytes: [number, number];
  /** The creating rule's own state timeouts, by name. */
  readonly timeouts?: Readonly<Record<string, number>>;
  readonly tag?: string;
  /** `log (all)` on the creating rules: the pflog header each packet of the state is logged with. */
  readonly log?: PflogSource;
  /** route-to / reply-to / dup-to of the creating rule, with the next hop chosen when the state was made. */
  readonly route?: StateRoute;
}

/** The rule part of a pflog header (if_pflog.c pflog_packet): rm, and am when rm sits in an anchor. */
export interface PflogSource {
  /** pf_actions' word for rm's action: pass, block, nat, rdr, binat. */
  readonly action: string;
  /** am's number, or rm's when there is no am. */
  readonly rulenr: number;
  /** rm's number under am, -1 without one. */
  readonly subrulenr: number;
  /** The name of the anchor rm sits in ("" in the main ruleset). */
  readonly ruleset: string;
  /** pflogN */
  readonly logif: number;
}

/** Where a state's packets are routed (pf_route): the rule's kind, interface and next hop. */
export interface StateRoute {
  readonly rt: "route-to" | "reply-to" | "dup-to";
  /** The rule's direction: route-to routes packets going that way, reply-to the others. */
  readonly ruleDir: "in" | "out";
  readonly ifname: string;
  /** The next hop; undefined when the rule named only an interface. */
  readonly addr?: PfAddr;
}

/** pf_status counters. */
export interface PfCounters {
  /** PFRES_* reasons, in PFRES_NAMES order. */
  reasons: number[];
  /** state searches, inserts, removals */
  fcounters: [number, number, number];
  scounters: [number, number, number];
  /** limit counters (LCNT_*) */
  lcounters: number[];
}

/** A host's pf: what the kernel holds (the ioctl side of /dev/pf). */
export interface PfState {
  running: boolean;
  /** Virtual ms of the last start, stop or `-F info`; absent until then. */
  since?: number;
  debug: "none" | "urgent" | "misc" | "loud";
  hostid: number;
  /** Rulesets by anchor path; "" is the main ruleset. */
  anchors: Record<string, PfRuleset>;
  states: PfStateEntry[];
  nextStateId: number;
  counters: PfCounters;
  /** Global timeouts by pf_timeouts name (seconds; adaptive.* in states). */
  timeouts: Record<string, number>;
  /** Pool limits by name. */
  limits: Record<string, number>;
  /** Interfaces with `set skip on`. */
  skip: string[];
  loginterface?: string;
  /** The pid the last pfctl run got, so that each load has its own. */
  lastPid?: number;
  /** Enable references taken with -E (tokens). */
  tokens: { readonly token: string; readonly pid: number; readonly name: string; readonly at: number }[];
}
