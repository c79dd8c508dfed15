// The host dumps of tests/host-dumps.test.ts, live: the real iptables 1.8.9 loads each in a
// private network namespace and its iptables-save prints the dump back (dates aside), as
// nfsim does. That is the spec for "saves back identical".
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kubeProxyDump } from "../../scripts/gen-kube-proxy-dump.ts";
import { runCommand } from "../../src/cli/run.ts";
import { newWorld } from "../../src/world/world.ts";
import { normaliseDates } from "../golden/case.ts";
import { kernelSkipReason } from "./env.ts";

const reason = kernelSkipReason();
if (reason) console.warn(`host dump checks skipped: ${reason}`);

const dumps: [string, () => string][] = [
  ["kube-proxy, 1,000 services", () => kubeProxyDump(1000)],
  ["docker host", () => readFileSync(new URL("../fixtures/docker-host.iptables-save", import.meta.url), "utf8")],
];

describe.skipIf(reason !== undefined)("host dumps, live against the real iptables", () => {
  it.each(dumps)("%s", (_name, make) => {
    const dump = make();
    const ns = `nfsim-dump-${String(process.pid)}`;
    execFileSync("ip", ["netns", "add", ns]);
    try {
      const restore = spawnSync("ip", ["netns", "exec", ns, "iptables-restore"], { encoding: "utf8", input: dump });
      expect({ stderr: restore.stderr, exit: restore.status }).toEqual({ stderr: "", exit: 0 });
      const real = spawnSync("ip", ["netns", "exec", ns, "iptables-save"], { encoding: "utf8", maxBuffer: 64 << 20 });
      expect(normaliseDates(real.stdout)).toBe(normaliseDates(dump));
      const world = newWorld();
      expect(runCommand(world, "iptables-restore", dump).exit).toBe(0);
      expect(normaliseDates(runCommand(world, "iptables-save").stdout)).toBe(normaliseDates(real.stdout));
    } finally {
      execFileSync("ip", ["netns", "del", ns]);
    }
  });
});
