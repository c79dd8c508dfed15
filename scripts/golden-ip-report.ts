// Replays every ip golden transcript and reports how many steps match, printing the
// mismatches (`--all` for every one, default the first per case). For fixing, not for CI.
// The loop is scripts/golden-report-core.ts.
import { normaliseMacs, type IpStep } from "../tests/ip-golden.ts";
import { replayIpCase } from "../tests/ip-golden-replay.ts";
import { reportGoldens } from "./golden-report-core.ts";

reportGoldens({
  dir: new URL("../tests/golden/ip/", import.meta.url),
  replay: (steps: IpStep[]) => {
    const want = normaliseMacs(steps);
    const got = normaliseMacs(replayIpCase(steps.map((s) => s.cmd)));
    return want.map((w, i) => ({ cmd: w.cmd, want: w, got: got[i] }));
  },
});
