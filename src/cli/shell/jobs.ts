// Background jobs of the shell runner: `cmd &` (a live tcpdump, a listening nc, a long
// ping keep running while later commands run), `$!`, `wait`, `kill` and `jobs`. A job's
// process runs whenever virtual time passes: during a foreground tool, `sleep` or `wait`.
import { Net } from "../../world/net.ts";
import { SIGINT, SIGKILL, SIGTERM, type Process } from "../../world/process.ts";
import type { World } from "../../world/world.ts";
import type { JobControl } from "../io.ts";

export interface Job {
  readonly id: number;
  readonly pid: number;
  readonly command: string;
  /** Absent for a command that finished at once (a builtin or a quick tool run with `&`). */
  readonly process?: Process;
  readonly status?: number;
}

/** The jobs of a shell; it outlives the sessions of an interactive shell's lines. */
export class JobTable {
  jobs: Job[] = [];
  /** `$!`. */
  lastPid?: number;
  private fakePid = 30000;

  /** The JobControl a background command's tools get; records the process they start. */
  control(onStart: (p: Process) => void): JobControl {
    return { background: true, started: onStart };
  }

  add(command: string, p: Process | undefined, status: number): Job {
    const id = Math.max(0, ...this.jobs.map((j) => j.id)) + 1;
    const pid = p?.pid ?? ++this.fakePid;
    const job: Job = p !== undefined ? { id, pid, command, process: p } : { id, pid, command, status };
    this.jobs.push(job);
    this.lastPid = pid;
    return job;
  }

  /** A job by `%N`, `%%`, `%+`, `%-` or pid. */
  find(spec: string): Job | undefined {
    if (spec === "%%" || spec === "%+" || spec === "%") return this.jobs.at(-1);
    if (spec === "%-") return this.jobs.at(-2);
    if (spec.startsWith("%")) return this.jobs.find((j) => String(j.id) === spec.slice(1));
    return this.jobs.find((j) => String(j.pid) === spec);
  }

  remove(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
  }
}

function done(j: Job): boolean {
  return j.process === undefined || j.process.done;
}

function statusOf(j: Job): number {
  return j.process?.status ?? j.status ?? 0;
}

export interface JobContext {
  readonly world: World;
  readonly jobs: JobTable;
  /** "script: LINE" as sh prefixes its own errors. */
  readonly where: string;
}

type Out = (t: string) => void;

/**
 * `wait [ID...]`: lets time pass until the jobs end. A job that nothing in the world can
 * end any more (a capture without -c that nobody kills) would make sh wait forever: nfsim
 * says so and leaves it running.
 */
export function waitBuiltin(cx: JobContext, args: readonly string[], err: Out): number {
  const wanted = args.length === 0 ? [...cx.jobs.jobs] : args.map((a) => cx.jobs.find(a));
  const net = Net.of(cx.world);
  net.runPatiently(() => wanted.every((j) => j === undefined || done(j)));
  let status = 0;
  let forever = false;
  for (const [i, j] of wanted.entries()) {
    if (j === undefined) {
      status = 127;
      continue;
    }
    if (!done(j)) {
      err(`${cx.where}: wait: job %${String(j.id)} (${j.command}) would wait forever\n`);
      status = 127;
      forever = true;
      continue;
    }
    status = statusOf(j);
    cx.jobs.remove(j);
    if (args.length > 0 && i === wanted.length - 1) return status;
  }
  return args.length === 0 ? (forever ? 127 : 0) : status;
}

const SIGNALS: Readonly<Record<string, number>> = { INT: SIGINT, TERM: SIGTERM, KILL: SIGKILL, HUP: 1, QUIT: 3, USR1: 10, USR2: 12 };

function signalNumber(name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  return SIGNALS[name.toUpperCase().replace(/^SIG/, "")];
}

/** `kill [-SIG | -s SIG] ID...`: the process handles the signal its own way (tcpdump prints its statistics). */
export function killBuiltin(cx: JobContext, args: readonly string[], err: Out): number {
  let sig = SIGTERM;
  let rest = [...args];
  if (rest[0] === "-s" || rest[0] === "-n") {
    sig = signalNumber(rest[1] ?? "") ?? -1;
    rest = rest.slice(2);
  } else if (rest[0]?.startsWith("-") && rest[0] !== "--") {
    sig = signalNumber(rest[0].slice(1)) ?? -1;
    rest = rest.slice(1);
  }
  if (sig < 0) {
    err(`${cx.where}: kill: invalid signal number or name: ${args[0] === "-s" ? (args[1] ?? "") : (args[0] ?? "").slice(1)}\n`);
    return 2;
  }
  if (rest.length === 0) {
    err(`${cx.where}: kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]\n`);
    return 2;
  }
  const net = Net.of(cx.world);
  let status = 0;
  for (const spec of rest) {
    const job = cx.jobs.find(spec);
    const pid = job?.pid ?? (/^\d+$/.test(spec) ? Number(spec) : undefined);
    if (spec.startsWith("%") && job === undefined) {
      err(`${cx.where}: kill: No such job: ${spec}\n`);
      status = 1;
    } else if (pid === undefined || !net.kill(pid, sig)) {
      err(`${cx.where}: kill: No such process\n`);
      status = 1;
    }
  }
  return status;
}

/** `jobs`: dash's listing. */
export function jobsBuiltin(cx: JobContext, out: Out): number {
  const last = cx.jobs.jobs.length - 1;
  for (const [i, j] of cx.jobs.jobs.entries()) {
    const mark = i === last ? "+" : i === last - 1 ? "-" : " ";
    const state = done(j) ? (statusOf(j) === 0 ? "Done" : `Done(${String(statusOf(j))})`) : "Running";
    out(`[${String(j.id)}] ${mark} ${state.padEnd(22)}${j.command}\n`);
  }
  cx.jobs.jobs = cx.jobs.jobs.filter((j) => !done(j));
  return 0;
}

/** At the end of a script the jobs still running are stopped without a word (their output would come after it). */
export function endJobs(world: World, jobs: JobTable): void {
  const net = Net.of(world);
  for (const j of jobs.jobs) {
    if (j.process !== undefined && !j.process.done) net.kill(j.process.pid, SIGKILL);
  }
  jobs.jobs = [];
}
