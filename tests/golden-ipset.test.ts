// Replays transcripts captured from the real ipset 7.17 and iptables 1.8.9
// (scripts/capture-ipset-goldens.sh) through nfsim, command by command: stdout, stderr and
// exit status must be byte-identical once what the kernel makes random is normalised:
// a hash set's initval, its "Size in memory" (bucket allocations follow the random hash),
// and the order of its members (bucket order). `sleep N` advances the virtual clock.
import { expect } from "vitest";
import type { GoldenStep } from "./golden/case.ts";
import { describeTranscripts } from "./golden/describe-transcripts.ts";
import { normaliseIpset as normalise } from "./golden/ipset-normalise.ts";
import { replayOnWorld } from "./golden/transcripts.ts";

describeTranscripts("golden transcripts of the real ipset", new URL("./golden/ipset/", import.meta.url), (steps: GoldenStep[]) => {
  replayOnWorld(
    steps,
    (step, i, got) => {
      const sorted = / -s /.test(` ${step.cmd} `);
      expect({ step: i + 1, cmd: step.cmd, stdout: normalise(got.stdout, sorted), stderr: got.stderr, exit: got.exit }).toEqual({
        step: i + 1,
        cmd: step.cmd,
        stdout: normalise(step.stdout, sorted),
        stderr: step.stderr,
        exit: step.exit,
      });
    },
    { sleepAdvancesClock: true },
  );
});
