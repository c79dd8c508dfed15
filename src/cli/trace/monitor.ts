// What `xtables-monitor --trace` prints for a packet that met a `-j TRACE` rule
// (iptables 1.8.9 xtables-monitor.c trace_cb / trace_print_packet, fed by the kernel's
// net/netfilter/nf_tables_trace.c). iptables-nft turns TRACE into `meta nftrace set 1`, so
// tracing starts at that rule and lasts for the rest of the packet's way through its
// namespace (skb_scrub_packet clears it when it crosses into another one). Per base chain,
// the first event comes with a PACKET line; then one TRACE line per rule that matched
// (non-matching rules are not reported: nft_do_chain's NFT_BREAK), and the policy.
// Checked against the real tool: tests/golden/trace/monitor-*.txt.
import { jhash2 } from "../../netfilter/jhash.ts";
import { saveRuleBody } from "../../netfilter/print.ts";
import { viewTable, type Ruleset } from "../../netfilter/ruleset.ts";
import type { TableName } from "../../netfilter/tables.ts";
import type { TraceEvent } from "../../netfilter/evaluate.ts";
import type { Rule } from "../../netfilter/rule.ts";
import { peerOf } from "../../stack/link.ts";
import { deviceByName } from "../../stack/namespace.ts";
import type { PathTrace, TableSight, TraceStep } from "../../stack/skb.ts";
import { NEIGHBOUR_MAC } from "../../world/send.ts";
import type { World } from "../../world/world.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
import { TCP_FLAG } from "../../wire/packet.ts";

type HookStep = Extract<TraceStep, { kind: "hook" }>;

/** NFPROTO_IPV4, the family both lines start with. */
const FAMILY = 2;
/** NFT_RETURN (-5) as print_verdict prints an unknown verdict: 0x%x of the u32. */
const RETURN_VERDICT = "0xfffffffb";

/**
 * nf_tables rule handles as iptables-nft-restore creates them from a save file: one counter
 * per table, the chains first (those nf_tables has, in save order), then the rules in order.
 * A ruleset built by other commands may have other handles on a real host.
 */
export function ruleHandles(rs: Ruleset, table: TableName): Map<Rule, number> {
  const chains = viewTable(rs, table).chains.filter((c) => c.virtual !== true);
  const handles = new Map<Rule, number>();
  let next = chains.length + 1;
  for (const c of chains) for (const r of c.rules) handles.set(r, next++);
  return handles;
}

function ruleOf(rs: Ruleset, e: { table: TableName; chain: string; num: number }): Rule | undefined {
  return viewTable(rs, e.table).chains.find((c) => c.name === e.chain)?.rules[e.num - 1];
}

const isTraceRule = (r: Rule | undefined): boolean => r?.target.kind === "extension" && r.target.name === "TRACE";

/** ether_ntoa: bytes in hex without leading zeros. */
function etherNtoa(mac: string): string {
  return mac.split(":").map((b) => parseInt(b, 16).toString(16)).join(":");
}

const TCP_WORDS: readonly (readonly [number, string])[] = [
  [TCP_FLAG.SYN, "SYN"], [TCP_FLAG.ACK, "ACK"], [TCP_FLAG.FIN, "FIN"], [TCP_FLAG.RST, "RST"], [TCP_FLAG.PSH, "PSH"], [TCP_FLAG.URG, "URG"],
];

function linkLayer(world: World, step: HookStep, inDev: string | undefined): string {
  if (inDev === undefined) return "";
  const ns = world.namespaces[step.ns];
  const dev = ns === undefined ? undefined : deviceByName(ns, inDev);
  if (dev === undefined) return "";
  if (dev.kind === "loopback") return "LOOPBACK ";
  const src = peerOf(world, dev)?.dev.mac ?? NEIGHBOUR_MAC;
  return `MACSRC=${etherNtoa(src)} MACDST=${etherNtoa(dev.mac)} MACPROTO=0800 `;
}

/** IN= is the device the packet came in by (skb_iif), at POSTROUTING too; the link layer is its frame's. */
function packetLine(world: World, id: string, step: HookStep, p: TableSight, rxDev: string | undefined): string {
  const { ip, l4 } = p;
  const inDev = step.in ?? rxDev;
  let s = `PACKET: ${String(FAMILY)} ${id} `;
  if (inDev !== undefined) s += `IN=${inDev} `;
  if (step.out !== undefined) s += `OUT=${step.out} `;
  s += linkLayer(world, step, inDev);
  s += `SRC=${formatIpv4(ip.src)} DST=${formatIpv4(ip.dst)} LEN=${String(ip.length)} TOS=0x${ip.tos.toString(16)} TTL=${String(ip.ttl)} ID=${String(ip.id)} `;
  if (ip.dontFragment) s += "DF ";
  if (ip.moreFragments) s += "MF ";
  if (ip.fragOffset !== 0) s += `FRAG:${String(ip.fragOffset)} `;
  if (l4.kind === "tcp" || l4.kind === "udp") s += `SPORT=${String(l4.sport)} DPORT=${String(l4.dport)} `;
  if (l4.kind === "tcp") s += TCP_WORDS.filter(([bit]) => (l4.flags & bit) !== 0).map(([, w]) => `${w} `).join("");
  if (p.mark !== 0) s += `MARK=0x${p.mark.toString(16)} `;
  return s;
}

/** What the kernel reports for a rule that matched: its verdict, read from the event after it. */
function verdictOf(e: Extract<TraceEvent, { kind: "rule" }>, rule: Rule, next: TraceEvent | undefined): string {
  // RETURN in a base chain leaves no return event (the policy follows), but the kernel reports it.
  if (rule.target.kind === "standard" && rule.target.verdict === "RETURN") return RETURN_VERDICT;
  const same = next !== undefined && "num" in next && next.num === e.num && next.chain === e.chain;
  if (!same) return "CONTINUE";
  switch (next.kind) {
    case "jump":
      return `JUMP:${next.to}`;
    case "goto":
      return `GOTO:${next.to}`;
    case "return":
      return RETURN_VERDICT;
    case "verdict":
      return next.verdict;
    default:
      return "CONTINUE";
  }
}

interface Tracer {
  on: boolean;
  /** The input device index the skb came in by (skb_iif), part of the trace id. */
  iif: number;
  /** Its name, while the packet is in the namespace it came in to. */
  rxDev?: string;
}

/** nft_trace_init's id: a hash of the skb and its input interface; any stable 32-bit value will do here. */
function traceId(t: PathTrace, tr: Tracer): string {
  return jhash2([t.id, tr.iif], 0x6e667369).toString(16).padStart(8, "0");
}

/** The lines one table's part of a hook gives, once tracing is on. */
function tableLines(world: World, t: PathTrace, step: HookStep, events: readonly TraceEvent[], tr: Tracer): string[] {
  const rs = world.namespaces[step.ns]?.ruleset;
  if (rs === undefined) return [];
  const out: string[] = [];
  const id = traceId(t, tr);
  const table = events[0]?.table;
  // Traced from the table's start, the dump comes with its first event; else with the TRACE rule's.
  const wasOn = tr.on;
  const sight = step.seen?.find((s) => s.table === table && (s.traced === true) !== wasOn);
  const handles = table === undefined ? new Map<Rule, number>() : ruleHandles(rs, table);
  const emit = (line: string) => {
    if (out.length === 0 && sight !== undefined) out.push(packetLine(world, id, step, sight, tr.rxDev));
    out.push(line);
  };
  for (const [i, e] of events.entries()) {
    if (e.kind === "policy" && tr.on) emit(` TRACE: ${String(FAMILY)} ${id} ${e.table}:${e.chain}:policy:${e.verdict} `);
    if (e.kind !== "rule" || !e.matched) continue;
    const rule = ruleOf(rs, e);
    if (!tr.on && isTraceRule(rule)) tr.on = true;
    if (!tr.on || rule === undefined) continue;
    const handle = `0x${(handles.get(rule) ?? 0).toString(16)}`;
    emit(` TRACE: ${String(FAMILY)} ${id} ${e.table}:${e.chain}:rule:${handle}:${verdictOf(e, rule, events[i + 1])}  -4 -t ${e.table} -A ${e.chain}${saveRuleBody(rule)}`);
  }
  return out;
}

/** A hook's events, one run per table. */
function byTable(events: readonly TraceEvent[]): TraceEvent[][] {
  const runs: TraceEvent[][] = [];
  for (const e of events) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0]?.table === e.table) last.push(e);
    else runs.push([e]);
  }
  return runs;
}

function ifindex(world: World, ns: string, dev: string): number {
  const n = world.namespaces[ns];
  return (n === undefined ? undefined : deviceByName(n, dev)?.ifindex) ?? 0;
}

/** Every line xtables-monitor --trace would print for this packet (none without a TRACE rule). */
export function monitorLines(world: World, t: PathTrace): string[] {
  const tr: Tracer = { on: false, iif: 0 };
  const lines: string[] = [];
  for (const step of t.steps) {
    if (step.kind === "rx") {
      tr.iif = ifindex(world, step.ns, step.dev);
      tr.rxDev = step.dev;
    }
    if (step.kind === "xmit" && step.to !== undefined && step.to.ns !== step.ns) tr.on = false;
    if (step.kind !== "hook") continue;
    for (const run of byTable(step.events)) lines.push(...tableLines(world, t, step, run, tr));
  }
  return lines;
}
