// `iptables -L` and `iptables -S` (nft.c nft_rule_list / nft_rule_list_save): every chain
// of the table, the built-in ones faked when nf_tables has not created them.
import {
  findChain, isTainted, listHeader, listRule as printRule, ruleNotices, saveRule as printSaveRule, specChainLine, viewTable, XtError,
  type ListFormat, type ParsedCommand, type Rule, type Ruleset, type TableName,
} from "../../netfilter/index.ts";

/** nft_assert_table_compatible: a chain iptables cannot show is "incompatible" (exit 1). */
const noChain = (cmd: ParsedCommand) =>
  new XtError(`chain \`${cmd.chain ?? ""}' in table \`${cmd.table}' is incompatible, use 'nft' tool.`, 1);

/**
 * The notice nft.c prints before listing a table with a base chain it cannot show (a renamed
 * one). Only a whole-table listing fetches every chain and so notices it.
 */
export function taintNotice(rs: Ruleset, table: TableName): string {
  return isTainted(rs, table) ? `# Table \`${table}' contains incompatible base-chains, use 'nft' tool to list them.\n` : "";
}

/** The rule as listed, its extensions' stderr notices passed to `warn` (libxt_connlabel's). */
function noticed<T extends unknown[]>(warn: (text: string) => void, print: (rule: Rule, ...rest: T) => string) {
  return (rule: Rule, ...rest: T): string => {
    const notice = ruleNotices(rule);
    if (notice !== "") warn(notice);
    return print(rule, ...rest);
  };
}

/** -L: a header per chain, chains separated by a blank line; with a rule number, that rule alone. */
export function listTable(cmd: ParsedCommand, rs: Ruleset, warn: (text: string) => void = () => undefined): string {
  const table = viewTable(rs, cmd.table);
  const f: ListFormat = { numeric: cmd.numeric, verbose: cmd.verbose > 0, exact: cmd.exact, lineNumbers: cmd.lineNumbers };
  const listRule = noticed(warn, printRule);
  const list = (chain: (typeof table.chains)[number]) => listHeader(table, chain, f) + chain.rules.map((r, i) => listRule(r, i + 1, f)).join("");
  if (cmd.chain === undefined) return taintNotice(rs, cmd.table) + table.chains.map(list).join("\n");
  const chain = findChain(table, cmd.chain);
  if (chain === undefined) throw noChain(cmd);
  if (cmd.rulenum === undefined) return list(chain);
  const rule = chain.rules[cmd.rulenum - 1];
  return rule ? listRule(rule, cmd.rulenum, f) : "";
}

/** -S: chain lines first, then the rules; with a chain, only its own; with a number, that rule. */
export function listRules(cmd: ParsedCommand, rs: Ruleset, warn: (text: string) => void = () => undefined): string {
  const table = viewTable(rs, cmd.table);
  const saveRule = noticed(warn, (r: Rule, chain: string, counters: "inline" | "none") => printSaveRule(chain, r, counters));
  const verbose = cmd.verbose > 0;
  const counters = verbose ? "inline" : "none";
  const rulesOf = (chain: (typeof table.chains)[number]) => chain.rules.map((r) => `${saveRule(r, chain.name, counters)}\n`);
  if (cmd.chain === undefined) {
    const chainLines = table.chains.map((c) => `${specChainLine(c, verbose)}\n`);
    return taintNotice(rs, cmd.table) + [...chainLines, ...table.chains.flatMap(rulesOf)].join("");
  }
  const chain = findChain(table, cmd.chain);
  if (chain === undefined) throw noChain(cmd);
  if (cmd.rulenum === undefined) return [`${specChainLine(chain, verbose)}\n`, ...rulesOf(chain)].join("");
  const rule = chain.rules[cmd.rulenum - 1];
  return rule ? `${saveRule(rule, chain.name, counters)}\n` : "";
}
