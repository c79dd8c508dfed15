// The explanation cases on the real kernel: tests/fixtures/explain/live.sh builds each host
// in private namespaces, gathers it with `nfsim snapshot`'s script, sends the packets with
// scapy and records the host's counters and connections after each. nfsim then imports
// that fresh bundle, plays the same packets, and must leave the same counters and
// connections. With NFSIM_CAPTURE_EXPLAIN=1 the run also replaces the committed fixtures
// (tests/fixtures/explain/CASE.nfsim and CASE.observed/) that tests/explain.test.ts uses.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotScript } from "../../src/cli/snapshot/script.ts";
import { CASES, countedRules, expectSameAsKernel, FIXTURES, observedFiles, playCase } from "../explain-cases.ts";
import { kernelSkipReason } from "./env.ts";

function scapyMissing(): string | undefined {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import scapy.all"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "scapy is not importable by /usr/bin/python3";
  }
}

const skip = kernelSkipReason() ?? scapyMissing();
const work = mkdtempSync(join(tmpdir(), "nfsim-explain-"));
const snapshot = join(work, "snapshot.sh");
writeFileSync(snapshot, snapshotScript());
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the case on the kernel; the directory with its bundle and observations. */
function live(name: string): string {
  const out = join(work, name);
  mkdirSync(out, { recursive: true });
  execFileSync("sh", [join(FIXTURES, "live.sh"), name, out, snapshot], { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 });
  return out;
}

function capture(name: string, out: string, steps: readonly string[]): void {
  copyFileSync(join(out, "bundle.nfsim"), join(FIXTURES, `${name}.nfsim`));
  mkdirSync(join(FIXTURES, `${name}.observed`), { recursive: true });
  for (const s of steps) for (const ext of ["counters", "conntrack"]) copyFileSync(join(out, `${s}.${ext}`), join(FIXTURES, `${name}.observed`, `${s}.${ext}`));
}

/** What the kernel itself shows, before nfsim is asked: the fate of each case's key packet. */
const KERNEL_FACTS: Record<string, (out: string) => void> = {
  "rp-filter": (out) => {
    const spoofed = countedRules(observedFiles(out, "spoofed").counters);
    expect(spoofed).toEqual(["[1:28] -A PREROUTING -i eth0 -p udp -m udp --dport 53"]);
  },
  "ct-invalid": (out) => {
    expect(countedRules(observedFiles(out, "ack").counters)).toEqual(["[2:80] -A INPUT -m conntrack --ctstate INVALID -j DROP"]);
  },
  hairpin: (out) => {
    expect(observedFiles(out, "hairpin").conntrack).toMatch(/src=10\.4\.0\.2 dst=203\.0\.113\.1 sport=40000 dport=8080 \[UNREPLIED\] src=10\.4\.0\.3 dst=10\.4\.0\.1 sport=80/);
  },
  docker: (out) => {
    const counted = countedRules(observedFiles(out, "published").counters);
    expect(counted).toContain("[1:40] -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80");
    expect(counted.some((l) => l.includes("-A INPUT"))).toBe(false);
  },
  "kube-proxy": (out) => {
    expect(observedFiles(out, "clusterip").conntrack).toMatch(/dport=80 \[UNREPLIED\] src=10\.244\.(3\.47|0\.48|1\.49) dst=10\.0\.9\.1 sport=8080/);
  },
};

describe.skipIf(skip !== undefined)(`explanation cases on the real kernel${skip !== undefined ? ` (skipped: ${skip})` : ""}`, () => {
  for (const c of CASES) {
    it(`${c.name}: nfsim, importing the host's snapshot, leaves what the kernel left`, () => {
      const out = live(c.name);
      KERNEL_FACTS[c.name]?.(out);
      const { runs } = playCase(c, readFileSync(join(out, "bundle.nfsim"), "utf8"));
      expectSameAsKernel(c, runs, (s) => observedFiles(out, s));
      if (process.env.NFSIM_CAPTURE_EXPLAIN === "1") capture(c.name, out, c.steps.map((s) => s.name));
    });
  }
});
