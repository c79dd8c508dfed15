// Skip steps (pf.c pf_calc_skip_steps): for each rule and each of the first eight tests,
// the next rule that tests something else there. A rule that fails one of those tests
// sends the walk straight to that rule, so the rules in between are not evaluated at all
// (their evaluation counters do not move, as on a real Mac).
import type { PfRule } from "./types.ts";

/** The tests in the order pf_test_rule() makes them (PF_SKIP_IFP ... PF_SKIP_DST_PORT). */
export const SKIP_TESTS = [
  "interface", "direction", "address family", "protocol",
  "source address", "source port", "destination address", "destination port",
] as const;

function keys(r: PfRule): string[] {
  return [
    `${r.ifname ?? ""}/${r.ifnot ? "!" : ""}`,
    r.direction,
    String(r.af),
    String(r.proto),
    JSON.stringify([r.src.addr, r.src.neg]),
    JSON.stringify(r.src.port ?? null),
    JSON.stringify([r.dst.addr, r.dst.neg]),
    JSON.stringify(r.dst.port ?? null),
  ];
}

/** skip[i][k]: where the walk goes when rule i fails test k. */
export function skipSteps(rules: readonly PfRule[]): number[][] {
  const k = rules.map(keys);
  const skip = rules.map(() => SKIP_TESTS.map(() => 0));
  for (let i = rules.length - 1; i >= 0; i--) {
    for (let t = 0; t < SKIP_TESTS.length; t++) {
      const same = i + 1 < rules.length && k[i + 1]?.[t] === k[i]?.[t];
      const row = skip[i];
      if (row !== undefined) row[t] = same ? (skip[i + 1]?.[t] ?? rules.length) : i + 1;
    }
  }
  return skip;
}

/** The next rule to evaluate after rule i failed for `why` (a SKIP_TESTS entry or another reason). */
export function nextAfter(skip: readonly number[][], i: number, why: string): number {
  const t = (SKIP_TESTS as readonly string[]).indexOf(why);
  return t < 0 ? i + 1 : (skip[i]?.[t] ?? i + 1);
}
