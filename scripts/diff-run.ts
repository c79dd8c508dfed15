// `npx tsx scripts/diff-run.ts --cases N --seed S [--parallel P] [--first F] [--mix-only]`:
// runs N generated differential cases on the kernel (root) and through nfsim's replay()
// when it exists, and prints the agreement figures, the first F divergent cases and the
// case mix. `--case I` prints case I of the seed as JSON (for `nfsim replay --json`) and,
// where it can, its divergences. `--save FILE` keeps the kernel's outcomes in FILE and
// `--load FILE` compares nfsim with them instead of running the kernel again (for fixing
// nfsim quickly; the result is only as good as the run that made the file), and with
// `--retry` runs again the cases the file has no kernel result for.
import { readFileSync, writeFileSync } from "node:fs";
import { compareResults, formatDivergences } from "../tests/kernel/diff/compare.ts";
import { diffSkipReason } from "../tests/kernel/diff/env.ts";
import { generateCase, generateCases } from "../tests/kernel/diff/generate.ts";
import { caseMix, formatMix } from "../tests/kernel/diff/mix.ts";
import { loadReplay } from "../tests/kernel/diff/nfsim.ts";
import type { Case } from "../src/cli/replay/schema.ts";
import { defaultParallel, runOnKernelPool, type KernelOutcome } from "../tests/kernel/diff/pool.ts";
import { agreementReport, agrees, explain, verdictOf } from "../tests/kernel/diff/verdict.ts";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`diff-run: --${name} needs a whole number`);
    process.exit(2);
  }
  return v;
}

const seed = option("seed", 1);
const reason = diffSkipReason();
const nfsim = await loadReplay();

async function oneCase(index: number): Promise<void> {
  const g = generateCase(seed, index);
  console.log(JSON.stringify(g.case, null, 2));
  console.error(`tags: ${g.tags.join(" ")}`);
  if (reason !== undefined) return console.error(`not run on the kernel: ${reason}`);
  const [k] = await runOnKernelPool([g.case], { parallel: 1 });
  if (k?.run === undefined) return console.error(`kernel: ${k?.error ?? "no result"}`);
  console.error(`kernel result:\n${JSON.stringify(k.run.result)}`);
  if (nfsim.kind !== "ready") return console.error(`not compared: ${nfsim.why}`);
  const c = compareResults(k.run.result, await nfsim.replay(g.case));
  console.error(c.divergences.length === 0 ? "nfsim agrees" : formatDivergences(g.case.packets, c.divergences, 100));
}

function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

function loaded(file: string, cases: readonly Case[]): KernelOutcome[] {
  const saved = JSON.parse(readFileSync(file, "utf8")) as { seed: number; outcomes: KernelOutcome[] };
  if (saved.seed !== seed) throw new Error(`${file} holds seed ${String(saved.seed)}, not ${String(seed)}`);
  return cases.map((_c, i) => saved.outcomes[i] ?? { index: i, error: `not in ${file}`, attempts: 0 });
}

/** The cases without a kernel result run again (`--retry`, after a run disturbed by a busy machine). */
async function retried(outcomes: KernelOutcome[], cases: readonly Case[], parallel: number): Promise<KernelOutcome[]> {
  const missing = outcomes.filter((o) => o.run === undefined).map((o) => o.index);
  const again = await runOnKernelPool(missing.map((i) => cases[i] as Case), { parallel, tag: "x" });
  const out = [...outcomes];
  again.forEach((o, k) => {
    const i = missing[k] ?? 0;
    out[i] = { ...o, index: i };
  });
  return out;
}

/** The kernel's outcomes: run now, or read back with --load (and the missing ones run again with --retry); --save keeps them. */
async function kernelOutcomes(cases: readonly Case[], parallel: number): Promise<KernelOutcome[]> {
  const load = textOption("load");
  let outcomes = load !== undefined ? loaded(load, cases) : await runOnKernelPool(cases, { parallel });
  if (load !== undefined && process.argv.includes("--retry")) outcomes = await retried(outcomes, cases, parallel);
  const save = textOption("save");
  if (save !== undefined) writeFileSync(save, JSON.stringify({ seed, outcomes }));
  return outcomes;
}

async function manyCases(): Promise<void> {
  const n = option("cases", 300);
  const gens = generateCases(seed, n);
  if (process.argv.includes("--mix-only") || reason !== undefined) {
    if (reason !== undefined) console.log(`not run on the kernel: ${reason}`);
    return console.log(formatMix(caseMix(gens), n));
  }
  const parallel = option("parallel", defaultParallel());
  const start = performance.now();
  const kernel = await kernelOutcomes(gens.map((g) => g.case), parallel);
  const seconds = (performance.now() - start) / 1000;
  const ok = kernel.filter((k) => k.run !== undefined).length;
  console.log(`kernel: ${String(ok)}/${String(n)} cases in ${seconds.toFixed(1)} s with ${String(parallel)} workers (${((1000 * seconds) / n).toFixed(0)} ms a case)`);
  for (const k of kernel.filter((x) => x.error !== undefined)) console.log(`  case ${String(seed)}/${String(k.index)}: ${k.error ?? ""}`);
  if (nfsim.kind !== "ready") console.log(`no comparison: ${nfsim.why}`);
  else {
    const verdicts = [];
    for (const g of gens) verdicts.push(await verdictOf(g, kernel[g.index], nfsim.replay));
    console.log(agreementReport(gens, verdicts));
    const failing = verdicts.filter((v) => !agrees(v)).slice(0, option("first", 5));
    for (const v of failing) {
      const g = gens[v.index];
      if (g !== undefined) console.log(explain(g, v));
    }
  }
  console.log(formatMix(caseMix(gens, kernel.map((k) => k.run?.result)), n));
}

const single = process.argv.indexOf("--case");
if (single >= 0) await oneCase(option("case", 0));
else await manyCases();
