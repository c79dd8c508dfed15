// Runs parsed shell statements against a world: the emulated tools, a few builtins and
// text filters, pipes, &&/||, redirections, and entering a namespace with nsenter or
// `ip netns exec NS sh` until `exit`. Output is written as it is produced.
import type { World } from "../../world/world.ts";
import { INITIAL_NS, namespaceOf } from "../../world/world.ts";
import { isProcSysPath, procSysRead, procSysWrite } from "../../stack/sysctl.ts";
import type { ToolIO } from "../io.ts";
import { TOOLS } from "../tools.ts";
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
}

export class ShellSession {
  /** The namespaces entered with nsenter / `ip netns exec NS sh`, innermost last. */
  readonly nsStack: string[] = [];
  readonly vars = new Map<string, string>();
  status = 0;
  /** Set by `exit` at the outermost level. */
  finished = false;

  constructor(
    readonly world: World,
    private readonly out: (text: string) => void,
    private readonly err: (text: string) => void,
    private readonly options: ShellOptions,
  ) {}

  get ns(): string {
    return this.nsStack[this.nsStack.length - 1] ?? INITIAL_NS;
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
        if (sink) files.push(sink);
        const write = (t: string) => {
          if (sink) sink.text += t;
        };
        if (r.fd === 2) e = write;
        else o = write;
      }
    }
    const status = run(input, o, e);
    for (const f of files) {
      if (!isProcSysPath(f.path)) this.options.files.write(f.path, f.text, f.append);
      else if (procSysWrite(namespaceOf(this.world, this.ns), f.path, f.text) !== "ok") {
        // The kernel refuses the value at write(2): dash's echo reports it as an I/O error.
        err(`${this.options.name}: ${String(this.line)}: echo: echo: I/O error\n`);
        return 1;
      }
    }
    return status;
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
    const [ip, netns, exec, target, cmd, ...rest] = argv;
    if (ip !== "ip" || netns !== "netns" || exec !== "exec" || target === undefined || cmd === undefined) return undefined;
    if (this.world.namespaces[target] === undefined || target === INITIAL_NS) return undefined;
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
    const entered = this.enter(argv, err);
    if (entered !== undefined) return entered;
    const inNetns = this.netnsExec(argv, stdin, out, err);
    if (inNetns !== undefined) return inNetns;
    const filter = FILTERS[name];
    if (filter) {
      return filter(args, { stdin, out, err, readFile: (p) => this.readFile(p) });
    }
    const tool = TOOLS[name];
    if (tool === undefined) {
      err(`${this.options.name}: ${String(cmd.line)}: ${name}: not found\n`);
      return 127;
    }
    const io: ToolIO = { stdin, stdout: out, stderr: err, now: this.options.now };
    return tool(args, this.world, this.ns, io);
  }

  /** `nsenter --net=/var/run/netns/NS` or `ip netns exec NS sh`: later commands run in NS until `exit`. */
  private enter(argv: readonly string[], err: (t: string) => void): number | undefined {
    const shells = ["sh", "bash", "/bin/sh", "/bin/bash"];
    let target: string | undefined;
    let how: "nsenter" | "ip" | undefined;
    if (argv[0] === "nsenter") {
      const net = argv.slice(1).find((a) => a.startsWith("--net="));
      const rest = argv.slice(1).filter((a) => !a.startsWith("--net="));
      if (net !== undefined && (rest.length === 0 || (rest.length === 1 && shells.includes(rest[0] ?? "")))) {
        target = net.slice("--net=".length).replace(/^\/(?:var\/)?run\/netns\//, "");
        how = "nsenter";
        if (target.includes("/")) {
          err(`nsenter: cannot open ${net.slice(6)}: No such file or directory\n`);
          return 1;
        }
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
    this.nsStack.push(target);
    return 0;
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
    const seconds = Number(args[0]);
    if (args[0] === undefined || !Number.isFinite(seconds) || seconds < 0) {
      err(`sleep: invalid time interval '${args[0] ?? ""}'\n`);
      return 1;
    }
    sh.world.clock += Math.round(seconds * 1000);
    return 0;
  },
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
