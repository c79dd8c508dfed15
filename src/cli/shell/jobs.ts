// Background jobs of the shell runner, as dash 0.5.12 keeps them (jobs.c): `cmd &` (a live
// tcpdump, a listening nc, a long ping keep running while later commands run), `$!`,
// `wait`, `kill` and `jobs`. A job's process runs whenever virtual time passes: during a
// foreground tool, `sleep` or `wait`.
//
// A script runs without job control, an interactive shell with it, and dash differs
// between the two: without it a job has no command text, `kill %N` fails (the job has no
// process group of its own), and a job that was waited for gives its number to the next
// one; with it, the commands are listed and the jobs that ended are announced before the
// next prompt.
import { Net } from "../../world/net.ts";
import { SIGINT, SIGKILL, SIGPIPE, SIGTERM, type Process } from "../../world/process.ts";
import type { World } from "../../world/world.ts";
import type { JobControl } from "../io.ts";

export interface Job {
  readonly id: number;
  readonly pid: number;
  /** The command as typed. */
  readonly text: string;
  /** The command `jobs` shows: dash keeps it only under job control. */
  readonly command: string;
  /** Absent for a command that finished at once (a builtin or a quick tool run with `&`). */
  readonly process?: Process;
  readonly status?: number;
  /** The shell has collected its end (dash's dowait): `wait` no longer announces a signal. */
  reaped: boolean;
  /** `wait` returned its status: without job control its number goes to the next job. */
  waited: boolean;
}

/** The jobs of a shell; it outlives the sessions of an interactive shell's lines. */
export class JobTable {
  /** Most recent first, as dash's curjob list: the first is `+`, the second `-`. */
  jobs: Job[] = [];
  /** `$!`. */
  lastPid?: number;
  private fakePid = 30000;

  constructor(readonly jobControl = false) {}

  /** The JobControl a background command's tools get; records the process they start. */
  control(onStart: (p: Process) => void): JobControl {
    return { background: true, started: onStart };
  }

  /** makejob: the lowest free number; without job control a waited-for job that ended gives up its own. */
  add(command: string, p: Process | undefined, status: number): Job {
    const taken = new Set(this.jobs.filter((j) => this.jobControl || !(j.waited && ended(j))).map((j) => j.id));
    let id = 1;
    while (taken.has(id)) id++;
    this.jobs = this.jobs.filter((j) => j.id !== id);
    const pid = p?.pid ?? ++this.fakePid;
    const shown = this.jobControl ? command : "";
    const base = { id, pid, text: command, command: shown, reaped: false, waited: false };
    const job: Job = p !== undefined ? { ...base, process: p } : { ...base, status };
    this.jobs.unshift(job);
    this.lastPid = pid;
    return job;
  }

  /** A job by `%N`, `%%`, `%+`, `%-`, `%STRING`, `%?STRING` or pid. */
  find(spec: string): Job | undefined {
    if (spec === "%%" || spec === "%+" || spec === "%") return this.jobs[0];
    if (spec === "%-") return this.jobs[1];
    if (/^%\d+$/.test(spec)) return this.jobs.find((j) => String(j.id) === spec.slice(1));
    if (spec.startsWith("%?")) return this.jobs.find((j) => j.text.includes(spec.slice(2)));
    if (spec.startsWith("%")) return this.jobs.find((j) => j.text.startsWith(spec.slice(1)));
    return this.jobs.find((j) => String(j.pid) === spec);
  }

  remove(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
  }

  /** dowait after a foreground command: the shell has seen every job that ended meanwhile. */
  reap(): void {
    for (const j of this.jobs) if (ended(j)) j.reaped = true;
  }
}

function ended(j: Job): boolean {
  return j.process === undefined || j.process.done;
}

function statusOf(j: Job): number {
  return j.process?.status ?? j.status ?? 0;
}

/** glibc's strsignal for the signals a job meets, as dash's sprint_status prints them. */
const SIGNAL_TEXT: Readonly<Record<number, string>> = {
  1: "Hangup",
  2: "Interrupt",
  3: "Quit",
  6: "Aborted",
  9: "Killed",
  10: "User defined signal 1",
  12: "User defined signal 2",
  13: "Broken pipe",
  14: "Alarm clock",
  15: "Terminated",
};

/** sprint_status: Running, Done, Done(N) or the signal that ended it. */
function stateText(j: Job): string {
  if (!ended(j)) return "Running";
  const sig = j.process?.termsig;
  if (sig !== undefined) return SIGNAL_TEXT[sig] ?? `Signal ${String(sig)}`;
  const status = statusOf(j);
  return status === 0 ? "Done" : `Done(${String(status)})`;
}

export interface JobContext {
  readonly world: World;
  readonly jobs: JobTable;
  /** "script: LINE" as sh prefixes its own errors. */
  readonly where: string;
}

type Out = (t: string) => void;

/** A job nothing in the world can end: sh would wait for it forever, nfsim says so. */
function waitsForever(cx: JobContext, j: Job, err: Out): void {
  err(`${cx.where}: wait: job %${String(j.id)} (${j.text}) would wait forever\n`);
}

/** getjob's complaint, and the exit status of a builtin that stops at it. */
function noSuchJob(cx: JobContext, builtin: string, spec: string, err: Out): number {
  err(`${cx.where}: ${builtin}: No such job: ${spec}\n`);
  return 2;
}

/**
 * `wait [ID...]`: lets time pass until the jobs end. A job killed by a signal that this
 * wait sees end is announced ("Terminated"), as dash's dowait does. A job that nothing in
 * the world can end any more (a capture without -c that nobody kills) would make sh wait
 * forever: nfsim says so and leaves it running.
 */
export function waitBuiltin(cx: JobContext, args: readonly string[], err: Out): number {
  const net = Net.of(cx.world);
  if (args.length === 0) {
    net.runPatiently(() => cx.jobs.jobs.every(ended));
    let forever = false;
    for (const j of cx.jobs.jobs) {
      if (!ended(j)) {
        waitsForever(cx, j, err);
        forever = true;
        continue;
      }
      j.reaped = true;
      j.waited = true;
    }
    return forever ? 127 : 0;
  }
  let status = 127;
  for (const spec of args) {
    const j = cx.jobs.find(spec);
    if (j === undefined) {
      if (spec.startsWith("%")) return noSuchJob(cx, "wait", spec, err);
      if (!/^\d+$/.test(spec)) {
        err(`${cx.where}: wait: Illegal number: ${spec}\n`);
        return 2;
      }
      status = 127;
      continue;
    }
    net.runPatiently(() => ended(j));
    if (!ended(j)) {
      waitsForever(cx, j, err);
      status = 127;
      continue;
    }
    const sig = j.process?.termsig;
    // sprint_status with sigonly: nothing for an exit, SIGINT or SIGPIPE.
    if (!j.reaped && sig !== undefined && sig !== SIGINT && sig !== SIGPIPE) err(`${stateText(j)}\n`);
    j.reaped = true;
    j.waited = true;
    status = statusOf(j);
  }
  return status;
}

/** dash's signal_names, for `kill -l` and the names kill takes. */
const SIGNAL_NAMES: readonly string[] = [
  "0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
  "16", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR",
  "SYS", "32", "33", "RTMIN", "RTMIN+1", "RTMIN+2", "RTMIN+3", "RTMIN+4", "RTMIN+5", "RTMIN+6", "RTMIN+7", "RTMIN+8",
  "RTMIN+9", "RTMIN+10", "RTMIN+11", "RTMIN+12", "RTMIN+13", "RTMIN+14", "RTMIN+15", "RTMAX-14", "RTMAX-13",
  "RTMAX-12", "RTMAX-11", "RTMAX-10", "RTMAX-9", "RTMAX-8", "RTMAX-7", "RTMAX-6", "RTMAX-5", "RTMAX-4", "RTMAX-3",
  "RTMAX-2", "RTMAX-1", "RTMAX",
];

/** decode_signal: a number below NSIG, or a name without "SIG" in any case. */
function decodeSignal(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) < SIGNAL_NAMES.length ? Number(text) : undefined;
  const i = SIGNAL_NAMES.findIndex((n, k) => k > 0 && n.toLowerCase() === text.toLowerCase());
  return i > 0 ? i : undefined;
}

const KILL_USAGE = "Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]";

/** `kill -l [STATUS]`: every name, or the one of a signal number or an exit status above 128. */
function killList(cx: JobContext, args: readonly string[], out: Out, err: Out): number {
  const first = args[0];
  if (first === undefined) {
    out(SIGNAL_NAMES.map((n) => `${n}\n`).join(""));
    return 0;
  }
  if (!/^\d+$/.test(first)) {
    err(`${cx.where}: kill: Illegal number: ${first}\n`);
    return 2;
  }
  const n = Number(first) > 128 ? Number(first) - 128 : Number(first);
  const name = SIGNAL_NAMES[n];
  if (name === undefined) {
    err(`${cx.where}: kill: invalid signal number or exit status: ${first}\n`);
    return 2;
  }
  out(`${name}\n`);
  return 0;
}

/**
 * `kill [-s SIG | -SIG] ID...` and `kill -l`, as dash's killcmd: the process handles the
 * signal its own way (tcpdump prints its statistics). A job's process group exists only
 * under job control; a process that ended but was not reaped is a zombie kill still finds.
 */
export function killBuiltin(cx: JobContext, args: readonly string[], out: Out, err: Out): number {
  if (args.length === 0) {
    err(`${cx.where}: kill: ${KILL_USAGE}\n`);
    return 2;
  }
  let sig: number | undefined = SIGTERM;
  let list = false;
  let rest = [...args];
  const first = rest[0] ?? "";
  if (first.startsWith("-") && first !== "-" && first !== "--") {
    const direct = decodeSignal(first.slice(1));
    if (direct !== undefined) {
      sig = direct;
      rest = rest.slice(1);
    } else if (first === "-l") {
      list = true;
      rest = rest.slice(1);
    } else if (first.startsWith("-s")) {
      const name = first.length > 2 ? first.slice(2) : rest[1];
      if (name === undefined) {
        err(`${cx.where}: kill: No arg for -s option\n`);
        return 2;
      }
      sig = decodeSignal(name);
      if (sig === undefined) {
        err(`${cx.where}: kill: invalid signal number or name: ${name}\n`);
        return 2;
      }
      rest = rest.slice(first.length > 2 ? 1 : 2);
    } else {
      err(`${cx.where}: kill: Illegal option -${first.charAt(1)}\n`);
      return 2;
    }
  } else if (first === "--") {
    rest = rest.slice(1);
  }
  if (list) return killList(cx, rest, out, err);
  if (rest.length === 0) {
    err(`${cx.where}: kill: ${KILL_USAGE}\n`);
    return 2;
  }
  const net = Net.of(cx.world);
  let status = 0;
  for (const spec of rest) {
    let job: Job | undefined;
    if (spec.startsWith("%")) {
      job = cx.jobs.find(spec);
      if (job === undefined) return noSuchJob(cx, "kill", spec, err);
      if (!cx.jobs.jobControl) {
        // kill(-pgid): without job control the job has no process group of its own.
        err(`${cx.where}: kill: No such process\n\n`);
        status = 1;
        continue;
      }
    } else {
      if (!/^-?\d+$/.test(spec)) {
        err(`${cx.where}: kill: Illegal number: ${spec.replace(/^-/, "")}\n`);
        return 2;
      }
      job = cx.jobs.find(spec);
    }
    const pid = job?.pid ?? Number(spec);
    const zombie = job !== undefined && ended(job) && !job.reaped;
    if (zombie || (sig === 0 && net.alive(pid))) continue;
    if (!net.kill(pid, sig)) {
      err(`${cx.where}: kill: No such process\n\n`);
      status = 1;
    }
  }
  return status;
}

/** One line of a listing: `[N] + State` padded to column 33, then the command (showjob). */
function jobLine(j: Job, mark: string): string {
  const head = `[${String(j.id)}] ${mark} ${stateText(j)}`;
  return `${head}${" ".repeat(Math.max(1, 33 - head.length))}${j.command}\n`;
}

/**
 * showjobs: the jobs, most recent first, each marked `+` or `-` by where it stands when it
 * is printed; a job that ended is forgotten once shown, so the next one moves up.
 */
function showJobs(cx: JobContext, wanted: readonly Job[], out: Out): void {
  for (const j of wanted) {
    const mark = cx.jobs.jobs[0] === j ? "+" : cx.jobs.jobs[1] === j ? "-" : " ";
    out(jobLine(j, mark));
    if (ended(j)) cx.jobs.remove(j);
  }
}

/** `jobs [ID...]`. */
export function jobsBuiltin(cx: JobContext, args: readonly string[], out: Out, err: Out): number {
  cx.jobs.reap();
  const wanted: Job[] = [];
  for (const spec of args) {
    const j = cx.jobs.find(spec);
    if (j === undefined) return noSuchJob(cx, "jobs", spec, err);
    wanted.push(j);
  }
  showJobs(cx, args.length === 0 ? [...cx.jobs.jobs] : wanted, out);
  return 0;
}

/** Before an interactive prompt: the jobs that ended are announced, then forgotten. */
export function announceEnded(cx: JobContext, out: Out): void {
  cx.jobs.reap();
  showJobs(cx, cx.jobs.jobs.filter(ended), out);
}

/** At the end of a script the jobs still running are stopped without a word (their output would come after it). */
export function endJobs(world: World, jobs: JobTable): void {
  const net = Net.of(world);
  for (const j of jobs.jobs) {
    if (j.process !== undefined && !j.process.done) net.kill(j.process.pid, SIGKILL);
  }
  jobs.jobs = [];
}
