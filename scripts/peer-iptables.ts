// `npm run peer`: iptables' own rule-spec tests (../shared/peer-tests/iptables/extensions)
// through nfsim, with the pass rate per file. `--verbose` lists failing lines,
// `--update-floor` raises tests/peer-iptables-floor.json to the current counts.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIpv4File, runPeerFile, type Observation } from "../src/cli/peer/iptables-peer.ts";

const dir = new URL("../../shared/peer-tests/iptables/extensions/", import.meta.url);
const floorFile = new URL("../tests/peer-iptables-floor.json", import.meta.url);
const real = JSON.parse(readFileSync(new URL("../tests/peer-iptables-real.json", import.meta.url), "utf8")) as Record<string, Observation>;
const verbose = process.argv.includes("--verbose");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));

if (!existsSync(dir)) {
  console.error("peer tests not found: ../shared/peer-tests/iptables/extensions");
  process.exit(2);
}
const results = readdirSync(dir)
  .filter(isIpv4File)
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => runPeerFile(f, readFileSync(new URL(f, dir), "utf8"), real));
let pass = 0;
let total = 0;
for (const r of results) {
  const ok = r.lines.filter((l) => l.pass).length;
  pass += ok;
  total += r.lines.length;
  const rate = r.lines.length === 0 ? 100 : (100 * ok) / r.lines.length;
  console.log(`${r.file.padEnd(24)} ${String(ok).padStart(4)}/${String(r.lines.length).padEnd(4)} ${rate.toFixed(1).padStart(5)}%`);
  if (verbose) for (const l of r.lines.filter((x) => !x.pass)) console.log(`    line ${String(l.line)}: ${l.text}\n        ${l.reason ?? ""}`);
}
console.log(`${"all IPv4 files".padEnd(24)} ${String(pass).padStart(4)}/${String(total).padEnd(4)} ${((100 * pass) / Math.max(total, 1)).toFixed(1).padStart(5)}%`);
if (process.argv.includes("--update-floor")) {
  const floor = existsSync(floorFile) ? (JSON.parse(readFileSync(floorFile, "utf8")) as Record<string, number>) : {};
  for (const r of results) floor[r.file] = Math.max(floor[r.file] ?? 0, r.lines.filter((l) => l.pass).length);
  writeFileSync(floorFile, `${JSON.stringify(Object.fromEntries(Object.entries(floor).sort()), null, 2)}\n`);
}
