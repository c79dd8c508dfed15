// The reference evaluator: one table's chain on one hook, walked as ipt_do_table walks it
// (net/ipv4/netfilter/ip_tables.c): rules in order, counters on a match, jumps with a
// return stack, goto without one, RETURN, and the built-in chain's policy at the end.
import type { EngineEnv, EvalContext, Effect, PacketState } from "./context.ts";
import { findMatch, findTarget } from "./registry.ts";
import type { IfaceMatch, IpPart, Rule } from "./rule.ts";
import { findChain, viewTable, type Ruleset } from "./ruleset.ts";
import type { Hook, TableName } from "./tables.ts";

/** Why a rule did not match: a base field of the rule, or the position and name of a match. */
export type MatchFailure =
  | { readonly part: "src" | "dst" | "in" | "out" | "proto" | "frag" }
  | { readonly part: "match"; readonly index: number; readonly name: string; /** MatchExtension.unmodelled's reason. */ readonly unmodelled?: string };

export type TraceEvent =
  | { readonly kind: "rule"; readonly table: TableName; readonly chain: string; readonly num: number; readonly matched: true }
  | { readonly kind: "rule"; readonly table: TableName; readonly chain: string; readonly num: number; readonly matched: false; readonly failed: MatchFailure }
  | { readonly kind: "jump" | "goto"; readonly table: TableName; readonly chain: string; readonly num: number; readonly to: string }
  | { readonly kind: "return"; readonly table: TableName; readonly chain: string; readonly num?: number; readonly to: string }
  | { readonly kind: "verdict"; readonly table: TableName; readonly chain: string; readonly num: number; readonly verdict: Verdict }
  | { readonly kind: "policy"; readonly table: TableName; readonly chain: string; readonly verdict: Verdict };

/** The verdict of a table's hook function. */
export type Verdict = "ACCEPT" | "DROP" | "QUEUE" | "STOLEN";

export interface PacketInput {
  readonly hook: Hook;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly env: EngineEnv;
}

/** The headers and mark of the packet at one moment of its walk through a table. */
export interface PacketSight {
  readonly ip: PacketState["ip"];
  readonly l4: PacketState["l4"];
  readonly mark: number;
}

/**
 * Where nf_tables dumps the packet for a trace (nft_trace_packet dumps it with the base
 * chain's first trace event): `first`, the packet after the first rule that matched (or at
 * the policy, when none did), for a packet traced from the start; `traced`, after the
 * first rule that matched once a TRACE rule of this table had set nftrace.
 */
export interface TableSights {
  readonly first?: PacketSight;
  readonly traced?: PacketSight;
}

export interface TableOutcome {
  readonly verdict: Verdict;
  readonly trace: TraceEvent[];
  readonly effects: Effect[];
  readonly sights: TableSights;
}

/** Interface names compare up to the rule's "+" (ip_tables.c ifname matching). */
export function ifaceMatches(spec: IfaceMatch | undefined, name: string | undefined): boolean {
  if (spec === undefined) return true;
  const actual = name ?? "";
  const wildcard = spec.name.endsWith("+");
  const stem = wildcard ? spec.name.slice(0, -1) : spec.name;
  const equal = wildcard ? actual.startsWith(stem) : actual === stem;
  return equal !== spec.invert;
}

/** ip_packet_match: the first base field that fails, or undefined when all match. */
export function ipPartFailure(ip: IpPart, pkt: PacketState, input: PacketInput): MatchFailure | undefined {
  const h = pkt.ip;
  if (ip.src && (((h.src & ip.src.mask) >>> 0) === ip.src.addr) === ip.src.invert) return { part: "src" };
  if (ip.dst && (((h.dst & ip.dst.mask) >>> 0) === ip.dst.addr) === ip.dst.invert) return { part: "dst" };
  if (!ifaceMatches(ip.in, input.inIface)) return { part: "in" };
  if (!ifaceMatches(ip.out, input.outIface)) return { part: "out" };
  if (ip.proto && ip.proto.num !== 0 && (h.proto === ip.proto.num) === ip.proto.invert) return { part: "proto" };
  if (ip.frag && (h.fragOffset !== 0) === ip.frag.invert) return { part: "frag" };
  return undefined;
}

function runtimeState(rule: Rule, key: string): Record<string, unknown> {
  rule.runtime ??= {};
  return (rule.runtime[key] ??= {});
}

function context(rs: Ruleset, table: TableName, input: PacketInput, pkt: PacketState, state: Record<string, unknown>, effects: Effect[]): EvalContext {
  return {
    hook: input.hook,
    table,
    ...(input.inIface !== undefined ? { inIface: input.inIface } : {}),
    ...(input.outIface !== undefined ? { outIface: input.outIface } : {}),
    env: input.env,
    packet: pkt,
    state,
    shared: (rs.shared ??= {}),
    effects,
  };
}

function ruleFailure(rs: Ruleset, table: TableName, rule: Rule, pkt: PacketState, input: PacketInput, effects: Effect[]): MatchFailure | undefined {
  const base = ipPartFailure(rule.ip, pkt, input);
  if (base) return base;
  for (const [index, m] of rule.matches.entries()) {
    const ext = findMatch(m.name);
    const ctx = context(rs, table, input, pkt, runtimeState(rule, `m${String(index)}`), effects);
    const unmodelled = ext?.unmodelled?.(m.data, ctx);
    if (unmodelled !== undefined) return { part: "match", index, name: m.name, unmodelled };
    if (!ext || !ext.match(m.data, ctx)) return { part: "match", index, name: m.name };
  }
  return undefined;
}

/**
 * Runs the packet through one table's chain for the hook. Counters of matching rules and
 * of the policy are updated in the ruleset; `pkt` is changed by targets such as MARK.
 */
export function evaluateTable(rs: Ruleset, table: TableName, pkt: PacketState, input: PacketInput): TableOutcome {
  const trace: TraceEvent[] = [];
  const effects: Effect[] = [];
  const sights: { first?: PacketSight; traced?: PacketSight } = {};
  let nftrace = false;
  /** After a matched rule's action (and at the policy): what a trace would dump here. */
  const sight = () => {
    if (sights.first !== undefined && (!nftrace || sights.traced !== undefined)) return;
    const now: PacketSight = { ip: pkt.ip, l4: pkt.l4, mark: pkt.mark };
    sights.first ??= now;
    if (nftrace) sights.traced ??= now;
  };
  const tbl = viewTable(rs, table);
  const base = findChain(tbl, input.hook);
  // A built-in chain nf_tables has not created is no hook at all: nothing runs, nothing counts.
  if (base === undefined || base.virtual) return { verdict: "ACCEPT", trace, effects, sights };
  const stack: { chain: string; next: number }[] = [];
  let chain = base;
  let i = 0;
  const policy = (): TableOutcome => {
    const verdict: Verdict = base.policy === "DROP" ? "DROP" : "ACCEPT";
    if (!base.policyUncounted) {
      base.counters.packets++;
      base.counters.bytes += pkt.ip.length;
    }
    trace.push({ kind: "policy", table, chain: base.name, verdict });
    sight();
    return { verdict, trace, effects, sights };
  };
  const returnFrom = (num?: number): boolean => {
    const frame = stack.pop();
    if (frame === undefined) return false;
    trace.push({ kind: "return", table, chain: chain.name, ...(num !== undefined ? { num } : {}), to: frame.chain });
    chain = findChain(tbl, frame.chain) ?? base;
    i = frame.next;
    return true;
  };
  for (;;) {
    const rule = chain.rules[i];
    if (rule === undefined) {
      if (chain === base || !returnFrom()) return policy();
      continue;
    }
    const num = i + 1;
    i++;
    const failed = ruleFailure(rs, table, rule, pkt, input, effects);
    if (failed) {
      trace.push({ kind: "rule", table, chain: chain.name, num, matched: false, failed });
      continue;
    }
    trace.push({ kind: "rule", table, chain: chain.name, num, matched: true });
    rule.counters.packets++;
    rule.counters.bytes += pkt.ip.length;
    const t = rule.target;
    if (t.kind !== "extension") sight();
    switch (t.kind) {
      case "none":
        continue;
      case "standard":
        if (t.verdict === "RETURN") {
          if (chain === base || !returnFrom(num)) return policy();
          continue;
        }
        trace.push({ kind: "verdict", table, chain: chain.name, num, verdict: t.verdict });
        return { verdict: t.verdict, trace, effects, sights };
      case "jump":
      case "goto": {
        const to = findChain(tbl, t.chain);
        if (to === undefined) continue;
        trace.push({ kind: t.kind, table, chain: chain.name, num, to: t.chain });
        if (t.kind === "jump") stack.push({ chain: chain.name, next: i });
        chain = to;
        i = 0;
        continue;
      }
      case "extension": {
        const ext = findTarget(t.name);
        if (ext === undefined) continue;
        const outcome = ext.act(t.data, context(rs, table, input, pkt, runtimeState(rule, "t"), effects));
        // -j TRACE is nft's `meta nftrace set 1`: the trace begins with this rule.
        if (t.name === "TRACE") nftrace = true;
        sight();
        if (outcome === "continue") continue;
        if (outcome === "return") {
          if (chain === base || !returnFrom(num)) return policy();
          continue;
        }
        const verdict: Verdict = outcome === "accept" ? "ACCEPT" : outcome === "drop" ? "DROP" : outcome === "queue" ? "QUEUE" : "STOLEN";
        trace.push({ kind: "verdict", table, chain: chain.name, num, verdict });
        return { verdict, trace, effects, sights };
      }
    }
  }
}
