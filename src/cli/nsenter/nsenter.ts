// `nsenter` (util-linux 2.38.1): enter the network namespace named by a file
// (`--net=/var/run/netns/NAME`, `-n/proc/PID/ns/net`) or by a process (`-t PID -n`) and run
// a program there. The other namespaces (mount, uts, ...) are accepted and change nothing
// nfsim models. Without a program nsenter starts a shell: the shell runner enters the
// namespace until `exit` instead.
import { INITIAL_NS, type World } from "../../world/world.ts";
import { Net } from "../../world/net.ts";
import type { Tool, ToolIO } from "../io.ts";

const USAGE = `
Usage:
 nsenter [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all              enter all namespaces
 -t, --target <pid>     target process to get namespaces from
 -m, --mount[=<file>]   enter mount namespace
 -u, --uts[=<file>]     enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]     enter System V IPC namespace
 -n, --net[=<file>]     enter network namespace
 -p, --pid[=<file>]     enter pid namespace
 -C, --cgroup[=<file>]  enter cgroup namespace
 -U, --user[=<file>]    enter user namespace
 -T, --time[=<file>]    enter time namespace
 -S, --setuid <uid>     set uid in entered namespace
 -G, --setgid <gid>     set gid in entered namespace
     --preserve-credentials do not touch uids or gids
 -r, --root[=<dir>]     set the root directory
 -w, --wd[=<dir>]       set the working directory
 -W. --wdns <dir>       set the working directory in namespace
 -F, --no-fork          do not fork before exec'ing <program>
 -Z, --follow-context   set SELinux context according to --target PID

 -h, --help             display this help
 -V, --version          display version

For more details see nsenter(1).
`;

/** Namespace options by short letter: their long name and the name in /proc/PID/ns. */
const NAMESPACES: Readonly<Record<string, readonly [long: string, proc: string]>> = {
  m: ["mount", "mnt"], u: ["uts", "uts"], i: ["ipc", "ipc"], n: ["net", "net"],
  p: ["pid", "pid"], C: ["cgroup", "cgroup"], U: ["user", "user"], T: ["time", "time"],
};
const LONG_FLAGS: Readonly<Record<string, string>> = { all: "a", help: "h", version: "V", "no-fork": "F", "follow-context": "Z", "preserve-credentials": "" };
const LONG_WITH_ARG: Readonly<Record<string, string>> = { target: "t", setuid: "S", setgid: "G", wdns: "W" };
const LONG_OPTIONAL: Readonly<Record<string, string>> = { root: "r", wd: "w" };

export type NsenterParse =
  | { readonly ok: true; readonly ns: string; readonly command: readonly string[] }
  | { readonly ok: false; readonly stdout?: string; readonly stderr?: string; readonly exit: number };

class Fail extends Error {
  constructor(readonly stderr: string, readonly exit = 1, readonly stdout = "") {
    super(stderr);
  }
}

interface Opts {
  target?: number;
  all: boolean;
  /** Requested namespaces (proc names) with their file, undefined = from the target. */
  spaces: Map<string, string | undefined>;
}

const TRY = "Try 'nsenter --help' for more information.\n";

/** The namespace a file opens: /run/netns/NAME, /var/run/netns/NAME or /proc/PID/ns/net. */
function fromFile(world: World, path: string, pidNs: (pid: number) => string | undefined): string {
  const named = /^\/(?:var\/)?run\/netns\/([^/]+)$/.exec(path);
  if (named?.[1] !== undefined && world.namespaces[named[1]] !== undefined) return named[1];
  const proc = /^\/proc\/(\d+)\/ns\/net$/.exec(path);
  const ns = proc?.[1] === undefined ? undefined : pidNs(Number(proc[1]));
  if (ns !== undefined) return ns;
  throw new Fail(`nsenter: cannot open ${path}: No such file or directory\n`);
}

function longOption(o: Opts, word: string, rest: string[]): void {
  const [name = "", value] = word.slice(2).split(/=(.*)/s, 2);
  const space = Object.entries(NAMESPACES).find(([, [long]]) => long === name);
  if (space !== undefined) return void o.spaces.set(space[1][1], value);
  if (name in LONG_FLAGS || name in LONG_OPTIONAL) return flag(o, LONG_FLAGS[name] ?? "", value);
  if (name in LONG_WITH_ARG) {
    const v = value ?? rest.shift();
    if (v === undefined) throw new Fail(`nsenter: option '--${name}' requires an argument\n${TRY}`);
    return flag(o, LONG_WITH_ARG[name] ?? "", v);
  }
  throw new Fail(`nsenter: unrecognized option '${word}'\n${TRY}`);
}

function flag(o: Opts, c: string, value: string | undefined): void {
  if (c === "h") throw new Fail("", 0, USAGE);
  if (c === "V") throw new Fail("", 0, "nsenter from util-linux 2.38.1\n");
  if (c === "a") o.all = true;
  if (c === "t") {
    if (value === undefined || !/^\d+$/.test(value)) throw new Fail(`nsenter: failed to parse pid: '${value ?? ""}'\n`);
    o.target = Number(value);
  }
}

function shortOptions(o: Opts, word: string, rest: string[]): void {
  for (let i = 1; i < word.length; i++) {
    const c = word[i] ?? "";
    const attached = i + 1 < word.length ? word.slice(i + 1) : undefined;
    const space = NAMESPACES[c];
    if (space !== undefined) return void o.spaces.set(space[1], attached);
    if (c === "r" || c === "w") return;
    if ("tSGW".includes(c)) {
      const v = attached ?? rest.shift();
      if (v === undefined) throw new Fail(`nsenter: option requires an argument -- '${c}'\n${TRY}`);
      return flag(o, c, v);
    }
    if (!"ahVFZ".includes(c)) throw new Fail(`nsenter: invalid option -- '${c}'\n${TRY}`);
    flag(o, c, undefined);
  }
}

/** Options up to the first non-option ("+" in getopt_long's string), then the program. */
export function parseNsenter(argv: readonly string[], world: World, current: string, pidNs: (pid: number) => string | undefined): NsenterParse {
  const o: Opts = { all: false, spaces: new Map() };
  const rest = [...argv];
  try {
    while (rest.length > 0 && (rest[0] ?? "").startsWith("-") && rest[0] !== "-") {
      const word = rest.shift() ?? "";
      if (word === "--") break;
      if (word.startsWith("--")) longOption(o, word, rest);
      else shortOptions(o, word, rest);
    }
    if (o.all && o.target !== undefined) for (const [, [, proc]] of Object.entries(NAMESPACES)) if (!o.spaces.has(proc)) o.spaces.set(proc, undefined);
    let ns = current;
    for (const [proc, file] of o.spaces) {
      if (file === undefined && o.target === undefined) throw new Fail(`nsenter: neither filename nor target pid supplied for ns/${proc}\n`);
      if (file !== undefined && proc === "net") ns = fromFile(world, file, pidNs);
      if (file === undefined && o.target !== undefined) {
        const target = pidNs(o.target);
        if (target === undefined) throw new Fail(`nsenter: cannot open /proc/${String(o.target)}/ns/${proc}: No such file or directory\n`);
        if (proc === "net") ns = target;
      }
    }
    return { ok: true, ns, command: rest };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, exit: e.exit, ...(e.stderr ? { stderr: e.stderr } : {}), ...(e.stdout ? { stdout: e.stdout } : {}) };
    throw e;
  }
}

/** The network namespace of a process: pid 1 is the initial one, the others are nfsim's tools. */
export function pidNamespace(world: World, pid: number): string | undefined {
  if (pid === 1) return INITIAL_NS;
  const p = Net.of(world).rt.processes.get(pid);
  return p?.done === false ? p.ns : undefined;
}

/** `nsenter OPTIONS PROGRAM ARGS`: the program is another emulated tool, run in the namespace. */
export function makeNsenter(tools: (name: string) => Tool | undefined): Tool {
  return (argv, world, ns, io: ToolIO) => {
    const r = parseNsenter(argv, world, ns, (pid) => pidNamespace(world, pid));
    if (!r.ok) {
      if (r.stdout !== undefined) io.stdout(r.stdout);
      if (r.stderr !== undefined) io.stderr(r.stderr);
      return r.exit;
    }
    const [cmd, ...args] = r.command;
    if (cmd === undefined) {
      io.stderr("nfsim: nsenter without a program starts a shell: run it in `nfsim shell` or `nfsim run`\n");
      return 1;
    }
    const tool = tools(cmd);
    if (tool === undefined) {
      io.stderr(`nsenter: failed to execute ${cmd}: No such file or directory\n`);
      return 127;
    }
    return tool(args, world, r.ns, io);
  };
}
