// Many cases on the kernel side by side: each worker owns one inject.py process and runs
// one case at a time in namespaces of its own. A case whose run was disturbed (frames
// arriving outside any packet's window, or the harness running so far behind the virtual
// clock that timeouts could be judged differently) is run once more before it counts as
// a harness failure; a disturbed run is never compared.
import { availableParallelism } from "node:os";
import type { Case } from "../../../src/cli/replay/schema.ts";
import { Injector, type Listen } from "./injector.ts";
import { DEFAULT_LISTEN, runOnKernel, type KernelRun } from "./kernel.ts";
import { timingHazard } from "./timing.ts";

export interface KernelOutcome {
  readonly index: number;
  readonly run?: KernelRun;
  /** Why the case has no trustworthy kernel result. */
  readonly error?: string;
  readonly attempts: number;
}

export interface PoolOptions {
  readonly parallel?: number;
  readonly listen?: Listen;
  /** Tells the namespaces of different runs in one process apart. */
  readonly tag?: string;
  readonly onDone?: (o: KernelOutcome) => void;
}

/** Workers by default: two per CPU (the tools it runs after each packet keep the CPUs busy; more only adds delay). */
export function defaultParallel(): number {
  return Math.max(2, Math.min(8, availableParallelism() * 2));
}

function disturbance(c: Case, r: KernelRun): string | undefined {
  if (r.strays.length > 0) return `${String(r.strays.length)} frame(s) arrived outside any packet's listening window: ${JSON.stringify(r.strays[0])}`;
  return timingHazard(c.packets, c.sysctl ?? {}, r.times);
}

async function runOne(inj: Injector, prefix: string, c: Case, index: number, listen: Listen): Promise<KernelOutcome> {
  let why = "";
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const run = await runOnKernel(inj, `${prefix}a${String(attempt)}`, c, listen);
      const d = disturbance(c, run);
      if (d === undefined) return { index, run, attempts: attempt };
      why = `harness disturbed twice; last: ${d}`;
    } catch (e) {
      return { index, error: `harness error: ${(e as Error).message}`, attempts: attempt };
    }
  }
  return { index, error: why, attempts: 2 };
}

/** Whether a case waits for time to pass: it then sleeps most of its run and barely uses a CPU. */
function sleeps(c: Case): boolean {
  return c.packets.some((p) => (p.advance ?? 0) > 0);
}

/**
 * Runs every case on the kernel; outcomes in case order. `parallel` workers share the cases
 * that do not wait; the ones that do get as many workers again of their own, so their
 * sleeping overlaps the rest instead of holding a worker the busy cases could use.
 */
export async function runOnKernelPool(cases: readonly Case[], opts: PoolOptions = {}): Promise<KernelOutcome[]> {
  const parallel = Math.max(1, opts.parallel ?? defaultParallel());
  const listen = opts.listen ?? DEFAULT_LISTEN;
  const outcomes: KernelOutcome[] = new Array<KernelOutcome>(cases.length);
  const indices = cases.map((_, i) => i);
  const queues = [indices.filter((i) => !sleeps(cases[i] as Case)), indices.filter((i) => sleeps(cases[i] as Case))];
  const worker = async (queue: number[], w: number) => {
    const inj = new Injector();
    try {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const c = cases[i];
        if (c === undefined) continue;
        const o = await runOne(inj, `nfsim-dk${String(process.pid)}${opts.tag ?? ""}w${String(w)}c${String(i)}`, c, i, listen);
        outcomes[i] = o;
        opts.onDone?.(o);
      }
    } finally {
      inj.quit();
    }
  };
  const workers = queues.flatMap((q, k) => Array.from({ length: Math.min(parallel, q.length) }, (_, w) => worker(q, k * parallel + w)));
  await Promise.all(workers);
  return outcomes;
}
