// Expectations (net/netfilter/nf_conntrack_expect.c): a helper announces a connection that
// is about to come (FTP's data connection); its first packet then finds the expectation,
// and the new entry is RELATED to its master.
import type { CtEntry, CtZone } from "./entry.ts";
import { expCreated } from "./events.ts";
import { ctStatAdd, keepExpects } from "./stats.ts";
import { entryById, type CtExpect, type CtTable } from "./table.ts";
import type { Tuple } from "./tuple.ts";

/** nf_ct_tuple_mask_cmp with the mask helpers build: everything but maybe the source port. */
function expectMatches(x: CtExpect, t: Tuple): boolean {
  return x.tuple.src === t.src && x.tuple.dst === t.dst && x.tuple.proto === t.proto && x.tuple.dport === t.dport &&
    (x.anySport || x.tuple.sport === t.sport);
}

/**
 * nf_ct_expect_find_get, as ctnetlink_del_expect asks it (zone 0): the live expectation
 * whose tuple, under its mask, is `t`.
 */
export function findExpectation(table: CtTable, t: Tuple, now: number): CtExpect | undefined {
  return table.expects.find((x) => x.timeout > now && expectMatches(x, t) && (x.zone?.id ?? 0) === 0);
}

/** nf_ct_zone_equal_any: zone ids compared whatever their directions. */
function sameZone(a: CtZone | undefined, b: CtZone | undefined): boolean {
  return (a?.id ?? 0) === (b?.id ?? 0);
}

/**
 * nf_ct_find_expectation: the live expectation a new connection's tuple fulfils, taken out
 * of the table (expectations are used once).
 */
export function takeExpectation(table: CtTable, t: Tuple, zone: CtZone | undefined, now: number): CtExpect | undefined {
  const found = table.expects.find((x) => x.timeout > now && expectMatches(x, t) && sameZone(x.zone, zone) && entryById(table, x.master) !== undefined);
  if (found !== undefined) keepExpects(table, table.expects.filter((x) => x !== found));
  return found;
}

/** expect_clash: two expectations that a packet could both fulfil (masks intersected). */
function clash(a: CtExpect, b: CtExpect): boolean {
  const anySport = a.anySport || b.anySport;
  const same = a.tuple.src === b.tuple.src && a.tuple.dst === b.tuple.dst && a.tuple.proto === b.tuple.proto &&
    a.tuple.dport === b.tuple.dport && (anySport || a.tuple.sport === b.tuple.sport);
  return same && sameZone(a.zone, b.zone);
}

function sameExpectation(a: CtExpect, b: CtExpect): boolean {
  return clash(a, b) && a.anySport === b.anySport && a.tuple.sport === b.tuple.sport;
}

export interface ExpectPolicy {
  /** nf_conntrack_expect_policy.max_expected: at most this many per master (the oldest goes). */
  readonly maxExpected: number;
  /** Seconds an expectation lives. */
  readonly timeout: number;
}

/**
 * nf_ct_expect_related: register an expectation. The same one from the same master is
 * replaced; one that clashes with another master's fails; past the master's limit its
 * oldest goes; a full table fails. False: the helper drops the packet.
 */
export function expectRelated(
  table: CtTable, master: CtEntry, wanted: Omit<CtExpect, "id" | "timeout" | "master">, policy: ExpectPolicy, expectMax: number, now: number,
): boolean {
  const candidate: CtExpect = { ...wanted, id: table.nextExpectId, master: master.id, timeout: now + policy.timeout * 1000 };
  for (const x of table.expects) {
    if (x.master === master.id && sameExpectation(x, candidate)) {
      keepExpects(table, table.expects.filter((y) => y !== x));
      break;
    }
    if (clash(x, candidate)) return false;
  }
  const own = table.expects.filter((x) => x.master === master.id);
  if (policy.maxExpected > 0 && own.length >= policy.maxExpected) {
    const oldest = own[0];
    keepExpects(table, table.expects.filter((x) => x !== oldest));
  }
  if (table.expects.length >= expectMax) return false;
  table.nextExpectId++;
  table.expects.push(candidate);
  ctStatAdd(table, "expect_create");
  expCreated(table, candidate, master);
  return true;
}
