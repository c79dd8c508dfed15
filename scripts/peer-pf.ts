// `npx tsx scripts/peer-pf.ts`: pfctl's parse-and-print tests (../shared/peer-tests/pf/)
// through nfsim's `pfctl -nvf`, with the pass rate of the files macOS's syntax covers and,
// apart, of the files using syntax macOS lacks. `--verbose` shows the differences,
// `--update-floor` raises tests/peer-pf-floor.json to the files passing now.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runPfPeer, type PeerResult } from "../src/cli/peer/pf-peer.ts";

const root = new URL("../../shared/peer-tests/pf/", import.meta.url).pathname;
const floorFile = new URL("../tests/peer-pf-floor.json", import.meta.url);
const verbose = process.argv.includes("--verbose");

if (!existsSync(root)) {
  console.error("peer tests not found: ../shared/peer-tests/pf");
  process.exit(2);
}

function readOr(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

const results: PeerResult[] = [];
for (const sub of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const dir = join(root, sub.name);
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".in")).sort()) {
    const name = f.slice(0, -3);
    results.push(runPfPeer(name, readFileSync(join(dir, f), "utf8"), readOr(join(dir, `${name}.ok`)), existsSync(join(dir, `${name}.fail`)), (p) => readOr(join(dir, p))));
  }
}

function rate(rs: readonly PeerResult[], title: string): void {
  const ok = rs.filter((r) => r.pass).length;
  console.log(`${title.padEnd(34)} ${String(ok).padStart(4)}/${String(rs.length).padEnd(4)} ${(rs.length === 0 ? 100 : (100 * ok) / rs.length).toFixed(1).padStart(5)}%`);
}

for (const r of results) {
  console.log(`${r.file.padEnd(10)} ${r.pass ? "pass" : "FAIL"}${r.macos ? "" : `  (not macOS syntax: ${r.lacks ?? ""})`}`);
  if (verbose && !r.pass) console.log(`  expected:\n${r.expected.replace(/^/gm, "    ")}  got:\n${r.actual.replace(/^/gm, "    ")}  stderr:\n${r.stderr.replace(/^/gm, "    ")}`);
}
rate(results.filter((r) => r.macos), "files in macOS's syntax");
rate(results.filter((r) => !r.macos), "files using syntax macOS lacks");
if (process.argv.includes("--update-floor")) {
  const floor = existsSync(floorFile) ? (JSON.parse(readFileSync(floorFile, "utf8")) as Record<string, boolean>) : {};
  for (const r of results) if (r.pass) floor[r.file] = true;
  writeFileSync(floorFile, `${JSON.stringify(Object.fromEntries(Object.entries(floor).sort()), null, 2)}\n`);
}
