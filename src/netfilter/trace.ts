// A trace as people read it: each table's chain, every rule tested and why it failed,
// jumps, returns, policies and the verdict.
import type { MatchFailure, TraceEvent } from "./evaluate.ts";
import { saveRuleBody } from "./print.ts";
import { findChain, viewTable, type Ruleset } from "./ruleset.ts";

function failure(f: MatchFailure): string {
  switch (f.part) {
    case "src":
      return "source address differs (-s)";
    case "dst":
      return "destination address differs (-d)";
    case "in":
      return "input interface differs (-i)";
    case "out":
      return "output interface differs (-o)";
    case "proto":
      return "protocol differs (-p)";
    case "frag":
      return "fragment flag differs (-f)";
    case "match":
      if (f.unmodelled !== undefined) return `match #${String(f.index + 1)} (-m ${f.name}) not decided: ${f.unmodelled}`;
      return `match #${String(f.index + 1)} (-m ${f.name}) does not match`;
  }
}

/** One line per event; rules are shown in their iptables-save form. */
export function formatTrace(rs: Ruleset, trace: readonly TraceEvent[]): string {
  const lines: string[] = [];
  let where = "";
  for (const e of trace) {
    const here = `${e.table}/${e.chain}`;
    if (here !== where) {
      lines.push(`  ${e.table} ${e.chain}`);
      where = here;
    }
    const rule = "num" in e && e.num !== undefined ? findChain(viewTable(rs, e.table), e.chain)?.rules[e.num - 1] : undefined;
    const spec = rule ? `-A ${e.chain}${saveRuleBody(rule)}` : "";
    switch (e.kind) {
      case "rule":
        lines.push(`    ${String(e.num).padStart(3)}  ${spec}  ${e.matched ? "=> matched" : `-- ${failure(e.failed)}`}`);
        break;
      case "jump":
      case "goto":
        lines.push(`         ${e.kind} to ${e.to}`);
        break;
      case "return":
        lines.push(`         return to ${e.to}`);
        break;
      case "verdict":
        lines.push(`         verdict ${e.verdict}`);
        break;
      case "policy":
        lines.push(`         end of chain: policy ${e.verdict}`);
        break;
    }
  }
  return lines.map((l) => `${l}\n`).join("");
}
