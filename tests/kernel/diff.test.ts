// The differential test: generated cases (tests/kernel/diff/generate.ts) run on the real
// kernel in namespaces made for them and through nfsim's replay(), compared field by field.
// A divergence fails the case's test with the seed/index, the packet, the field, and the
// kernel's and nfsim's values. Numbers: NFSIM_DIFF_CASES (300), NFSIM_DIFF_SEED (1),
// NFSIM_DIFF_PARALLEL, or `npm run test:kernel -- --cases N --seed S` (tests/kernel/README.md).
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparable } from "./diff/compare.ts";
import { diffSettings, diffSkipReason } from "./diff/env.ts";
import { generateCases } from "./diff/generate.ts";
import { caseMix, formatMix } from "./diff/mix.ts";
import { loadReplay } from "./diff/nfsim.ts";
import { runOnKernelPool, type KernelOutcome } from "./diff/pool.ts";
import { agreementReport, agrees, explain, verdictOf, type CaseVerdict } from "./diff/verdict.ts";

const reason = diffSkipReason();
if (reason !== undefined) console.warn(`differential tests skipped: ${reason}`);
const settings = diffSettings();
const gens = generateCases(settings.seed, settings.cases);
const nfsim = await loadReplay();
if (nfsim.kind === "absent") console.warn(`differential comparison skipped: ${nfsim.why}; the kernel side runs alone`);

describe.skipIf(reason !== undefined)(`kernel vs nfsim on ${String(settings.cases)} generated cases (seed ${String(settings.seed)})`, () => {
  let kernel: KernelOutcome[] = [];
  const verdicts: CaseVerdict[] = [];
  let seconds = 0;

  beforeAll(async () => {
    const start = performance.now();
    kernel = await runOnKernelPool(gens.map((g) => g.case), { parallel: settings.parallel });
    seconds = (performance.now() - start) / 1000;
  }, 60 * 60_000);

  afterAll(() => {
    const runs = kernel.flatMap((k) => (k.run !== undefined ? [k.run] : []));
    const mean = runs.reduce((s, r) => s + r.wallMs, 0) / Math.max(1, runs.length);
    const drift = Math.max(0, ...runs.map((r) => r.driftMs));
    console.log([
      `kernel: ${String(runs.length)}/${String(gens.length)} cases in ${seconds.toFixed(1)} s with ${String(settings.parallel)} workers ` +
        `(${mean.toFixed(0)} ms a case, real time at most ${drift.toFixed(0)} ms ahead of virtual)`,
      formatMix(caseMix(gens, kernel.map((k) => k.run?.result)), gens.length),
      verdicts.length > 0 ? agreementReport(gens, verdicts) : `no comparison: ${nfsim.kind === "ready" ? "no case compared" : nfsim.why}`,
    ].join("\n"));
  });

  it("runs every generated case on the kernel, undisturbed", () => {
    const failed = kernel.filter((k) => k.error !== undefined).map((k) => `case ${String(settings.seed)}/${String(k.index)}: ${k.error ?? ""}`);
    expect(failed).toEqual([]);
  });

  it(`gives the same kernel result twice for the first ${String(settings.determinism)} cases`, async () => {
    const first = gens.slice(0, settings.determinism);
    const again = await runOnKernelPool(first.map((g) => g.case), { parallel: settings.parallel, tag: "r" });
    const differing = first.filter((_g, i) => {
      const a = kernel[i]?.run?.result;
      const b = again[i]?.run?.result;
      return a !== undefined && b !== undefined && !isDeepStrictEqual(comparable(a), comparable(b));
    });
    expect(differing.map((g) => `case ${String(g.seed)}/${String(g.index)}`)).toEqual([]);
  }, 10 * 60_000);

  describe.skipIf(nfsim.kind === "absent")("nfsim's replay() agrees with the kernel", () => {
    it("loads replay() from src/cli/replay/replay.ts", () => {
      expect(nfsim.kind === "broken" ? nfsim.why : "").toBe("");
    });

    for (const g of gens) {
      it(`case ${String(g.seed)}/${String(g.index)}`, async () => {
        if (nfsim.kind !== "ready") throw new Error(nfsim.kind === "broken" ? nfsim.why : "replay() is missing");
        const v = await verdictOf(g, kernel[g.index], nfsim.replay);
        verdicts.push(v);
        if (!agrees(v)) throw new Error(explain(g, v));
      });
    }
  });
});
