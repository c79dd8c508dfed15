// The report loop that scripts/golden-report.ts (iptables) and golden-ip-report.ts share:
// replay every transcript of a folder (or those whose names contain an argument), count the
// steps that match, and print the mismatches (`--all` for every one, default the first per
// case). For fixing, not for CI.
import { readSteps, transcriptFiles, type Outcome } from "../tests/golden/transcripts.ts";

export interface ReplayedStep {
  readonly cmd: string;
  readonly want: Outcome;
  readonly got: Outcome | undefined;
}

interface Options<S> {
  readonly dir: URL;
  /** Each step with what the real tool and nfsim printed; throwing counts the case as crashed. */
  readonly replay: (steps: S[]) => ReplayedStep[];
  /** Applied to both stdouts before they are compared (not when printed). */
  readonly normaliseStdout?: (text: string) => string;
}

function printMismatch(file: string, i: number, s: ReplayedStep, stdoutSame: boolean): void {
  const { want: w, got: g } = s;
  console.log(`--- ${file} step ${String(i + 1)}: ${s.cmd}`);
  if (!stdoutSame) console.log(`want stdout:\n${w.stdout}got stdout:\n${g?.stdout ?? ""}`);
  if (g?.stderr !== w.stderr) console.log(`want stderr: ${JSON.stringify(w.stderr)}\ngot stderr:  ${JSON.stringify(g?.stderr)}`);
  if (g?.exit !== w.exit) console.log(`want exit ${String(w.exit)}, got ${String(g?.exit)}`);
}

/** The matching steps of one case, its mismatches printed. */
function reportCase(file: string, replayed: readonly ReplayedStep[], all: boolean, norm: (t: string) => string): number {
  let ok = 0;
  let shown = false;
  for (const [i, s] of replayed.entries()) {
    const stdoutSame = s.got !== undefined && norm(s.got.stdout) === norm(s.want.stdout);
    if (stdoutSame && s.got?.stderr === s.want.stderr && s.got.exit === s.want.exit) ok++;
    else if (all || !shown) {
      shown = true;
      printMismatch(file, i, s, stdoutSame);
    }
  }
  return ok;
}

export function reportGoldens<S>(opts: Options<S>): void {
  const all = process.argv.includes("--all");
  const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const norm = opts.normaliseStdout ?? ((t: string) => t);
  let total = 0;
  let good = 0;
  for (const file of transcriptFiles(opts.dir)) {
    if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
    const steps = readSteps<S>(opts.dir, file);
    total += steps.length;
    let replayed;
    try {
      replayed = opts.replay(steps);
    } catch (e) {
      console.log(`${file}: CRASH ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      continue;
    }
    const ok = reportCase(file, replayed, all, norm);
    good += ok;
    console.log(`${file}: ${String(ok)}/${String(steps.length)}`);
  }
  console.log(`total: ${String(good)}/${String(total)} steps match`);
}
