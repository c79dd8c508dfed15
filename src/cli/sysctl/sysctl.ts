// `sysctl` (procps-ng 4.0.2) over the keys nfsim models under /proc/sys/net: read, write
// (-w or NAME=VALUE), -n/-N/-b/-q/-e, -a with -r PATTERN, and a directory name lists it.
import { NetlinkError } from "../../stack/errors.ts";
import { sysctlDirectory, sysctlExists, sysctlGet, sysctlKeys, sysctlPath, sysctlSet, sysctlWritable } from "../../stack/sysctl.ts";
import type { NetNamespace } from "../../stack/types.ts";
import { namespaceOf, type World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

interface Opts {
  all: boolean;
  binary: boolean;
  ignore: boolean;
  names: boolean;
  values: boolean;
  quiet: boolean;
  write: boolean;
  dryRun: boolean;
  pattern?: RegExp;
  load?: string;
}

/** The dotted name of an argument: slashes become dots, as sysctl prints keys. */
function dotted(arg: string): string {
  return arg.includes("/") ? arg.replace(/^\/+/, "").replace(/\//g, ".") : arg;
}

function show(io: ToolIO, o: Opts, name: string, value: string): void {
  if (o.names) io.stdout(`${name}\n`);
  else if (o.values) io.stdout(o.binary ? value : `${value}\n`);
  else if (o.binary) io.stdout(value);
  else io.stdout(`${name} = ${value}\n`);
}

function read(ns: NetNamespace, io: ToolIO, o: Opts, arg: string): number {
  if (arg === "") {
    io.stderr('sysctl: "" is an unknown key\n');
    return -1;
  }
  const name = dotted(arg);
  if (name === "." || name.startsWith(".")) {
    io.stderr(`sysctl: Path is not under /proc/sys/: /proc/sys/${arg.replace(/\./g, "/")}/\n`);
    return -1;
  }
  const value = sysctlGet(ns, name);
  if (value !== undefined) {
    show(io, o, name, value);
    return 0;
  }
  const dir = sysctlDirectory(ns, name);
  if (dir.length > 0) {
    for (const k of dir) show(io, o, k, sysctlGet(ns, k) ?? "");
    return 0;
  }
  if (o.ignore) return 0;
  io.stderr(`sysctl: cannot stat ${sysctlPath(name)}: No such file or directory\n`);
  return 1;
}

function write(ns: NetNamespace, io: ToolIO, o: Opts, arg: string): number {
  const eq = arg.indexOf("=");
  if (eq < 0) {
    io.stderr("sysctl: command line(0): invalid syntax, continuing...\n");
    return 1;
  }
  const name = dotted(arg.slice(0, eq).trim());
  const value = arg.slice(eq + 1).trim();
  if (name === "") {
    io.stderr("sysctl: Path is not under /proc/sys/: /proc/sys/\n");
    return 1;
  }
  if (!sysctlExists(ns, name)) {
    if (sysctlDirectory(ns, name).length > 0) {
      io.stderr(`sysctl: setting key "${name}": Invalid argument\n`);
      return 0;
    }
    if (o.ignore) return 0;
    io.stderr(`sysctl: cannot stat ${sysctlPath(name)}: No such file or directory\n`);
    return 1;
  }
  if (!sysctlWritable(ns, name)) {
    io.stderr(`sysctl: setting key "${name}": Invalid argument\n`);
    return 0;
  }
  if (!o.dryRun) {
    try {
      sysctlSet(ns, name, value);
    } catch (e) {
      if (!(e instanceof NetlinkError)) throw e;
      io.stderr(`sysctl: setting key "${name}": ${e.strerror}\n`);
      return 1;
    }
  }
  if (!o.quiet) show(io, { ...o, binary: false }, name, value);
  return 0;
}

function listAll(ns: NetNamespace, io: ToolIO, o: Opts): number {
  for (const k of sysctlKeys(ns)) {
    if (o.pattern !== undefined && !o.pattern.test(k)) continue;
    show(io, o, k, sysctlGet(ns, k) ?? "");
  }
  return 0;
}

/** getopt_long over "bneNwfp::qoxaAXr:Vdh" and the long names. */
function parseArgs(argv: readonly string[], io: ToolIO): { o: Opts; rest: string[] } | number {
  const o: Opts = { all: false, binary: false, ignore: false, names: false, values: false, quiet: false, write: false, dryRun: false };
  const rest: string[] = [];
  const long: Record<string, string> = {
    "--all": "a", "--binary": "b", "--ignore": "e", "--names": "N", "--values": "n", "--quiet": "q",
    "--write": "w", "--help": "h", "--version": "V", "--pattern": "r", "--load": "p",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "--dry-run") {
      o.dryRun = true;
      continue;
    }
    if (arg === "--deprecated" || arg === "--system") continue;
    if (arg.startsWith("--")) {
      const [key = "", val] = arg.split("=", 2);
      const letter = long[key];
      if (letter === undefined) {
        io.stderr(`sysctl: unrecognized option '${arg}'\n${USAGE}`);
        return 1;
      }
      if (letter === "r") o.pattern = new RegExp(val ?? argv[++i] ?? "");
      else if (letter === "p") o.load = val ?? "/etc/sysctl.conf";
      else {
        const r = flag(o, letter, io);
        if (r !== undefined) return r;
      }
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      rest.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j] ?? "";
      if (c === "r") {
        o.pattern = new RegExp(arg.slice(j + 1) || argv[++i] || "");
        break;
      }
      if (c === "p" || c === "f") {
        o.load = arg.slice(j + 1) || "/etc/sysctl.conf";
        break;
      }
      const r = flag(o, c, io);
      if (r !== undefined) return r;
    }
  }
  return { o, rest };
}

function flag(o: Opts, c: string, io: ToolIO): number | undefined {
  if ("aAX".includes(c)) o.all = true;
  else if (c === "b") o.binary = true;
  else if (c === "e") o.ignore = true;
  else if (c === "N") o.names = true;
  else if (c === "n") o.values = true;
  else if (c === "q") o.quiet = true;
  else if (c === "w") o.write = true;
  else if (c === "o" || c === "x") return undefined;
  else if (c === "h" || c === "d") {
    io.stdout(USAGE);
    return 0;
  } else if (c === "V") {
    io.stdout("sysctl from procps-ng 4.0.2\n");
    return 0;
  } else {
    io.stderr(`sysctl: invalid option -- '${c}'\n${USAGE}`);
    return 1;
  }
  return undefined;
}

export function sysctl(argv: readonly string[], world: World, nsName: string, io: ToolIO): number {
  if (argv.length === 0) {
    io.stderr(USAGE);
    return 1;
  }
  const parsed = parseArgs(argv, io);
  if (typeof parsed === "number") return parsed;
  const { o, rest } = parsed;
  const ns = namespaceOf(world, nsName);
  if (o.all) return listAll(ns, io, o);
  if (o.load !== undefined) {
    io.stderr(`sysctl: cannot open "${o.load}": No such file or directory\n`);
    return 1;
  }
  if (rest.length === 0) {
    io.stderr("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
    return 1;
  }
  let rc = 0;
  for (const arg of rest) {
    const r = o.write || arg.includes("=") ? write(ns, io, o, arg) : read(ns, io, o, arg);
    rc = r < 0 ? r : rc < 0 ? rc : rc | r;
  }
  return rc < 0 ? 255 : rc;
}
