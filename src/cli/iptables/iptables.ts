// `iptables`: parse like iptables 1.8.9 (nf_tables), run against the namespace's ruleset,
// print what it prints. A failing command changes nothing.
import {
  appendRule, BareError, checkRule, cloneRuleset, deleteChain, deleteRule, deleteRuleNum, findChain, flushChain,
  insertRule, listHeader, listRule, newChain, parseCommand, renameChain, replaceRule, saveRule, setPolicy,
  specChainLine, StrerrorError, VersionRequest, HelpRequest, printRuleVerbose, viewTable, XtError, zeroCountersOf,
  type ListFormat, type ParsedCommand, type RuleOptions, type Ruleset, type TableName,
} from "../../netfilter/index.ts";
import { namespaceOf } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";

export const VERSION = "1.8.9";
export const VERSION_TAG = `v${VERSION} (nf_tables)`;

/** Prints an error the way the named program does and returns its exit status. */
export function reportError(program: string, e: unknown, io: ToolIO, line?: number): number {
  const at = line === undefined ? "" : `Error occurred at line: ${String(line)}\n`;
  const tryLine = `${at}Try \`${program} -h' or '${program} --help' for more information.\n`;
  if (e instanceof BareError) {
    io.stderr(e.message === "" ? tryLine : `${e.message}\n${tryLine}`);
    return 2;
  }
  if (e instanceof StrerrorError) {
    io.stderr(`${program}: ${e.message}.${e.dmesgHint ? " Run `dmesg' for more information." : ""}\n`);
    return e.status;
  }
  if (e instanceof XtError) {
    let text = `${program} ${VERSION_TAG}: ${e.message}\n`;
    if (e.status === 2) text += tryLine;
    io.stderr(text);
    return e.status;
  }
  throw e;
}

/** nfsim's own short usage (the real help text is in iptables(8)). */
const USAGE = `nfsim emulates: iptables [-t TABLE] COMMAND [CHAIN [RULENUM]] [RULE] [OPTIONS]
commands: -A -C -D -I -R (rules), -L -S (list), -F -Z (flush, zero), -N -X -E -P (chains)
options:  -n -v -x --line-numbers -c PKTS BYTES -w; rule parts -s -d -i -o -p -f -m -j -g, each with !
`;

export const iptables: Tool = (argv, world, ns, io) => {
  const namespace = namespaceOf(world, ns);
  try {
    const cmd = parseCommand(argv);
    for (const w of cmd.warnings) io.stderr(w);
    const ruleset = cloneRuleset(namespace.ruleset);
    execute(cmd, ruleset, io);
    namespace.ruleset = ruleset;
    return 0;
  } catch (e) {
    if (e instanceof HelpRequest) {
      io.stdout(`iptables ${VERSION_TAG}\n\n${USAGE}`);
      return 0;
    }
    if (e instanceof VersionRequest) {
      io.stdout(e.inverted ? `Not ${VERSION_TAG} ;-)\n` : `iptables ${VERSION_TAG}\n`);
      return 0;
    }
    return reportError("iptables", e, io);
  }
};

function requireChain(cmd: ParsedCommand): string {
  return cmd.chain ?? "";
}

/** Runs one parsed command on `rs` (a copy the caller keeps only on success). */
export function execute(cmd: ParsedCommand, rs: Ruleset, io: ToolIO, options: RuleOptions = {}): void {
  const { table } = cmd;
  const chain = requireChain(cmd);
  const main = cmd.commands[0];
  const verbose = cmd.verbose > 0;
  if (verbose && ["APPEND", "INSERT", "DELETE", "REPLACE", "CHECK"].includes(main ?? "")) {
    for (const rule of cmd.rules) io.stdout(printRuleVerbose(rule));
  }
  if (verbose && (main === "FLUSH" || main === "DELETE_CHAIN")) {
    const verb = main === "FLUSH" ? "Flushing" : "Deleting";
    for (const name of affectedChains(rs, table, cmd.chain, main === "DELETE_CHAIN")) io.stdout(`${verb} chain \`${name}'\n`);
  }
  switch (main) {
    case "APPEND":
      for (const rule of cmd.rules) appendRule(rs, table, chain, rule, options);
      return;
    case "INSERT":
      for (const rule of cmd.rules) insertRule(rs, table, chain, cmd.rulenum ?? 1, rule, options);
      return;
    case "REPLACE": {
      if (cmd.rules.length !== 1) throw new XtError("Replacement rule does not specify a unique address");
      const [rule] = cmd.rules;
      if (rule) replaceRule(rs, table, chain, cmd.rulenum ?? 1, rule, options);
      return;
    }
    case "DELETE":
      for (const rule of cmd.rules) deleteRule(rs, table, chain, rule);
      return;
    case "DELETE_NUM":
      deleteRuleNum(rs, table, chain, cmd.rulenum ?? 1);
      return;
    case "CHECK":
      for (const rule of cmd.rules) checkRule(rs, table, chain, rule);
      return;
    case "LIST":
    case "LIST_RULES":
    case "ZERO":
    case "ZERO_NUM":
      listAndZero(cmd, rs, io);
      return;
    case "FLUSH":
      flushChain(rs, table, cmd.chain);
      return;
    case "NEW_CHAIN":
      newChain(rs, table, chain);
      return;
    case "DELETE_CHAIN":
      deleteChain(rs, table, cmd.chain);
      return;
    case "RENAME_CHAIN":
      renameChain(rs, table, chain, cmd.newName ?? "");
      return;
    case "SET_POLICY":
      // nf_tables ignores -c on -P: policy counters are set only by iptables-restore --counters.
      setPolicy(rs, table, chain, cmd.policy ?? "");
      return;
    case undefined:
      return;
  }
}

/** The chains -F / -X (without a chain: all, or all user chains) work on, for -v's messages. */
function affectedChains(rs: Ruleset, table: TableName, chain: string | undefined, userOnly: boolean): string[] {
  if (chain !== undefined) return findChain(viewTable(rs, table), chain) ? [chain] : [];
  const t = rs.tables[table];
  return (t?.chains ?? []).filter((c) => !userOnly || c.policy === undefined).map((c) => c.name);
}

function listAndZero(cmd: ParsedCommand, rs: Ruleset, io: ToolIO): void {
  const listing = cmd.commands.includes("LIST") || cmd.commands.includes("LIST_RULES");
  const zero = cmd.commands.find((c) => c === "ZERO" || c === "ZERO_NUM");
  if (listing) {
    const out = cmd.commands.includes("LIST") ? listTable(cmd, rs) : listRules(cmd, rs);
    io.stdout(out);
  }
  if (zero === undefined) return;
  zeroCountersOf(rs, cmd.table, cmd.chain, zero === "ZERO_NUM" && !listing ? cmd.rulenum : undefined);
  if (cmd.verbose > 0) {
    for (const name of affectedChains(rs, cmd.table, cmd.chain, false)) io.stdout(`Zeroing chain \`${name}'\n`);
  }
}

/** What 1.8.9 says when -L or -S names a chain that does not exist. */
const noChain = (cmd: ParsedCommand) =>
  new XtError(`chain \`${cmd.chain ?? ""}' in table \`${cmd.table}' is incompatible, use 'nft' tool.`, 1);

/** -L: a header per chain, chains separated by a blank line; with a rule number, that rule alone. */
function listTable(cmd: ParsedCommand, rs: Ruleset): string {
  const table = viewTable(rs, cmd.table);
  const f: ListFormat = { numeric: cmd.numeric, verbose: cmd.verbose > 0, exact: cmd.exact, lineNumbers: cmd.lineNumbers };
  if (cmd.chain !== undefined) {
    const chain = findChain(table, cmd.chain);
    if (chain === undefined) throw noChain(cmd);
    if (cmd.rulenum !== undefined) {
      const rule = chain.rules[cmd.rulenum - 1];
      return rule ? listRule(rule, cmd.rulenum, f) : "";
    }
    return listHeader(table, chain, f) + chain.rules.map((r, i) => listRule(r, i + 1, f)).join("");
  }
  return table.chains
    .map((chain) => listHeader(table, chain, f) + chain.rules.map((r, i) => listRule(r, i + 1, f)).join(""))
    .join("\n");
}

/** -S: chain lines first, then the rules; with a chain, only its own; with a number, that rule. */
function listRules(cmd: ParsedCommand, rs: Ruleset): string {
  const table = viewTable(rs, cmd.table);
  const verbose = cmd.verbose > 0;
  const counters = verbose ? "inline" : "none";
  if (cmd.chain !== undefined) {
    const chain = findChain(table, cmd.chain);
    if (chain === undefined) throw noChain(cmd);
    if (cmd.rulenum !== undefined) {
      const rule = chain.rules[cmd.rulenum - 1];
      return rule ? `${saveRule(chain.name, rule, counters)}\n` : "";
    }
    return [specChainLine(chain, verbose), ...chain.rules.map((r) => saveRule(chain.name, r, counters))].join("\n") + "\n";
  }
  const lines = [
    ...table.chains.map((c) => specChainLine(c, verbose)),
    ...table.chains.flatMap((c) => c.rules.map((r) => saveRule(c.name, r, counters))),
  ];
  return `${lines.join("\n")}\n`;
}
