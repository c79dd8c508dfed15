// The record store behind a table: lookups agree with a plain map through growth, removal
// and slot reuse; a stored entry reads back as the plain entry it was made from; a deleted
// entry keeps its last state for whoever holds it; the table saves as the same JSON.
import { describe, expect, it } from "vitest";
import { IPS, type CtEntry } from "./entry.ts";
import { EntryStore } from "./store.ts";
import { deleteEntry, entryById, findEntry, insertEntry, liveEntries, newConntrackTable } from "./table.ts";
import { newTcpCt } from "./tcp.ts";
import { tupleKey, type Tuple } from "./tuple.ts";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

function entry(id: number, orig: Tuple, extra: Partial<CtEntry> = {}): CtEntry {
  const reply = { src: orig.dst, dst: orig.src, proto: orig.proto, sport: orig.dport, dport: orig.sport };
  return { id, orig, reply, status: IPS.CONFIRMED, timeout: 5000 + id, mark: 0, ...extra };
}

describe("EntryStore", () => {
  it("finds what a map of tuple keys finds, through growth, removals and reused slots", () => {
    const store = new EntryStore();
    const next = lcg(42);
    const model = new Map<string, number>();
    const live = new Map<number, CtEntry>();
    let id = 1;
    for (let step = 0; step < 20_000; step++) {
      if (live.size < 50 || next() % 3 !== 0) {
        // Few addresses and ports, so that hash chains run into each other.
        const t = { src: 0x0a000000 + (next() % 64), dst: 0xc0a80001 + (next() % 4), proto: next() % 2 === 0 ? 6 : 17, sport: next() % 512, dport: 53 };
        const e = entry(id++, t);
        const rkey = tupleKey(e.reply, 0);
        if (model.has(tupleKey(t, 0)) || model.has(rkey)) continue;
        store.insert(e);
        model.set(tupleKey(t, 0), e.id * 2).set(rkey, e.id * 2 + 1);
        live.set(e.id, e);
      } else {
        const victims = [...live.keys()];
        const victim = live.get(victims[next() % victims.length] ?? 0);
        if (victim === undefined) continue;
        store.remove(store.slotOfId(victim.id));
        model.delete(tupleKey(victim.orig, 0));
        model.delete(tupleKey(victim.reply, 0));
        live.delete(victim.id);
      }
    }
    expect(store.count).toBe(live.size);
    for (const e of live.values()) {
      for (const [dir, t] of [[0, e.orig], [1, e.reply]] as const) {
        const ref = store.find(t, 0);
        expect(ref).toBeGreaterThanOrEqual(0);
        expect([store.handle(ref >> 1).id, ref & 1]).toEqual([e.id, dir]);
      }
    }
    // Tuples never inserted, or gone, are not found.
    for (let i = 0; i < 2000; i++) {
      const t = { src: 0x0a000000 + (next() % 64), dst: 0xc0a80001 + (next() % 4), proto: 6, sport: next() % 512, dport: 53 };
      expect(store.find(t, 0) >= 0).toBe(model.has(tupleKey(t, 0)));
    }
  });

  it("reads a stored entry back as the plain entry it was made from", () => {
    const store = new EntryStore();
    const tcp = newTcpCt();
    tcp.state = 3;
    tcp.seen[1].maxend = 0xfffffff0;
    tcp.seen[0].flags = 0x28;
    tcp.lastSeq = 0x80000001;
    tcp.retrans = 300;
    const plain = entry(7, { src: 0xc0a80a02, dst: 0x0a000001, proto: 6, sport: 40000, dport: 21 }, {
      zone: { id: 9, dir: "reply" }, mark: 0xffffffff, tcp, counters: [1, 60, 2, 120], helper: "ftp", master: 3,
      ftp: { seqAftNl: [[5], []], pickup: [true, false] }, masqIface: "eth0", status: IPS.CONFIRMED | IPS.ASSURED | IPS.SEEN_REPLY,
    });
    const stored = store.insert(plain);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse(JSON.stringify(plain)));
    const udp = store.insert(entry(8, { src: 1, dst: 2, proto: 17, sport: 3, dport: 4 }, { udpStreamTs: 123456789012 }));
    expect([udp.udpStreamTs, udp.tcp, udp.zone, udp.helper]).toEqual([123456789012, undefined, undefined, undefined]);
  });

  it("keeps a deleted entry's last state for its holder when the slot is reused", () => {
    const store = new EntryStore();
    const old = store.insert(entry(1, { src: 1, dst: 2, proto: 17, sport: 10, dport: 20 }, { mark: 5 }));
    store.remove(store.slotOfId(1));
    const fresh = store.insert(entry(2, { src: 3, dst: 4, proto: 17, sport: 30, dport: 40 }, { mark: 6 }));
    old.mark = 7;
    expect([old.id, old.orig.src, old.mark, fresh.id, fresh.orig.src, fresh.mark]).toEqual([1, 1, 7, 2, 3, 6]);
    expect(store.find({ src: 1, dst: 2, proto: 17, sport: 10, dport: 20 }, 0)).toBe(-1);
  });

  it("re-indexes an entry whose reply tuple or zone changes", () => {
    const store = new EntryStore();
    const e = store.insert(entry(1, { src: 1, dst: 2, proto: 6, sport: 10, dport: 20 }));
    const nat = { src: 2, dst: 99, proto: 6, sport: 20, dport: 1000 };
    e.reply = nat;
    expect([store.find(nat, 0), store.find({ src: 2, dst: 1, proto: 6, sport: 20, dport: 10 }, 0)]).toEqual([1, -1]);
    e.zone = { id: 4, dir: "both" };
    expect([store.find(nat, 0), store.find(nat, 4), store.find(e.orig, 4)]).toEqual([-1, 1, 0]);
  });
});

describe("the table over the store", () => {
  it("lists, finds and saves entries as the plain table did", () => {
    const table = newConntrackTable();
    const a = entry(3, { src: 1, dst: 2, proto: 17, sport: 10, dport: 20 });
    const b = entry(1, { src: 5, dst: 6, proto: 6, sport: 50, dport: 60 }, { tcp: newTcpCt() });
    const plainJson = JSON.stringify({ ...table, entries: { 1: b, 3: a } });
    const stored = [insertEntry(table, a), insertEntry(table, b)];
    // Integer keys enumerate in ascending order, as in a plain object.
    expect(Object.keys(table.entries)).toEqual(["1", "3"]);
    expect([3 in table.entries, 2 in table.entries, table.entries["3"] === stored[0]]).toEqual([true, false, true]);
    expect(JSON.stringify(table)).toBe(plainJson);
    expect(findEntry(table, a.reply, undefined, 0)).toEqual({ entry: stored[0], dir: 1 });
    const loaded = JSON.parse(plainJson) as typeof table;
    expect(liveEntries(loaded, 0).map((e) => e.id)).toEqual([1, 3]);
    expect(JSON.parse(JSON.stringify(entryById(loaded, 1)?.tcp))).toEqual(newTcpCt());
  });

  it("marks a deleted entry DYING, for the copy its packet holds as for the stored one", () => {
    const table = newConntrackTable();
    const stored = insertEntry(table, entry(1, { src: 1, dst: 2, proto: 17, sport: 10, dport: 20 }));
    const held = findEntry(table, stored.orig, undefined, 0)?.entry;
    deleteEntry(table, stored);
    expect([held === stored, (stored.status & IPS.DYING) !== 0, entryById(table, 1), Object.keys(table.entries)]).toEqual([true, true, undefined, []]);
    // Expired entries are collected on lookup.
    const late = insertEntry(table, entry(2, { src: 1, dst: 2, proto: 17, sport: 11, dport: 20 }));
    expect(findEntry(table, late.orig, undefined, late.timeout)).toBeUndefined();
    expect(Object.keys(table.entries)).toEqual([]);
  });
});
