// The case mix: how many cases have each protocol, target, match, state, flow shape and
// outcome, so a run's agreement figure says what it covered.
import type { Case, Result } from "../../../src/cli/replay/schema.ts";
import type { GeneratedCase } from "./generate.ts";

function all(re: RegExp, text: string): string[] {
  return [...text.matchAll(re)].map((m) => m[1] ?? "");
}

/** Features read from the case itself: tables, targets, matches, states, policies, packets. */
export function caseFeatures(c: Case): string[] {
  const r = c.ruleset;
  const f = [
    ...all(/^\*(\w+)$/gm, r).map((t) => `table:${t}`),
    ...all(/ -j (\S+)/g, r).filter((t) => !t.startsWith("DX")).map((t) => `target:${t}`),
    ...all(/ -m (\S+)/g, r).map((m) => `match:${m}`),
    ...all(/--(?:ctstate|state) (?:! )?(\S+)/g, r).flatMap((s) => s.split(",")).map((s) => `state:${s}`),
    ...all(/^:(?:INPUT|FORWARD|OUTPUT) (DROP)/gm, r).map(() => "policy:DROP"),
    ...c.packets.map((p) => `packet:${p.proto}`),
    ...c.packets.filter((p) => p.proto === "tcp").map((p) => `tcp-flags:${p.flags ?? ""}`),
    ...c.packets.filter((p) => p.from === "dut").map(() => "packet:from-dut"),
    ...c.packets.filter((p) => p.inner !== undefined).map(() => "packet:icmp-error"),
  ];
  if (/^:DX/m.test(r)) f.push("ruleset:user-chains");
  if (/ -g /.test(r)) f.push("ruleset:goto");
  return f;
}

/** Features of what the kernel did: conntrack states and flags seen, packets delivered, answers returned. */
export function resultFeatures(r: Result): string[] {
  const f: string[] = [];
  for (const p of r.results) {
    if (p.delivered !== null) f.push("kernel:delivered");
    if (p.delivered === null && p.returned.length === 0) f.push("kernel:nothing-arrived");
    for (const a of p.returned) f.push(`kernel:returned-${a.proto}${a.proto === "icmp" ? `-${String(a.icmp_type)}/${String(a.icmp_code)}` : ""}`);
    for (const e of p.conntrack) {
      f.push(`conntrack:${e.proto}${e.state !== undefined ? `-${e.state}` : ""}`);
      for (const flag of e.flags) f.push(`conntrack:${flag}`);
      if (e.mark !== 0) f.push("conntrack:mark");
      if (e.reply.dst !== e.orig.src) f.push("conntrack:snat");
      if (e.reply.src !== e.orig.dst) f.push("conntrack:dnat");
      if (e.reply.dport !== e.orig.sport || e.reply.id !== e.orig.id) f.push("conntrack:nat-port-moved");
    }
  }
  if (r.results.every((p) => p.conntrack.length === 0)) f.push("conntrack:no-entries");
  return f;
}

/** Number of cases having each feature. */
export function caseMix(gens: readonly GeneratedCase[], results: readonly (Result | undefined)[] = []): Map<string, number> {
  const mix = new Map<string, number>();
  gens.forEach((g, i) => {
    const r = results[i];
    const features = new Set([...g.tags, ...caseFeatures(g.case), ...(r !== undefined ? resultFeatures(r) : [])]);
    for (const x of features) mix.set(x, (mix.get(x) ?? 0) + 1);
  });
  return mix;
}

/** The mix as text, one line per feature group: `target: ACCEPT 210, DROP 120, ...`. */
export function formatMix(mix: ReadonlyMap<string, number>, total: number): string {
  const groups = new Map<string, [string, number][]>();
  for (const [k, n] of mix) {
    const [group = "", ...rest] = k.split(":");
    const list = groups.get(group) ?? [];
    list.push([rest.join(":"), n]);
    groups.set(group, list);
  }
  const lines = [`${String(total)} cases; cases with each feature:`];
  for (const g of [...groups.keys()].sort()) {
    const items = (groups.get(g) ?? []).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    lines.push(`  ${g}: ${items.map(([k, n]) => `${k} ${String(n)}`).join(", ")}`);
  }
  return lines.join("\n");
}
