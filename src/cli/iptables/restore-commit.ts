// COMMIT of one iptables-restore table section: the queued commands run in order on the
// cache (nft.c nft_prepare), then the kernel checks the batch (nft_action). The table's
// validation is kept incremental (TableValidator) so that a restore of many rules stays linear.
import {
  cloneRuleset, deleteChain, deleteTable, ERRNO_TEXT, findChain, flushChain, immediateRefusal, insertSorted, renameChain,
  setPolicy, StrerrorError, TableValidator, writeTable, zeroCounters, type BatchError, type Counters, type Errno,
  type ParsedCommand, type RuleOptions, type Ruleset, type TableName,
} from "../../netfilter/index.ts";
import type { ToolIO } from "../io.ts";
import { execute } from "./iptables.ts";

export type Queued =
  | { readonly kind: "flush"; readonly line: number }
  | { readonly kind: "policy"; readonly line: number; readonly chain: string; readonly policy: string; readonly counters: Counters }
  | { readonly kind: "chain"; readonly line: number; readonly chain: string }
  | { readonly kind: "command"; readonly line: number; readonly cmd: ParsedCommand };

/** A table section being read: its name and the commands queued for COMMIT. */
export interface Section {
  readonly table: TableName;
  readonly queue: Queued[];
}

export type CommitOutcome =
  | { readonly kind: "ok"; readonly ruleset: Ruleset }
  /** The kernel refused the batch: "\nline N: OP failed (...): ..." for each refusal. */
  | { readonly kind: "refused"; readonly lines: readonly string[] }
  /** A queued command failed in userspace: "line N failed: ...". */
  | { readonly kind: "failed"; readonly line: number; readonly error: StrerrorError };

/** A rename waits for the batch: the cache keeps the old name (nft_chain_user_rename sends it by handle). */
interface Rename {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

class Commit {
  readonly rs: Ruleset;
  /** Messages the kernel refuses on arrival: any of them aborts the batch before the table is validated. */
  readonly refusals: string[] = [];
  /** What validating the table at commit would refuse (loops, hooks reached through jumps), rule by rule. */
  readonly invalid: string[] = [];
  readonly renames: Rename[] = [];
  private validator: TableValidator | undefined;
  /** Once the table fails validation, the kernel (replaying the batch) refuses every rule added after. */
  private broken: Errno | undefined;
  /** Chains the kernel had before this batch: only those have a handle a rename can name. */
  private readonly existing: ReadonlySet<string>;

  constructor(
    committed: Ruleset,
    readonly table: TableName,
    flushed: boolean,
    private readonly verbose: boolean,
    private readonly io: ToolIO,
  ) {
    this.rs = cloneRuleset(committed);
    const before = flushed ? [] : (committed.tables[table]?.chains ?? []).filter((c) => !c.virtual);
    this.existing = new Set(before.map((c) => c.name));
  }

  /** Rule lines carry their own -v (added by restore unless --noflush); only the flush of -v is chatty here. */
  options(line: number, chatty = false): RuleOptions {
    const refuse = (e: BatchError) => this.refusals.push(e.atLine(line));
    return chatty ? { deferChecks: true, refuse, verbose: (text) => this.io.stdout(text) } : { deferChecks: true, refuse };
  }

  run(q: Queued): void {
    if (q.kind === "command") {
      this.command(q.cmd, q.line);
      return;
    }
    this.validator = undefined;
    if (q.kind === "flush") this.flush(q.line);
    else if (q.kind === "policy") setPolicy(this.rs, this.table, q.chain, q.policy, q.counters);
    else this.restoreChain(q.chain);
  }

  /** nft_cmd_table_flush: the table is deleted; under -v its chains are flushed and deleted one by one instead. */
  private flush(line: number): void {
    if (!this.verbose) {
      deleteTable(this.rs, this.table);
      return;
    }
    flushChain(this.rs, this.table, undefined, this.options(line, true));
    deleteChain(this.rs, this.table, undefined, this.options(line, true));
  }

  /** nft_chain_restore: an existing chain is emptied, a new one created. */
  private restoreChain(name: string): void {
    const table = writeTable(this.rs, this.table);
    const chain = findChain(table, name);
    if (chain) chain.rules = [];
    else insertSorted(this.table, table, { name, counters: zeroCounters(), rules: [] });
  }

  private command(cmd: ParsedCommand, line: number): void {
    const main = cmd.commands[0];
    if (main === "RENAME_CHAIN") {
      this.queueRename(cmd, line);
      return;
    }
    const adds = main === "APPEND" || main === "INSERT";
    if (adds) this.validator ??= new TableValidator(this.table, writeTable(this.rs, this.table));
    else this.validator = undefined;
    execute(cmd, this.rs, this.io, this.options(line));
    if (!adds && main !== "REPLACE") return;
    const validator = (this.validator ??= new TableValidator(this.table, writeTable(this.rs, this.table)));
    const op = main === "APPEND" ? "RULE_APPEND" : main === "INSERT" ? "RULE_INSERT" : "RULE_REPLACE";
    const chain = cmd.chain ?? "";
    const say = (errno: Errno) => `\nline ${String(line)}: ${op} failed (${ERRNO_TEXT[errno]}): rule in chain ${chain}`;
    for (const rule of cmd.rules) {
      const now = immediateRefusal(this.table, writeTable(this.rs, this.table), chain, rule);
      if (now !== undefined) this.refusals.push(say(now));
      const errno = (adds ? validator.added(chain, rule) : validator.recheck(chain, rule)) ?? this.broken;
      if (errno === undefined) continue;
      this.broken ??= errno;
      this.invalid.push(say(errno));
    }
    if (!adds) this.validator = undefined;
  }

  /** The userspace checks of nft_chain_user_rename run now, against the cache; the rename itself waits. */
  private queueRename(cmd: ParsedCommand, line: number): void {
    renameChain(cloneRuleset(this.rs), this.table, cmd.chain ?? "", cmd.newName ?? "", { refuse: () => undefined });
    this.renames.push({ from: cmd.chain ?? "", to: cmd.newName ?? "", line });
  }

  /** The kernel renames by handle: a chain created in this same batch has none yet. */
  applyRenames(): void {
    for (const r of this.renames) {
      if (!this.existing.has(r.from)) {
        this.refusals.push(`\nline ${String(r.line)}: CHAIN_RENAME failed (${ERRNO_TEXT.ENOENT}): chain ${r.to}`);
        continue;
      }
      renameChain(this.rs, this.table, r.from, r.to, this.options(r.line));
    }
  }
}

export function commitSection(committed: Ruleset, section: Section, opts: { verbose: boolean }, io: ToolIO): CommitOutcome {
  const flushed = section.queue[0]?.kind === "flush";
  const commit = new Commit(committed, section.table, flushed, opts.verbose, io);
  for (const q of section.queue) {
    try {
      commit.run(q);
    } catch (e) {
      if (e instanceof StrerrorError) return { kind: "failed", line: q.line, error: e };
      throw e;
    }
  }
  commit.applyRenames();
  if (commit.refusals.length > 0) return { kind: "refused", lines: commit.refusals };
  // nf_tables_validate failing replays the batch with validation after every rule: from the
  // first rule that breaks the table on, each is refused.
  if (commit.invalid.length > 0) return { kind: "refused", lines: commit.invalid };
  return { kind: "ok", ruleset: commit.rs };
}
