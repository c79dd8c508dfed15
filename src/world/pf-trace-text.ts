// A macOS host's pf_test as people read it: what pf decided and why (the rule, with its
// number as `pfctl -vv -s rules` shows it, the state, or pf's default pass), then each rule
// it evaluated and whether it matched, in the order pf walked them.
import type { PfTraceStep } from "../pf/index.ts";
import type { TraceStep } from "../stack/skb.ts";

type PfStep = Extract<TraceStep, { kind: "pf" }>;

function ruleRef(anchor: string, nr: number, text: string): string {
  return `@${String(nr)}${anchor === "" ? "" : ` in anchor "${anchor}"`}: ${text}`;
}

function decision(s: PfStep): string {
  if (s.steps[0]?.kind === "skip") return `pass (set skip on ${s.ifname})`;
  const rule = s.rule !== undefined ? ruleRef(s.rule.anchor, s.rule.nr, s.rule.text) : undefined;
  const answered = s.answer !== undefined ? `, answered with ${s.answer}` : "";
  if (s.state !== undefined && !s.state.created) return `pass by state ${String(s.state.id)}${rule !== undefined ? ` (created by rule ${rule})` : ""}`;
  const created = s.state !== undefined ? `, state ${String(s.state.id)} created` : "";
  if (rule !== undefined) return `${s.verdict} by rule ${rule}${created}${answered}`;
  return `${s.verdict} (no rule matched: pf's default pass)${created}`;
}

function stepLine(p: PfTraceStep): string | undefined {
  switch (p.kind) {
    case "rule": {
      const set = p.ruleset === "filter" ? "" : `${p.ruleset} `;
      return `${set}${ruleRef(p.anchor, p.nr, p.text)}: ${p.mismatch !== undefined ? `no match (${p.mismatch})` : "match"}`;
    }
    case "translate":
      return `translated by ${p.ruleset} ${ruleRef(p.anchor, p.nr, p.text)}`;
    default:
      return undefined;
  }
}

export function pfLines(at: string, s: PfStep): string[] {
  const rules = s.steps.map(stepLine).filter((l): l is string => l !== undefined);
  return [`${at} pf ${s.dir} on ${s.ifname}: ${decision(s)}`, ...rules.map((l) => `  ${l}`)];
}
