// `nfsim trace`: what happens to one packet, and why. The packet is described on the
// command line (args.ts), sent into the current world (the state file) or the world of
// `--world FILE` (a snapshot bundle or iptables-save dump through importWorld, or a saved
// state), and its whole journey is printed. The state file is never written: a trace is a
// question, not an event (counters, conntrack entries and the clock stay as they were).
import { ImportError, importWorld } from "../../world/import.ts";
import { sendPacket, SendError } from "../../world/send.ts";
import { INITIAL_NS, type World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";
import { parseTraceArgs, TraceArgError, TRACE_USAGE, type TraceArgs } from "./args.ts";
import { traceJsonText, traceText } from "./render.ts";

export { parseTraceArgs, TraceArgError, TRACE_USAGE, type TraceArgs } from "./args.ts";
export { monitorLines, ruleHandles } from "./monitor.ts";
export { traceJsonText, traceText } from "./render.ts";

export interface TraceEnv {
  /** The current world (the state file), read only when no --world is given. */
  readonly world: () => World;
  /** Whether stdout is a terminal (colour by default). */
  readonly tty: boolean;
}

/** A saved state (JSON) or anything importWorld reads; throws ImportError or SyntaxError. */
export function worldFromText(text: string): World {
  if (text.trimStart().startsWith("{")) {
    const world = JSON.parse(text) as World;
    if (world.version !== 1 || typeof world.namespaces !== "object") throw new ImportError("not an nfsim state file");
    return world;
  }
  return importWorld(text);
}

function fail(io: ToolIO, message: string): number {
  io.stderr(`nfsim trace: ${message}\nTry 'nfsim trace --help' for more information.\n`);
  return 2;
}

function loadWorld(args: TraceArgs, io: ToolIO, env: TraceEnv): World | string {
  if (args.world === undefined) return env.world();
  const text = io.readFile?.(args.world);
  if (text === undefined) return `"${args.world}": cannot read the file`;
  try {
    return worldFromText(text);
  } catch (e) {
    if (e instanceof ImportError || e instanceof SyntaxError) return `"${args.world}": ${e.message}`;
    throw e;
  }
}

export function traceCommand(argv: readonly string[], io: ToolIO, env: TraceEnv): number {
  if (argv.includes("-h") || argv.includes("--help")) {
    io.stdout(TRACE_USAGE);
    return 0;
  }
  let args: TraceArgs;
  try {
    args = parseTraceArgs(argv);
  } catch (e) {
    if (e instanceof TraceArgError) return fail(io, e.message);
    throw e;
  }
  const world = loadWorld(args, io, env);
  if (typeof world === "string") return fail(io, world);
  const ns = args.ns ?? INITIAL_NS;
  if (world.namespaces[ns] === undefined) return fail(io, `"${ns}": no such namespace`);
  try {
    const sent = sendPacket(world, { ns, ...(args.in !== undefined ? { in: args.in } : {}) }, args.spec);
    const color = args.color === "always" || (args.color === "auto" && env.tty);
    io.stdout(args.json ? traceJsonText(world, sent) : traceText(world, sent, color));
    return 0;
  } catch (e) {
    if (e instanceof SendError) return fail(io, e.message);
    throw e;
  }
}
