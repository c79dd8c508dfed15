// Replays transcripts captured from the real iproute2 6.1 / procps sysctl and kernel
// (scripts/capture-ip-goldens.sh) through nfsim, command by command: stdout, stderr and
// exit status must be byte-identical once the kernel's random MAC addresses (and the
// IPv6 link-local addresses made from them) are replaced by placeholders on both sides.
import { expect } from "vitest";
import { describeTranscripts } from "./golden/describe-transcripts.ts";
import { normaliseMacs, type IpStep } from "./ip-golden.ts";
import { replayIpCase } from "./ip-golden-replay.ts";

describeTranscripts("golden transcripts of the real ip and sysctl", new URL("./golden/ip/", import.meta.url), (steps: IpStep[]) => {
  const want = normaliseMacs(steps);
  const got = normaliseMacs(replayIpCase(steps.map((s) => s.cmd)));
  got.forEach((g, i) => {
    const w = want[i];
    expect({ step: i + 1, cmd: g.cmd, stdout: g.stdout, stderr: g.stderr, exit: g.exit }).toEqual({
      step: i + 1,
      cmd: w?.cmd,
      stdout: w?.stdout,
      stderr: w?.stderr,
      exit: w?.exit,
    });
  });
});
