// Tables and chains as the nf_tables backend keeps them, and the kernel's validation of a
// table (nf_tables_api.c). The commands that change them are in commands.ts (iptables/nft.c).
import type { Errno } from "./errors.ts";
import type { Extension, Placement } from "./extension.ts";
import { findMatch, findTarget } from "./registry.ts";
import { zeroCounters, type Counters, type Rule } from "./rule.ts";
import { builtinChains, isHook, type Hook, type TableName } from "./tables.ts";

export type Policy = "ACCEPT" | "DROP";

export interface Chain {
  readonly name: string;
  /** Built-in chains only. */
  policy?: Policy;
  /** Counters of the policy (built-in chains only). */
  counters: Counters;
  rules: Rule[];
  /**
   * A built-in chain nf_tables has not created (yet, or again after `-X`): nft.c creates a
   * base chain only when a command needs it, lists the missing ones as empty ACCEPT chains,
   * and answers commands that need the kernel's chain (-D N, -R, -Z, -E, -X) with ENOENT.
   */
  virtual?: boolean;
  /**
   * A base chain created only to hold rules (-A, -I, -F) has no counter on its policy:
   * iptables-nft adds one when it sets the policy or zeroes the chain (-P, -Z,
   * iptables-restore's `:CHAIN POLICY [p:b]`). Until then the policy counts nothing.
   */
  policyUncounted?: boolean;
}

export interface Table {
  /** Built-in chains in their fixed order, then user chains sorted by name (as nft lists them). */
  chains: Chain[];
  /**
   * Base chains renamed away from their built-in name (`-E INPUT X`): still hooked in the
   * kernel at `hook`, but iptables no longer lists them and marks the table tainted (nft.c).
   */
  hidden?: HiddenChain[];
}

export interface HiddenChain {
  readonly hook: Hook;
  readonly chain: Chain;
}

/** Only tables something was written to exist, as with the nf_tables backend. */
export interface Ruleset {
  tables: Partial<Record<TableName, Table>>;
  /**
   * Run-time state extensions share across the rules of this namespace, by key: xt_recent's
   * lists and xt_hashlimit's tables live per network namespace, not per rule. Saved with
   * the world; never part of a rule's identity.
   */
  shared?: Record<string, unknown>;
}

export function emptyRuleset(): Ruleset {
  return { tables: {} };
}

export function cloneRuleset(rs: Ruleset): Ruleset {
  return structuredClone(rs);
}

function freshTable(name: TableName): Table {
  return {
    chains: builtinChains(name).map((hook) => ({ name: hook, policy: "ACCEPT", counters: zeroCounters(), rules: [], virtual: true })),
  };
}

/** The table as listings show it: its built-in chains exist even before anything is written. */
export function viewTable(rs: Ruleset, name: TableName): Table {
  return rs.tables[name] ?? freshTable(name);
}

/** The table for writing: writing creates it (its built-in chains stay virtual until used). */
export function writeTable(rs: Ruleset, name: TableName): Table {
  return (rs.tables[name] ??= freshTable(name));
}

export function isBuiltin(table: TableName, chain: string): boolean {
  return isHook(chain) && builtinChains(table).includes(chain);
}

/**
 * Chains by name, per chains array. Every change to a table's chains replaces the array
 * (insertSorted, deleteChain, renameChain), so an index made for one array stays right;
 * a dump of thousands of chains (kube-proxy) would otherwise be searched once per line.
 */
const chainIndexes = new WeakMap<readonly Chain[], { readonly length: number; readonly byName: Map<string, Chain> }>();

export function findChain(table: Table, name: string): Chain | undefined {
  const chains = table.chains;
  if (chains.length < 16) return chains.find((c) => c.name === name);
  let index = chainIndexes.get(chains);
  if (index === undefined || index.length !== chains.length) {
    index = { length: chains.length, byName: new Map(chains.map((c) => [c.name, c])) };
    chainIndexes.set(chains, index);
  }
  const hit = index.byName.get(name);
  return hit?.name === name ? hit : undefined;
}

/** `next` is `prev` with `added` inserted: its index is `prev`'s, carried over (one chain at a time, a restore of thousands stays linear). */
export function chainAdded(prev: readonly Chain[], next: readonly Chain[], added: Chain): void {
  const index = chainIndexes.get(prev);
  if (index === undefined || index.length !== prev.length) return;
  chainIndexes.delete(prev);
  index.byName.set(added.name, added);
  chainIndexes.set(next, { length: next.length, byName: index.byName });
}

export function chainTarget(rule: Rule): string | undefined {
  return rule.target.kind === "jump" || rule.target.kind === "goto" ? rule.target.chain : undefined;
}

/** How many rules of the table jump or go to `name` (the kernel's use count less the chain's own rules). */
export function references(table: Table, name: string): number {
  const chains = [...table.chains, ...(table.hidden ?? []).map((h) => h.chain)];
  return chains.reduce((n, c) => n + c.rules.filter((r) => chainTarget(r) === name).length, 0);
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
      const errno = to === undefined ? undefined : jumpRefusal(tableName, table, to);
      if (errno !== undefined) return { errno, rules: [r] };
    }
  }
  const hooksOf = reachingHooks(tableName, table);
  if (!(hooksOf instanceof Map)) return { errno: "EMLINK", rules: hooksOf.loop };
  for (const c of table.chains) {
    const hooks = hooksOf.get(c.name) ?? new Set<Hook>();
    for (const r of c.rules) {
      const errno = ruleRefusalAt(tableName, hooks, r, isBuiltin(tableName, c.name) ? (c.name as Hook) : undefined);
      if (errno !== undefined) return { errno, rules: [r] };
    }
  }
  return undefined;
}

/** nf_tables_api.c nft_verdict_init: a jump needs a chain the kernel has, and not a base chain. */
export function jumpRefusal(tableName: TableName, table: Table, to: string): Errno | undefined {
  if (!isBuiltin(tableName, to)) return undefined;
  return findChain(table, to)?.virtual ? "ENOENT" : "EOPNOTSUPP";
}

/**
 * What the kernel refuses as soon as a rule is added to `chain` (nf_tables_newrule and the
 * expressions' init), before the table is validated as a whole at commit: a bad jump, an
 * invalid expression, an extension used where its checkentry (with the chain's own hook
 * for a base chain) says no. Loops and hooks reached through jumps wait for validation.
 */
export function immediateRefusal(tableName: TableName, table: Table, chain: string, rule: Rule): Errno | undefined {
  const to = chainTarget(rule);
  const jump = to === undefined ? undefined : jumpRefusal(tableName, table, to);
  if (jump !== undefined) return jump;
  const hook = isBuiltin(tableName, chain) ? (chain as Hook) : undefined;
  return ruleRefusalAt(tableName, new Set(hook === undefined ? [] : [hook]), rule, hook);
}

/**
 * nft-ipv4.c add_addr: an address match with an all-zero mask becomes a zero-length
 * comparison, which the kernel accepts only when it is not inverted (`! -s 0.0.0.0/0`).
 */
function ipRefusal(rule: Rule): Errno | undefined {
  const { src, dst } = rule.ip;
  return (src?.invert && src.mask === 0) || (dst?.invert && dst.mask === 0) ? "EINVAL" : undefined;
}

/** The kernel's refusal of one rule used in `table` at `hooks` (in base chain `chainHook`, if any). */
export function ruleRefusalAt(table: TableName, hooks: ReadonlySet<Hook>, rule: Rule, chainHook?: Hook): Errno | undefined {
  const where: Placement = { table, hooks, ...(chainHook !== undefined ? { chainHook } : {}) };
  const own = ipRefusal(rule);
  if (own) return own;
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
  where: Placement,
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
