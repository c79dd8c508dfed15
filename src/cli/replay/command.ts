// `nfsim replay --json`: one case of ../shared/replay-schema.md on standard input, its
// result as JSON on standard output. A case that does not follow the schema (or whose
// ruleset or sysctls the dut refuses) is named on standard error, field first, with exit
// status 2 and nothing on standard output.
import type { ToolIO } from "../io.ts";
import { replay } from "./replay.ts";
import { CaseError, parseCase } from "./schema.ts";

export const REPLAY_USAGE = "usage: nfsim replay --json < CASE.json\n";

export function replayCommand(args: readonly string[], io: ToolIO): number {
  if (args.length !== 1 || args[0] !== "--json") {
    io.stderr(REPLAY_USAGE);
    return 2;
  }
  try {
    const result = replay(parseCase(io.stdin));
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    io.stderr(`nfsim replay: ${e.message}\n`);
    return 2;
  }
}
