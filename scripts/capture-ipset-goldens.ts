// Runs each ipset golden case against the real ipset 7.17 and iptables 1.8.9, in a fresh
// private network namespace per case (sets and rules start empty), and writes what every
// step printed. Started by scripts/capture-ipset-goldens.sh; the case format is
// tests/golden/case.ts. A step `sleep N` really waits, so that element timeouts run down.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseCase, type CaseStep, type GoldenStep } from "../tests/golden/case.ts";

const goldenDir = new URL("../tests/golden/ipset/", import.meta.url);
const caseDir = new URL("cases/", goldenDir);

/** Namespaces created and not yet deleted: removed on every way out. */
const live = new Set<string>();

function deleteNamespace(ns: string): void {
  if (!live.delete(ns)) return;
  // Rules hold references on sets, and sets on each other: both go before the namespace.
  spawnSync("ip", ["netns", "exec", ns, "sh", "-c", "iptables-restore < /dev/null; iptables -F; iptables -t mangle -F; iptables -t raw -F; iptables -t nat -F; ipset flush; ipset destroy"], { stdio: "ignore" });
  spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
}

function cleanUp(): void {
  for (const ns of [...live]) deleteNamespace(ns);
}

process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
  });
}

function runStep(ns: string, step: CaseStep): GoldenStep {
  const real = spawnSync("ip", ["netns", "exec", ns, "sh", "-c", step.cmd], { encoding: "utf8", input: step.stdin ?? "" });
  if (real.error) throw real.error;
  if (real.status === null) throw new Error(`${step.cmd}: killed by ${String(real.signal)}`);
  return {
    cmd: step.cmd,
    ...(step.stdin !== undefined ? { stdin: step.stdin } : {}),
    stdout: real.stdout,
    stderr: real.stderr,
    exit: real.status,
  };
}

function capture(name: string, index: number): number {
  const steps = parseCase(readFileSync(new URL(`${name}.sh`, caseDir), "utf8"));
  const ns = `nfsim-ipset-${String(process.pid)}-${String(index)}`;
  execFileSync("ip", ["netns", "add", ns]);
  live.add(ns);
  try {
    const captured = steps.map((step) => runStep(ns, step));
    const out = new URL(`${name}.json`, goldenDir);
    const tmp = new URL(`.${name}.json.tmp`, goldenDir);
    writeFileSync(tmp, `${JSON.stringify({ steps: captured }, null, 2)}\n`);
    renameSync(tmp, out);
    return captured.length;
  } finally {
    deleteNamespace(ns);
  }
}

function main(): void {
  if (process.getuid?.() !== 0) throw new Error("capture needs root (it creates network namespaces)");
  const ipset = execFileSync("ipset", ["version"], { encoding: "utf8" }).trim();
  if (!ipset.startsWith("ipset v7.17,")) throw new Error(`the goldens mirror ipset v7.17, not ${ipset}`);
  const iptables = execFileSync("iptables", ["--version"], { encoding: "utf8" }).trim();
  if (iptables !== "iptables v1.8.9 (nf_tables)") throw new Error(`the goldens mirror iptables v1.8.9 (nf_tables), not ${iptables}`);
  const all = readdirSync(caseDir).filter((f) => f.endsWith(".sh")).map((f) => f.slice(0, -3)).sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) throw new Error(`no such case: ${unknown.join(", ")}`);
  const names = wanted.length > 0 ? wanted : all;
  names.forEach((name, i) => console.log(`${name}: ${String(capture(name, i))} steps`));
}

main();
