import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/run.ts";
import { newWorld } from "../../src/world/world.ts";
import { kernelSkipReason } from "./env.ts";

const reason = kernelSkipReason();
if (reason) console.warn(`kernel tests skipped: ${reason}`);
const ns = `nfsim-smoke-${String(process.pid)}`;

describe.skipIf(reason !== undefined)("nfsim agrees with the real iptables", () => {
  beforeAll(() => execFileSync("ip", ["netns", "add", ns]));
  afterAll(() => execFileSync("ip", ["netns", "del", ns]));

  it("prints the same -S after the same commands", () => {
    const world = newWorld();
    const commands = [
      "iptables -N SERVICES",
      "iptables -A INPUT -s 10.0.0.0/255.255.255.0 -p tcp --dport 22 -j ACCEPT",
      "iptables -A INPUT -j SERVICES",
      "iptables -I SERVICES -p tcp --dport 53 -j ACCEPT",
      "iptables -P FORWARD DROP",
    ];
    for (const c of commands) {
      execFileSync("ip", ["netns", "exec", ns, "sh", "-c", c]);
      expect(runCommand(world, c).exit).toBe(0);
    }
    const real = execFileSync("ip", ["netns", "exec", ns, "iptables", "-S"], { encoding: "utf8" });
    expect(runCommand(world, "iptables -S").stdout).toBe(real);
  });
});
