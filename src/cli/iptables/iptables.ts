// `iptables`: parse like iptables 1.8.9 (nf_tables), run against the namespace's ruleset,
// print what it prints. A failing command changes nothing.
import {
  appendRule, BareError, checkRule, cloneRuleset, deleteChain, deleteRule, deleteRuleNum, flushChain, insertRule,
  newChain, parseCommand, renameChain, replaceRule, setPolicy, StrerrorError, VersionRequest, HelpRequest, XtError,
  zeroChains, zeroRule, type ParsedCommand, type RuleOptions, type Ruleset,
} from "../../netfilter/index.ts";
import { namespaceOf } from "../../world/world.ts";
import { setLookup } from "../../netfilter/ipset/types.ts";
import type { Tool, ToolIO } from "../io.ts";
import { listRules, listTable } from "./list.ts";

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
    let text = `${e.preamble}${program} ${VERSION_TAG}: ${e.message}\n`;
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
    const cmd = parseCommand(argv, { warn: (text) => io.stderr(text), ipset: setLookup(namespace.ipsets) });
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

/**
 * Runs one parsed command on `rs` (a copy the caller keeps only on success), as
 * xtables.c do_commandx queues it and nft.c nft_prepare runs it. With several source or
 * destination addresses, each rule is its own command, in order.
 */
export function execute(cmd: ParsedCommand, rs: Ruleset, io: ToolIO, options: RuleOptions = {}): void {
  const { table } = cmd;
  const chain = cmd.chain ?? "";
  const opts: RuleOptions = cmd.verbose > 0 ? { ...options, verbose: (text) => io.stdout(text), warn: (text) => io.stderr(text) } : options;
  switch (cmd.commands[0]) {
    case "APPEND":
      for (const rule of cmd.rules) appendRule(rs, table, chain, rule, opts);
      return;
    case "INSERT":
      for (const rule of cmd.rules) insertRule(rs, table, chain, cmd.rulenum ?? 1, rule, opts);
      return;
    case "REPLACE":
      for (const rule of cmd.rules) replaceRule(rs, table, chain, cmd.rulenum ?? 1, rule, opts);
      return;
    case "DELETE":
      for (const rule of cmd.rules) deleteRule(rs, table, chain, rule, opts);
      return;
    case "DELETE_NUM":
      deleteRuleNum(rs, table, chain, cmd.rulenum ?? 1);
      return;
    case "CHECK":
      for (const rule of cmd.rules) checkRule(rs, table, chain, rule, opts);
      return;
    case "FLUSH":
      flushChain(rs, table, cmd.chain, opts);
      return;
    case "NEW_CHAIN":
      newChain(rs, table, chain, opts);
      return;
    case "DELETE_CHAIN":
      deleteChain(rs, table, cmd.chain, opts);
      return;
    case "RENAME_CHAIN":
      renameChain(rs, table, chain, cmd.newName ?? "", opts);
      return;
    case "SET_POLICY":
      // nf_tables ignores -c on -P: policy counters are set only by iptables-restore --counters.
      setPolicy(rs, table, chain, cmd.policy ?? "");
      return;
    case undefined:
      return;
    default:
      listAndZero(cmd, rs, io, opts);
  }
}

/** -L / -S, then -Z of the same chain (xtables.c: the listing comes first). */
function listAndZero(cmd: ParsedCommand, rs: Ruleset, io: ToolIO, opts: RuleOptions): void {
  if (cmd.commands.includes("LIST")) io.stdout(listTable(cmd, rs, (t) => io.stderr(t)));
  if (cmd.commands.includes("LIST_RULES")) io.stdout(listRules(cmd, rs, (t) => io.stderr(t)));
  if (cmd.commands.includes("ZERO")) zeroChains(rs, cmd.table, cmd.chain, opts);
  if (cmd.commands.includes("ZERO_NUM")) zeroRule(rs, cmd.table, cmd.chain ?? "", cmd.rulenum ?? 1);
}
