// A namespace's connection table (nf_conntrack_core.c): confirmed entries, found by the
// tuple of either direction; expectations (nf_conntrack_expect.c). The table is plain
// JSON saved with the world. When first used, its entries move into a store of fixed-size
// records hashed by tuple (store.ts), and `entries` becomes a live view of that store that
// reads and saves as the same JSON; every change must go through the functions here.
import { IPS, isConfirmed, zoneId, type CtEntry, type CtZone } from "./entry.ts";
import { ctDestroyed } from "./events.ts";
import { keepExpects, type CtStats } from "./stats.ts";
import { EntryStore } from "./store.ts";
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
  /** What `conntrack -S` shows (stats.ts). */
  stats?: CtStats;
}

export function newConntrackTable(): CtTable {
  return { entries: {}, expects: [], nextId: 1, nextExpectId: 1 };
}

/** One direction of an entry, as the hash holds it (struct nf_conntrack_tuple_hash). */
export interface Found {
  readonly entry: CtEntry;
  readonly dir: Dir;
}

interface Derived {
  readonly store: EntryStore;
  /** nf_nat_core.c nf_nat_bysource: entries with a source binding by original source, newest first. */
  readonly bySource: Map<string, CtEntry[]>;
}

const derived = new WeakMap<CtTable, Derived>();
/** The last table used, so the per-packet calls skip the WeakMap. */
let last: { table: CtTable | undefined; d: Derived | undefined } = { table: undefined, d: undefined };

/** hash_by_src's inputs: original source address, source port, protocol and a zone valid for both directions. */
function sourceKey(e: CtEntry): string {
  return sourceKeyOf(e.orig, e.zone);
}

export function sourceKeyOf(t: Tuple, zone: CtZone | undefined): string {
  return `${String(t.proto)},${String(t.src)},${String(t.sport)},${String(zone?.dir === "both" ? zone.id : 0)}`;
}

/**
 * `entries` as a view of the store: ids in ascending order (as a plain object's integer
 * keys enumerate), each the stored entry, which saves as its plain JSON. Writes go through
 * the functions of this module only.
 */
function entriesView(store: EntryStore): Record<string, CtEntry> {
  const slotOf = (key: string | symbol): number => (typeof key === "string" && /^[1-9]\d*$/.test(key) ? store.slotOfId(Number(key)) : -1);
  return new Proxy({} as Record<string, CtEntry>, {
    get: (target, key) => {
      const slot = slotOf(key);
      return slot >= 0 ? store.handle(slot) : Reflect.get(target, key);
    },
    has: (target, key) => slotOf(key) >= 0 || Reflect.has(target, key),
    ownKeys: () => store.liveSlots().map((s) => String(store.idOf(s))),
    getOwnPropertyDescriptor: (_target, key) => {
      const slot = slotOf(key);
      return slot >= 0 ? { value: store.handle(slot), writable: true, enumerable: true, configurable: true } : undefined;
    },
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

function derive(table: CtTable): Derived {
  if (last.table === table && last.d !== undefined) return last.d;
  let d = derived.get(table);
  if (d === undefined) {
    d = { store: new EntryStore(), bySource: new Map() };
    derived.set(table, d);
    // A table loaded from JSON (or new): its plain entries move into the store.
    const plain = Object.values(table.entries);
    table.entries = entriesView(d.store);
    for (const e of plain) addEntry(d, e);
  }
  last = { table, d };
  return d;
}

function addEntry(d: Derived, e: CtEntry): CtEntry {
  const stored = d.store.insert(e);
  if ((stored.status & IPS.SRC_NAT_DONE) !== 0) {
    const key = sourceKey(stored);
    d.bySource.set(key, [stored, ...(d.bySource.get(key) ?? [])]);
  }
  return stored;
}

function removeSource(d: Derived, e: CtEntry): void {
  const key = sourceKey(e);
  const list = d.bySource.get(key);
  if (list === undefined) return;
  const rest = list.filter((x) => x !== e);
  if (rest.length === 0) d.bySource.delete(key);
  else d.bySource.set(key, rest);
}

export function isExpired(e: CtEntry, now: number): boolean {
  return isConfirmed(e) && e.timeout <= now;
}

/** Number of confirmed entries (nf_conntrack_count, as expired ones are collected). */
export function entryCount(table: CtTable): number {
  return derive(table).store.count;
}

/**
 * __nf_conntrack_hash_insert at confirmation: the entry becomes findable by both tuples.
 * Returns the stored entry, which stands for `e` from now on (the one lookups return).
 */
export function insertEntry(table: CtTable, e: CtEntry): CtEntry {
  return addEntry(derive(table), e);
}

/** nf_ct_delete: the entry leaves the table with its pending expectations. */
export function deleteEntry(table: CtTable, e: CtEntry): void {
  e.status |= IPS.DYING;
  const d = derive(table);
  // Ids are unique in a table: the entry stored under e's id is e (or e's stored self).
  const slot = d.store.slotOfId(e.id);
  if (slot < 0) return;
  const stored = d.store.handle(slot);
  stored.status |= IPS.DYING;
  removeSource(d, stored);
  d.store.remove(slot);
  keepExpects(table, table.expects.filter((x) => x.master !== e.id));
  ctDestroyed(table, stored);
}

/** Every entry and expectation whose time has come is removed (the gc worker, run eagerly). */
export function collectExpired(table: CtTable, now: number): void {
  const { store } = derive(table);
  for (const slot of store.expiredSlots(now)) deleteEntry(table, store.handle(slot));
  keepExpects(table, table.expects.filter((x) => x.timeout > now));
}

/** Every confirmed entry still alive, oldest first. */
export function liveEntries(table: CtTable, now: number): CtEntry[] {
  collectExpired(table, now);
  const { store } = derive(table);
  return store.liveSlots().map((s) => store.handle(s));
}

export function entryById(table: CtTable, id: number): CtEntry | undefined {
  const { store } = derive(table);
  const slot = store.slotOfId(id);
  return slot >= 0 ? store.handle(slot) : undefined;
}

/** Removes every entry and expectation (conntrack -F). */
export function flushTable(table: CtTable): void {
  const { store } = derive(table);
  for (const slot of store.liveSlots()) deleteEntry(table, store.handle(slot));
  keepExpects(table, []);
}

/** The ref (slot * 2 + direction) of the live entry direction `t` hashes to with `hashZone`, or -1. */
function lookupRef(table: CtTable, t: Tuple, zone: CtZone | undefined, hashZone: number, now: number): number {
  const { store } = derive(table);
  const ref = store.find(t, hashZone);
  if (ref < 0) return -1;
  const slot = ref >> 1;
  if (store.zoneIdOf(slot, ref & 1) !== zoneId(zone, dirOfRef(ref))) return -1;
  // Read off the record: the engine's entries come in several shapes, the stored ones' reads are getters.
  if (store.expired(slot, now)) {
    deleteEntry(table, store.handle(slot));
    return -1;
  }
  return ref;
}

/** The entry and direction of a ref, or none for -1. */
function foundOf(table: CtTable, ref: number): Found | undefined {
  return ref < 0 ? undefined : { entry: entryOfRef(table, ref), dir: dirOfRef(ref) };
}

function lookupOne(table: CtTable, t: Tuple, zone: CtZone | undefined, hashZone: number, now: number): Found | undefined {
  return foundOf(table, lookupRef(table, t, zone, hashZone, now));
}

/**
 * findEntry without an answer object, for the engine's per-packet lookup: the found
 * direction's ref (entryOfRef and dirOfRef read it), or -1.
 */
export function findRef(table: CtTable, t: Tuple, zone: CtZone | undefined, now: number): number {
  const id = zoneId(zone, DIR_ORIGINAL);
  const ref = lookupRef(table, t, zone, id, now);
  if (ref >= 0) return ref;
  const rid = zoneId(zone, DIR_REPLY);
  return rid !== id ? lookupRef(table, t, zone, rid, now) : -1;
}

/** The entry of a ref findRef returned. */
export function entryOfRef(table: CtTable, ref: number): CtEntry {
  return derive(table).store.handle(ref >> 1);
}

export function dirOfRef(ref: number): Dir {
  return (ref & 1) === 0 ? DIR_ORIGINAL : DIR_REPLY;
}

/**
 * nf_conntrack_find_get: the confirmed entry one of whose tuples is `t` in this zone,
 * looked up with the zone's original-direction id, then its reply-direction id. An
 * expired entry met on the way is removed.
 */
export function findEntry(table: CtTable, t: Tuple, zone: CtZone | undefined, now: number): Found | undefined {
  return foundOf(table, findRef(table, t, zone, now));
}

/**
 * nf_conntrack_tuple_taken: another confirmed entry has `t` as one of its tuples, unless
 * its original tuple is `ignored`'s own (the same flow, left to the clash resolution).
 */
export function tupleTaken(table: CtTable, t: Tuple, ignored: CtEntry, now: number): boolean {
  const found = lookupOne(table, t, ignored.zone, zoneId(ignored.zone, DIR_REPLY), now);
  if (found === undefined || found.entry.id === ignored.id) return false;
  return !(tupleEqual(found.entry.orig, ignored.orig) && zoneId(found.entry.zone, DIR_ORIGINAL) === zoneId(ignored.zone, DIR_ORIGINAL));
}

/** Entries with a source binding whose original source is the tuple's (find_appropriate_src's bucket). */
export function sameSource(table: CtTable, t: Tuple, zone: CtZone | undefined): readonly CtEntry[] {
  return derive(table).bySource.get(sourceKeyOf(t, zone)) ?? [];
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
  const { store } = derive(table);
  for (const slot of store.liveSlots()) {
    const entry = store.handle(slot);
    if (isExpired(entry, now) || (entry.status & (IPS.ASSURED | IPS.DYING)) !== 0) continue;
    for (const dir of [DIR_ORIGINAL, DIR_REPLY] as const) {
      const offset = (bucketOf(tupleKey(store.tupleOf(slot, dir), store.zoneIdOf(slot, dir)), buckets) - first + buckets) % buckets;
      if (offset < EVICTION_RANGE) victims.set(offset, [...(victims.get(offset) ?? []), entry]);
    }
  }
  for (let offset = 0; offset < EVICTION_RANGE; offset++) {
    const list = victims.get(offset);
    if (list === undefined) continue;
    for (const e of list) deleteEntry(table, e);
    return true;
  }
  return false;
}
