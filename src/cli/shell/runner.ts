// Runs parsed shell statements against a world: the emulated tools, a few builtins and
// text filters, pipes, &&/||, redirections, background jobs (`&`, `wait`, `kill`, `jobs`;
// jobs.ts), `sleep` on the virtual clock, and entering a namespace with nsenter or
// `ip netns exec NS sh` until `exit`. Output is written as it is produced.
import type { World } from "../../world/world.ts";
import type { Process } from "../../world/process.ts";
import { INITIAL_NS, namespaceOf } from "../../world/world.ts";
import { isProcSysPath, procSysRead, procSysWrite } from "../../stack/sysctl.ts";
import type { JobControl, ToolIO } from "../io.ts";
import { Net } from "../../world/net.ts";
import { parseNsenter, pidNamespace } from "../nsenter/nsenter.ts";
import { JobTable, jobsBuiltin, killBuiltin, waitBuiltin, type JobContext } from "./jobs.ts";
import { toolFor } from "../tools.ts";
import { startSleep } from "../proc.ts";
import { FILTERS } from "./filters.ts";
import { parseScript, type Redir, type SimpleCommand, type Statement, type Word } from "./syntax.ts";

/** Files the script reads and writes (`< rules.v4`, `> out.txt`), injected by the frontend. */
export interface FileAccess {
  read(path: string): string;
  write(path: string, text: string, append: boolean): void;
}

export interface ShellOptions {
  /** Name used in error messages, as sh uses the script's name. */
  readonly name: string;
  /** Print each statement before running it, prefixed with the prompt. */
  readonly echo?: boolean;
  readonly files: FileAccess;
  readonly now: Date;
  /** Background jobs, kept across the lines of an interactive shell. */
  readonly jobs?: JobTable;
  /** The namespace the shell runs in (a shell started by nsenter or `ip netns exec`); the initial one by default. */
  readonly baseNs?: string;
}

export class ShellSession {
  /** The namespaces entered with nsenter / `ip netns exec NS sh`, innermost last. */
  readonly nsStack: string[] = [];
  readonly vars = new Map<string, string>();
  status = 0;
  /** Set by `exit` at the outermost level. */
  finished = false;
  private jobTable?: JobTable;
  /** Set while a `&` statement runs: its long-running tools start as jobs. */
  private bg: JobControl | undefined;

  constructor(
    readonly world: World,
    private readonly out: (text: string) => void,
    private readonly err: (text: string) => void,
    private readonly options: ShellOptions,
  ) {}

  get ns(): string {
    return this.nsStack[this.nsStack.length - 1] ?? this.options.baseNs ?? INITIAL_NS;
  }

  get jobs(): JobTable {
    return (this.jobTable ??= this.options.jobs ?? new JobTable());
  }

  /** What the job builtins need: the world, the jobs and where sh would say an error came from. */
  get jobContext(): JobContext {
    return { world: this.world, jobs: this.jobs, where: `${this.options.name}: ${String(this.line)}` };
  }

  /** `cmd &`: the command starts; a tool that lasts becomes a job; `$!` is its pid. */
  private background(st: Statement, stdin: string, out: (t: string) => void, err: (t: string) => void): number {
    let started: Process | undefined;
    const outer = this.bg;
    this.bg = this.jobs.control((p) => (started ??= p));
    let status: number;
    try {
      status = this.statement({ ...st, background: false }, stdin, out, err);
    } finally {
      this.bg = outer;
    }
    const job = this.jobs.add(st.text.replace(/\s*&\s*$/, ""), started, status);
    this.vars.set("!", String(job.pid));
    return 0;
  }

  /** Set while a `&` statement runs: what a builtin started in the background reports to. */
  get backgroundJobs(): JobControl | undefined {
    return this.bg;
  }

  prompt(): string {
    return this.ns === INITIAL_NS ? "# " : `[${this.ns}] # `;
  }

  /** Runs statements in order until the script exits; returns the last status. */
  run(statements: readonly Statement[]): number {
    for (const st of statements) {
      if (this.finished) break;
      if (this.options.echo) this.out(`${this.prompt()}${st.text}\n`);
      this.status = this.statement(st, "", this.out, this.err);
    }
    return this.status;
  }

  private statement(st: Statement, stdin: string, out: (t: string) => void, err: (t: string) => void): number {
    if (st.background) return (this.status = this.background(st, stdin, out, err));
    let status: number;
    const node = st.node;
    if (node.kind === "command") {
      this.line = node.line;
      status = this.withRedirs(st.redirs, stdin, out, err, (i, o, e) => this.simple(node, i, o, e));
    } else if (node.kind === "pipe") {
      let buffer = "";
      this.statement(node.left, stdin, (t) => (buffer += t), err);
      status = this.statement(node.right, buffer, out, err);
    } else {
      status = this.statement(node.left, stdin, out, err);
      if (!this.finished && (node.kind === "and" ? status === 0 : status !== 0)) {
        status = this.statement(node.right, stdin, out, err);
      }
    }
    this.status = st.negated ? (status === 0 ? 1 : 0) : status;
    return this.status;
  }

  expand(word: Word): string {
    return word
      .map((p) => {
        if (p.kind === "lit") return p.text;
        if (p.name === "?") return String(this.status);
        return this.vars.get(p.name) ?? "";
      })
      .join("");
  }

  private withRedirs(
    redirs: readonly Redir[],
    stdin: string,
    out: (t: string) => void,
    err: (t: string) => void,
    run: (stdin: string, out: (t: string) => void, err: (t: string) => void) => number,
  ): number {
    let input = stdin;
    let o = out;
    let e = err;
    const files: { path: string; append: boolean; text: string }[] = [];
    for (const r of redirs) {
      if (r.kind === "heredoc" || r.kind === "herestring") {
        input = this.expand(r.body) + (r.kind === "herestring" ? "\n" : "");
      } else if (r.kind === "in") {
        const path = this.expand(r.target);
        try {
          input = this.readFile(path);
        } catch {
          err(`${this.options.name}: ${String(this.line)}: cannot open ${path}: No such file\n`);
          return 2;
        }
      } else if (r.kind === "dup") {
        if (r.fd === 2 && r.to === "1") e = o;
        else if (r.fd === 1 && r.to === "2") o = e;
      } else {
        const path = this.expand(r.target);
        if (isProcSysPath(path) && procSysRead(namespaceOf(this.world, this.ns), path) === undefined) {
          err(`${this.options.name}: ${String(this.line)}: cannot create ${path}: Directory nonexistent\n`);
          return 2;
        }
        const sink = path === "/dev/null" ? undefined : { path, append: r.kind === "append", text: "" };
        if (sink && isProcSysPath(path)) files.push(sink);
        // Files are written as output comes: a background job's output arrives after this returns.
        if (sink && !isProcSysPath(path)) this.options.files.write(path, "", sink.append);
        const write = (t: string) => {
          if (sink === undefined) return;
          if (isProcSysPath(sink.path)) sink.text += t;
          else this.options.files.write(sink.path, t, true);
        };
        if (r.fd === 2) e = write;
        else o = write;
      }
    }
    const status = run(input, o, e);
    for (const f of files) {
      if (procSysWrite(namespaceOf(this.world, this.ns), f.path, f.text) !== "ok") {
        // The kernel refuses the value at write(2): dash's echo reports it as an I/O error.
        err(`${this.options.name}: ${String(this.line)}: echo: echo: I/O error\n`);
        return 1;
      }
    }
    return status;
  }

  /** A file a tool reads (`pfctl -f FILE`), or undefined when it cannot be read. */
  private tryRead(path: string): string | undefined {
    try {
      return this.readFile(path);
    } catch {
      return undefined;
    }
  }

  /** Files the script reads; /proc/sys/net shows the namespace's sysctls. */
  private readFile(path: string): string {
    if (!isProcSysPath(path)) return this.options.files.read(path);
    const value = procSysRead(namespaceOf(this.world, this.ns), path);
    if (value === undefined) throw new Error(`${path}: No such file or directory`);
    return value;
  }

  /**
   * `ip netns exec NS CMD...` where CMD is not an emulated tool (`sh -c SCRIPT`, a filter, a
   * builtin): it runs here, in NS. Emulated tools are left to the ip tool itself.
   */
  private netnsExec(argv: readonly string[], stdin: string, out: (t: string) => void, err: (t: string) => void): number | undefined {
    const prefixed = this.nsPrefix(argv);
    if (prefixed === undefined) return undefined;
    const [target, cmd, ...rest] = prefixed;
    if (target === undefined || cmd === undefined) return undefined;
    const shells = ["sh", "bash", "/bin/sh", "/bin/bash"];
    if (BUILTINS[cmd] === undefined && FILTERS[cmd] === undefined && !(shells.includes(cmd) && rest[0] === "-c")) return undefined;
    this.nsStack.push(target);
    try {
      if (shells.includes(cmd) && rest[0] === "-c") {
        let status = 0;
        for (const st of parseScript(`${rest[1] ?? ""}\n`, this.options.name)) status = this.statement(st, stdin, out, err);
        return status;
      }
      const words = [cmd, ...rest].map((text) => [{ kind: "lit" as const, text }]);
      return this.simple({ kind: "command", line: this.line, assigns: [], args: words }, stdin, out, err);
    } finally {
      this.nsStack.pop();
    }
  }

  private line = 0;

  /** `ip netns exec NS CMD...` or `nsenter --net=... CMD...`: the namespace and the command. */
  private nsPrefix(argv: readonly string[]): string[] | undefined {
    if (argv[0] === "nsenter") {
      const r = parseNsenter(argv.slice(1), this.world, this.ns, (pid) => pidNamespace(this.world, pid));
      return r.ok && r.command.length > 0 ? [r.ns, ...r.command] : undefined;
    }
    const [ip, netns, exec, target, ...cmd] = argv;
    if (ip !== "ip" || netns !== "netns" || exec !== "exec" || target === undefined || cmd.length === 0) return undefined;
    if (this.world.namespaces[target] === undefined || target === INITIAL_NS) return undefined;
    return [target, ...cmd];
  }

  private simple(cmd: SimpleCommand, stdin: string, out: (t: string) => void, err: (t: string) => void): number {
    this.line = cmd.line;
    const argv = cmd.args.map((w) => this.expand(w));
    if (argv.length === 0) {
      for (const a of cmd.assigns) this.vars.set(a.name, this.expand(a.value));
      return 0;
    }
    const [name = "", ...args] = argv;
    const builtin = BUILTINS[name];
    if (builtin) return builtin(this, args, out, err);
    const status = this.external(cmd, argv, stdin, out, err);
    // A foreground command's wait (dash's waitforjob) collects the jobs that ended meanwhile.
    if (this.bg === undefined) this.jobs.reap();
    return status;
  }

  /** What dash runs as a program of its own: the emulated tools, text filters, namespace shells. */
  private external(cmd: SimpleCommand, argv: readonly string[], stdin: string, out: (t: string) => void, err: (t: string) => void): number {
    const [name = "", ...args] = argv;
    const entered = this.enter(argv, stdin, out, err);
    if (entered !== undefined) return entered;
    const inNetns = this.netnsExec(argv, stdin, out, err);
    if (inNetns !== undefined) return inNetns;
    const filter = FILTERS[name];
    if (filter) {
      return filter(args, { stdin, out, err, readFile: (p) => this.readFile(p) });
    }
    const os = namespaceOf(this.world, this.ns).os;
    const tool = toolFor(name, os);
    if (tool === undefined) {
      // A Mac's shell is zsh; the scripts' sh reports as dash does.
      err(os === "macos" ? `zsh: command not found: ${name}\n` : `${this.options.name}: ${String(cmd.line)}: ${name}: not found\n`);
      return 127;
    }
    const io: ToolIO = { stdin, stdout: out, stderr: err, now: this.options.now, readFile: (p) => this.tryRead(p), ...(this.bg !== undefined ? { jobs: this.bg } : {}) };
    return tool(args, this.world, this.ns, io);
  }

  /** `nsenter --net=/var/run/netns/NS` or `ip netns exec NS sh`: later commands run in NS until `exit`. */
  private enter(argv: readonly string[], stdin: string, out: (t: string) => void, err: (t: string) => void): number | undefined {
    const shells = ["sh", "bash", "/bin/sh", "/bin/bash"];
    let target: string | undefined;
    let how: "nsenter" | "ip" | undefined;
    if (argv[0] === "nsenter") {
      // Errors are the nsenter tool's to print; a shell (or none) as the program enters the namespace.
      const r = parseNsenter(argv.slice(1), this.world, this.ns, (pid) => pidNamespace(this.world, pid));
      if (r.ok && (r.command.length === 0 || (r.command.length === 1 && shells.includes(r.command[0] ?? "")))) {
        target = r.ns;
        how = "nsenter";
      }
    } else if (argv[0] === "ip" && argv[1] === "netns" && argv[2] === "exec" && argv.length === 5 && shells.includes(argv[4] ?? "")) {
      target = argv[3];
      how = "ip";
    }
    if (target === undefined || how === undefined) return undefined;
    if (this.world.namespaces[target] === undefined) {
      err(
        how === "nsenter"
          ? `nsenter: cannot open /var/run/netns/${target}: No such file or directory\n`
          : `Cannot open network namespace "${target}": No such file or directory\n`,
      );
      return how === "nsenter" ? 1 : 255;
    }
    if (stdin !== "") return this.subshell(target, stdin, out, err);
    this.nsStack.push(target);
    return 0;
  }

  /** A shell in `ns` reading its commands from standard input (`nsenter --net=... sh <<EOF`). */
  private subshell(ns: string, script: string, out: (t: string) => void, err: (t: string) => void): number {
    let statements;
    try {
      statements = parseScript(script, "sh");
    } catch (e) {
      err(`sh: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const child = new ShellSession(this.world, out, err, { ...this.options, name: "sh", echo: false, jobs: this.jobs, baseNs: ns });
    return child.run(statements);
  }
}

type Builtin = (sh: ShellSession, args: readonly string[], out: (t: string) => void, err: (t: string) => void) => number;

function echo(args: readonly string[]): string {
  let rest = [...args];
  let newline = true;
  let escapes = false;
  while (rest[0] !== undefined && /^-[neE]+$/.test(rest[0])) {
    const flags = rest[0];
    if (flags.includes("n")) newline = false;
    if (flags.includes("e")) escapes = true;
    rest = rest.slice(1);
  }
  const text = rest.join(" ");
  return (escapes ? unescapeC(text) : text) + (newline ? "\n" : "");
}

function unescapeC(text: string): string {
  const map: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", r: "\r", a: "\x07", "0": "\0" };
  return text.replace(/\\(.)/g, (m, c: string) => map[c] ?? m);
}

/** printf FORMAT ARGS: %s %d %i %x %% and backslash escapes, reusing the format for extra arguments. */
function printf(format: string, args: readonly string[]): string {
  let out = "";
  let i = 0;
  do {
    out += unescapeC(format).replace(/%(-?\d*)([sdix%])/g, (_m, width: string, conv: string) => {
      if (conv === "%") return "%";
      const arg = args[i++] ?? "";
      const value = conv === "s" ? arg : conv === "x" ? (parseInt(arg, 10) || 0).toString(16) : String(parseInt(arg, 10) || 0);
      const w = Number(width.replace("-", "")) || 0;
      return width.startsWith("-") ? value.padEnd(w) : value.padStart(w);
    });
  } while (i < args.length && /%[-\d]*[sdix]/.test(format));
  return out;
}

const SLEEP_UNITS: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** GNU sleep's operands: numbers with an optional s/m/h/d suffix, added up (C locale's words). */
function sleepSeconds(args: readonly string[], err: (t: string) => void): number | undefined {
  const tryHelp = "Try 'sleep --help' for more information.\n";
  if (args.length === 0) return (err(`sleep: missing operand\n${tryHelp}`), undefined);
  let total = 0;
  for (const a of args) {
    if (/^-[^.\d]/.test(a) || /^-\d/.test(a)) return (err(`sleep: invalid option -- '${a.slice(1, 2)}'\n${tryHelp}`), undefined);
    const m = /^\+?(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
    if (m === null) return (err(`sleep: invalid time interval '${a}'\n${tryHelp}`), undefined);
    total += Number(m[1]) * (SLEEP_UNITS[m[2] ?? ""] ?? 1);
  }
  return total;
}

const BUILTINS: Readonly<Record<string, Builtin>> = {
  echo: (_sh, args, out) => {
    out(echo(args));
    return 0;
  },
  printf: (_sh, args, out) => {
    out(printf(args[0] ?? "", args.slice(1)));
    return 0;
  },
  true: () => 0,
  ":": () => 0,
  false: () => 1,
  sleep: (sh, args, _out, err) => {
    const seconds = sleepSeconds(args, err);
    if (seconds === undefined) return 1;
    const us = Math.round(seconds * 1_000_000);
    const bg = sh.backgroundJobs;
    if (bg !== undefined) {
      // `sleep N &`: a process of its own that ends when its time is up.
      bg.started(startSleep(Net.of(sh.world), sh.ns, us));
      return 0;
    }
    // Background jobs run while the virtual clock moves; sleep is a program, so dash reaps after it.
    Net.of(sh.world).advance(us);
    sh.jobs.reap();
    return 0;
  },
  wait: (sh, args, _out, err) => waitBuiltin(sh.jobContext, args, err),
  kill: (sh, args, out, err) => killBuiltin(sh.jobContext, args, out, err),
  jobs: (sh, args, out, err) => jobsBuiltin(sh.jobContext, args, out, err),
  exit: (sh, args) => {
    const status = args[0] === undefined ? sh.status : Number(args[0]) & 255;
    if (sh.nsStack.length > 0) sh.nsStack.pop();
    else sh.finished = true;
    return status;
  },
  export: (sh, args) => {
    for (const a of args) {
      const eq = a.indexOf("=");
      if (eq > 0) sh.vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    return 0;
  },
  unset: (sh, args) => {
    for (const a of args) sh.vars.delete(a);
    return 0;
  },
};
