// `sysctl` on a macOS host (system_cmds-1026 sysctl/sysctl.c): BSD getopt over
// "AabB:def:FhilNnoqtwWxX", each NAME or NAME=VALUE through parse(): "name: value", a
// write shown as "name: old -> new", "unknown oid 'x'" and friends as warnings, the exit
// status the number of them. nfsim knows the oids a firewall lab needs: the Mac's
// forwarding switch (net.inet.ip.forwarding, the stack's IPv4 forwarding) and kern.ostype.
import { getopt } from "../pfctl/getopt.ts";
import { sysctlGet, sysctlSet } from "../../stack/sysctl.ts";
import type { NetNamespace } from "../../stack/types.ts";
import { namespaceOf } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";

const USAGE = "usage: sysctl [-bdeFhilNnoqtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n       sysctl [-bdeFhlNnoqtWx] [ -B <bufsize> ] -a\n";

interface Oid {
  readonly kind: "int" | "string";
  read(ns: NetNamespace): string;
  write?(ns: NetNamespace, value: number): void;
}

const OIDS: Readonly<Record<string, Oid>> = {
  "kern.ostype": { kind: "string", read: () => "Darwin" },
  // ip_input.c: SYSCTL_PROC(_net_inet_ip, IPCTL_FORWARDING, forwarding, CTLTYPE_INT | CTLFLAG_RW ...)
  "net.inet.ip.forwarding": {
    kind: "int",
    read: (ns) => (sysctlGet(ns, "net.ipv4.ip_forward") === "0" ? "0" : "1"),
    write: (ns, v) => sysctlSet(ns, "net.ipv4.ip_forward", v !== 0 ? "1" : "0"),
  },
};

interface Flags {
  names: boolean;
  values: boolean;
  quiet: boolean;
  all: boolean;
}

/** show_var: "name: value", or the value alone with -n, or the name alone with -N. */
function show(f: Flags, name: string, value: string): string {
  if (f.names) return name;
  return f.values ? value : `${name}: ${value}`;
}

/** strtol(s, &end, 0) with parse_numeric's checks: the whole word, in int range. */
function intValue(s: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(s);
  if (m === null) return undefined;
  const body = m[2] ?? "0";
  const n = body.length > 1 && /^0[xX]/.test(body) ? parseInt(body, 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : Number(body);
  const v = m[1] === "-" ? -n : n;
  return v >= -(2 ** 31) && v < 2 ** 31 ? v : undefined;
}

/** parse(): one argument; the number of warnings it gave. */
function parseOne(arg: string, f: Flags, ns: NetNamespace, io: ToolIO): number {
  const at = arg.search(/[=:]/);
  const name = (at < 0 ? arg : arg.slice(0, at)).trimEnd();
  let value = at < 0 ? undefined : arg.slice(at + 1).trimStart();
  if (value !== undefined && /^(".*"|'.*')$/s.test(value) && value.length >= 2) value = value.slice(1, -1);
  const oid = OIDS[name];
  const children = Object.keys(OIDS).filter((k) => k.startsWith(`${name}.`));
  if (oid === undefined && children.length === 0) {
    if (!f.quiet) io.stderr(`sysctl: unknown oid '${name}'\n`);
    return 1;
  }
  if (oid === undefined) {
    if (value !== undefined) return (io.stderr(`sysctl: oid '${name}' isn't a leaf node\n`), 1);
    for (const k of children) io.stdout(`${show(f, k, OIDS[k]?.read(ns) ?? "")}\n`);
    return 0;
  }
  if (value === undefined) return (io.stdout(`${show(f, name, oid.read(ns))}\n`), 0);
  if (oid.write === undefined) return (io.stderr(`sysctl: oid '${name}' is read only\n`), 1);
  if (value === "") return (io.stderr("sysctl: empty numeric value\n"), 1);
  const words = value.split(/[ ,]/).filter((w) => w !== "");
  const nums = words.map(intValue);
  const bad = words.find((_, i) => nums[i] === undefined);
  if (bad !== undefined) return (io.stderr(`sysctl: invalid integer '${bad}'\n`), 1);
  const before = show(f, name, oid.read(ns));
  oid.write(ns, nums[0] ?? 0);
  io.stdout(`${before} -> ${oid.read(ns)}\n`);
  return 0;
}

export const macSysctl: Tool = (argv, world, nsName, io) => {
  const g = getopt(argv, "AabB:def:FhilNnoqtwWxX", "sysctl");
  if (g.error !== undefined) return (io.stderr(g.error + USAGE), 1);
  const f: Flags = { names: false, values: false, quiet: false, all: false };
  for (const o of g.opts) {
    if (o.ch === "N") f.names = true;
    else if (o.ch === "n") f.values = true;
    else if (o.ch === "q") f.quiet = true;
    else if (o.ch === "a" || o.ch === "A" || o.ch === "X") f.all = true;
  }
  if (f.names && f.values) return (io.stderr(USAGE), 1);
  const ns = namespaceOf(world, nsName);
  if (f.all && g.rest.length === 0) {
    for (const [k, oid] of Object.entries(OIDS)) io.stdout(`${show(f, k, oid.read(ns))}\n`);
    return 0;
  }
  if (g.rest.length === 0) return (io.stderr(USAGE), 1);
  return g.rest.reduce((warnings, arg) => warnings + parseOne(arg, f, ns, io), 0);
};
