// `nfsim import FILE`: replaces the state file's world with one built from a snapshot
// bundle (`nfsim snapshot`) or a bare iptables-save dump, and says in one line what it
// holds. A file that cannot be imported leaves the state as it was (exit 1).
import type { ToolIO } from "../io.ts";
import { ImportError, importWithSummary, summaryLine } from "../../world/import.ts";
import type { World } from "../../world/world.ts";

export const IMPORT_USAGE = "usage: nfsim import FILE|-\n";

/** The world in the state file becomes `next` (same object, so the state writer sees the change). */
function replaceWorld(world: World, next: World): void {
  world.clock = next.clock;
  world.random = next.random;
  world.namespaces = next.namespaces;
  delete world.net;
}

export function nfsimImport(argv: readonly string[], world: World, io: ToolIO): number {
  const [file, ...rest] = argv;
  if (file === undefined || rest.length > 0 || file === "-h" || file === "--help") {
    io.stderr(IMPORT_USAGE);
    return file === "-h" || file === "--help" ? 0 : 2;
  }
  const text = file === "-" ? io.stdin : io.readFile?.(file);
  if (text === undefined) {
    io.stderr(`nfsim import: ${file}: cannot read the file\n`);
    return 1;
  }
  try {
    const { world: next, summary } = importWithSummary(text);
    replaceWorld(world, next);
    io.stdout(`${summaryLine(summary)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    io.stderr(`nfsim import: ${file}: ${e.message}\n`);
    return 1;
  }
}
