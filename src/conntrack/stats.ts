// The table's statistics (struct ip_conntrack_stat, shown by `conntrack -S` through
// ctnetlink's IPCTNL_MSG_CT_GET_STATS_CPU dump). The kernel keeps them per CPU; nfsim has
// one CPU. Which of them Linux 6.x still increments, and where (NF_CT_STAT_INC*):
//  - invalid: nf_conntrack_in, a packet no entry could be found or made for (no tuple), or
//    that its protocol tracker refused (nf_conntrack_handle_packet <= 0);
//  - drop: nf_conntrack_in, no entry could be made (table full), or the tracker said DROP;
//  - early_drop: early_drop_list, each unassured entry killed to make room;
//  - error: nf_conntrack_handle_icmp, an ICMP error that fails icmp_error;
//  - insert: nf_conntrack_hash_check_insert, an entry made by ctnetlink (conntrack -I);
//  - insert_failed, clash_resolve: __nf_conntrack_confirm / nf_ct_resolve_clash on a clash.
//  - expect_new: init_conntrack, a new entry that fulfils an expectation;
//  - expect_create: nf_ct_expect_insert; expect_delete: nf_ct_unlink_expect_report, each
//    expectation unlinked (fulfilled, replaced, evicted, expired, its master gone, flushed).
// found, search_restart and chaintoolong are never incremented here: found is not
// incremented by 6.x at all, and the others need hash-chain races or lengths nfsim lacks.
import { expDestroyed } from "./events.ts";
import type { CtTable } from "./table.ts";

export const CT_STAT_NAMES = [
  "found", "invalid", "insert", "insert_failed", "drop", "early_drop", "error", "search_restart", "clash_resolve", "chaintoolong",
] as const;

/** The expectation counters `conntrack -S expect` shows (ctnetlink_exp_stat_fill_info). */
export const EXP_STAT_NAMES = ["expect_new", "expect_create", "expect_delete"] as const;

export type CtStatName = (typeof CT_STAT_NAMES)[number] | (typeof EXP_STAT_NAMES)[number];

/** The counters that are not zero (a table saved before they existed has none). */
export type CtStats = Partial<Record<CtStatName, number>>;

export function ctStatAdd(table: CtTable, name: CtStatName, n = 1): void {
  if (n <= 0) return;
  const stats = (table.stats ??= {});
  stats[name] = (stats[name] ?? 0) + n;
}

export function ctStat(table: CtTable, name: CtStatName): number {
  return table.stats?.[name] ?? 0;
}

/** Replaces the expectations by those kept, counting the others as unlinked. */
export function keepExpects(table: CtTable, kept: CtTable["expects"]): void {
  ctStatAdd(table, "expect_delete", table.expects.length - kept.length);
  const gone = kept.length === table.expects.length ? [] : table.expects.filter((x) => !kept.includes(x));
  table.expects = kept;
  // nf_ct_unlink_expect_report: each one unlinked is announced (events.ts).
  for (const x of gone) expDestroyed(table, x);
}
