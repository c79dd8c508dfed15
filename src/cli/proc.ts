// Running a tool that lasts (ping, nc, a live tcpdump) as a process of the world's
// network: in the foreground the virtual clock runs until it ends; with `&` the shell
// keeps it and it runs whenever time passes.
import { Net } from "../world/net.ts";
import type { Process } from "../world/process.ts";
import type { World } from "../world/world.ts";
import type { ToolIO } from "./io.ts";

/** Starts `p` (already spawned on `net`); returns the exit status, 0 at once for a background job. */
export function runTool(net: Net, p: Process, io: ToolIO): number {
  if (io.jobs?.background) {
    io.jobs.started(p);
    return 0;
  }
  io.jobs?.started(p);
  net.runProcess(p);
  return p.status;
}

export function netOf(world: World): Net {
  return Net.of(world);
}

/** Base of a process's bookkeeping: done, status, and the exit that releases its sockets. */
export abstract class ToolProcess implements Process {
  done = false;
  status = 0;
  termsig?: number;

  constructor(
    readonly net: Net,
    readonly pid: number,
    readonly name: string,
    readonly ns: string,
  ) {}

  protected exit(status: number): void {
    if (this.done) return;
    this.done = true;
    this.status = status;
  }

  /** SIGTERM and friends without a handler: the process dies of the signal (a shell sees 128 + it). */
  signal(sig: number): void {
    if (this.done) return;
    this.termsig = sig;
    this.exit(128 + sig);
  }
}

/** `sleep N &`: a process that ends when its time is up, or dies of a signal before. */
class SleepProcess extends ToolProcess {
  wake(): void {
    this.exit(0);
  }
}

export function startSleep(net: Net, ns: string, us: number): Process {
  const p = new SleepProcess(net, net.newPid(), "sleep", ns);
  net.spawn(p);
  net.timer(p.pid, net.now() + us, () => {
    p.wake();
    net.reap();
  });
  return p;
}
