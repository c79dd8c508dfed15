// Runs a net golden case through nfsim as `nfsim run CASE.sh` would: one world, the
// script's own name in sh's messages, the real file system for redirections and pcaps.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { endJobs, JobTable } from "../src/cli/shell/jobs.ts";
import { ShellSession } from "../src/cli/shell/runner.ts";
import { parseScript } from "../src/cli/shell/syntax.ts";
import { newWorld } from "../src/world/world.ts";
import type { NetTranscript } from "./net-golden.ts";

export function replayNetCase(path: string): NetTranscript {
  const name = basename(path);
  const world = newWorld();
  const jobs = new JobTable();
  let stdout = "";
  let stderr = "";
  const session = new ShellSession(world, (t) => (stdout += t), (t) => (stderr += t), {
    name,
    now: new Date(0),
    jobs,
    files: {
      read: (p) => readFileSync(p, "utf8"),
      write: (p, text, append) => (append ? appendFileSync(p, text) : writeFileSync(p, text)),
    },
  });
  const exit = session.run(parseScript(readFileSync(path, "utf8"), name));
  endJobs(world, jobs);
  return { case: basename(path, ".sh"), stdout, stderr, exit };
}
