// The capture loop that scripts/capture-iptables-goldens.ts and capture-ipset-goldens.ts
// share: each case file CASES/NAME.sh runs against the real tools in a fresh private network
// namespace (so each starts from an empty ruleset and no sets), and what every step printed
// is written to NAME.json beside the cases directory. The case format is tests/golden/case.ts.
// (The ip goldens are captured differently, in a private mount and network namespace made
// by unshare, since their cases create namespaces of their own: scripts/capture-ip-goldens.sh.)
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseCase, type CaseStep, type GoldenStep } from "../tests/golden/case.ts";

export interface CaptureOptions {
  /** The folder with the NAME.json transcripts and the cases/ folder. */
  readonly goldenDir: URL;
  /** The namespaces are named PREFIX-PID-INDEX. */
  readonly namespacePrefix: string;
  /** A shell command run in the namespace before it is deleted, when state outlives it. */
  readonly teardown?: string;
  /** Throws unless the installed tools are the versions the transcripts mirror. */
  readonly checkVersions: () => void;
}

/** Namespaces created and not yet deleted: removed on every way out. */
const live = new Set<string>();

function deleteNamespace(ns: string, teardown: string | undefined): void {
  if (!live.delete(ns)) return;
  if (teardown !== undefined) spawnSync("ip", ["netns", "exec", ns, "sh", "-c", teardown], { stdio: "ignore" });
  spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
}

function cleanUpOnExit(teardown: string | undefined): void {
  const cleanUp = () => {
    for (const ns of [...live]) deleteNamespace(ns, teardown);
  };
  process.on("exit", cleanUp);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      cleanUp();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
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

function capture(opts: CaptureOptions, name: string, index: number): number {
  const steps = parseCase(readFileSync(new URL(`cases/${name}.sh`, opts.goldenDir), "utf8"));
  const ns = `${opts.namespacePrefix}-${String(process.pid)}-${String(index)}`;
  execFileSync("ip", ["netns", "add", ns]);
  live.add(ns);
  try {
    const captured = steps.map((step) => runStep(ns, step));
    const out = new URL(`${name}.json`, opts.goldenDir);
    const tmp = new URL(`.${name}.json.tmp`, opts.goldenDir);
    writeFileSync(tmp, `${JSON.stringify({ steps: captured }, null, 2)}\n`);
    renameSync(tmp, out);
    return captured.length;
  } finally {
    deleteNamespace(ns, opts.teardown);
  }
}

/** Captures the cases named on the command line, or every case. */
export function captureGoldens(opts: CaptureOptions): void {
  cleanUpOnExit(opts.teardown);
  if (process.getuid?.() !== 0) throw new Error("capture needs root (it creates network namespaces)");
  opts.checkVersions();
  const caseDir = new URL("cases/", opts.goldenDir);
  const all = readdirSync(caseDir).filter((f) => f.endsWith(".sh")).map((f) => f.slice(0, -3)).sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) throw new Error(`no such case: ${unknown.join(", ")}`);
  const names = wanted.length > 0 ? wanted : all;
  names.forEach((name, i) => console.log(`${name}: ${String(capture(opts, name, i))} steps`));
}

/** Throws unless `iptables --version` is the one the transcripts mirror. */
export function checkIptablesVersion(): void {
  const version = execFileSync("iptables", ["--version"], { encoding: "utf8" }).trim();
  if (version !== "iptables v1.8.9 (nf_tables)") throw new Error(`the goldens mirror iptables v1.8.9 (nf_tables), not ${version}`);
}
