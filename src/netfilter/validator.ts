// The kernel's table validation, kept up to date rule by rule so that a long
// iptables-restore stays linear: the chain graph (who jumps to whom) is maintained
// incrementally, and each added rule is checked only against what it can affect.
// The kernel (nf_tables_api.c) validates the whole table on every rule added once the
// table holds jumps; once it is invalid, every later rule added is refused as well.
import type { Errno } from "./errors.ts";
import type { Rule } from "./rule.ts";
import { chainTarget, findChain, isBuiltin, jumpRefusal, ruleRefusalAt, type Table } from "./ruleset.ts";
import { builtinChains, type Hook, type TableName } from "./tables.ts";

function bump(map: Map<string, Map<string, number>>, from: string, to: string, by: number): void {
  let edges = map.get(from);
  if (edges === undefined) map.set(from, (edges = new Map()));
  const n = (edges.get(to) ?? 0) + by;
  if (n > 0) edges.set(to, n);
  else edges.delete(to);
}

export class TableValidator {
  private readonly forward = new Map<string, Map<string, number>>();
  private readonly backward = new Map<string, Map<string, number>>();
  /** Set once the table became invalid: the kernel then refuses every rule added. */
  private broken: Errno | undefined;

  constructor(
    private readonly tableName: TableName,
    private readonly table: Table,
  ) {
    for (const c of table.chains) for (const r of c.rules) this.link(c.name, r, 1);
  }

  private link(chain: string, rule: Rule, by: number): void {
    const to = chainTarget(rule);
    if (to === undefined) return;
    bump(this.forward, chain, to, by);
    bump(this.backward, to, chain, by);
  }

  /** Chains reachable from `start` (itself included) along `edges`. */
  private walk(start: string, edges: Map<string, Map<string, number>>): Set<string> {
    const seen = new Set<string>([start]);
    const stack = [start];
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      for (const next of edges.get(name)?.keys() ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  }

  /** Whether a loop can be reached from `start` (depth-first, three colours). */
  private loopsFrom(start: string): boolean {
    const done = new Set<string>();
    const open = new Set<string>();
    const visit = (name: string): boolean => {
      if (open.has(name)) return true;
      if (done.has(name)) return false;
      open.add(name);
      for (const next of this.forward.get(name)?.keys() ?? []) if (visit(next)) return true;
      open.delete(name);
      done.add(name);
      return false;
    };
    return visit(start);
  }

  /** The built-in hooks whose chains reach `chain`. */
  private hooksReaching(chain: string): Set<Hook> {
    const ancestors = this.walk(chain, this.backward);
    return new Set(builtinChains(this.tableName).filter((h) => ancestors.has(h)));
  }

  /** Records a rule just added to `chain` and returns the kernel's refusal, if any. */
  added(chain: string, rule: Rule): Errno | undefined {
    this.link(chain, rule, 1);
    const errno = this.check(chain, rule);
    if (errno !== undefined) this.broken ??= errno;
    return errno ?? this.broken;
  }

  /** Checks a rule already recorded (after a replace rebuilt the graph). */
  recheck(chain: string, rule: Rule): Errno | undefined {
    const errno = this.check(chain, rule);
    if (errno !== undefined) this.broken ??= errno;
    return errno ?? this.broken;
  }

  /** Records a rule removed from `chain` (the table is then re-validated lazily on the next add). */
  removed(chain: string, rule: Rule): void {
    this.link(chain, rule, -1);
    this.broken = undefined;
  }

  private check(chain: string, rule: Rule): Errno | undefined {
    const to = chainTarget(rule);
    const jump = to === undefined ? undefined : jumpRefusal(this.tableName, this.table, to);
    if (jump !== undefined) return jump;
    const hooks = this.hooksReaching(chain);
    if (to !== undefined && hooks.size > 0 && this.loopsFrom(to)) return "EMLINK";
    const own = ruleRefusalAt(this.tableName, hooks, rule, isBuiltin(this.tableName, chain) ? (chain as Hook) : undefined);
    if (own !== undefined || to === undefined || hooks.size === 0) return own;
    // The jump makes the target's whole subtree reachable from these hooks.
    for (const name of this.walk(to, this.forward)) {
      for (const r of findChain(this.table, name)?.rules ?? []) {
        const errno = ruleRefusalAt(this.tableName, hooks, r);
        if (errno !== undefined) return errno;
      }
    }
    return undefined;
  }
}
