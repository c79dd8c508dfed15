// `nfsim`: `nfsim TOOL ARGS...` runs an emulated tool against the shared state file;
// `nfsim demo` walks a packet through the built-in example.
import { readFileSync } from "node:fs";
import { demo } from "./demo.ts";
import { interactiveShell, runScriptFile } from "./shell/frontend.ts";
import type { ToolIO } from "./io.ts";
import { statePath, withWorld } from "./state.ts";
import { TOOLS } from "./tools.ts";
import { INITIAL_NS } from "../world/world.ts";

const USAGE = `usage: nfsim TOOL [ARGS...]       run an emulated tool (${Object.keys(TOOLS).join(", ")})
       nfsim run [-x] SCRIPT|-     run a shell script of such commands (-x: print each command)
       nfsim shell                 the same, interactively
       nfsim demo                  walk packets through the built-in example
State is kept in $NFSIM_STATE (default ./.nfsim/state.json).
`;

function readStdin(): string {
  if (process.stdin.isTTY) return "";
  try {
    return readFileSync(0, "utf8");
  } catch {
    return "";
  }
}

function processIO(stdin: () => string): ToolIO {
  let input: string | undefined;
  return {
    get stdin() {
      return (input ??= stdin());
    },
    now: new Date(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  // Run as a shim named after a tool (a symlink "iptables" -> nfsim), or as `nfsim TOOL`.
  const invoked = process.env.NFSIM_ARGV0 ?? "nfsim";
  const [name, args] = TOOLS[invoked] ? [invoked, argv] : [argv[0], argv.slice(1)];
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "demo") return demo(processIO(() => ""));
  if (name === "run") {
    const echo = args[0] === "-x";
    const file = echo ? args[1] : args[0];
    if (file === undefined) {
      process.stderr.write(USAGE);
      return 2;
    }
    return runScriptFile(file, echo);
  }
  if (name === "shell") return interactiveShell();
  const tool = TOOLS[name];
  if (tool === undefined) {
    process.stderr.write(`nfsim: ${name}: command not found\n${USAGE}`);
    return 127;
  }
  const io = processIO(readStdin);
  return withWorld(statePath(), (world) => tool(args, world, INITIAL_NS, io));
}

process.exitCode = await main(process.argv.slice(2));
