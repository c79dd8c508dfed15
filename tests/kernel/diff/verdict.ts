// Each case's verdict (kernel and nfsim agree, diverge, or one side failed) and the
// agreement figures of a run, shared by tests/kernel/diff.test.ts and scripts/diff-run.ts.
import { compareResults, formatDivergences, type Divergence } from "./compare.ts";
import type { GeneratedCase } from "./generate.ts";
import type { Replay } from "./nfsim.ts";
import type { KernelOutcome } from "./pool.ts";

export interface CaseVerdict {
  readonly index: number;
  /** The kernel run failed (a harness problem, not a divergence). */
  readonly kernelError?: string;
  /** replay() threw on the case. */
  readonly nfsimError?: string;
  readonly divergences: readonly Divergence[];
  readonly unchecked: ReadonlySet<string>;
}

export async function verdictOf(g: GeneratedCase, k: KernelOutcome | undefined, replay: Replay): Promise<CaseVerdict> {
  const none = { index: g.index, divergences: [], unchecked: new Set<string>() };
  if (k?.run === undefined) return { ...none, kernelError: k?.error ?? "no kernel result" };
  try {
    const n = await replay(g.case);
    return { index: g.index, ...compareResults(k.run.result, n) };
  } catch (e) {
    return { ...none, nfsimError: (e as Error).stack ?? String(e) };
  }
}

export function agrees(v: CaseVerdict): boolean {
  return v.kernelError === undefined && v.nfsimError === undefined && v.divergences.length === 0;
}

/** Why a case failed, in words, naming the case by seed/index. */
export function explain(g: GeneratedCase, v: CaseVerdict): string {
  const name = `case ${String(g.seed)}/${String(g.index)}`;
  if (v.kernelError !== undefined) return `${name}: no kernel result: ${v.kernelError}`;
  if (v.nfsimError !== undefined) return `${name}: replay threw: ${v.nfsimError}`;
  return `${name} (npx tsx scripts/diff-run.ts --seed ${String(g.seed)} --case ${String(g.index)} prints it): ` +
    `${String(v.divergences.length)} divergence(s)\n${formatDivergences(g.case.packets, v.divergences)}`;
}

/** Field of a divergence without the packet-specific part: `counters`, `conntrack.state`, `delivered.src`. */
function fieldGroup(field: string): string {
  return field.replace(/\[[^\]]*\]/g, "").replace(/^returned$/, "returned (count)");
}

/** Agreement figures: cases and packets that agree, and which fields diverge how often. */
export function agreementReport(gens: readonly GeneratedCase[], verdicts: readonly CaseVerdict[]): string {
  const compared = verdicts.filter((v) => v.kernelError === undefined);
  const agreeing = compared.filter(agrees);
  let packets = 0;
  let packetsAgreeing = 0;
  const fields = new Map<string, number>();
  const unchecked = new Set<string>();
  for (const v of compared) {
    const n = gens[v.index]?.case.packets.length ?? 0;
    packets += n;
    const bad = new Set(v.divergences.map((d) => d.packet));
    packetsAgreeing += v.nfsimError === undefined ? n - bad.size : 0;
    for (const d of v.divergences) fields.set(fieldGroup(d.field), (fields.get(fieldGroup(d.field)) ?? 0) + 1);
    for (const u of v.unchecked) unchecked.add(u);
  }
  const pct = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
  const lines = [
    `agreement: ${String(agreeing.length)}/${String(compared.length)} cases (${pct(agreeing.length, compared.length)}), ` +
      `${String(packetsAgreeing)}/${String(packets)} packets (${pct(packetsAgreeing, packets)}); ` +
      `${String(verdicts.length - compared.length)} case(s) without a kernel result, ` +
      `${String(compared.filter((v) => v.nfsimError !== undefined).length)} where replay threw`,
  ];
  if (fields.size > 0) {
    lines.push(`divergent fields: ${[...fields].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${String(n)}`).join(", ")}`);
  }
  if (unchecked.size > 0) lines.push(`fields nfsim never gave (not compared): ${[...unchecked].sort().join(", ")}`);
  return lines.join("\n");
}
