// Replays transcripts captured from the real ipset 7.17 and iptables 1.8.9
// (scripts/capture-ipset-goldens.sh) through nfsim, command by command: stdout, stderr and
// exit status must be byte-identical once what the kernel makes random is normalised:
// a hash set's initval, its "Size in memory" (bucket allocations follow the random hash),
// and the order of its members (bucket order). `sleep N` advances the virtual clock.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCommand } from "../src/cli/run.ts";
import { newWorld } from "../src/world/world.ts";
import type { GoldenStep } from "./golden/case.ts";
import { normaliseIpset as normalise } from "./golden/ipset-normalise.ts";

const dir = new URL("./golden/ipset/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

describe("golden transcripts of the real ipset", () => {
  it("has transcripts to replay", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s", (file) => {
    const { steps } = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { steps: GoldenStep[] };
    const world = newWorld();
    steps.forEach((step, i) => {
      const sleep = /^sleep (\d+)$/.exec(step.cmd);
      if (sleep) {
        world.clock += Number(sleep[1]) * 1000;
        return;
      }
      const got = runCommand(world, step.cmd, step.stdin ?? "");
      const sorted = / -s /.test(` ${step.cmd} `);
      expect({ step: i + 1, cmd: step.cmd, stdout: normalise(got.stdout, sorted), stderr: got.stderr, exit: got.exit }).toEqual({
        step: i + 1,
        cmd: step.cmd,
        stdout: normalise(step.stdout, sorted),
        stderr: step.stderr,
        exit: step.exit,
      });
    });
  });
});
