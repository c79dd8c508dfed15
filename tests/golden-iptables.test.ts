// Replays transcripts captured from the real iptables 1.8.9 (scripts/capture-iptables-goldens.sh)
// through nfsim, command by command: stdout, stderr and exit status must be byte-identical.
// Only iptables-save's date lines are normalised.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCommand } from "../src/cli/run.ts";
import { newWorld } from "../src/world/world.ts";
import { normaliseDates as normalise, type GoldenStep } from "./golden/case.ts";

const dir = new URL("./golden/iptables/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

describe("golden transcripts of the real iptables", () => {
  it("has transcripts to replay", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s", (file) => {
    const { steps } = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { steps: GoldenStep[] };
    const world = newWorld();
    steps.forEach((step, i) => {
      const got = runCommand(world, step.cmd, step.stdin ?? "");
      expect({ step: i + 1, cmd: step.cmd, stdout: normalise(got.stdout), stderr: got.stderr, exit: got.exit }).toEqual({
        step: i + 1,
        cmd: step.cmd,
        stdout: normalise(step.stdout),
        stderr: step.stderr,
        exit: step.exit,
      });
    });
  });
});
