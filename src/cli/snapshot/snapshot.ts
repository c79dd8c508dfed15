// `nfsim snapshot`: prints the script a user runs as root on a real host to gather what
// `nfsim import` reads (script.ts; the bundle format is in src/world/bundle.ts).
import type { ToolIO } from "../io.ts";
import { snapshotScript } from "./script.ts";

export const SNAPSHOT_USAGE = "usage: nfsim snapshot > snapshot.sh   (then, as root on the host: sh snapshot.sh > host.nfsim)\n";

export function nfsimSnapshot(argv: readonly string[], io: ToolIO): number {
  if (argv[0] === "-h" || argv[0] === "--help") {
    io.stdout(SNAPSHOT_USAGE);
    return 0;
  }
  if (argv.length > 0) {
    io.stderr(SNAPSHOT_USAGE);
    return 2;
  }
  io.stdout(snapshotScript());
  return 0;
}
