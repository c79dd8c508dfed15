// Running the real tools, asynchronously so that several cases run side by side.
import { spawn } from "node:child_process";

export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs a program (never through a shell), feeding it `input`; resolves with its output and exit code. */
export function run(cmd: string, args: readonly string[], input = ""): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.stdin.on("error", () => undefined); // a program that exits without reading its input
    child.on("close", (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end(input);
  });
}

/** Runs a program and throws with its stderr unless it exits 0. */
export async function must(cmd: string, args: readonly string[], input = ""): Promise<string> {
  const r = await run(cmd, args, input);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${String(r.code)}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The same, inside the named network namespace (one the harness made). */
export function inNs(ns: string, cmd: string, args: readonly string[], input = ""): Promise<string> {
  return must("ip", ["netns", "exec", ns, cmd, ...args], input);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
