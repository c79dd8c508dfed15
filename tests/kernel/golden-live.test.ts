// Runs every golden case script against the real iptables in a private network namespace
// and through nfsim, live: the captured transcripts must still be what the kernel prints,
// and nfsim must print the same.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/run.ts";
import { newWorld } from "../../src/world/world.ts";
import { normaliseDates as norm, parseCase } from "../golden/case.ts";
import { kernelSkipReason } from "./env.ts";

const reason = kernelSkipReason();
if (reason) console.warn(`kernel golden cases skipped: ${reason}`);
const dir = new URL("../golden/iptables/cases/", import.meta.url);
const cases = reason ? [] : readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();

describe.skipIf(reason !== undefined)("golden cases, live against the real iptables", () => {
  it.each(cases)("%s", (file) => {
    const ns = `nfsim-live-${String(process.pid)}`;
    execFileSync("ip", ["netns", "add", ns]);
    try {
      const world = newWorld();
      for (const step of parseCase(readFileSync(new URL(file, dir), "utf8"))) {
        const real = spawnSync("ip", ["netns", "exec", ns, "sh", "-c", step.cmd], { encoding: "utf8", input: step.stdin ?? "" });
        const got = runCommand(world, step.cmd, step.stdin ?? "");
        expect({ cmd: step.cmd, stdout: norm(got.stdout), stderr: got.stderr, exit: got.exit }).toEqual({
          cmd: step.cmd,
          stdout: norm(real.stdout),
          stderr: real.stderr,
          exit: real.status,
        });
      }
    } finally {
      execFileSync("ip", ["netns", "del", ns]);
    }
  });
});
