// Replays ip golden cases through nfsim: each command runs as one `sh -c` would, in a
// shell session over a world that lives for the whole case.
import { ShellSession } from "../src/cli/shell/runner.ts";
import { parseScript } from "../src/cli/shell/syntax.ts";
import { newWorld } from "../src/world/world.ts";
import type { IpStep } from "./ip-golden.ts";

export function replayIpCase(cmds: readonly string[]): IpStep[] {
  const world = newWorld();
  return cmds.map((cmd) => {
    let stdout = "";
    let stderr = "";
    const session = new ShellSession(world, (t) => (stdout += t), (t) => (stderr += t), {
      name: "sh",
      now: new Date(0),
      files: {
        read: () => {
          throw new Error("no files in golden cases");
        },
        write: () => undefined,
      },
    });
    const exit = session.run(parseScript(`${cmd}\n`, "sh"));
    return { cmd, stdout, stderr, exit };
  });
}
