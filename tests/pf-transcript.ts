// Runs an example script as `bin/nfsim run -x` does, in a fresh world at a fixed wall-clock
// time, and returns what a terminal shows (stdout and stderr interleaved) and the status.
import { readFileSync } from "node:fs";
import { endJobs, JobTable } from "../src/cli/shell/jobs.ts";
import { ShellSession } from "../src/cli/shell/runner.ts";
import { parseScript } from "../src/cli/shell/syntax.ts";
import { newWorld, type World } from "../src/world/world.ts";

export interface Transcript {
  readonly transcript: string;
  readonly status: number;
  readonly world: World;
}

export function runExample(name: string): Transcript {
  const script = readFileSync(new URL(`../examples/${name}`, import.meta.url), "utf8");
  const world = newWorld();
  const jobs = new JobTable();
  let transcript = "";
  const session = new ShellSession(world, (t) => (transcript += t), (t) => (transcript += t), {
    name: `examples/${name}`,
    echo: true,
    now: new Date(Date.UTC(2026, 10, 25, 12, 0, 0)),
    jobs,
    files: { read: () => { throw new Error("ENOENT"); }, write: () => undefined },
  });
  const status = session.run(parseScript(script, `examples/${name}`));
  endJobs(world, jobs);
  return { transcript, status, world };
}

export function golden(name: string): string {
  return readFileSync(new URL(`./golden/pf/${name}`, import.meta.url), "utf8");
}
