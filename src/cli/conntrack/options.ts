// conntrack's command line (conntrack-tools 1.4.7 src/conntrack.c do_parse, and the
// protocol extensions' parse_options/final_check in extensions/libct_proto_*.c): one
// command, its table, the options that filter or change entries, in the order and with
// the words of the real tool's checks. Bad input is a CtError.
import { TCP_STATE_NAMES } from "../../conntrack/index.ts";
import { Getopt, type HasArg, type LongOption } from "./getopt.ts";
import { CtError, OTHER_PROBLEM } from "./messages.ts";
import { IPS } from "../../conntrack/index.ts";
import { findProto, protoOptions, type ProtoHandler } from "./protos.ts";

export type CommandName =
  | "list" | "create" | "update" | "delete" | "get" | "flush" | "event" | "version" | "help" | "count" | "stats" | "add";

/** The tables a command may name (check_type). */
export type CtTableName = "conntrack" | "expect" | "dying" | "unconfirmed";

/** An address filter: IPv4 as a number (with a prefix for --src/--dst), or an IPv6 one, which no entry has. */
export interface AddrFilter {
  readonly v4?: number;
  readonly prefix: number;
}

/** A value and mask, as --mark and --status take them (u32_mask, filter_status_kernel). */
export interface Masked {
  readonly value: number;
  readonly mask: number;
}

export interface NatFilter {
  readonly addr?: number;
  readonly port?: number;
}

export interface CtArgs {
  readonly command?: CommandName;
  readonly table: CtTableName;
  /** The option names given (optflags), for the legality table. */
  readonly given: ReadonlySet<string>;
  readonly family?: "ipv4" | "ipv6";
  readonly proto?: number;
  readonly handler?: ProtoHandler;
  readonly origSrc?: AddrFilter;
  readonly origDst?: AddrFilter;
  readonly replySrc?: AddrFilter;
  readonly replyDst?: AddrFilter;
  /** Protocol options by name: sport, dport, reply-port-src, reply-port-dst, state, icmp-type, icmp-code, icmp-id. */
  readonly l4: ReadonlyMap<string, number>;
  readonly status?: Masked;
  /** -m as the kernel's dump filter has it (filter_mark_kernel). */
  readonly mark?: Masked;
  /**
   * -m as conntrack itself uses it (tmpl->mark: its own filter, -U's new mark, -I's mark),
   * whose value a later -u overwrites with the status bits, as conntrack.c does.
   */
  readonly userMark?: Masked;
  readonly zone?: number;
  /** --orig-zone and --reply-zone: the zone of one direction's tuple (CTA_TUPLE_ZONE). */
  readonly origZone?: number;
  readonly replyZone?: number;
  readonly eventMask: number;
  readonly output: ReadonlySet<string>;
  readonly srcNat?: NatFilter;
  readonly dstNat?: NatFilter;
  readonly anyNat?: NatFilter;
  readonly timeout?: number;
}

export const EVENT_NEW = 1;
export const EVENT_UPDATE = 2;
export const EVENT_DESTROY = 4;

const SHORTS: ReadonlyMap<string, HasArg> = new Map<string, HasArg>([
  ["L", 2], ["I", 2], ["U", 2], ["D", 2], ["G", 2], ["E", 2], ["F", 2], ["A", 2], ["h", 0], ["V", 0],
  ["s", 1], ["d", 1], ["r", 1], ["q", 1], ["p", 1], ["t", 1], ["u", 1], ["e", 1], ["a", 1], ["z", 0],
  ["[", 1], ["]", 1], ["{", 1], ["}", 1], ["m", 1], ["i", 1], ["f", 1], ["o", 1], ["n", 2], ["g", 2],
  ["c", 1], ["b", 1], ["C", 2], ["S", 0], ["j", 2], ["w", 1], ["l", 1], ["<", 1], [">", 2], ["(", 1], [")", 1],
]);

/** original_opts of conntrack.c. */
const LONGS: readonly LongOption[] = [
  ["dump", 2, "L"], ["create", 2, "I"], ["add", 2, "A"], ["delete", 2, "D"], ["update", 2, "U"], ["get", 2, "G"],
  ["flush", 2, "F"], ["event", 2, "E"], ["counter", 2, "C"], ["stats", 0, "S"], ["version", 0, "V"], ["help", 0, "h"],
  ["orig-src", 1, "s"], ["src", 1, "s"], ["orig-dst", 1, "d"], ["dst", 1, "d"], ["reply-src", 1, "r"], ["reply-dst", 1, "q"],
  ["protonum", 1, "p"], ["timeout", 1, "t"], ["status", 1, "u"], ["zero", 0, "z"], ["event-mask", 1, "e"],
  ["tuple-src", 1, "["], ["tuple-dst", 1, "]"], ["mask-src", 1, "{"], ["mask-dst", 1, "}"], ["nat-range", 1, "a"],
  ["mark", 1, "m"], ["secmark", 1, "c"], ["id", 2, "i"], ["family", 1, "f"], ["src-nat", 2, "n"], ["dst-nat", 2, "g"],
  ["output", 1, "o"], ["buffer-size", 1, "b"], ["any-nat", 2, "j"], ["zone", 1, "w"], ["label", 1, "l"],
  ["label-add", 1, "<"], ["label-del", 2, ">"], ["orig-zone", 1, "("], ["reply-zone", 1, ")"],
].map(([name, has, val]) => ({ name: name as string, has: has as HasArg, val: val as string }));

/** cmd2type: the command of each letter, for the conntrack table (and whether expect has one). */
const COMMANDS: Readonly<Record<string, CommandName>> = {
  L: "list", I: "create", D: "delete", G: "get", F: "flush", E: "event", V: "version", h: "help", C: "count", S: "stats",
  U: "update", A: "add",
};

/** optflags: the long name each option is reported by. */
const OPT_NAMES: Readonly<Record<string, string>> = {
  s: "src", d: "dst", r: "reply-src", q: "reply-dst", p: "protonum", t: "timeout", u: "status", z: "zero",
  e: "event-mask", "[": "tuple-src", "]": "tuple-dst", "{": "mask-src", "}": "mask-dst", a: "nat-range", m: "mark",
  i: "id", f: "family", n: "src-nat", g: "dst-nat", o: "output", c: "secmark", b: "buffer-size", j: "any-nat",
  w: "zone", l: "label", "<": "label-add", ">": "label-del", "(": "orig-zone", ")": "reply-zone",
};

/** The columns of commands_v_options, in bit order. */
const OPT_ORDER = [
  "src", "dst", "reply-src", "reply-dst", "protonum", "timeout", "status", "zero", "event-mask", "tuple-src",
  "tuple-dst", "mask-src", "mask-dst", "nat-range", "mark", "id", "family", "src-nat", "dst-nat", "output",
  "secmark", "buffer-size", "any-nat", "zone", "label", "label-add", "label-del", "orig-zone", "reply-zone",
];

/** commands_v_options: 0 illegal, 1 compulsory, 2 optional, 3 one of the address pairs is needed. */
const LEGAL: Readonly<Record<CommandName, string>> = {
  list: "22222022000220202222202220022",
  create: "33331120000002200220000202022",
  update: "22222220000220222222000022200",
  delete: "22222220000220222222000220022",
  get: "33331000000000020002000020000",
  flush: "00000000000000002000000000000",
  event: "22222000200220202222222220022",
  version: "00000000000000000000000000000",
  help: "00002000000000000000000000000",
  count: "00000000000000000000000000000",
  stats: "00000000000000000000000000000",
  add: "33331120000002200220000202022",
};
/** The expectation table's rows (EXP_*), where they differ. */
const LEGAL_EXPECT: Partial<Record<CommandName, string>> = {
  list: "00000000000000002002000000000",
  create: "11221120011110000000000000000",
  delete: "11221000000000000000000000000",
  get: "11221000000000000000000000000",
  flush: "00000000000000000000000000000",
  event: "00000000000000000002000000000",
};

/** parse_parameter's words for -u, -e and -o. */
const STATUS_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["ASSURED", IPS.ASSURED], ["SEEN_REPLY", IPS.SEEN_REPLY], ["UNSET", 0], ["FIXED_TIMEOUT", IPS.FIXED_TIMEOUT],
  ["EXPECTED", IPS.EXPECTED], ["OFFLOAD", IPS.OFFLOAD], ["HW_OFFLOAD", IPS.HW_OFFLOAD],
];
const EVENT_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["ALL", EVENT_NEW | EVENT_UPDATE | EVENT_DESTROY], ["NEW", EVENT_NEW], ["UPDATES", EVENT_UPDATE], ["DESTROY", EVENT_DESTROY],
];
const OUTPUT_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["xml", 1], ["extended", 2], ["timestamp", 4], ["id", 8], ["ktimestamp", 16], ["labels", 32], ["userspace", 0], ["save", 64],
];

interface Draft {
  command?: CommandName;
  table: CtTableName;
  given: Set<string>;
  family?: "ipv4" | "ipv6";
  proto?: number;
  handler?: ProtoHandler;
  origSrc?: AddrFilter;
  origDst?: AddrFilter;
  replySrc?: AddrFilter;
  replyDst?: AddrFilter;
  l4: Map<string, number>;
  status?: Masked;
  mark?: Masked;
  userMark?: Masked;
  zone?: number;
  origZone?: number;
  replyZone?: number;
  eventMask: number;
  output: Set<string>;
  srcNat?: NatFilter;
  dstNat?: NatFilter;
  anyNat?: NatFilter;
  timeout?: number;
  /** Where conntrack prints a warning at once (stderr), before any later error. */
  warn: (text: string) => void;
}

/** strncasecmp over the word's length: a prefix of the name, in any case. */
function prefixOf(word: string, name: string): boolean {
  return word.length <= name.length && name.slice(0, word.length).toLowerCase() === word.toLowerCase();
}

/** do_parse_parameter: the first word the text is a prefix of (SRC_NAT/DST_NAT only warn). */
function parameterWord(text: string, words: ReadonlyArray<readonly [string, number]>, d: Draft): number | undefined {
  if (prefixOf(text, "SRC_NAT")) return (d.warn("WARNING: ignoring SRC_NAT, use --src-nat instead\n"), 0);
  if (prefixOf(text, "DST_NAT")) return (d.warn("WARNING: ignoring DST_NAT, use --dst-nat instead\n"), 0);
  return words.find(([name]) => prefixOf(text, name))?.[1];
}

/** parse_parameter: comma-separated words, all of them known; the error quotes the rest of the list. */
function parseWords(arg: string, words: ReadonlyArray<readonly [string, number]>, d: Draft): number {
  let value = 0;
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(",");
    const word = comma < 0 ? rest : rest.slice(0, comma);
    const v = word === "" ? undefined : parameterWord(word, words, d);
    if (v === undefined) throw new CtError(`Bad parameter \`${rest}'`);
    value |= v;
    if (comma < 0) return value;
    rest = rest.slice(comma + 1);
  }
}

/** parse_parameter_mask of -u: `!WORD` goes to the mask, UNREPLIED means SEEN_REPLY unset. */
function parseStatus(arg: string, d: Draft): Masked {
  let value = 0;
  let mask = 0;
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(",");
    let word = comma < 0 ? rest : rest.slice(0, comma);
    if (comma === 0) throw new CtError(`Bad parameter \`${rest}'`);
    const negated = word.startsWith("!");
    if (negated) word = word.slice(1);
    if (!negated && rest.slice(negated ? 1 : 0).startsWith("UNREPLIED")) {
      mask |= IPS.SEEN_REPLY;
    } else {
      const v = word === "" ? undefined : parameterWord(word, STATUS_WORDS, d);
      if (v === undefined) throw new CtError(`Bad parameter \`${negated ? rest.slice(1) : rest}'`);
      if (negated) mask |= v;
      else value |= v;
    }
    if (comma < 0) break;
    rest = rest.slice(comma + 1);
  }
  return { value, mask: mask === 0 ? value : mask };
}

/** strtoul(arg, NULL, 0) as C reads it: a leading number in base 16 (0x), 8 (0) or 10; 0 when none. */
export function strtoul(arg: string): { value: number; rest: string } {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (m === null) return { value: 0, rest: arg };
  const digits = m[2] ?? "0";
  const n = digits.startsWith("0x") || digits.startsWith("0X") ? parseInt(digits.slice(2), 16) : digits.startsWith("0") ? parseInt(digits, 8) : parseInt(digits, 10);
  const value = m[1] === "-" ? -n : n;
  return { value: (Number.isFinite(value) ? value : 0xffffffff) >>> 0, rest: arg.slice(m[0].length) };
}

/** parse_u32_mask of -m: VALUE[/MASK]. */
function parseMark(arg: string): Masked {
  const { value, rest } = strtoul(arg);
  return { value, mask: rest.startsWith("/") ? strtoul(rest.slice(1)).value : 0xffffffff };
}

/** inet_aton: one to four parts, the last filling the remaining bytes (10.1 is 10.0.0.1). */
function inetAton(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => !/^(0[xX][0-9a-fA-F]*|[0-9]+)$/.test(p))) return undefined;
  const nums = parts.map((p) => strtoul(p).value);
  if (/^0[0-7]*[89]/.test(parts.find((p) => /^0[0-9]/.test(p) && /[89]/.test(p)) ?? "")) return undefined;
  const last = nums[nums.length - 1] ?? 0;
  const lead = nums.slice(0, -1);
  if (lead.some((n) => n > 255) || last >= 2 ** (8 * (4 - lead.length))) return undefined;
  let addr = 0;
  lead.forEach((n, i) => (addr += n * 2 ** (24 - 8 * i)));
  return (addr + last) >>> 0;
}

/** An IPv6 address as inet_pton would take it (conntrack only needs to know it is one). */
function isIpv6(text: string): boolean {
  return text.includes(":") && /^[0-9a-fA-F:.]+$/.test(text) && (text.match(/::/g) ?? []).length <= 1;
}

function setFamily(d: Draft, family: "ipv4" | "ipv6"): void {
  if (d.family !== undefined && d.family !== family) throw new CtError("mismatched address family");
  d.family = family;
}

/** nfct_parse_addr_from_opt: an address, with a prefix length where the option has a mask option. */
function parseAddr(d: Draft, opt: string, arg: string, maskOpt: string | undefined): AddrFilter {
  const slash = arg.indexOf("/");
  const text = slash < 0 ? arg : arg.slice(0, slash);
  let prefix: number | undefined;
  if (slash >= 0) {
    const m = /^\d+$/.exec(arg.slice(slash + 1));
    prefix = m === null ? -2 : Number(arg.slice(slash + 1));
  }
  const v4 = inetAton(text);
  const family = v4 !== undefined ? "ipv4" : isIpv6(text) ? "ipv6" : undefined;
  if (family === undefined) throw new CtError(`Invalid IP address \`${arg}'`);
  if (prefix !== undefined && prefix > (family === "ipv4" ? 32 : 128)) prefix = -2;
  setFamily(d, family);
  if (prefix !== undefined && maskOpt === undefined) throw new CtError(`CIDR notation unavailable for \`--${OPT_NAMES[opt] ?? opt}'`);
  if (prefix === -2) throw new CtError("Invalid netmask");
  d.given.add(OPT_NAMES[opt] ?? opt);
  const full = family === "ipv4" ? 32 : 128;
  if (prefix !== undefined && prefix !== full && maskOpt !== undefined) d.given.add(maskOpt);
  return { ...(v4 !== undefined ? { v4 } : {}), prefix: prefix ?? full };
}

/** split_address_and_port of -n/-g/-j: ADDR or ADDR:PORT. */
function parseNat(d: Draft, opt: string, arg: string): NatFilter {
  const colon = arg.indexOf(":");
  if (arg.includes("[")) throw new CtError("No closing ']' around IPv6 address");
  const v4Port = colon >= 0 && !arg.slice(colon + 1).includes(":");
  const addrText = v4Port ? arg.slice(0, colon) : arg;
  let port: number | undefined;
  if (v4Port) {
    const p = arg.slice(colon + 1);
    if (p === "") throw new CtError("No port specified after `:'");
    if (!/^\d+$/.test(p) || Number(p) > 65535) throw new CtError(`Invalid port \`${p}'`);
    port = Number(p);
  }
  const addr = parseAddr(d, opt, addrText, undefined);
  return { ...(addr.v4 !== undefined ? { addr: addr.v4 } : {}), ...(port !== undefined ? { port } : {}) };
}

function checkType(g: Getopt, glued: string | undefined): CtTableName {
  // conntrack's get_optional_arg ignores a glued argument: -Lexpect lists conntrack.
  const table = glued === undefined ? g.optionalNext() : undefined;
  if (table === undefined) return "conntrack";
  for (const name of ["expect", "conntrack", "dying", "unconfirmed"] as const) if (name.startsWith(table)) return name;
  throw new CtError(`unknown type \`${table}'`);
}

function addCommand(d: Draft, letter: string, g: Getopt, glued: string | undefined): void {
  const type = checkType(g, glued);
  const command = COMMANDS[letter];
  if (command === undefined) return;
  if (letter !== "L" && (type === "dying" || type === "unconfirmed")) {
    throw new CtError("Can't do that command with tables `dying' and `unconfirmed'");
  }
  if (type === "expect" && (command === "update" || command === "add")) {
    throw new CtError(`Can't do --${command === "add" ? "add" : "update"} on expectations`);
  }
  if (d.command !== undefined) throw new CtError("Invalid commands combination");
  d.command = command;
  d.table = type === "expect" ? "expect" : "conntrack";
}

function option(d: Draft, g: Getopt, val: string, arg: string | undefined): void {
  const name = OPT_NAMES[val];
  switch (val) {
    case "s": d.origSrc = parseAddr(d, val, arg ?? "", "mask-src"); return;
    case "d": d.origDst = parseAddr(d, val, arg ?? "", "mask-dst"); return;
    case "r": d.replySrc = parseAddr(d, val, arg ?? "", undefined); return;
    case "q": d.replyDst = parseAddr(d, val, arg ?? "", undefined); return;
    case "[": case "]": parseAddr(d, val, arg ?? "", undefined); return;
    case "{": case "}": parseAddr(d, val, arg ?? "", undefined); return;
    case "p": {
      d.given.add("protonum");
      const found = findProto(arg ?? "");
      if (found === undefined) throw new CtError(`\`${arg ?? ""}' unsupported protocol`);
      d.proto = found.num;
      d.handler = found.handler;
      g.longs.push(...protoOptions(found.handler));
      return;
    }
    case "t": d.given.add("timeout"); d.timeout = Number.parseInt(arg ?? "", 10) || 0; return;
    case "u": {
      d.given.add("status");
      d.status = parseStatus(arg ?? "", d);
      d.userMark = { value: d.status.value, mask: d.userMark?.mask ?? 0 };
      return;
    }
    case "e": d.given.add("event-mask"); d.eventMask |= parseWords(arg ?? "", EVENT_WORDS, d); return;
    case "o": outputOption(d, arg ?? ""); return;
    case "z": d.given.add("zero"); return;
    case "n": case "g": case "j": {
      d.given.add(name ?? val);
      const a = arg ?? g.optionalNext();
      const nat = a === undefined ? {} : parseNat(d, val, a);
      if (val === "n") d.srcNat = nat;
      else if (val === "g") d.dstNat = nat;
      else d.anyNat = nat;
      return;
    }
    case "w": d.given.add("zone"); d.zone = strtoul(arg ?? "").value & 0xffff; return;
    case "(": d.given.add("orig-zone"); d.origZone = strtoul(arg ?? "").value & 0xffff; return;
    case ")": d.given.add("reply-zone"); d.replyZone = strtoul(arg ?? "").value & 0xffff; return;
    case "i": case "c": d.given.add(name ?? val); return;
    case "m": d.given.add("mark"); d.mark = d.userMark = parseMark(arg ?? ""); return;
    case "l": case "<": case ">": label(d, g, val, arg); return;
    case "a": d.warn(`WARNING: ignoring -${val}, deprecated option.\n`); return;
    case "f": {
      d.given.add("family");
      const f = arg ?? "";
      if ("ipv4".startsWith(f) && f !== "") setFamily(d, "ipv4");
      else if ("ipv6".startsWith(f) && f !== "") setFamily(d, "ipv6");
      else throw new CtError(`\`${f}' unsupported protocol`);
      return;
    }
    case "b": d.given.add("buffer-size"); return;
    default: protoOption(d, val, arg ?? "");
  }
}

/**
 * labelmap_init: libnetfilter_conntrack reads /etc/xtables/connlabel.conf, which a
 * Debian host does not have; it says so each time it is asked.
 */
function labelmapInit(d: Draft): void {
  d.warn("nfct_labelmap_new: No such file or directory\n");
}

/** -l, --label-add, --label-del: with no label map, any label name is unknown. */
function label(d: Draft, g: Getopt, val: string, arg: string | undefined): void {
  const name = OPT_NAMES[val] ?? val;
  d.given.add(name);
  if (d.given.has("label-add") && d.given.has("label-del")) {
    throw new CtError("cannot use --label-add and --label-del at the same time", OTHER_PROBLEM);
  }
  labelmapInit(d);
  // --label-del without a label deletes them all.
  const labels = val === ">" ? (arg ?? g.optionalNext()) : arg;
  if (labels === undefined) return;
  throw new CtError(`unknown label '${labels.split(",")[0] ?? ""}'`);
}

function outputOption(d: Draft, arg: string): void {
  d.given.add("output");
  const bits = parseWords(arg, OUTPUT_WORDS, d);
  for (const [name, bit] of OUTPUT_WORDS) if ((bits & bit) !== 0) d.output.add(name);
  if (d.output.has("labels")) labelmapInit(d);
  if (d.output.has("save") && d.output.size > 1) {
    throw new CtError("cannot combine save output with any other output type, use -o save only", OTHER_PROBLEM);
  }
}

/** The protocol's parse_options: ports read with atoi, a TCP state by its exact name. */
function protoOption(d: Draft, val: string, arg: string): void {
  if (val === "state") {
    // libct_proto_tcp.c tcp_states: the kernel's names in its order, compared exactly.
    const state = TCP_STATE_NAMES.indexOf(arg as (typeof TCP_STATE_NAMES)[number]);
    if (state < 0) throw new CtError(`unknown TCP state \`${arg}'`);
    d.l4.set(val, state);
    return;
  }
  const n = Number.parseInt(arg, 10);
  d.l4.set(val, (Number.isFinite(n) ? n : 0) & (val.startsWith("icmp-type") || val === "icmp-code" ? 0xff : 0xffff));
}

/** generic_opt_check: what the command forbids or needs, then the address pairs (-G). */
function checkLegal(d: Draft): void {
  const command = d.command;
  if (command === undefined) return;
  const row = (d.table === "expect" ? LEGAL_EXPECT[command] : undefined) ?? LEGAL[command];
  let special = false;
  OPT_ORDER.forEach((name, i) => {
    const rule = row[i];
    if (!d.given.has(name) && rule === "1") throw new CtError(`You need to supply the \`--${name}' option for this command`);
    if (d.given.has(name) && rule === "0") throw new CtError(`Illegal option \`--${name}' with this command`);
    if (rule === "3") special = true;
  });
  if (!special) return;
  const orig = d.given.has("src") && d.given.has("dst");
  const reply = d.given.has("reply-src") && d.given.has("reply-dst");
  if (orig || reply) return;
  const partialReply = !d.given.has("src") && !d.given.has("dst") && (d.given.has("reply-src") || d.given.has("reply-dst"));
  throw new CtError(partialReply ? "you have to specify `--reply-src' and `--reply-dst'" : "you have to specify `--src' and `--dst'");
}

export function parseArgs(argv: readonly string[], warn: (text: string) => void = () => undefined): CtArgs {
  const d: Draft = { table: "conntrack", given: new Set(), l4: new Map(), eventMask: 0, output: new Set(), warn };
  const g = new Getopt(argv, SHORTS, [...LONGS]);
  for (let s = g.next(); s !== undefined; s = g.next()) {
    if (s.kind !== "opt") throw new CtError(s.kind === "missing" ? `option \`${s.word}' requires an argument` : `unknown option \`${s.word}'`);
    if (COMMANDS[s.val] !== undefined) addCommand(d, s.val, g, s.arg);
    else option(d, g, s.val, s.arg);
  }
  if (d.anyNat !== undefined && (d.srcNat !== undefined || d.dstNat !== undefined)) {
    throw new CtError("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'");
  }
  if (!d.given.has("mark")) delete d.userMark;
  checkLegal(d);
  if (d.command !== undefined && d.command !== "help" && d.handler !== undefined) d.handler.finalCheck(d.command, d.l4, d.table === "expect");
  return d;
}
