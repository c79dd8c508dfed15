// Replays every golden transcript and reports how many steps match, printing the
// mismatches (`--all` for every one, default the first per case). For fixing, not for CI.
import { readdirSync, readFileSync } from "node:fs";
import { runCommand } from "../src/cli/run.ts";
import { newWorld } from "../src/world/world.ts";
import { normaliseDates as norm, type GoldenStep } from "../tests/golden/case.ts";

const dir = new URL("../tests/golden/iptables/", import.meta.url);
const all = process.argv.includes("--all");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
let total = 0;
let good = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  const { steps } = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { steps: GoldenStep[] };
  const world = newWorld();
  let ok = 0;
  let shown = false;
  for (const [i, s] of steps.entries()) {
    let got;
    try {
      got = runCommand(world, s.cmd, s.stdin ?? "");
    } catch (e) {
      got = { stdout: "", stderr: `CRASH ${String(e)}\n`, exit: -1 };
    }
    const same = norm(got.stdout) === norm(s.stdout) && got.stderr === s.stderr && got.exit === s.exit;
    if (same) ok++;
    else if (all || !shown) {
      shown = true;
      console.log(`--- ${file} step ${String(i + 1)}: ${s.cmd}`);
      if (norm(got.stdout) !== norm(s.stdout)) console.log(`want stdout:\n${s.stdout}got stdout:\n${got.stdout}`);
      if (got.stderr !== s.stderr) console.log(`want stderr: ${JSON.stringify(s.stderr)}\ngot stderr:  ${JSON.stringify(got.stderr)}`);
      if (got.exit !== s.exit) console.log(`want exit ${String(s.exit)}, got ${String(got.exit)}`);
    }
  }
  total += steps.length;
  good += ok;
  console.log(`${file}: ${String(ok)}/${String(steps.length)}`);
}
console.log(`total: ${String(good)}/${String(total)} steps match`);
