// The state file every `nfsim` invocation shares: read under a lock, written atomically
// (temporary file + rename), so concurrent invocations never lose an update.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { newWorld, type World } from "../world/world.ts";

export function statePath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.NFSIM_STATE ?? ".nfsim/state.json");
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes `path.lock` (O_EXCL create), breaking a lock left by a crashed process. */
function lock(path: string): () => void {
  const lockPath = `${path}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lockPath, "wx"));
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > LOCK_STALE_MS) rmSync(lockPath, { force: true });
      } catch {
        // The holder released it between our two calls.
      }
      if (Date.now() - start > LOCK_WAIT_MS) throw new Error(`nfsim: timed out waiting for ${lockPath}`);
      sleepSync(5 + Math.floor(Math.random() * 20));
    }
  }
}

export function readWorld(path: string): World {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return newWorld();
    throw e;
  }
  const world = JSON.parse(text) as World;
  if (world.version !== 1) throw new Error(`nfsim: ${path}: unsupported state version`);
  return world;
}

function writeWorld(path: string, world: World): void {
  const tmp = `${path}.${String(process.pid)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(world)}\n`);
  renameSync(tmp, path);
}

/** Runs `fn` on the world in the state file; saves it only if `fn` changed it. */
export function withWorld<T>(path: string, fn: (world: World) => T): T {
  mkdirSync(dirname(path), { recursive: true });
  const unlock = lock(path);
  try {
    const world = readWorld(path);
    const before = JSON.stringify(world);
    const result = fn(world);
    if (JSON.stringify(world) !== before) writeWorld(path, world);
    return result;
  } finally {
    unlock();
  }
}
