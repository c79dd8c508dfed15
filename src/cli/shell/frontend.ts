// `nfsim run SCRIPT` and `nfsim shell`: the shell runner over the state file's world,
// with the real filesystem for redirections.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { statePath, withWorld } from "../state.ts";
import { ShellSession, type FileAccess } from "./runner.ts";
import { adoptRuntime, newRuntime } from "../../world/net.ts";
import { announceEnded, endJobs, JobTable } from "./jobs.ts";
import { parseScript, ShellSyntaxError } from "./syntax.ts";

const files: FileAccess = {
  read: (path) => readFileSync(path, "utf8"),
  write: (path, text, append) => (append ? appendFileSync(path, text) : writeFileSync(path, text)),
};

const out = (t: string) => process.stdout.write(t);
const err = (t: string) => process.stderr.write(t);

/** Runs a script file (or "-" for standard input); `echo` prints each command before its output. */
export function runScriptFile(path: string, echo: boolean): number {
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch {
    err(`nfsim run: cannot open ${path}: No such file\n`);
    return 2;
  }
  let statements;
  try {
    statements = parseScript(text, path);
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      err(`nfsim run: ${path}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return withWorld(statePath(), (world) => {
    const jobs = new JobTable();
    const status = new ShellSession(world, out, err, { name: path, echo, files, now: new Date(), jobs }).run(statements);
    // Jobs still running when the script ends are stopped: what they would print comes after it.
    endJobs(world, jobs);
    return status;
  });
}

/** An interactive shell with history and line editing; each line runs under the state-file lock. */
export async function interactiveShell(): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY, historySize: 1000 });
  let status = 0;
  let nsStack: string[] = [];
  let pending = "";
  // Background jobs and their processes outlive each line's load and save of the state file.
  const jobs = new JobTable(true);
  const runtime = newRuntime();
  const prompt = () => {
    rl.setPrompt(pending ? "> " : nsStack.length > 0 ? `[${nsStack[nsStack.length - 1] ?? ""}] # ` : "# ");
    rl.prompt();
  };
  prompt();
  for await (const line of rl) {
    const text = pending + line + "\n";
    let statements;
    try {
      statements = parseScript(text, "nfsim");
      pending = "";
    } catch (e) {
      if (e instanceof ShellSyntaxError && /reached EOF|unclosed|must be followed|without closing/.test(e.message)) {
        pending = text;
        prompt();
        continue;
      }
      pending = "";
      err(`nfsim: ${e instanceof Error ? e.message : String(e)}\n`);
      prompt();
      continue;
    }
    let finished = false;
    withWorld(statePath(), (world) => {
      adoptRuntime(world, runtime);
      const session = new ShellSession(world, out, err, { name: "nfsim", files, now: new Date(), jobs });
      session.nsStack.push(...nsStack);
      session.status = status;
      status = session.run(statements);
      // dash's cmdloop, before its prompt: the jobs that ended are announced on stderr.
      announceEnded(session.jobContext, err);
      nsStack = [...session.nsStack];
      finished = session.finished;
    });
    if (finished) break;
    prompt();
  }
  rl.close();
  withWorld(statePath(), (world) => {
    adoptRuntime(world, runtime);
    endJobs(world, jobs);
  });
  return status;
}
