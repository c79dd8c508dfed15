// `nfsim trace` output: the journey as text (formatPathTrace, with colour on a terminal),
// the packets it caused, the lines xtables-monitor --trace would print for TRACE rules;
// or all of it as one JSON document (its shape is documented in README.md).
import { saveRuleBody } from "../../netfilter/print.ts";
import { findChain, viewTable } from "../../netfilter/ruleset.ts";
import type { PathTrace, TraceStep } from "../../stack/skb.ts";
import type { Sent } from "../../world/send.ts";
import { describePacket, fateText, formatPathTrace } from "../../world/trace-text.ts";
import type { World } from "../../world/world.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
import { monitorLines } from "./monitor.ts";

const ANSI = { red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" };

/** One line's colour, from what it says. */
function paint(line: string): string {
  const c = (code: string) => `${code}${line}${ANSI.reset}`;
  if (/^\s+=> (DROPPED|.*dropped)/.test(line) || /^\s+=> DROPPED/.test(line)) return c(ANSI.bold + ANSI.red);
  if (/^\s+=> /.test(line)) return c(ANSI.bold + ANSI.green);
  if (/ -- /.test(line)) return c(ANSI.dim);
  if (/=> matched$/.test(line)) return c(ANSI.green);
  if (/verdict (DROP|REJECT)|policy DROP|: DROP$/.test(line)) return c(ANSI.red);
  if (/^\s+\[[^\]]*\] (PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)\b/.test(line)) return c(ANSI.cyan);
  if (/conntrack:|NAT binding|routing:/.test(line)) return c(ANSI.yellow);
  return line;
}

function causedLines(world: World, caused: readonly PathTrace[]): string[] {
  return caused.map((t) => `  caused packet #${String(t.id)}: ${describePacket(t)} => ${fateText(world, t.fate)}`);
}

/** The trace as people read it; `color` adds ANSI colours. */
export function traceText(world: World, sent: Sent, color: boolean): string {
  const lines = formatPathTrace(world, sent.trace).trimEnd().split("\n");
  lines.push(...causedLines(world, sent.caused));
  const monitor = monitorLines(world, sent.trace);
  if (monitor.length > 0) lines.push("", "xtables-monitor --trace:", ...monitor);
  const out = color ? lines.map((l, i) => (i === 0 ? `${ANSI.bold}${l}${ANSI.reset}` : paint(l))) : lines;
  return `${out.join("\n")}\n`;
}

/** Addresses as dotted quads; the rule a trace event names, in iptables-save form. */
function jsonStep(world: World, s: TraceStep): unknown {
  if (s.kind !== "hook") return s;
  const rs = world.namespaces[s.ns]?.ruleset;
  const events = s.events.map((e) => {
    if (!("num" in e) || e.num === undefined || rs === undefined) return e;
    const rule = findChain(viewTable(rs, e.table), e.chain)?.rules[e.num - 1];
    return rule === undefined ? e : { ...e, rule: `-A ${e.chain}${saveRuleBody(rule)}` };
  });
  return { ...s, events };
}

const ADDRESS_KEYS: ReadonlySet<string> = new Set(["src", "dst", "via", "addr", "nexthop"]);

function replacer(key: string, value: unknown): unknown {
  return ADDRESS_KEYS.has(key) && typeof value === "number" ? formatIpv4(value) : value;
}

function traceJson(world: World, t: PathTrace): unknown {
  return {
    id: t.id,
    packet: { text: describePacket(t), ip: t.packet.ip, l4: t.packet.l4 },
    origin: t.origin,
    steps: t.steps.map((s) => jsonStep(world, s)),
    fate: { ...t.fate, text: fateText(world, t.fate) },
  };
}

/** The document `--json` prints. */
export function traceJsonText(world: World, sent: Sent): string {
  const doc = {
    ...(traceJson(world, sent.trace) as object),
    caused: sent.caused.map((t) => ({ id: t.id, packet: describePacket(t), fate: { ...t.fate, text: fateText(world, t.fate) } })),
    xtablesMonitor: monitorLines(world, sent.trace),
  };
  return `${JSON.stringify(doc, replacer, 2)}\n`;
}
