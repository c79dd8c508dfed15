// What a tool frontend gets: its argv, the world and namespace it runs in, and its streams.
import type { World } from "../world/world.ts";

export interface ToolIO {
  readonly stdin: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Wall-clock time, for the dates tools print (iptables-save's header). */
  readonly now: Date;
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
