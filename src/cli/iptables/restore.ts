// `iptables-restore` (xtables-restore.c): each table section between `*name` and COMMIT is
// parsed line by line (a bad line ends the run at once) and its commands are queued; COMMIT
// runs the queue in order (nft.c nft_prepare) and sends the batch, which the kernel takes
// whole or refuses whole. Tables committed before a failure stay.
import {
  assertValidChainName, isBuiltin, isTableName, parseCommand, scanU64, XtError, type Counters, type Ruleset,
} from "../../netfilter/index.ts";
import { namespaceOf } from "../../world/world.ts";
import { setLookup } from "../../netfilter/ipset/types.ts";
import type { Tool, ToolIO } from "../io.ts";
import { getoptLong, type LongOption } from "../getopt.ts";
import { reportError, VERSION_TAG } from "./iptables.ts";
import { commitSection, type Queued, type Section } from "./restore-commit.ts";

export interface RestoreOptions {
  noflush: boolean;
  test: boolean;
  counters: boolean;
  /** -T: only this table's sections are restored. */
  table?: string;
  verbose: boolean;
  /** The namespace's ipsets, for rules that name one (`-m set`, `-j SET`). */
  ipset?: (name: string) => { readonly family: "inet" | "inet6" | "any" } | undefined;
}

/** add_param_to_argv: whitespace-separated words, double quotes group, backslash escapes inside quotes. */
export function splitRuleLine(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let quoted = false;
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (open) {
      if (ch === "\\" && i + 1 < text.length) {
        word += text[++i] ?? "";
        continue;
      }
      if (ch === '"') open = false;
      else word += ch;
      continue;
    }
    if (ch === '"') {
      open = true;
      quoted = true;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\n") {
      if (word === "" && !quoted) continue;
      words.push(word);
      word = "";
      quoted = false;
      continue;
    }
    word += ch;
  }
  if (word !== "" || quoted) words.push(word);
  return words;
}

const PROGRAM = "iptables-restore";

/** xtables-restore.c: "bcvVthnM:T:wW" and its long options. */
const OPTSTRING = "bcvVthnM:T:wW";
const LONGOPTS: readonly LongOption[] = [
  { name: "counters", hasArg: 0, val: "c" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "test", hasArg: 0, val: "t" },
  { name: "help", hasArg: 0, val: "h" },
  { name: "noflush", hasArg: 0, val: "n" },
  { name: "modprobe", hasArg: 1, val: "M" },
  { name: "table", hasArg: 1, val: "T" },
  { name: "ipv4", hasArg: 0, val: "4" },
  { name: "ipv6", hasArg: 0, val: "6" },
  { name: "wait", hasArg: 2, val: "w" },
  { name: "wait-interval", hasArg: 2, val: "W" },
];

const USAGE = `Usage: ${PROGRAM} [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]
	   [ --counters ]
	   [ --verbose ]
	   [ --version]
	   [ --test ]
	   [ --help ]
	   [ --noflush ]
	   [ --table=<TABLE> ]
	   [ --modprobe=<command> ]
	   [ --ipv4 ]
	   [ --ipv6 ]
`;

/** The options, or the exit status when the command line already decided the run. */
function parseOptions(argv: readonly string[], io: ToolIO): RestoreOptions | number {
  const opts: RestoreOptions = { noflush: false, test: false, counters: false, verbose: false };
  const parsed = getoptLong(PROGRAM, argv, OPTSTRING, LONGOPTS, "wW");
  for (const { val, arg } of parsed.opts) {
    if (val === "b") io.stderr("-b/--binary option is not implemented\n");
    else if (val === "c") opts.counters = true;
    else if (val === "v") opts.verbose = true;
    else if (val === "t") opts.test = true;
    else if (val === "n") opts.noflush = true;
    else if (val === "T" && arg !== undefined) opts.table = arg;
    else if (val === "V") {
      io.stdout(`${PROGRAM} ${VERSION_TAG}\n`);
      return 0;
    } else if (val === "h") {
      io.stderr(USAGE);
      return 0;
    } else if (val === "4" || val === "6") {
      // --ipv4 / --ipv6 reach getopt's caller, whose switch has no case for them.
      io.stderr(`Try \`${PROGRAM} -h' for more information.\n`);
      return 1;
    }
  }
  if (parsed.error !== undefined) {
    io.stderr(`${parsed.error}Try \`${PROGRAM} -h' for more information.\n`);
    return 1;
  }
  const [file, ...extra] = parsed.operands;
  if (extra.length > 0) {
    io.stderr("Unknown arguments found on commandline\n");
    return 1;
  }
  if (file !== undefined) {
    // Tools in nfsim read their standard input only.
    io.stderr(`Can't open ${file}: No such file or directory\n`);
    return 1;
  }
  return opts;
}

export const iptablesRestore: Tool = (argv, world, ns, io) => {
  const namespace = namespaceOf(world, ns);
  const opts = parseOptions(argv, io);
  if (typeof opts === "number") return opts;
  const { ruleset, exit } = restoreText(io.stdin, namespace.ruleset, { ...opts, ipset: setLookup(namespace.ipsets) }, io);
  namespace.ruleset = ruleset;
  return exit;
};

/** "iptables-restore: line N failed" (exit 1), with nft_strerror's text when there is an errno. */
class LineFailed extends Error {
  constructor(
    readonly line: number,
    readonly reason?: string,
  ) {
    super(reason ?? "");
  }
}

/** What the restore has committed so far, and the section being read. */
interface State {
  committed: Ruleset;
  section: Section | undefined;
  /** The table of the last `*name` line, even a skipped one (-T). */
  skipping: boolean;
}

/** Applies a restore file; tables committed before a failure stay (as the nf_tables backend does). */
export function restoreText(text: string, current: Ruleset, opts: RestoreOptions, io: ToolIO): { ruleset: Ruleset; exit: number } {
  const state: State = { committed: current, section: undefined, skipping: false };
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let lineNo = 0;
  try {
    for (const line of lines) {
      lineNo++;
      parseLine(line, lineNo, state, opts, io);
    }
    if (state.section !== undefined) {
      io.stderr(`${PROGRAM}: COMMIT expected at line ${String(lineNo + 1)}\n`);
      return { ruleset: state.committed, exit: 1 };
    }
    return { ruleset: state.committed, exit: 0 };
  } catch (e) {
    return { ruleset: state.committed, exit: reportLine(e, lineNo, io) };
  }
}

/** Prints a failure the way xtables-restore words each kind. */
function reportLine(e: unknown, lineNo: number, io: ToolIO): number {
  if (e instanceof LineFailed) {
    io.stderr(`${PROGRAM}: line ${String(e.line)} failed${e.reason === undefined ? "" : `: ${e.reason}.`}\n`);
    return 1;
  }
  if (e instanceof CommitRefusal) {
    io.stderr(`${PROGRAM} ${VERSION_TAG}: ${e.message}\n`);
    return 4;
  }
  return reportError(PROGRAM, e, io, lineNo);
}

/** The kernel refused the batch: every refusal, each with the line that queued it. */
export class CommitRefusal extends Error {}

/**
 * nft_action collects the refusals into `char errmsg[1024]` with snprintf: a message that
 * does not fit is cut, and the next one is written over it.
 */
function errmsg(messages: readonly string[]): string {
  let kept = "";
  let tail = "";
  let room = 1024;
  for (const msg of messages) {
    if (room <= 0) break;
    tail = msg.slice(0, room - 1);
    if (msg.length > room) continue;
    kept += tail;
    tail = "";
    room -= msg.length;
  }
  return kept + tail;
}

/** xtables_restore_parse_line. */
function parseLine(line: string, lineNo: number, state: State, opts: RestoreOptions, io: ToolIO): void {
  if (line === "") return;
  if (line.startsWith("#")) {
    if (opts.verbose) io.stdout(`${line}\n`);
    return;
  }
  const section = state.section;
  if (section !== undefined && line.startsWith("COMMIT") && line.length === 6) {
    state.section = undefined;
    if (!opts.test) state.committed = commit(state.committed, section, opts, io);
    return;
  }
  if (line.startsWith("*") && section === undefined) {
    tableLine(line, lineNo, state, opts);
    return;
  }
  if (section === undefined) {
    if (state.skipping) return;
    throw new LineFailed(lineNo);
  }
  if (line.startsWith(":")) chainLine(section, line, lineNo, opts);
  else ruleLine(section, line, lineNo, opts, io);
}

/** COMMIT (skipped under --test): the section's commands run; a failure is reported with the failing command's line. */
function commit(committed: Ruleset, section: Section, opts: RestoreOptions, io: ToolIO): Ruleset {
  const outcome = commitSection(committed, section, opts, io);
  if (outcome.kind === "ok") return outcome.ruleset;
  if (outcome.kind === "refused") throw new CommitRefusal(errmsg(outcome.lines));
  throw new LineFailed(outcome.line, outcome.error.message);
}

function tableLine(line: string, lineNo: number, state: State, opts: RestoreOptions): void {
  const name = line.slice(1).split(/[ \t]/).find((w) => w !== "");
  if (name === undefined) throw new XtError(`${PROGRAM}: line ${String(lineNo)} table name invalid`);
  if (!isTableName(name)) throw new XtError(`${PROGRAM}: line ${String(lineNo)} table name '${name}' invalid`);
  state.skipping = opts.table !== undefined && opts.table !== name;
  if (state.skipping) return;
  const queue: Queued[] = opts.noflush ? [] : [{ kind: "flush", line: lineNo }];
  state.section = { table: name, queue };
}

/** `:CHAIN POLICY [packets:bytes]`: a built-in chain's policy, or a user chain created (or emptied). */
function chainLine(section: Section, line: string, lineNo: number, opts: RestoreOptions): void {
  const [chain, policy, counters] = line.slice(1).split(/[ \t]+/).filter((w) => w !== "");
  if (chain === undefined) throw new XtError(`${PROGRAM}: line ${String(lineNo)} chain name invalid`);
  assertValidChainName(chain);
  if (policy === undefined) throw new XtError(`${PROGRAM}: line ${String(lineNo)} policy invalid`);
  if (!isBuiltin(section.table, chain)) {
    section.queue.push({ kind: "chain", line: lineNo, chain });
    return;
  }
  let count: Counters = { packets: 0, bytes: 0 };
  if (opts.counters) {
    const parsed = parseCounters(counters);
    if (parsed === undefined) throw new XtError(`invalid policy counters for chain '${chain}'`);
    count = parsed;
  }
  section.queue.push({ kind: "policy", line: lineNo, chain, policy, counters: count });
}

/** parse_counters: sscanf("[%llu:%llu]"). */
function parseCounters(text: string | undefined): Counters | undefined {
  const m = text === undefined ? null : /^\[([^:\]]*):([^\]]*)\]/.exec(text);
  const packets = m?.[1] === undefined ? undefined : scanU64(m[1]);
  const bytes = m?.[2] === undefined ? undefined : scanU64(m[2]);
  return packets === undefined || bytes === undefined ? undefined : { packets, bytes };
}

/** tokenize_rule_counters: "[packets:bytes]" in front of a rule, used only with --counters. */
function ruleCounters(text: string, lineNo: number): { rest: string; pcnt?: string; bcnt?: string } {
  if (!text.startsWith("[")) return { rest: text };
  const close = text.indexOf("]");
  if (close < 0) throw new XtError(`Bad line ${String(lineNo)}: need ]`);
  // strtok(buffer+1, ":") then strtok(NULL, "]"): empty fields are skipped, as strtok does.
  const inside = text.slice(1, close + 1);
  const fields = inside.split(/[:\]]/).filter((f) => f !== "");
  const [pcnt, bcnt] = fields;
  if (pcnt === undefined) throw new XtError(`Bad line ${String(lineNo)}: need :`);
  if (bcnt === undefined) throw new XtError(`Bad line ${String(lineNo)}: need ]`);
  return { rest: text.slice(close + 1), pcnt, bcnt };
}

/** A rule line is an iptables command line: parsed now, run at COMMIT. */
function ruleLine(section: Section, line: string, lineNo: number, opts: RestoreOptions, io: ToolIO): void {
  const argv = ["-t", section.table];
  if (opts.verbose && !opts.noflush) argv.push("-v");
  const { rest, pcnt, bcnt } = ruleCounters(line, lineNo);
  if (opts.counters && pcnt !== undefined && bcnt !== undefined) argv.push("--set-counters", pcnt, bcnt);
  argv.push(...splitRuleLine(rest));
  const cmd = parseCommand(argv, { restore: true, warn: (text) => io.stderr(text), ...(opts.ipset ? { ipset: opts.ipset } : {}) });
  section.queue.push({ kind: "command", line: lineNo, cmd });
}
