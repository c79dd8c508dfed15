// What a tool frontend gets: its argv, the world and namespace it runs in, and its streams.
import type { World } from "../world/world.ts";
import type { Process } from "../world/process.ts";

/** How a shell runs a command that lasts (ping, nc, a live tcpdump): `&` puts it in the background. */
export interface JobControl {
  readonly background: boolean;
  /** Told of the process the command started, so that `wait`, `kill` and `$!` can find it. */
  started(p: Process): void;
}

export interface ToolIO {
  readonly stdin: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Wall-clock time, for the dates tools print (iptables-save's header). */
  readonly now: Date;
  /** Reads a file the tool names (`pfctl -f FILE`); undefined when it cannot be read. */
  readonly readFile?: (path: string) => string | undefined;
  /** Set by the shell runner; without it a command runs in the foreground. */
  readonly jobs?: JobControl;
}

/** A tool changes the world only when it succeeds; it returns its exit status. */
export type Tool = (argv: readonly string[], world: World, ns: string, io: ToolIO) => number;

/** A ToolIO that collects output, for tests and for the library. */
export function bufferIO(stdin = "", now = new Date()): ToolIO & { out: string; err: string } {
  const io = {
    stdin,
    now,
    out: "",
    err: "",
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
