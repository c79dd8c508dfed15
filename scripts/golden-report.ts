// Replays every golden transcript and reports how many steps match, printing the
// mismatches (`--all` for every one, default the first per case). For fixing, not for CI.
// The loop is scripts/golden-report-core.ts.
import { normaliseDates, type GoldenStep } from "../tests/golden/case.ts";
import { replayOnWorld } from "../tests/golden/transcripts.ts";
import { reportGoldens, type ReplayedStep } from "./golden-report-core.ts";

reportGoldens({
  dir: new URL("../tests/golden/iptables/", import.meta.url),
  replay: (steps: GoldenStep[]) => {
    const replayed: ReplayedStep[] = [];
    const onCrash = (e: unknown) => ({ stdout: "", stderr: `CRASH ${String(e)}\n`, exit: -1 });
    replayOnWorld(steps, (step, _i, got) => replayed.push({ cmd: step.cmd, want: step, got }), { onCrash });
    return replayed;
  },
  normaliseStdout: normaliseDates,
});
