// Whether this machine can run the differential harness, and the run's numbers.
import { execFileSync } from "node:child_process";
import { kernelSkipReason } from "../env.ts";
import { PYTHON } from "./injector.ts";
import { defaultParallel } from "./pool.ts";

function works(cmd: string, args: readonly string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Undefined when the harness can run, else why not (root, iptables 1.8.9, ip netns, conntrack, scapy). */
export function diffSkipReason(): string | undefined {
  const base = kernelSkipReason();
  if (base !== undefined) return base;
  if (!works("conntrack", ["--version"])) return "conntrack (conntrack-tools) is not installed";
  if (!works(PYTHON, ["-c", "import scapy.layers.inet"])) return `${PYTHON} cannot import scapy (python3-scapy is not installed)`;
  return undefined;
}

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${v}: expected a whole number`);
  return n;
}

/** How many cases, which seed, how many workers: NFSIM_DIFF_CASES, NFSIM_DIFF_SEED, NFSIM_DIFF_PARALLEL. */
export function diffSettings(): { cases: number; seed: number; parallel: number; determinism: number } {
  const cases = envInt("NFSIM_DIFF_CASES", 300);
  return {
    cases,
    seed: envInt("NFSIM_DIFF_SEED", 1),
    parallel: envInt("NFSIM_DIFF_PARALLEL", defaultParallel()) || defaultParallel(),
    determinism: Math.min(cases, envInt("NFSIM_DIFF_DETERMINISM", 20)),
  };
}
