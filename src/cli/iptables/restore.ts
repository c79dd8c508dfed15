// `iptables-restore` (xtables-restore.c): tables between `*name` and COMMIT, chain lines,
// and rule lines run as iptables commands. Nothing changes unless the whole input is good.
import {
  assertValidChainName, chainTarget, cloneRuleset, emptyRuleset, findChain, isBuiltin, isTableName, newChain,
  parameterProblem, parseCommand, setPolicy, StrerrorError, viewTable, writeTable, XtError, ERRNO_TEXT, TableValidator,
  type Ruleset, type TableName,
} from "../../netfilter/index.ts";
import { namespaceOf } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";
import { execute, reportError, VERSION_TAG } from "./iptables.ts";

interface RestoreOptions {
  noflush: boolean;
  test: boolean;
  counters: boolean;
  table?: TableName;
  verbose: boolean;
}

/** Failures iptables-restore prints as "iptables-restore: line N failed" (exit 1). */
class LineFailed extends Error {}

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

function parseOptions(argv: readonly string[]): RestoreOptions {
  const opts: RestoreOptions = { noflush: false, test: false, counters: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-n" || arg === "--noflush") opts.noflush = true;
    else if (arg === "-t" || arg === "--test") opts.test = true;
    else if (arg === "-c" || arg === "--counters") opts.counters = true;
    else if (arg === "-v" || arg === "--verbose") opts.verbose = true;
    else if (arg === "-w" || arg === "--wait" || arg === "-W" || arg === "--wait-interval") continue;
    else if (arg === "-T" || arg === "--table") {
      const name = argv[++i] ?? "";
      if (isTableName(name)) opts.table = name;
    } else throw new XtError(`unknown option "${arg}"`);
  }
  return opts;
}

export const iptablesRestore: Tool = (argv, world, ns, io) => {
  const namespace = namespaceOf(world, ns);
  let opts: RestoreOptions;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    return reportError("iptables-restore", e, io);
  }
  const { ruleset, exit } = restoreText(io.stdin, namespace.ruleset, opts, io);
  if (!opts.test) namespace.ruleset = ruleset;
  return exit;
};

/** Prints a failure of line `lineNo` the way xtables-restore words each kind. */
function reportLine(e: unknown, lineNo: number, io: ToolIO): number {
  if (e instanceof CommitRefusal) {
    io.stderr(`iptables-restore ${VERSION_TAG}: ${e.lines.join("")}\n`);
    return 4;
  }
  if (e instanceof StrerrorError) {
    io.stderr(`iptables-restore: line ${String(lineNo)} failed: ${e.message}.\n`);
    return 1;
  }
  if (e instanceof XtError && e.status === 4) {
    io.stderr(`iptables-restore ${VERSION_TAG}: \nline ${String(lineNo)}:${e.message}\n`);
    return 4;
  }
  return reportError("iptables-restore", e, io, lineNo);
}

/**
 * Applies a restore file table by table: each COMMIT makes its table's changes real, so
 * a failure keeps the tables committed before it (as the nf_tables backend does).
 */
export function restoreText(text: string, current: Ruleset, opts: RestoreOptions, io: ToolIO): { ruleset: Ruleset; exit: number } {
  let committed = current;
  let working = cloneRuleset(current);
  let table: TableName | undefined;
  let skip = false;
  let section: Section | undefined;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let lineNo = 0;
  try {
    for (const line of lines) {
      lineNo++;
      if (line === "" || line.startsWith("#")) continue;
      if (table !== undefined && /^COMMIT\s*$/.test(line)) {
        if (!skip) {
          checkJumpTargets(working, table);
          if (section && section.refusals.length > 0) throw new CommitRefusal(section.refusals);
        }
        committed = working;
        working = cloneRuleset(committed);
        table = undefined;
        continue;
      }
      if (line.startsWith("*") && table === undefined) {
        const name = line.slice(1).trim().split(/[ \t]/)[0] ?? "";
        if (name === "") throw new XtError(`iptables-restore: line ${String(lineNo)} table name invalid`);
        if (!isTableName(name)) throw new XtError(`iptables-restore: line ${String(lineNo)} table name '${name}' invalid`);
        table = name;
        skip = opts.table !== undefined && opts.table !== name;
        if (!skip && !opts.noflush) flushTable(working, name);
        if (!skip) section = { table: name, validator: new TableValidator(name, writeTable(working, name)), refusals: [] };
        continue;
      }
      if (table === undefined) throw new LineFailed();
      if (skip) continue;
      if (line.startsWith(":")) chainLine(working, table, line, lineNo, opts);
      else if (section) ruleLine(working, section, line, lineNo, opts, io);
    }
    if (table !== undefined) {
      io.stderr(`iptables-restore: COMMIT expected at line ${String(lineNo + 1)}\n`);
      return { ruleset: committed, exit: 1 };
    }
    return { ruleset: committed, exit: 0 };
  } catch (e) {
    if (e instanceof LineFailed) {
      io.stderr(`iptables-restore: line ${String(lineNo)} failed\n`);
      return { ruleset: committed, exit: 1 };
    }
    return { ruleset: committed, exit: reportLine(e, lineNo, io) };
  }
}

/** Kernel refusals found while the table's rules were added, reported together at COMMIT. */
class CommitRefusal extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join(""));
  }
}

const RULE_OPS: Readonly<Record<string, string>> = { APPEND: "RULE_APPEND", INSERT: "RULE_INSERT", REPLACE: "RULE_REPLACE" };

/** COMMIT: jumps are resolved now, since chains may be declared after their use. */
function checkJumpTargets(rs: Ruleset, tableName: TableName): void {
  const table = viewTable(rs, tableName);
  for (const chain of table.chains) {
    for (const rule of chain.rules) {
      const to = chainTarget(rule);
      if (to !== undefined && findChain(table, to) === undefined) throw parameterProblem(`Chain '${to}' does not exist`);
    }
  }
}

/** The state of the table being restored: its validator and the refusals met so far. */
interface Section {
  readonly table: TableName;
  validator: TableValidator;
  readonly refusals: string[];
}

function flushTable(rs: Ruleset, name: TableName): void {
  const fresh = emptyRuleset();
  rs.tables[name] = writeTable(fresh, name);
}

function chainLine(rs: Ruleset, table: TableName, line: string, lineNo: number, opts: RestoreOptions): void {
  const [chain, policy, counters] = line.slice(1).split(/[ \t]+/).filter((w) => w !== "");
  if (chain === undefined) throw new XtError(`iptables-restore: line ${String(lineNo)} chain name invalid`);
  assertValidChainName(chain);
  if (policy === undefined) throw new XtError(`iptables-restore: line ${String(lineNo)} policy invalid`);
  if (isBuiltin(table, chain)) {
    const parsed = counters === undefined ? undefined : /^\[(\d+):(\d+)\]/.exec(counters);
    if ((counters === undefined && opts.counters) || (counters !== undefined && !parsed)) {
      throw new XtError(`invalid policy counters for chain '${chain}'`);
    }
    const count = opts.counters && parsed ? { packets: Number(parsed[1]), bytes: Number(parsed[2]) } : undefined;
    if (policy !== "-") setPolicy(rs, table, chain, policy, count);
    return;
  }
  const existing = findChain(writeTable(rs, table), chain);
  if (existing) existing.rules = [];
  else newChain(rs, table, chain);
}

function ruleLine(rs: Ruleset, section: Section, line: string, lineNo: number, opts: RestoreOptions, io: ToolIO): void {
  const table = section.table;
  let rest = line;
  const argv = ["-t", table];
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) throw new XtError(`Bad line ${String(lineNo)}: need ]`);
    const [pcnt, bcnt] = rest.slice(1, close).split(":");
    if (pcnt === undefined) throw new XtError(`Bad line ${String(lineNo)}: need :`);
    if (bcnt === undefined) throw new XtError(`Bad line ${String(lineNo)}: need ]`);
    if (opts.counters) argv.push("--set-counters", pcnt, bcnt);
    rest = rest.slice(close + 1);
  }
  argv.push(...splitRuleLine(rest));
  const cmd = parseCommand(argv, { restore: true });
  execute(cmd, rs, io, { deferChecks: true });
  const op = RULE_OPS[cmd.commands[0] ?? ""];
  if (op === undefined || op === "RULE_REPLACE") {
    section.validator = new TableValidator(table, writeTable(rs, table));
    if (op === undefined) return;
  }
  for (const rule of cmd.rules) {
    const errno = op === "RULE_REPLACE" ? section.validator.recheck(cmd.chain ?? "", rule) : section.validator.added(cmd.chain ?? "", rule);
    if (errno !== undefined) section.refusals.push(`\nline ${String(lineNo)}: ${op} failed (${ERRNO_TEXT[errno]}): rule in chain ${cmd.chain ?? ""}`);
  }
}

export { VERSION_TAG };
