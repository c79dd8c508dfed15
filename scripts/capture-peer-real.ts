// Runs iptables' own rule-spec tests (../shared/peer-tests/iptables/extensions) against the
// real iptables in a private network namespace and records, for every line where the real
// tool does not do what the line expects, what it did instead: tests/peer-iptables-real.json.
// Needs root and the real iptables 1.8.9 (nf_tables). Usage: npx tsx scripts/capture-peer-real.ts
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIpv4File, judge, observe, parsePeerFile, type Exec, type Observation } from "../src/cli/peer/iptables-peer.ts";

const dir = new URL("../../shared/peer-tests/iptables/extensions/", import.meta.url);
const out = new URL("../tests/peer-iptables-real.json", import.meta.url);
const ns = `nfsim-peer-${String(process.pid)}`;

const exec: Exec = (cmd) => {
  const r = spawnSync("ip", ["netns", "exec", ns, "sh", "-c", cmd], { encoding: "utf8" });
  return { exit: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
};

const differences: Record<string, Observation> = {};
let total = 0;
let passed = 0;
execFileSync("ip", ["netns", "add", ns]);
try {
  for (const file of readdirSync(dir).filter(isIpv4File).sort()) {
    for (const line of parsePeerFile(readFileSync(new URL(file, dir), "utf8"))) {
      exec("nft flush ruleset");
      const seen = observe(exec, line);
      total++;
      if (judge(line, seen) === undefined) passed++;
      else differences[`${file}:${String(line.line)}`] = seen;
    }
  }
} finally {
  execFileSync("ip", ["netns", "del", ns]);
}
writeFileSync(out, `${JSON.stringify(differences, null, 1)}\n`);
console.log(`the real iptables passes ${String(passed)}/${String(total)} lines; ${String(total - passed)} differences recorded`);
