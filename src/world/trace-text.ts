// A packet's journey as people read it: where it was born, every hook with the rules it
// met (netfilter's own trace format, trace.ts), the routing decisions and why, the
// neighbour resolution, the wires it crossed, and how it ended.
import { formatTrace } from "../netfilter/trace.ts";
import { saveRuleBody } from "../netfilter/print.ts";
import { findChain, viewTable } from "../netfilter/ruleset.ts";
import type { CtTupleSnapshot, Fate, PathTrace, TraceStep } from "../stack/skb.ts";
import { printIpv4 } from "../wire/ip-print.ts";
import { formatIpv4 } from "../wire/ipv4.ts";
import { newPrinter } from "../wire/print.ts";
import { pfLines } from "./pf-trace-text.ts";
import { INITIAL_NS, type World } from "./world.ts";

function nsName(ns: string): string {
  return ns === INITIAL_NS ? "[host]" : `[${ns}]`;
}

/** The packet in tcpdump's words. */
export function describePacket(t: PathTrace): string {
  return printIpv4(newPrinter({ numeric: true }), t.packet, t.packet.ip.length);
}

function ruleText(world: World, f: Extract<Fate, { kind: "dropped" }>): string {
  const rs = world.namespaces[f.ns]?.ruleset;
  if (rs === undefined || f.table === undefined || f.chain === undefined || f.rule === undefined) return "";
  const rule = findChain(viewTable(rs, f.table), f.chain)?.rules[f.rule - 1];
  return rule === undefined ? "" : `: -A ${f.chain}${saveRuleBody(rule)}`;
}

function hookLines(world: World, s: Extract<TraceStep, { kind: "hook" }>): string[] {
  const where = `${s.in !== undefined ? ` in ${s.in}` : ""}${s.out !== undefined ? ` out ${s.out}` : ""}`;
  const rs = world.namespaces[s.ns]?.ruleset;
  if (s.events.length === 0) return [`${nsName(s.ns)} ${s.hook}${where}: ${s.verdict} (no rules)`, ...ctLines(s)];
  const rules = rs === undefined ? "" : formatTrace(rs, s.events);
  return [`${nsName(s.ns)} ${s.hook}${where}: ${s.verdict}`, ...rules.trimEnd().split("\n").map((l) => `  ${l}`), ...ctLines(s)];
}

function tupleText(t: CtTupleSnapshot): string {
  const port = (p: number | undefined) => (p === undefined ? "" : `:${String(p)}`);
  return `${formatIpv4(t.src)}${port(t.sport)} -> ${formatIpv4(t.dst)}${port(t.dport)}`;
}

/** A reply tuple other than the original's inverse: the connection is NATed (nf_nat_setup_info altered it). */
function natted(o: CtTupleSnapshot, r: CtTupleSnapshot): boolean {
  return o.src !== r.dst || o.dst !== r.src || o.sport !== r.dport || o.dport !== r.sport;
}

/** Conntrack's view at the hooks where it looks the packet up (PREROUTING, OUTPUT) or binds NAT. */
function ctLines(s: Extract<TraceStep, { kind: "hook" }>): string[] {
  const ct = s.ct;
  if (ct === undefined) return [];
  const lines = s.hook === "PREROUTING" || s.hook === "OUTPUT" ? [`  conntrack: ${ct.state} (${ct.dir.toLowerCase()} direction)`] : [];
  const natPoint = s.hook !== "FORWARD";
  if (natPoint && ct.orig !== undefined && ct.reply !== undefined && natted(ct.orig, ct.reply) && !s.natSkipped && s.events.some((e) => e.table === "nat")) {
    lines.push(`  NAT binding: ${tupleText(ct.orig)}, replies come from ${tupleText(ct.reply)}`);
  }
  return lines;
}

function stepLines(world: World, s: TraceStep): string[] {
  const at = nsName(s.ns);
  switch (s.kind) {
    case "hook":
      return hookLines(world, s);
    case "conntrack":
      return [`${at} conntrack ${s.point} at ${s.hook}: ${s.verdict}`];
    case "route":
      return [`${at} routing: ${s.decision}${s.dev !== undefined ? ` dev ${s.dev}` : ""}${s.via !== undefined ? ` (next hop ${formatIpv4(s.via)})` : ""}: ${s.why}`];
    case "ttl":
      return [`${at} forwarded: TTL now ${String(s.ttl)}`];
    case "neigh":
      return [`${at} neighbour ${formatIpv4(s.addr)} on ${s.dev} (${s.state}): ${s.what}`];
    case "xmit":
      return [`${at} out ${s.dev}${s.to !== undefined ? ` -> ${nsName(s.to.ns)} ${s.to.dev}` : ""}`];
    case "rx":
      return [`${at} in ${s.dev}`];
    case "log":
      return [`${at} LOG: ${s.text}${s.written ? "" : " (not written: nf_log_all_netns is 0 outside the initial namespace)"}`];
    case "reject":
      return [`${at} REJECT answers with ${s.with}`];
    case "deliver":
      return [`${at} delivered to ${s.to}`];
    case "pf":
      return pfLines(at, s);
  }
}

export function fateText(world: World, f: Fate): string {
  switch (f.kind) {
    case "in-flight":
      return "still on its way";
    case "delivered":
      return `delivered in ${nsName(f.ns)} to ${f.to}`;
    case "sent":
      return `sent out of ${nsName(f.ns)} by ${f.dev} to ${formatIpv4(f.nexthop)}`;
    case "dropped":
      if (f.hook !== undefined && f.table !== undefined && f.chain !== undefined) {
        const by = f.rule !== undefined ? `rule ${String(f.rule)}${ruleText(world, f)}` : "the chain's policy";
        return `DROPPED in ${nsName(f.ns)} at hook ${f.hook}, table ${f.table}, chain ${f.chain}, by ${by}`;
      }
      return `DROPPED in ${nsName(f.ns)}: ${f.why}`;
  }
}

/** The whole journey, one line per step, ending with the fate. */
export function formatPathTrace(world: World, t: PathTrace): string {
  const origin = t.origin.kind === "local" ? `sent by ${t.origin.by} in ${nsName(t.origin.ns)}` : `arrived on ${t.origin.dev} in ${nsName(t.origin.ns)}`;
  const lines = [
    `packet #${String(t.id)}: ${describePacket(t)}`,
    `  ${origin}${t.cause !== undefined ? ` (because of packet #${String(t.cause)})` : ""}`,
    ...t.steps.flatMap((s) => stepLines(world, s)).map((l) => `  ${l}`),
    `  => ${fateText(world, t.fate)}`,
  ];
  return `${lines.join("\n")}\n`;
}
