// Replays transcripts captured from the real iptables 1.8.9 (scripts/capture-iptables-goldens.sh)
// through nfsim, command by command: stdout, stderr and exit status must be byte-identical.
// Only iptables-save's date lines are normalised.
import { expect } from "vitest";
import { normaliseDates as normalise, type GoldenStep } from "./golden/case.ts";
import { describeTranscripts } from "./golden/describe-transcripts.ts";
import { replayOnWorld } from "./golden/transcripts.ts";

describeTranscripts("golden transcripts of the real iptables", new URL("./golden/iptables/", import.meta.url), (steps: GoldenStep[]) => {
  replayOnWorld(steps, (step, i, got) => {
    expect({ step: i + 1, cmd: step.cmd, stdout: normalise(got.stdout), stderr: got.stderr, exit: got.exit }).toEqual({
      step: i + 1,
      cmd: step.cmd,
      stdout: normalise(step.stdout),
      stderr: step.stderr,
      exit: step.exit,
    });
  });
});
