// Shows, per net golden case, how nfsim's transcript differs from the real one (normalised
// as the replay test compares them): `npx tsx scripts/golden-net-report.ts [CASE...]`.
import { readdirSync, readFileSync } from "node:fs";
import { normaliseNet, type NetTranscript } from "../tests/net-golden.ts";
import { replayNetCase } from "../tests/net-golden-replay.ts";

const dir = new URL("../tests/golden/net/", import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && (wanted.length === 0 || wanted.includes(f.replace(/\.json$/, ""))));

function diff(label: string, want: string, got: string): number {
  if (want === got) return 0;
  const w = want.split("\n");
  const g = got.split("\n");
  for (let i = 0; i < Math.max(w.length, g.length); i++) {
    if (w[i] === g[i]) continue;
    process.stdout.write(`  ${label} line ${String(i + 1)}:\n    real:  ${JSON.stringify(w[i])}\n    nfsim: ${JSON.stringify(g[i])}\n`);
    return 1;
  }
  return 1;
}

let failing = 0;
for (const f of files.sort()) {
  const real = JSON.parse(readFileSync(new URL(f, dir), "utf8")) as NetTranscript;
  const path = new URL(`cases/${real.case}.sh`, dir).pathname;
  const script = readFileSync(path, "utf8");
  const want = normaliseNet(script, real);
  const got = normaliseNet(script, replayNetCase(path));
  const bad = diff("stdout", want.stdout, got.stdout) + diff("stderr", want.stderr, got.stderr) + (want.exit === got.exit ? 0 : 1);
  if (want.exit !== got.exit) process.stdout.write(`  exit: real ${String(want.exit)}, nfsim ${String(got.exit)}\n`);
  process.stdout.write(`${bad === 0 ? "ok  " : "FAIL"} ${real.case}\n`);
  if (bad) failing++;
}
process.stdout.write(`${String(files.length - failing)}/${String(files.length)} cases match\n`);
