// `nfsim`: `nfsim TOOL ARGS...` runs an emulated tool against the shared state file;
// `nfsim demo` walks a packet through the built-in example.
import { readFileSync } from "node:fs";
import { demo } from "./demo.ts";
import { replayCommand } from "./replay/command.ts";
import { interactiveShell, runScriptFile } from "./shell/frontend.ts";
import type { ToolIO } from "./io.ts";
import { readWorld, statePath, withWorld } from "./state.ts";
import { traceCommand } from "./trace/index.ts";
import { TOOLS } from "./tools.ts";
import { INITIAL_NS } from "../world/world.ts";
import { nfsimCommand } from "./pfctl/os.ts";
import { nfsimSnapshot } from "./snapshot/snapshot.ts";
import { nfsimImport } from "./import/import.ts";

const USAGE = `usage: nfsim TOOL [ARGS...]       run an emulated tool (${Object.keys(TOOLS).join(", ")})
       nfsim run [-x] SCRIPT|-     run a shell script of such commands (-x: print each command)
       nfsim shell                 the same, interactively
       nfsim demo                  walk packets through the built-in example
       nfsim replay --json         run one case (JSON on stdin, shared/replay-schema.md) and print its result as JSON
       nfsim host [NAME] [--os linux|macos]  what a host (ip netns add NAME) runs: Linux (iptables) or macOS (pf)
       nfsim snapshot              print a script that gathers a real host's firewall and routing into a bundle
       nfsim import FILE|-         replace the world with a host from such a bundle or an iptables-save dump
       nfsim trace tcp SRC:PORT '>' DST:PORT [--in DEV|--from NS] [--json] ...  what happens to this packet, and why (--help)
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
  const [name, args] = invoked !== "nfsim" && TOOLS[invoked] ? [invoked, argv] : [argv[0], argv.slice(1)];
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "demo") return demo(processIO(() => ""));
  // A replay runs in a world of its own and never touches the state file.
  if (name === "replay") return replayCommand(args, processIO(readStdin));
  // A trace reads the state file and never writes it (src/cli/trace/index.ts).
  if (name === "trace") return traceCommand(args, processIO(() => ""), { world: () => readWorld(statePath()), tty: process.stdout.isTTY === true });
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
  if (name === "snapshot") return nfsimSnapshot(args, processIO(() => ""));
  if (name === "import") {
    const io = processIO(readStdin);
    return withWorld(statePath(), (world) => nfsimImport(args, world, io));
  }
  // `nfsim host ...` is the nfsim command of the world's shells (src/cli/pfctl/os.ts).
  const tool = name === "host" ? nfsimCommand : TOOLS[name];
  if (tool === undefined) {
    process.stderr.write(`nfsim: ${name}: command not found\n${USAGE}`);
    return 127;
  }
  const io = processIO(readStdin);
  return withWorld(statePath(), (world) => tool(name === "host" ? argv : args, world, INITIAL_NS, io));
}

process.exitCode = await main(process.argv.slice(2));
