// `npm start`: the lab (examples/lab.sh) run in a fresh world, its transcript as a terminal
// would show it, then the journey of the ping that LIME's firewall dropped: which hook,
// table, chain and rule dropped it.
import { readFileSync } from "node:fs";
import { Net } from "../world/net.ts";
import { formatPathTrace } from "../world/trace-text.ts";
import { newWorld, type World } from "../world/world.ts";
import type { ToolIO } from "./io.ts";
import { endJobs, JobTable } from "./shell/jobs.ts";
import { ShellSession } from "./shell/runner.ts";
import { parseScript } from "./shell/syntax.ts";

const LAB = new URL("../../examples/lab.sh", import.meta.url);

/** The first packet a netfilter rule (not a policy) dropped. */
function droppedByRule(world: World) {
  return Net.of(world).traces().find((t) => t.fate.kind === "dropped" && t.fate.rule !== undefined);
}

export function demo(io: ToolIO): number {
  const world = newWorld();
  const jobs = new JobTable();
  const session = new ShellSession(world, io.stdout, io.stderr, {
    name: "examples/lab.sh",
    echo: true,
    now: io.now,
    jobs,
    files: {
      read: (path) => readFileSync(path, "utf8"),
      write: () => undefined,
    },
  });
  session.run(parseScript(readFileSync(LAB, "utf8"), "examples/lab.sh"));
  endJobs(world, jobs);
  const dropped = droppedByRule(world);
  if (dropped === undefined) return 1;
  io.stdout("\n# The journey of the first ping LIME dropped:\n");
  io.stdout(formatPathTrace(world, dropped));
  return 0;
}
