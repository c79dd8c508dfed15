// A namespace's connection table (nf_conntrack_core.c): confirmed entries, found by the
// tuple of either direction; expectations (nf_conntrack_expect.c). The table is plain
// JSON saved with the world; the lookup indexes are derived from it when first needed and
// kept beside it, so every change must go through the functions here.
import { IPS, isConfirmed, zoneId, type CtEntry, type CtZone } from "./entry.ts";
import { DIR_ORIGINAL, DIR_REPLY, tupleEqual, tupleKey, type Dir, type Tuple } from "./tuple.ts";

/** An expected connection (struct nf_conntrack_expect): a tuple with the source port as a wildcard when `anySport`. */
export interface CtExpect {
  readonly id: number;
  /** The entry id of the connection whose helper made it. */
  readonly master: number;
  readonly tuple: Tuple;
  readonly anySport: boolean;
  readonly zone?: CtZone;
  /** Virtual time (ms) at which it expires. */
  readonly timeout: number;
  readonly helper: string;
}

export interface CtTable {
  /** Confirmed entries by id. */
  entries: Record<string, CtEntry>;
  expects: CtExpect[];
  nextId: number;
  nextExpectId: number;
}

export function newConntrackTable(): CtTable {
  return { entries: {}, expects: [], nextId: 1, nextExpectId: 1 };
}

/** One direction of an entry, as the hash holds it (struct nf_conntrack_tuple_hash). */
export interface Found {
  readonly entry: CtEntry;
  readonly dir: Dir;
}

interface Index {
  readonly byKey: Map<string, Found>;
  /** nf_nat_core.c nf_nat_bysource: entries with a source binding by original source, newest first. */
  readonly bySource: Map<string, CtEntry[]>;
  count: number;
}

const indexes = new WeakMap<CtTable, Index>();

function keyOf(e: CtEntry, dir: Dir): string {
  return tupleKey(dir === DIR_ORIGINAL ? e.orig : e.reply, zoneId(e.zone, dir));
}

/** hash_by_src's inputs: original source address, source port, protocol and a zone valid for both directions. */
function sourceKey(e: CtEntry): string {
  const zone = e.zone?.dir === "both" ? e.zone.id : 0;
  return `${String(e.orig.proto)},${String(e.orig.src)},${String(e.orig.sport)},${String(zone)}`;
}

export function sourceKeyOf(t: Tuple, zone: CtZone | undefined): string {
  return `${String(t.proto)},${String(t.src)},${String(t.sport)},${String(zone?.dir === "both" ? zone.id : 0)}`;
}

function indexOf(table: CtTable): Index {
  let index = indexes.get(table);
  if (index !== undefined) return index;
  index = { byKey: new Map(), bySource: new Map(), count: 0 };
  indexes.set(table, index);
  for (const e of Object.values(table.entries)) addToIndex(index, e);
  return index;
}

function addToIndex(index: Index, e: CtEntry): void {
  index.byKey.set(keyOf(e, DIR_ORIGINAL), { entry: e, dir: DIR_ORIGINAL });
  index.byKey.set(keyOf(e, DIR_REPLY), { entry: e, dir: DIR_REPLY });
  if ((e.status & IPS.SRC_NAT_DONE) !== 0) {
    const key = sourceKey(e);
    index.bySource.set(key, [e, ...(index.bySource.get(key) ?? [])]);
  }
  index.count++;
}

function removeFromIndex(index: Index, e: CtEntry): void {
  for (const dir of [DIR_ORIGINAL, DIR_REPLY] as const) {
    const key = keyOf(e, dir);
    if (index.byKey.get(key)?.entry === e) index.byKey.delete(key);
  }
  const key = sourceKey(e);
  const list = index.bySource.get(key);
  if (list !== undefined) {
    const rest = list.filter((x) => x !== e);
    if (rest.length === 0) index.bySource.delete(key);
    else index.bySource.set(key, rest);
  }
  index.count--;
}

export function isExpired(e: CtEntry, now: number): boolean {
  return isConfirmed(e) && e.timeout <= now;
}

/** Number of confirmed entries (nf_conntrack_count, as expired ones are collected). */
export function entryCount(table: CtTable): number {
  return indexOf(table).count;
}

/** __nf_conntrack_hash_insert at confirmation: the entry becomes findable by both tuples. */
export function insertEntry(table: CtTable, e: CtEntry): void {
  const index = indexOf(table);
  table.entries[String(e.id)] = e;
  addToIndex(index, e);
}

/** nf_ct_delete: the entry leaves the table with its pending expectations. */
export function deleteEntry(table: CtTable, e: CtEntry): void {
  e.status |= IPS.DYING;
  if (table.entries[String(e.id)] !== e) return;
  delete table.entries[String(e.id)];
  removeFromIndex(indexOf(table), e);
  table.expects = table.expects.filter((x) => x.master !== e.id);
}

/** Every entry and expectation whose time has come is removed (the gc worker, run eagerly). */
export function collectExpired(table: CtTable, now: number): void {
  for (const e of Object.values(table.entries)) if (isExpired(e, now)) deleteEntry(table, e);
  table.expects = table.expects.filter((x) => x.timeout > now);
}

/** Every confirmed entry still alive, oldest first. */
export function liveEntries(table: CtTable, now: number): CtEntry[] {
  collectExpired(table, now);
  return Object.values(table.entries);
}

export function entryById(table: CtTable, id: number): CtEntry | undefined {
  return table.entries[String(id)];
}

/** Removes every entry and expectation (conntrack -F). */
export function flushTable(table: CtTable): void {
  for (const e of Object.values(table.entries)) deleteEntry(table, e);
  table.expects = [];
}

function lookupOne(table: CtTable, t: Tuple, zone: CtZone | undefined, hashZone: number, now: number): Found | undefined {
  const found = indexOf(table).byKey.get(tupleKey(t, hashZone));
  if (found === undefined || zoneId(found.entry.zone, found.dir) !== zoneId(zone, found.dir)) return undefined;
  if (isExpired(found.entry, now)) {
    deleteEntry(table, found.entry);
    return undefined;
  }
  return found;
}

/**
 * nf_conntrack_find_get: the confirmed entry one of whose tuples is `t` in this zone,
 * looked up with the zone's original-direction id, then its reply-direction id. An
 * expired entry met on the way is removed.
 */
export function findEntry(table: CtTable, t: Tuple, zone: CtZone | undefined, now: number): Found | undefined {
  const id = zoneId(zone, DIR_ORIGINAL);
  const rid = zoneId(zone, DIR_REPLY);
  return lookupOne(table, t, zone, id, now) ?? (rid !== id ? lookupOne(table, t, zone, rid, now) : undefined);
}

/**
 * nf_conntrack_tuple_taken: another confirmed entry has `t` as one of its tuples, unless
 * its original tuple is `ignored`'s own (the same flow, left to the clash resolution).
 */
export function tupleTaken(table: CtTable, t: Tuple, ignored: CtEntry, now: number): boolean {
  const found = lookupOne(table, t, ignored.zone, zoneId(ignored.zone, DIR_REPLY), now);
  if (found === undefined || found.entry === ignored) return false;
  return !(tupleEqual(found.entry.orig, ignored.orig) && zoneId(found.entry.zone, DIR_ORIGINAL) === zoneId(ignored.zone, DIR_ORIGINAL));
}

/** Entries with a source binding whose original source is the tuple's (find_appropriate_src's bucket). */
export function sameSource(table: CtTable, t: Tuple, zone: CtZone | undefined): readonly CtEntry[] {
  return indexOf(table).bySource.get(sourceKeyOf(t, zone)) ?? [];
}

/** FNV-1a of a tuple key: where nfsim's hash puts it (the kernel's siphash key is random). */
function bucketOf(key: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % buckets;
}

/** NF_CT_EVICTION_RANGE: early drop looks at this many buckets from the new tuple's. */
const EVICTION_RANGE = 8;

/**
 * early_drop (nf_conntrack_core.c): in the new tuple's bucket and the next seven, the
 * first bucket holding unassured entries loses all of them. False when none was found:
 * the table is full and the packet is dropped.
 */
export function earlyDrop(table: CtTable, t: Tuple, zone: CtZone | undefined, buckets: number, now: number): boolean {
  const first = bucketOf(tupleKey(t, zoneId(zone, DIR_ORIGINAL)), buckets);
  const victims = new Map<number, CtEntry[]>();
  for (const [key, { entry }] of indexOf(table).byKey) {
    const offset = (bucketOf(key, buckets) - first + buckets) % buckets;
    if (offset >= EVICTION_RANGE) continue;
    if (isExpired(entry, now)) continue;
    if ((entry.status & (IPS.ASSURED | IPS.DYING)) !== 0) continue;
    victims.set(offset, [...(victims.get(offset) ?? []), entry]);
  }
  for (let offset = 0; offset < EVICTION_RANGE; offset++) {
    const list = victims.get(offset);
    if (list === undefined) continue;
    for (const e of list) deleteEntry(table, e);
    return true;
  }
  return false;
}
