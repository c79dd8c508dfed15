// Tables, chains and the operations iptables performs on them, with the refusals of the
// nf_tables backend (iptables/nft.c and the kernel's nf_tables_api.c validation).
import { batchError, ERRNO_TEXT, parameterProblem, StrerrorError, type Errno } from "./errors.ts";
import type { Extension } from "./extension.ts";
import { findMatch, findTarget } from "./registry.ts";
import { sameRule, zeroCounters, type Counters, type Rule } from "./rule.ts";
import { builtinChains, isHook, TABLE_NAMES, type Hook, type TableName } from "./tables.ts";

export type Policy = "ACCEPT" | "DROP";

export interface Chain {
  readonly name: string;
  /** Built-in chains only. */
  policy?: Policy;
  /** Counters of the policy (built-in chains only). */
  counters: Counters;
  rules: Rule[];
}

export interface Table {
  /** Built-in chains in their fixed order, then user chains sorted by name (as nft lists them). */
  chains: Chain[];
}

/** Only tables something was written to exist, as with the nf_tables backend. */
export interface Ruleset {
  tables: Partial<Record<TableName, Table>>;
}

export function emptyRuleset(): Ruleset {
  return { tables: {} };
}

export function cloneRuleset(rs: Ruleset): Ruleset {
  return structuredClone(rs);
}

function freshTable(name: TableName): Table {
  return {
    chains: builtinChains(name).map((hook) => ({ name: hook, policy: "ACCEPT", counters: zeroCounters(), rules: [] })),
  };
}

/** The table as listings show it: its built-in chains exist even before anything is written. */
export function viewTable(rs: Ruleset, name: TableName): Table {
  return rs.tables[name] ?? freshTable(name);
}

/** The table for writing: writing creates it with its built-in chains. */
export function writeTable(rs: Ruleset, name: TableName): Table {
  return (rs.tables[name] ??= freshTable(name));
}

export function isBuiltin(table: TableName, chain: string): boolean {
  return isHook(chain) && builtinChains(table).includes(chain);
}

export function findChain(table: Table, name: string): Chain | undefined {
  return table.chains.find((c) => c.name === name);
}

export function chainTarget(rule: Rule): string | undefined {
  return rule.target.kind === "jump" || rule.target.kind === "goto" ? rule.target.chain : undefined;
}

/** How many rules of the table jump or go to `name`. */
export function references(table: Table, name: string): number {
  return table.chains.reduce((n, c) => n + c.rules.filter((r) => chainTarget(r) === name).length, 0);
}

const noSuchChain = () => new StrerrorError("No chain/target/match by that name");

function existingChain(table: Table, name: string): Chain {
  const chain = findChain(table, name);
  if (chain === undefined) throw noSuchChain();
  return chain;
}

/** The operation names nft.c reports kernel refusals with. */
export type RuleOp = "RULE_APPEND" | "RULE_INSERT" | "RULE_REPLACE";

/** Why the kernel refuses a table, and the rules involved (the offending rule, or a loop's jumps). */
export interface Refusal {
  readonly errno: Errno;
  readonly rules: readonly Rule[];
}

/**
 * The kernel's validation of a table (nf_tables_api.c): jumps lead to user chains, no
 * loop is reachable from a base chain, and every extension is used in a table and at
 * hooks it supports.
 */
export function findRefusal(tableName: TableName, table: Table): Refusal | undefined {
  for (const c of table.chains) {
    for (const r of c.rules) {
      const to = chainTarget(r);
      if (to !== undefined && isBuiltin(tableName, to)) return { errno: "EOPNOTSUPP", rules: [r] };
    }
  }
  const hooksOf = reachingHooks(tableName, table);
  if (!(hooksOf instanceof Map)) return { errno: "EMLINK", rules: hooksOf.loop };
  for (const c of table.chains) {
    const hooks = hooksOf.get(c.name) ?? new Set<Hook>();
    for (const r of c.rules) {
      const errno = ruleRefusalAt(tableName, hooks, r);
      if (errno !== undefined) return { errno, rules: [r] };
    }
  }
  return undefined;
}

function validate(tableName: TableName, table: Table, op: RuleOp, chain: string): void {
  const refusal = findRefusal(tableName, table);
  if (refusal) throw batchError(op, ERRNO_TEXT[refusal.errno], `rule in chain ${chain}`);
}

/** The kernel's refusal of one rule used in `table` at `hooks`, if any. */
export function ruleRefusalAt(table: TableName, hooks: ReadonlySet<Hook>, rule: Rule): Errno | undefined {
  const where = { table, hooks };
  for (const m of rule.matches) {
    const ext = findMatch(m.name);
    const errno = ext && extensionRefusal(ext, m.data, where, rule);
    if (errno) return errno;
  }
  if (rule.target.kind === "extension") {
    const ext = findTarget(rule.target.name);
    return ext && extensionRefusal(ext, rule.target.data, where, rule);
  }
  return undefined;
}

function extensionRefusal(
  ext: Extension<unknown>,
  data: unknown,
  where: { table: TableName; hooks: ReadonlySet<Hook> },
  rule: Rule,
): Errno | undefined {
  const allowed = ext.allowed;
  if (allowed?.tables && !allowed.tables.includes(where.table)) return "EINVAL";
  if (allowed?.hooks) {
    for (const hook of where.hooks) if (!allowed.hooks.includes(hook)) return "EINVAL";
  }
  return ext.check?.(data, where, rule.ip) as Errno | undefined;
}

/**
 * Hooks from which each chain can be reached, or the jumps of a loop that a base chain
 * reaches. One depth-first walk per hook, each chain expanded once.
 */
export function reachingHooks(tableName: TableName, table: Table): Map<string, Set<Hook>> | { loop: Rule[] } {
  const result = new Map<string, Set<Hook>>();
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  for (const hook of builtinChains(tableName)) {
    const done = new Set<string>();
    const path: { chain: string; via?: Rule }[] = [];
    const visit = (name: string, via?: Rule): Rule[] | undefined => {
      const open = path.findIndex((p) => p.chain === name);
      if (open >= 0) return [...path.slice(open + 1).flatMap((p) => (p.via ? [p.via] : [])), ...(via ? [via] : [])];
      if (done.has(name)) return undefined;
      let hooks = result.get(name);
      if (hooks === undefined) result.set(name, (hooks = new Set<Hook>()));
      hooks.add(hook);
      path.push({ chain: name, ...(via ? { via } : {}) });
      for (const r of byName.get(name)?.rules ?? []) {
        const to = chainTarget(r);
        const loop = to === undefined ? undefined : visit(to, r);
        if (loop) return loop;
      }
      path.pop();
      done.add(name);
      return undefined;
    };
    const loop = visit(hook);
    if (loop) return { loop };
  }
  return result;
}

/** iptables-restore resolves jumps when the table is committed, not rule by rule. */
export interface RuleOptions {
  /** Jump targets and the kernel's validation wait for COMMIT (iptables-restore). */
  readonly deferChecks?: boolean;
}

function checkJumpTarget(table: Table, rule: Rule, options: RuleOptions): void {
  const to = chainTarget(rule);
  if (options.deferChecks) return;
  if (to !== undefined && findChain(table, to) === undefined) {
    throw parameterProblem(`Chain '${to}' does not exist`);
  }
}

/** Runs a change on a table and undoes it when the kernel would refuse the result. */
function changeRules(tableName: TableName, table: Table, op: RuleOp, chain: string, change: () => void, options: RuleOptions): void {
  if (options.deferChecks) {
    change();
    return;
  }
  const before = table.chains.map((c) => ({ c, rules: [...c.rules] }));
  change();
  try {
    validate(tableName, table, op, chain);
  } catch (e) {
    for (const { c, rules } of before) c.rules = rules;
    throw e;
  }
}

export function appendRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule, options: RuleOptions = {}): void {
  const table = viewTable(rs, tableName);
  const chain = existingChain(table, chainName);
  checkJumpTarget(table, rule, options);
  const written = writeTable(rs, tableName);
  const target = existingChain(written, chain.name);
  changeRules(tableName, written, "RULE_APPEND", chainName, () => target.rules.push(rule), options);
}

export function insertRule(rs: Ruleset, tableName: TableName, chainName: string, num: number, rule: Rule, options: RuleOptions = {}): void {
  const table = viewTable(rs, tableName);
  const chain = existingChain(table, chainName);
  checkJumpTarget(table, rule, options);
  if (num > chain.rules.length + 1) throw new StrerrorError("Index of insertion too big");
  const written = writeTable(rs, tableName);
  const target = existingChain(written, chainName);
  changeRules(tableName, written, "RULE_INSERT", chainName, () => target.rules.splice(num - 1, 0, rule), options);
}

export function replaceRule(rs: Ruleset, tableName: TableName, chainName: string, num: number, rule: Rule, options: RuleOptions = {}): void {
  const table = viewTable(rs, tableName);
  const chain = existingChain(table, chainName);
  checkJumpTarget(table, rule, options);
  if (num > chain.rules.length) throw new StrerrorError("Index of replacement too big");
  const written = writeTable(rs, tableName);
  const target = existingChain(written, chainName);
  changeRules(tableName, written, "RULE_REPLACE", chainName, () => target.rules.splice(num - 1, 1, rule), options);
}

export function deleteRuleNum(rs: Ruleset, tableName: TableName, chainName: string, num: number): void {
  const chain = existingChain(viewTable(rs, tableName), chainName);
  if (num > chain.rules.length) throw new StrerrorError("Index of deletion too big");
  existingChain(writeTable(rs, tableName), chainName).rules.splice(num - 1, 1);
}

function ruleIndex(chain: Chain, rule: Rule): number {
  return chain.rules.findIndex((r) => sameRule(r, rule));
}

const badRule = () => new StrerrorError("Bad rule (does a matching rule exist in that chain?)");

export function deleteRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule): void {
  const chain = existingChain(viewTable(rs, tableName), chainName);
  const index = ruleIndex(chain, rule);
  if (index < 0) throw badRule();
  existingChain(writeTable(rs, tableName), chainName).rules.splice(index, 1);
}

export function checkRule(rs: Ruleset, tableName: TableName, chainName: string, rule: Rule): void {
  const chain = existingChain(viewTable(rs, tableName), chainName);
  if (ruleIndex(chain, rule) < 0) throw badRule();
}

export function newChain(rs: Ruleset, tableName: TableName, name: string): void {
  const table = writeTable(rs, tableName);
  if (findChain(table, name) !== undefined) throw new StrerrorError("Chain already exists");
  insertSorted(tableName, table, { name, counters: zeroCounters(), rules: [] });
}

function insertSorted(tableName: TableName, table: Table, chain: Chain): void {
  const builtins = builtinChains(tableName).length;
  const users = [...table.chains.slice(builtins), chain].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  table.chains = [...table.chains.slice(0, builtins), ...users];
}

/** -X CHAIN, or every user chain when `name` is undefined. */
export function deleteChain(rs: Ruleset, tableName: TableName, name: string | undefined): void {
  const table = viewTable(rs, tableName);
  const victims = name === undefined ? table.chains.filter((c) => !isBuiltin(tableName, c.name)) : [existingChain(table, name)];
  if (name !== undefined && isBuiltin(tableName, name)) throw new StrerrorError("Invalid argument", true);
  for (const chain of victims) {
    const refs = references(table, chain.name) - chain.rules.filter((r) => chainTarget(r) === chain.name).length;
    if (refs > 0 && (name !== undefined || referencedFromOutside(table, chain.name, victims))) {
      throw batchError("CHAIN_DEL", ERRNO_TEXT.EBUSY, `chain ${chain.name}`);
    }
  }
  if (victims.length === 0) return;
  const written = writeTable(rs, tableName);
  written.chains = written.chains.filter((c) => !victims.some((v) => v.name === c.name));
}

function referencedFromOutside(table: Table, name: string, victims: readonly Chain[]): boolean {
  return table.chains.some((c) => !victims.some((v) => v.name === c.name) && c.rules.some((r) => chainTarget(r) === name));
}

export function renameChain(rs: Ruleset, tableName: TableName, from: string, to: string): void {
  const table = viewTable(rs, tableName);
  const chain = existingChain(table, from);
  if (isBuiltin(tableName, from)) throw new StrerrorError("Invalid argument", true);
  if (findChain(table, to) !== undefined) throw new StrerrorError("File exists");
  const written = writeTable(rs, tableName);
  written.chains = written.chains.filter((c) => c.name !== chain.name);
  insertSorted(tableName, written, { ...chain, name: to });
  for (const c of written.chains) {
    c.rules = c.rules.map((r) => (chainTarget(r) === from ? { ...r, target: { ...r.target, chain: to } as Rule["target"] } : r));
  }
}

export function flushChain(rs: Ruleset, tableName: TableName, name: string | undefined): void {
  if (name === undefined) {
    const table = rs.tables[tableName];
    for (const c of table?.chains ?? []) c.rules = [];
    return;
  }
  existingChain(viewTable(rs, tableName), name);
  existingChain(writeTable(rs, tableName), name).rules = [];
}

/** -Z [CHAIN [N]]: rule counters and, for built-in chains, the policy counters. */
export function zeroCountersOf(rs: Ruleset, tableName: TableName, name: string | undefined, num?: number): void {
  const table = rs.tables[tableName];
  if (name !== undefined) existingChain(viewTable(rs, tableName), name);
  if (table === undefined) return;
  for (const chain of table.chains) {
    if (name !== undefined && chain.name !== name) continue;
    if (num !== undefined) {
      // nf_tables silently ignores a rule number past the end.
      const rule = chain.rules[num - 1];
      if (rule !== undefined) rule.counters = zeroCounters();
      continue;
    }
    chain.counters = zeroCounters();
    for (const r of chain.rules) r.counters = zeroCounters();
  }
}

export function setPolicy(rs: Ruleset, tableName: TableName, name: string, policy: string, counters?: Counters): void {
  if (!isBuiltin(tableName, name)) {
    existingChain(viewTable(rs, tableName), name);
    throw new StrerrorError("Bad built-in chain name");
  }
  if (policy !== "ACCEPT" && policy !== "DROP") throw new StrerrorError("Bad policy name", true);
  const chain = existingChain(writeTable(rs, tableName), name);
  chain.policy = policy;
  if (counters !== undefined) chain.counters = { ...counters };
}

export function allTables(rs: Ruleset): TableName[] {
  return TABLE_NAMES.filter((t) => rs.tables[t] !== undefined);
}
