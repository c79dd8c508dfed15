// The commands iptables 1.8.9 runs on a table through the nf_tables backend (iptables/nft.c):
// what each needs the kernel to have, what it creates on the way (a table, a built-in chain),
// and how each failure is worded. A command works on a copy the caller keeps on success.
import { batchError, BatchError, ERRNO_TEXT, parameterProblem, StrerrorError } from "./errors.ts";
import { printRuleVerbose, ruleNotices } from "./print.ts";
import { sameRule, zeroCounters, type Counters, type Rule } from "./rule.ts";
import {
  chainAdded, chainTarget, findChain, findRefusal, isBuiltin, references, viewTable, writeTable, type Chain, type Ruleset, type RuleOp,
  type Table,
} from "./ruleset.ts";
import { builtinChains, TABLE_NAMES, type Hook, type TableName } from "./tables.ts";

export interface RuleOptions {
  /** iptables-restore: the kernel's table validation waits for COMMIT (restore.ts runs it incrementally). */
  readonly deferChecks?: boolean;
  /** `-v`: where the command's chatter goes (the rule as added, "Flushing chain `X'"). */
  readonly verbose?: (text: string) => void;
  /** Where the notices extensions print with a rule go (stderr): see Extension.notice. */
  readonly warn?: (text: string) => void;
  /** Kernel refusals of the batch, when the caller collects them (iptables-restore) instead of failing at once. */
  readonly refuse?: (e: BatchError) => void;
}

// nft_strerror's wording for the errno each nft.c function leaves (its nft_fn).
const noSuchChain = () => new StrerrorError("No chain/target/match by that name");
const badRule = () => new StrerrorError("Bad rule (does a matching rule exist in that chain?)");

/** nft_chain_find: a chain the kernel has; a built-in chain only once created. */
function kernelChain(rs: Ruleset, tableName: TableName, name: string): Chain | undefined {
  const table = rs.tables[tableName];
  const chain = table && findChain(table, name);
  return chain?.virtual ? undefined : chain;
}

/** nft_xt_builtin_init: the table comes into being, and the named built-in chain (all of them without a name). */
function initBuiltin(rs: Ruleset, tableName: TableName, chain: string | undefined): Table {
  const table = writeTable(rs, tableName);
  for (const c of table.chains) {
    if (c.virtual && (chain === undefined || c.name === chain)) {
      delete c.virtual;
      c.policyUncounted = true;
    }
  }
  return table;
}

/** A base chain deleted (or renamed away) is listed again as nft.c fakes it: empty, ACCEPT, zero counters. */
function virtualChain(name: string): Chain {
  return { name, policy: "ACCEPT", counters: zeroCounters(), rules: [], virtual: true };
}

/** nft_prepare's assert_chain_exists: a jump needs a built-in name or a chain of the cache. */
export function checkJumpTarget(rs: Ruleset, tableName: TableName, rule: Rule): void {
  const to = chainTarget(rule);
  if (to !== undefined && findChain(viewTable(rs, tableName), to) === undefined) {
    throw parameterProblem(`Chain '${to}' does not exist`);
  }
}

/** Reports what the kernel would refuse about the table: at once, or to the collecting caller. */
function refuse(e: BatchError, options: RuleOptions): void {
  if (options.refuse === undefined) throw e;
  options.refuse(e);
}

/** Runs a change on a table and undoes it when the kernel would refuse the result. */
function changeRules(tableName: TableName, table: Table, op: RuleOp, chain: string, change: () => void, options: RuleOptions): void {
  if (options.deferChecks) {
    change();
    return;
  }
  const before = table.chains.map((c) => ({ c, rules: [...c.rules] }));
  change();
  const refusal = findRefusal(tableName, table);
  if (refusal === undefined) return;
  for (const { c, rules } of before) c.rules = rules;
  refuse(batchError(op, ERRNO_TEXT[refusal.errno], `rule in chain ${chain}`), options);
}

function echo(rule: Rule, options: RuleOptions): void {
  if (options.verbose === undefined) return;
  const notice = ruleNotices(rule);
  if (notice !== "") options.warn?.(notice);
  options.verbose(printRuleVerbose(rule));
}

/** nft_rule_append: the chain is created if built-in; the rule is echoed before the chain is looked up. */
export function appendRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule, options: RuleOptions = {}): void {
  checkJumpTarget(rs, tableName, rule);
  const table = initBuiltin(rs, tableName, chainName);
  echo(rule, options);
  const chain = findChain(table, chainName);
  if (chain === undefined) throw noSuchChain();
  changeRules(tableName, table, "RULE_APPEND", chainName, () => chain.rules.push(rule), options);
}

/** nft_rule_insert: position N needs rule N, or rule N-1 (then it appends). */
export function insertRule(rs: Ruleset, tableName: TableName, chainName: string, num: number, rule: Rule, options: RuleOptions = {}): void {
  checkJumpTarget(rs, tableName, rule);
  const table = initBuiltin(rs, tableName, chainName);
  const chain = findChain(table, chainName);
  if (chain === undefined) throw noSuchChain();
  if (num - 1 > chain.rules.length) throw new StrerrorError("Index of insertion too big");
  echo(rule, options);
  const op = num - 1 === chain.rules.length && num > 1 ? "RULE_APPEND" : "RULE_INSERT";
  changeRules(tableName, table, op, chainName, () => chain.rules.splice(num - 1, 0, rule), options);
}

export function replaceRule(rs: Ruleset, tableName: TableName, chainName: string, num: number, rule: Rule, options: RuleOptions = {}): void {
  checkJumpTarget(rs, tableName, rule);
  const chain = kernelChain(rs, tableName, chainName);
  if (chain === undefined) throw noSuchChain();
  if (num > chain.rules.length) throw new StrerrorError("Index of replacement too big");
  echo(rule, options);
  changeRules(tableName, writeTable(rs, tableName), "RULE_REPLACE", chainName, () => chain.rules.splice(num - 1, 1, rule), options);
}

export function deleteRuleNum(rs: Ruleset, tableName: TableName, chainName: string, num: number): void {
  const chain = kernelChain(rs, tableName, chainName);
  if (chain === undefined) throw noSuchChain();
  if (num > chain.rules.length) throw new StrerrorError("Index of deletion too big");
  chain.rules.splice(num - 1, 1);
}

/** nft_rule_find by comparison; nft_fn is nft_rule_delete / nft_rule_check, so ENOENT reads "Bad rule". */
function foundRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule): { chain: Chain; index: number } {
  checkJumpTarget(rs, tableName, rule);
  const chain = kernelChain(rs, tableName, chainName);
  const index = chain ? chain.rules.findIndex((r) => sameRule(r, rule)) : -1;
  if (chain === undefined || index < 0) throw badRule();
  return { chain, index };
}

export function deleteRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule, options: RuleOptions = {}): void {
  const { chain, index } = foundRule(rs, tableName, chainName, rule);
  chain.rules.splice(index, 1);
  echo(rule, options);
}

export function checkRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule, options: RuleOptions = {}): void {
  foundRule(rs, tableName, chainName, rule);
  echo(rule, options);
}

/** nft_chain_user_add: built-in names always exist; a hidden base chain's name only the kernel knows. */
export function newChain(rs: Ruleset, tableName: TableName, name: string, options: RuleOptions = {}): void {
  const table = writeTable(rs, tableName);
  if (findChain(table, name) !== undefined) throw new StrerrorError("Chain already exists");
  if (table.hidden?.some((h) => h.chain.name === name)) {
    refuse(batchError("CHAIN_USER_ADD", ERRNO_TEXT.EEXIST, `chain ${name}`), options);
    return;
  }
  insertSorted(tableName, table, { name, counters: zeroCounters(), rules: [] });
}

/** Adds a user chain in name order after the built-in ones (a new array: see findChain). */
export function insertSorted(tableName: TableName, table: Table, chain: Chain): void {
  const chains = table.chains;
  let lo = builtinChains(tableName).length;
  let hi = chains.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((chains[mid]?.name ?? "") < chain.name) lo = mid + 1;
    else hi = mid;
  }
  table.chains = [...chains.slice(0, lo), chain, ...chains.slice(lo)];
  chainAdded(chains, table.chains, chain);
}

/** nft_may_delete_chain: a base chain goes only while it is empty with policy ACCEPT. */
function mayDeleteBuiltin(chain: Chain): boolean {
  return chain.policy !== "DROP" && chain.rules.length === 0;
}

/** The kernel deletes a chain (NLM_F_NONREC) only when no rule is in it or jumps to it. */
function userChainBusy(table: Table, chain: Chain): BatchError | undefined {
  if (chain.rules.length === 0 && references(table, chain.name) === 0) return undefined;
  return batchError("CHAIN_DEL", ERRNO_TEXT.EBUSY, `chain ${chain.name}`);
}

/** -X CHAIN, or every chain when `name` is undefined (deletable built-in chains included, silently). */
export function deleteChain(rs: Ruleset, tableName: TableName, name: string | undefined, options: RuleOptions = {}): void {
  const table = rs.tables[tableName];
  if (name !== undefined) {
    const chain = kernelChain(rs, tableName, name);
    if (table === undefined || chain === undefined) throw noSuchChain();
    // nft_may_delete_chain sees the policy; the rules it would see only with the rule cache,
    // which -X CHAIN does not fetch: the kernel refuses a non-empty base chain instead.
    if (chain.policy === "DROP") throw new StrerrorError("Directory not empty");
    if (chain.policy !== undefined && chain.rules.length > 0) {
      refuse(batchError("CHAIN_DEL", ERRNO_TEXT.EBUSY, `chain ${name}`), options);
      return;
    }
    deleteChains(table, [chain], options);
    return;
  }
  if (table === undefined) return;
  const victims = table.chains.filter((c) => !c.virtual && (c.policy === undefined || mayDeleteBuiltin(c)));
  deleteChains(table, victims, options);
}

function deleteChains(table: Table, victims: readonly Chain[], options: RuleOptions): void {
  // Every deletion is queued (and announced under -v) before the kernel answers the batch.
  let first: BatchError | undefined;
  for (const chain of victims) {
    if (chain.policy !== undefined) continue;
    options.verbose?.(`Deleting chain \`${chain.name}'\n`);
    const busy = userChainBusy(table, chain);
    if (busy && options.refuse) options.refuse(busy);
    else first ??= busy;
  }
  if (first) throw first;
  table.chains = table.chains
    .filter((c) => c.policy !== undefined || !victims.includes(c))
    .map((c) => (victims.includes(c) ? virtualChain(c.name) : c));
}

/**
 * nft_chain_user_rename: the new name must be free (built-in names never are), the old one
 * a chain the kernel has. A renamed base chain stays hooked but drops out of iptables' view.
 */
export function renameChain(rs: Ruleset, tableName: TableName, from: string, to: string, options: RuleOptions = {}): void {
  if (findChain(viewTable(rs, tableName), to) !== undefined) throw new StrerrorError("File exists");
  const chain = kernelChain(rs, tableName, from);
  const table = rs.tables[tableName];
  if (table === undefined || chain === undefined) throw noSuchChain();
  if (table.hidden?.some((h) => h.chain.name === to)) {
    refuse(batchError("CHAIN_RENAME", ERRNO_TEXT.EEXIST, `chain ${to}`), options);
    return;
  }
  if (chain.policy !== undefined) {
    table.hidden = [...(table.hidden ?? []), { hook: from as Hook, chain: { ...chain, name: to } }];
    table.chains = table.chains.map((c) => (c === chain ? virtualChain(from) : c));
    return;
  }
  table.chains = table.chains.filter((c) => c !== chain);
  insertSorted(tableName, table, { ...chain, name: to });
  for (const c of [...table.chains, ...(table.hidden ?? []).map((h) => h.chain)]) {
    c.rules = c.rules.map((r) => (chainTarget(r) === from ? { ...r, target: { ...r.target, chain: to } as Rule["target"] } : r));
  }
}

/**
 * nft_rule_flush: with a chain (or -v) the table and built-in chains are created first; a
 * plain -F of a table that does not exist does nothing.
 */
export function flushChain(rs: Ruleset, tableName: TableName, name: string | undefined, options: RuleOptions = {}): void {
  const verbose = options.verbose !== undefined;
  if (name === undefined && !verbose && rs.tables[tableName] === undefined) return;
  const table = initBuiltin(rs, tableName, name);
  if (name !== undefined) {
    const chain = findChain(table, name);
    if (chain === undefined) throw noSuchChain();
    options.verbose?.(`Flushing chain \`${name}'\n`);
    chain.rules = [];
    return;
  }
  for (const c of table.chains) {
    options.verbose?.(`Flushing chain \`${c.name}'\n`);
    c.rules = [];
  }
  for (const h of table.hidden ?? []) h.chain.rules = [];
}

/** -Z [CHAIN]: policy and rule counters of the chains the kernel has. */
export function zeroChains(rs: Ruleset, tableName: TableName, name: string | undefined, options: RuleOptions = {}): void {
  const chains = name === undefined ? (rs.tables[tableName]?.chains ?? []).filter((c) => !c.virtual) : [kernelChain(rs, tableName, name)];
  for (const chain of chains) {
    if (chain === undefined) throw noSuchChain();
    options.verbose?.(`Zeroing chain \`${chain.name}'\n`);
    chain.counters = zeroCounters();
    delete chain.policyUncounted;
    for (const r of chain.rules) r.counters = zeroCounters();
  }
}

/** -Z CHAIN N (nft_rule_zero_counters, whose nft_fn is nft_rule_delete): a number past the end is no error. */
export function zeroRule(rs: Ruleset, tableName: TableName, name: string, num: number): void {
  const chain = kernelChain(rs, tableName, name);
  if (chain === undefined) throw badRule();
  const rule = chain.rules[num - 1];
  if (rule !== undefined) rule.counters = zeroCounters();
}

/** nft_chain_set: the policy word first, then a built-in chain name; the chain is created if needed. */
export function setPolicy(rs: Ruleset, tableName: TableName, name: string, policy: string, counters?: Counters): void {
  if (policy !== "ACCEPT" && policy !== "DROP" && policy !== "-") throw new StrerrorError("Bad policy name", true);
  if (!isBuiltin(tableName, name)) throw new StrerrorError("Bad built-in chain name");
  const chain = findChain(initBuiltin(rs, tableName, name), name);
  if (chain === undefined) return;
  if (policy !== "-") chain.policy = policy;
  if (counters !== undefined) chain.counters = { ...counters };
  delete chain.policyUncounted;
}

/** The tables that exist, in the kernel's order. */
export function allTables(rs: Ruleset): TableName[] {
  return TABLE_NAMES.filter((t) => rs.tables[t] !== undefined);
}

/** nft_table_flush (iptables-restore without --noflush): the table is deleted, to be rebuilt by what follows. */
export function deleteTable(rs: Ruleset, tableName: TableName): void {
  delete rs.tables[tableName];
}

/** Whether iptables shows the table as tainted: a base chain it cannot list. */
export function isTainted(rs: Ruleset, tableName: TableName): boolean {
  return (rs.tables[tableName]?.hidden?.length ?? 0) > 0;
}

