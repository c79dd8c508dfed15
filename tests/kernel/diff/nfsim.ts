// nfsim's side of the comparison: `replay(case): Result`, exported by
// src/cli/replay/replay.ts. The module is loaded by name at run time, so the harness
// works (kernel side alone) before that module exists; once the file exists, a missing or
// throwing `replay` is a failure, never a skip.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, Result } from "../../../src/cli/replay/schema.ts";

export type Replay = (c: Case) => Result | Promise<Result>;

export type ReplayModule =
  | { readonly kind: "ready"; readonly replay: Replay }
  | { readonly kind: "absent"; readonly why: string }
  | { readonly kind: "broken"; readonly why: string };

const DEFAULT_MODULE = new URL("../../../src/cli/replay/replay.ts", import.meta.url);

/** NFSIM_DIFF_REPLAY=path/to/module.ts compares another replay() (an older build, a stub) with the kernel. */
function modulePath(): URL {
  const other = process.env["NFSIM_DIFF_REPLAY"];
  return other !== undefined && other !== "" ? new URL(other, `file://${process.cwd()}/`) : DEFAULT_MODULE;
}

function shown(u: URL): string {
  return relative(process.cwd(), fileURLToPath(u));
}

export async function loadReplay(): Promise<ReplayModule> {
  const where = modulePath();
  if (!existsSync(fileURLToPath(where))) return { kind: "absent", why: `${shown(where)} does not exist yet` };
  try {
    const mod = (await import(where.href)) as Record<string, unknown>;
    const replay = mod["replay"];
    if (typeof replay !== "function") return { kind: "broken", why: `${shown(where)} does not export a function \`replay\`` };
    return { kind: "ready", replay: replay as Replay };
  } catch (e) {
    return { kind: "broken", why: `${shown(where)} does not load: ${(e as Error).message}` };
  }
}
