// Every ipset golden case script, live: run against the real ipset 7.17 (and iptables) in a
// private network namespace and through nfsim, step by step, with the normalisation of
// tests/golden-ipset.test.ts (what the kernel makes random: initval, hash memory, hash order).
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/run.ts";
import { newWorld } from "../../src/world/world.ts";
import { parseCase } from "../golden/case.ts";
import { normaliseIpset } from "../golden/ipset-normalise.ts";
import { kernelSkipReason } from "./env.ts";

function ipsetSkipReason(): string | undefined {
  const base = kernelSkipReason();
  if (base !== undefined) return base;
  try {
    const version = execFileSync("ipset", ["version"], { encoding: "utf8" });
    return version.startsWith("ipset v7.17,") ? undefined : `real ipset is ${version.trim()}, not v7.17`;
  } catch {
    return "ipset is not installed";
  }
}

const reason = ipsetSkipReason();
if (reason) console.warn(`ipset golden cases skipped: ${reason}`);
const dir = new URL("../golden/ipset/cases/", import.meta.url);
const cases = reason ? [] : readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();

/**
 * The seconds an element has left run on the kernel's jiffies: an element listed in the same
 * tick as it was added still shows its whole timeout (60), one tick later 59, and on a loaded
 * machine the real clock may have run a second past nfsim's virtual one. A real member line
 * whose only difference from nfsim's is a "timeout N" one second either side takes nfsim's N;
 * headers ("Header: ... timeout 60") never differ, and nothing else is changed.
 */
function alignElementTimeouts(real: string, sim: string): string {
  const simLines = sim.split("\n");
  const pattern = /^(.* timeout )(\d+)(.*)$/;
  return real
    .split("\n")
    .map((line, i) => {
      const r = pattern.exec(line);
      const s = pattern.exec(simLines[i] ?? "");
      if (r === null || s === null || line.startsWith("Header: ") || r[1] !== s[1] || r[3] !== s[3]) return line;
      return Math.abs(Number(r[2]) - Number(s[2])) === 1 ? (simLines[i] ?? line) : line;
    })
    .join("\n");
}

function teardown(ns: string): void {
  const clear = "iptables-restore < /dev/null; for t in filter mangle nat raw; do iptables -t $t -F; iptables -t $t -X; done; ipset flush; ipset destroy";
  spawnSync("ip", ["netns", "exec", ns, "sh", "-c", clear], { stdio: "ignore" });
  execFileSync("ip", ["netns", "del", ns]);
}

describe.skipIf(reason !== undefined)("ipset golden cases, live against the real ipset", () => {
  it.each(cases)("%s", (file) => {
    const ns = `nfsim-ipset-live-${String(process.pid)}`;
    execFileSync("ip", ["netns", "add", ns]);
    try {
      const world = newWorld();
      for (const step of parseCase(readFileSync(new URL(file, dir), "utf8"))) {
        const real = spawnSync("ip", ["netns", "exec", ns, "sh", "-c", step.cmd], { encoding: "utf8", input: step.stdin ?? "" });
        const sleep = /^sleep (\d+)$/.exec(step.cmd);
        if (sleep) {
          world.clock += Number(sleep[1]) * 1000;
          continue;
        }
        const got = runCommand(world, step.cmd, step.stdin ?? "");
        const sorted = / -s /.test(` ${step.cmd} `);
        expect({ cmd: step.cmd, stdout: normaliseIpset(got.stdout, sorted), stderr: got.stderr, exit: got.exit }).toEqual({
          cmd: step.cmd,
          stdout: alignElementTimeouts(normaliseIpset(real.stdout, sorted), normaliseIpset(got.stdout, sorted)),
          stderr: real.stderr,
          exit: real.status,
        });
      }
    } finally {
      teardown(ns);
    }
  });
});
