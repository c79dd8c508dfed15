// Runs one command line of an emulated tool against a world, collecting its output:
// what tests, transcripts and the library use instead of a process.
import { bufferIO } from "./io.ts";
import { toolFor } from "./tools.ts";
import { shellWords } from "./words.ts";
import { INITIAL_NS, type World } from "../world/world.ts";

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
}

export function runCommand(world: World, line: string, stdin = "", now = new Date(), ns = INITIAL_NS): RunResult {
  const [name, ...args] = shellWords(line);
  const os = world.namespaces[ns]?.os;
  const tool = toolFor(name ?? "", os);
  if (tool === undefined) {
    const stderr = os === "macos" ? `zsh: command not found: ${name ?? ""}\n` : `sh: 1: ${name ?? ""}: not found\n`;
    return { stdout: "", stderr, exit: 127 };
  }
  const io = bufferIO(stdin, now);
  const exit = tool(args, world, ns, io);
  return { stdout: io.out, stderr: io.err, exit };
}
