// What the golden tests (tests/golden-*.test.ts) and their reports (scripts/golden-*report.ts)
// share: the transcripts of a folder, read in name order, and the replay of iptables and
// ipset transcripts through one nfsim world that lives for the whole case. Free of vitest,
// so that the report scripts can run it; the tests' suite is in ./describe-transcripts.ts.
import { readdirSync, readFileSync } from "node:fs";
import { runCommand } from "../../src/cli/run.ts";
import { newWorld } from "../../src/world/world.ts";
import type { GoldenStep } from "./case.ts";

export interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
}

/** The NAME.json transcripts of `dir`, sorted. */
export function transcriptFiles(dir: URL): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
}

/** The steps of one transcript. */
export function readSteps<S>(dir: URL, file: string): S[] {
  return (JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { steps: S[] }).steps;
}

export interface ReplayOptions {
  /** `sleep N` advances the world's virtual clock by N seconds instead of running. */
  readonly sleepAdvancesClock?: boolean;
  /** What a step that throws printed (the reports go on; the tests let it throw). */
  readonly onCrash?: (e: unknown) => Outcome;
}

/** Runs the steps in order on one fresh world and hands each step and what nfsim printed to `check`. */
export function replayOnWorld(
  steps: readonly GoldenStep[],
  check: (step: GoldenStep, i: number, got: Outcome) => void,
  opts: ReplayOptions = {},
): void {
  const world = newWorld();
  steps.forEach((step, i) => {
    const sleep = opts.sleepAdvancesClock === true ? /^sleep (\d+)$/.exec(step.cmd) : null;
    if (sleep) {
      world.clock += Number(sleep[1]) * 1000;
      return;
    }
    check(step, i, run(world, step, opts.onCrash));
  });
}

function run(world: ReturnType<typeof newWorld>, step: GoldenStep, onCrash: ReplayOptions["onCrash"]): Outcome {
  if (onCrash === undefined) return runCommand(world, step.cmd, step.stdin ?? "");
  try {
    return runCommand(world, step.cmd, step.stdin ?? "");
  } catch (e) {
    return onCrash(e);
  }
}
