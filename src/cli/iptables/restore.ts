// `iptables-restore` (xtables-restore.c): tables between `*name` and COMMIT, chain lines,
// and rule lines run as iptables commands. Nothing changes unless the whole input is good.
import {
  assertValidChainName, cloneRuleset, emptyRuleset, findChain, isBuiltin, isTableName, newChain, parseCommand,
  setPolicy, writeTable, XtError, type Ruleset, type TableName,
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
  const result = restoreText(io.stdin, namespace.ruleset, opts, io);
  if (typeof result === "number") return result;
  if (!opts.test) namespace.ruleset = result;
  return 0;
};

/** Applies a restore file to a copy of `current`; returns the new ruleset or an exit status. */
export function restoreText(text: string, current: Ruleset, opts: RestoreOptions, io: ToolIO): Ruleset | number {
  const rs = cloneRuleset(current);
  let table: TableName | undefined;
  let skip = false;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let lineNo = 0;
  try {
    for (const raw of lines) {
      lineNo++;
      const line = raw;
      if (line === "" || line.startsWith("#")) continue;
      if (table !== undefined && /^COMMIT\s*$/.test(line)) {
        table = undefined;
        continue;
      }
      if (line.startsWith("*") && table === undefined) {
        const name = line.slice(1).trim().split(/[ \t]/)[0] ?? "";
        if (name === "") throw new XtError(`iptables-restore: line ${String(lineNo)} table name invalid`);
        if (!isTableName(name)) throw new XtError(`iptables-restore: line ${String(lineNo)} table name '${name}' invalid`);
        table = name;
        skip = opts.table !== undefined && opts.table !== name;
        if (!skip && !opts.noflush) flushTable(rs, name);
        if (!skip) writeTable(rs, name);
        continue;
      }
      if (table === undefined) throw new LineFailed();
      if (skip) continue;
      if (line.startsWith(":")) {
        chainLine(rs, table, line, lineNo, opts);
        continue;
      }
      ruleLine(rs, table, line, lineNo, opts, io);
    }
    if (table !== undefined) {
      io.stderr(`iptables-restore: COMMIT expected at line ${String(lineNo + 1)}\n`);
      return 1;
    }
    return rs;
  } catch (e) {
    if (e instanceof LineFailed) {
      io.stderr(`iptables-restore: line ${String(lineNo)} failed\n`);
      return 1;
    }
    return reportError("iptables-restore", e, io, lineNo);
  }
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

function ruleLine(rs: Ruleset, table: TableName, line: string, lineNo: number, opts: RestoreOptions, io: ToolIO): void {
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
  execute(cmd, rs, io);
}

export { VERSION_TAG };
