// Replays every ip golden transcript and reports how many steps match, printing the
// mismatches (`--all` for every one, default the first per case). For fixing, not for CI.
import { readdirSync, readFileSync } from "node:fs";
import { normaliseMacs, type IpTranscript } from "../tests/ip-golden.ts";
import { replayIpCase } from "../tests/ip-golden-replay.ts";

const dir = new URL("../tests/golden/ip/", import.meta.url);
const all = process.argv.includes("--all");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
let total = 0;
let good = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  const { steps } = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as IpTranscript;
  const want = normaliseMacs(steps);
  let got;
  try {
    got = normaliseMacs(replayIpCase(steps.map((s) => s.cmd)));
  } catch (e) {
    console.log(`${file}: CRASH ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    total += steps.length;
    continue;
  }
  let ok = 0;
  let shown = false;
  for (const [i, w] of want.entries()) {
    const g = got[i];
    const same = g !== undefined && g.stdout === w.stdout && g.stderr === w.stderr && g.exit === w.exit;
    if (same) ok++;
    else if (all || !shown) {
      shown = true;
      console.log(`--- ${file} step ${String(i + 1)}: ${w.cmd}`);
      if (g?.stdout !== w.stdout) console.log(`want stdout:\n${w.stdout}got stdout:\n${g?.stdout ?? ""}`);
      if (g?.stderr !== w.stderr) console.log(`want stderr: ${JSON.stringify(w.stderr)}\ngot stderr:  ${JSON.stringify(g?.stderr)}`);
      if (g?.exit !== w.exit) console.log(`want exit ${String(w.exit)}, got ${String(g?.exit)}`);
    }
  }
  total += steps.length;
  good += ok;
  console.log(`${file}: ${String(ok)}/${String(steps.length)}`);
}
console.log(`total: ${String(good)}/${String(total)} steps match`);
