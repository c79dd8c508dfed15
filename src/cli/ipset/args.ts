// The ipset command line as lib/ipset.c ipset_parser reads it (ipset 7.17): environment
// options taken from anywhere, a command matched by prefix or alias, its set names, then
// the type's element and keyword options with libipset's wording for every refusal.
import {
  checkSetname, OtherError, ParameterError, parseBitmapPort, parseComment, parseCounter, parseElem, parseNumber,
  parseSkbmark, parseSkbprio, ReportError, resolveTypeName, syntaxError, type AdtData, type Keyword,
  type OutputMode, type SetHeader, type TypeInfo,
} from "../../netfilter/ipset/index.ts";

export interface EnvOptions {
  mode?: OutputMode;
  sorted: boolean;
  quiet: boolean;
  resolve: boolean;
  exist: boolean;
  names: boolean;
  terse: boolean;
  file?: string;
}

export interface CreateCmd {
  readonly kind: "create";
  readonly name: string;
  readonly type: TypeInfo;
  readonly header: SetHeader;
  readonly warnings: readonly string[];
}

export interface AdtCmd {
  readonly kind: "add" | "del" | "test";
  readonly name: string;
  readonly type: TypeInfo;
  readonly data: AdtData;
}

export interface SetsCmd {
  readonly kind: "list" | "save" | "destroy" | "flush";
  readonly name?: string;
}

export interface PairCmd {
  readonly kind: "rename" | "swap";
  readonly from: string;
  readonly to: string;
}

export type Parsed = CreateCmd | AdtCmd | SetsCmd | PairCmd | { readonly kind: "restore" | "version" | "help" | "quit" | "interactive" };

type CommandName = "create" | "add" | "del" | "test" | "destroy" | "list" | "save" | "restore" | "flush" | "rename" | "swap" | "help" | "version" | "quit";

/** ipset_commands[]: in the order prefixes are tried, with their aliases and arguments. */
const COMMANDS: readonly { readonly cmd: CommandName; readonly names: readonly string[]; readonly args: 0 | 1 | 2 | "opt" }[] = [
  { cmd: "create", names: ["create", "new", "-N"], args: 2 },
  { cmd: "add", names: ["add", "-A"], args: 2 },
  { cmd: "del", names: ["del", "-D"], args: 2 },
  { cmd: "test", names: ["test", "-T"], args: 2 },
  { cmd: "destroy", names: ["destroy", "x", "-X"], args: "opt" },
  { cmd: "list", names: ["list", "-L"], args: "opt" },
  { cmd: "save", names: ["save", "-S"], args: "opt" },
  { cmd: "restore", names: ["restore", "-R"], args: 0 },
  { cmd: "flush", names: ["flush", "-F"], args: "opt" },
  { cmd: "rename", names: ["rename", "e", "-E"], args: 2 },
  { cmd: "swap", names: ["swap", "w", "-W"], args: 2 },
  { cmd: "help", names: ["help", "-h", "-H"], args: "opt" },
  { cmd: "version", names: ["version", "-v", "-V"], args: 0 },
  { cmd: "quit", names: ["quit"], args: 0 },
];

/** ipset_envopts[] in the order they are looked for. */
type FlagKey = "sorted" | "quiet" | "resolve" | "exist" | "names" | "terse";

const ENVOPTS: readonly { readonly names: readonly [string, string]; readonly key: FlagKey | "output" | "file" }[] = [
  { names: ["-o", "-output"], key: "output" },
  { names: ["-s", "-sorted"], key: "sorted" },
  { names: ["-q", "-quiet"], key: "quiet" },
  { names: ["-r", "-resolve"], key: "resolve" },
  { names: ["-!", "-exist"], key: "exist" },
  { names: ["-n", "-name"], key: "names" },
  { names: ["-t", "-terse"], key: "terse" },
  { names: ["-f", "-file"], key: "file" },
];

/** ipset_match_cmd: a prefix of a command name (two leading dashes ignored) or an alias. */
function matchCommand(arg: string, names: readonly string[]): boolean {
  const skip = arg.startsWith("--") ? 2 : 0;
  if (arg.length <= skip || arg === "-") return false;
  const word = arg.slice(skip);
  return names.some((n) => n.startsWith(word));
}

/** ipset_match_envopt: "--x" is "-x". */
function matchEnvopt(arg: string, names: readonly string[]): boolean {
  const a = arg.startsWith("--") ? arg.slice(1) : arg;
  return names.includes(a);
}

/** ipset_match_option: keyword options, two leading dashes ignored. */
function matchOption(arg: string, name: string): boolean {
  return (arg.startsWith("--") ? arg.slice(2) : arg) === name;
}

/** First pass: environment options, removed from argv wherever they are. */
function parseEnvopts(argv: string[], env: EnvOptions): void {
  for (const opt of ENVOPTS) {
    for (let i = 0; i < argv.length; ) {
      if (!matchEnvopt(argv[i] ?? "", opt.names)) {
        i++;
        continue;
      }
      argv.splice(i, 1);
      if (opt.key !== "output" && opt.key !== "file") {
        env[opt.key] = true;
        continue;
      }
      const value = argv[i];
      if (value === undefined) throw new ParameterError(`Missing mandatory argument to option ${opt.names[0]}`);
      argv.splice(i, 1);
      if (opt.key === "file") {
        if (env.file !== undefined) throw new ParameterError("-file option cannot be used when full io is activated");
        env.file = value;
      } else if (value === "plain" || value === "save" || value === "xml") {
        env.mode = value;
      } else {
        throw new ReportError([`Syntax error: unknown output mode '${value}'`]);
      }
    }
  }
}

/** ipset_parser: the whole command line (argv without the program name). */
export function parseArgs(args: readonly string[], env: EnvOptions, ctx: ParseContext): Parsed {
  if (args.length + 1 > 32) throw new ParameterError("Line is too long to parse.");
  const argv = [...args];
  parseEnvopts(argv, env);
  const first = argv[0];
  const command = first === undefined ? undefined : COMMANDS.find((c) => matchCommand(first, c.names));
  if (command === undefined) {
    if (first === "-") return { kind: "interactive" };
    if (first !== undefined) throw new ParameterError(`No command specified: unknown argument ${first}`);
    throw new ParameterError("No command specified.");
  }
  if (ctx.restoreLine !== 0 && (command.cmd === "restore" || command.cmd === "version" || command.cmd === "help")) {
    throw new ParameterError(`Command \`${command.names[0] ?? ""}' is invalid in restore mode.`);
  }
  argv.shift();
  const [arg0, arg1] = takeArgs(argv, command);
  return parseCommand(command.cmd, arg0, arg1, argv, env, ctx);
}

function takeArgs(argv: string[], command: (typeof COMMANDS)[number]): [string | undefined, string | undefined] {
  if (command.args === 0) return [undefined, undefined];
  const arg0 = argv.shift();
  if (command.args === 2 && arg0 === undefined) throw new ParameterError(`Missing mandatory argument to command ${command.cmd}`);
  if (command.args !== 2) return [arg0, undefined];
  const arg1 = argv.shift();
  if (arg1 === undefined) throw new ParameterError(`Missing second mandatory argument to command ${command.cmd}`);
  return [arg0, arg1];
}

export interface ParseContext {
  /** The line of a restore file being parsed; 0 outside restore. */
  readonly restoreLine: number;
  /** The type of an existing set (libipset asks the kernel for it before parsing an element). */
  readonly typeOf: (name: string) => TypeInfo | undefined;
}

function noneLeft(argv: readonly string[]): void {
  if (argv[0] !== undefined) throw new ParameterError(`Unknown argument ${argv[0]}`);
}

function parseCommand(cmd: CommandName, arg0: string | undefined, arg1: string | undefined, argv: string[], env: EnvOptions, ctx: ParseContext): Parsed {
  switch (cmd) {
    case "version":
    case "help":
    case "quit":
      return { kind: cmd };
    case "restore":
      noneLeft(argv);
      return { kind: "restore" };
    case "create":
      return parseCreate(checkSetname(arg0 ?? ""), arg1 ?? "", argv);
    case "list":
    case "save":
    case "destroy":
    case "flush":
      if (arg0 !== undefined) checkSetname(arg0);
      noneLeft(argv);
      return arg0 === undefined ? { kind: cmd } : { kind: cmd, name: arg0 };
    case "rename":
    case "swap":
      checkSetname(arg0 ?? "");
      checkSetname(arg1 ?? "");
      noneLeft(argv);
      return { kind: cmd, from: arg0 ?? "", to: arg1 ?? "" };
    case "add":
    case "del":
    case "test":
      return parseAdt(cmd, checkSetname(arg0 ?? ""), arg1 ?? "", argv, env, ctx);
  }
}

// ---- create ----

/** Every type libipset knows, with its alias: the ones nfsim does not model are refused clearly. */
const KNOWN_TYPES = [
  "bitmap:ip", "ipmap", "bitmap:ip,mac", "macipmap", "bitmap:port", "portmap", "hash:ip", "iphash", "hash:ip,mac",
  "hash:ip,mark", "hash:ip,port", "ipporthash", "hash:ip,port,ip", "ipportiphash", "hash:ip,port,net", "ipportnethash",
  "hash:mac", "hash:net", "nethash", "hash:net,iface", "hash:net,net", "hash:net,port", "netporthash", "hash:net,port,net",
  "list:set", "setlist",
];

const IGNORED: readonly Keyword[] = ["probes", "resize", "gc"];

/** libipset's ignored options of old syntaxes: warned about once each, by the name ipset_ignored_optname finds. */
function ignoredName(type: TypeInfo, k: Keyword): string | undefined {
  if (IGNORED.includes(k)) return k;
  if (type.name === "bitmap:port" || (k !== "from" && k !== "to" && k !== "network")) return undefined;
  return k === "network" ? "from" : k;
}

function parseCreate(name: string, typename: string, argv: string[]): Parsed {
  if (typename.length > 31) throw syntaxError(`typename '${typename}' is longer than 31 characters`);
  const type = resolveTypeName(typename);
  if (type === undefined) {
    if (KNOWN_TYPES.includes(typename)) throw new OtherError(`nfsim does not model the set type ${typename}`);
    throw syntaxError(`typename '${typename}' is unknown`);
  }
  const opts = keywordArgs(type.create, argv, CREATE_FLAGS);
  const header: Record<string, unknown> = { family: "inet" };
  const warnings: string[] = [];
  const given = new Set<string>();
  const ports: { from?: number; to?: number } = {};
  // call_parser runs twice: the family options first, then the others.
  for (const [k, v] of [...opts.filter(([k]) => isFamily(k)), ...opts.filter(([k]) => !isFamily(k))]) {
    const ignored = ignoredName(type, k);
    if (ignored !== undefined) {
      if (!given.has(`ignored:${ignored}`)) warnings.push(`Option '--${ignored} ${v ?? ""}' is ignored. Please upgrade your syntax.`);
      given.add(`ignored:${ignored}`);
      continue;
    }
    const id = isFamily(k) ? "family" : k === "from" || k === "range" ? "port" : k === "to" ? "port-to" : k;
    // The extension flags set bits of the create flags: given twice, nothing complains.
    if (given.has(id) && !["counters", "comment", "forceadd", "skbinfo"].includes(k)) throw syntaxError(`${k} already specified`);
    given.add(id);
    if (k === "range" || k === "from" || k === "to") portOption(ports, k, v ?? "");
    else createOption(header, k, v);
  }
  if (type.name === "bitmap:port") header.range = bitmapRange(ports);
  if (header.family === "inet6") throw new OtherError("nfsim models sets of family inet only");
  return { kind: "create", name, type, header: header as unknown as SetHeader, warnings };
}

function isFamily(k: Keyword): boolean {
  return k === "family" || k === "-4" || k === "-6";
}

function createOption(h: Record<string, unknown>, k: Keyword, v: string | undefined): void {
  const value = v ?? "";
  switch (k) {
    case "family":
      h.family = familyOf(value);
      return;
    case "-4":
      h.family = "inet";
      return;
    case "-6":
      h.family = "inet6";
      return;
    case "hashsize":
    case "maxelem":
    case "initval":
    case "size":
      h[k] = parseNumber(value, 0xffffffff);
      return;
    case "bucketsize":
      h[k] = parseNumber(value, 255);
      return;
    case "netmask":
      h.netmask = parseNetmask(value);
      return;
    case "bitmask":
      throw new OtherError("nfsim does not model the bitmask option");
    case "timeout":
      h.timeout = parseNumber(value, 2147483);
      return;
    case "counters":
    case "comment":
    case "skbinfo":
    case "forceadd":
      h[k] = true;
      return;
    default:
      return;
  }
}

function familyOf(text: string): SetHeader["family"] {
  if (text === "inet" || text === "ipv4" || text === "-4") return "inet";
  if (text === "inet6" || text === "ipv6" || text === "-6") return "inet6";
  if (text === "any" || text === "unspec") return "any";
  throw syntaxError(`unknown inet family ${text}`);
}

/** ipset_parse_netmask: the number fails as a u8 range first, then the family's bounds are restated. */
function parseNetmask(text: string): number {
  let n: number;
  try {
    n = parseNumber(text, 255);
  } catch (e) {
    if (e instanceof ReportError) throw new ReportError([...e.messages, "Syntax error: netmask is out of the inclusive range of 1-32"]);
    throw e;
  }
  if (n < 1 || n > 32) {
    throw new ReportError([`Syntax error: '${text}' is out of range 1-32`, "Syntax error: netmask is out of the inclusive range of 1-32"]);
  }
  return n;
}

/** bitmap:port's "range [proto:]from-to", or the old "from PORT" / "to PORT". */
function portOption(ports: { from?: number; to?: number }, k: "range" | "from" | "to", text: string): void {
  const d: AdtData = {};
  parseBitmapPort(d, text, "create");
  const port = d.port ?? 0;
  if (k === "to") ports.to = port;
  else ports.from = port;
  if (k === "range" && d.portTo !== undefined) ports.to = d.portTo;
}

/** check_mandatory for bitmap:port (PORT and PORT_TO), then the range swapped when reversed (bitmap_port_create). */
function bitmapRange(ports: { from?: number; to?: number }): { first: number; last: number } {
  if (ports.from === undefined) throw new ParameterError("Mandatory option `range' is missing");
  if (ports.to === undefined) throw new ParameterError("Mandatory option `to' is missing");
  return ports.from <= ports.to ? { first: ports.from, last: ports.to } : { first: ports.to, last: ports.from };
}

// ---- keyword options ----

/** Keywords without a value: create's extension flags (IPSET_ARG_COMMENT), and nomatch. */
const CREATE_FLAGS: readonly Keyword[] = ["-4", "-6", "counters", "comment", "forceadd", "skbinfo"];
const ADT_FLAGS: readonly Keyword[] = ["nomatch"];

/** call_parser: each word must be one of the command's keywords; most take the next word. */
function keywordArgs(allowed: readonly Keyword[], argv: readonly string[], flags: readonly Keyword[]): [Keyword, string | undefined][] {
  const out: [Keyword, string | undefined][] = [];
  if (allowed.length === 0 && argv.length > 0) throw new ParameterError(`Unknown argument: \`${argv[0] ?? ""}'`);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? "";
    const k = allowed.find((a) => matchOption(word, a));
    if (k === undefined) throw new ParameterError(`Unknown argument: \`${word}'`);
    if (flags.includes(k)) {
      out.push([k, undefined]);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new ParameterError(`Missing mandatory argument of option \`${k}'`);
    out.push([k, value]);
    i++;
  }
  return out;
}

// ---- add / del / test ----

function adtKeywords(type: TypeInfo, cmd: "add" | "del" | "test"): readonly Keyword[] {
  return cmd === "add" ? type.add : cmd === "del" ? type.del : type.test;
}

/** NAMEREF, TIMEOUT, ...: the data option each keyword fills, for "already specified". */
function optOf(k: Keyword): string {
  return k === "before" || k === "after" ? "nameref" : k;
}

function parseAdt(cmd: "add" | "del" | "test", name: string, elem: string, argv: string[], _env: EnvOptions, ctx: ParseContext): Parsed {
  const type = ctx.typeOf(name);
  if (type === undefined) throw new ReportError(["The set with the given name does not exist"]);
  const data = parseElem(type, elem, cmd);
  const seen = new Set<string>(data.nameref !== undefined ? ["nameref"] : []);
  for (const [k, v] of keywordArgs(adtKeywords(type, cmd), argv, ADT_FLAGS)) {
    // Flags set a bit of the element's flags: given twice, nothing complains.
    if (seen.has(optOf(k)) && k !== "nomatch") {
      if (optOf(k) === "nameref" && !seen.has("keyword-nameref")) throw syntaxError("mixed syntax, before|after option already used");
      throw syntaxError(`${k} already specified`);
    }
    seen.add(optOf(k));
    if (k === "before" || k === "after") seen.add("keyword-nameref");
    adtOption(data, k, v ?? "");
  }
  checkAllowed(type, cmd, data);
  return { kind: cmd, name, type, data };
}

function adtOption(d: AdtData, k: Keyword, v: string): void {
  switch (k) {
    case "timeout":
      d.timeout = parseNumber(v, 2147483);
      return;
    case "packets":
      d.packets = parseCounter(v);
      return;
    case "bytes":
      d.bytes = parseCounter(v);
      return;
    case "comment":
      d.comment = parseComment(v);
      return;
    case "nomatch":
      d.nomatch = true;
      return;
    case "skbmark":
      d.skbmark = parseSkbmark(v);
      return;
    case "skbprio":
      d.skbprio = parseSkbprio(v);
      return;
    case "skbqueue":
      d.skbqueue = parseNumber(v, 65535);
      return;
    case "before":
    case "after":
      d.nameref = checkSetname(v);
      if (k === "before") d.before = true;
      return;
    default:
      return;
  }
}

/** check_allowed: ranges the type does not take in this command. */
function checkAllowed(type: TypeInfo, cmd: "add" | "del" | "test", d: AdtData): void {
  const allowed = type.ranges[cmd];
  const family = type.family === "inet46" ? "inet" : "unspec";
  const where = `in command ${cmd} with set type ${type.name} and family ${family}`;
  if (d.ipTo !== undefined && !allowed.ipTo) throw new OtherError(`FROM-TO IP range is not allowed ${where}`);
  if (d.cidr !== undefined && !(allowed.cidr || allowed.ipTo)) throw new OtherError(`IP/CIDR range is not allowed ${where}`);
  if (d.portTo !== undefined && !allowed.portTo) throw new OtherError(`FROM-TO port range is not allowed ${where}`);
  // IPSET_OPT_CIDR2 (28): no type of ipset 7.17 lists it among the allowed element parts here.
  if (d.cidr2 !== undefined) throw new OtherError("There are not allowed options (28) but can't resolve them. It's a bug, please report the problem.");
}
