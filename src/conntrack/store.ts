// A table's confirmed entries: records (records.ts) in slots reused as entries come and go,
// found by tuple through an open-addressing hash of both directions' tuples (the kernel's
// nf_conntrack_hash holds a struct nf_conntrack_tuple_hash per direction the same way), and
// by id through a second one. The hash is nfsim's own: the kernel's siphash key is random.
import { IPS, type CtEntry } from "./entry.ts";
import { B, BYTES, F, FLAG, packPorts, Records, W, WORDS } from "./records.ts";
import { asCtEntry, StoredEntry, writeEntry } from "./stored.ts";
import type { Tuple } from "./tuple.ts";

// The layout as this module's own constants: read from the imported objects inside the
// lookup loop, they made it five times slower (a find in a warm table of 1,024 entries
// took 110 ns, 20 ns with these, under node 20 and tsx).
const { ID, O_SRC, O_DST, O_PORTS, STATUS } = W;
const { PROTO, FLAGS } = B;
const { TIMEOUT } = F;
const { LIVE } = FLAG;
const { CONFIRMED } = IPS;
const RW = WORDS, RB = BYTES;
const pack = packPorts;

/** A murmur3-style mix of a tuple's words (addresses, ports, protocol and zone id). */
export function tupleHash(src: number, dst: number, ports: number, protoZone: number): number {
  let h = Math.imul(src ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ dst, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ ports, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ protoZone, 0xc2b2ae35);
  return h ^ (h >>> 15);
}

const idHash = (id: number): number => {
  const h = Math.imul(id ^ (id >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
};

/**
 * Linear probing over an Int32Array of values + 1 (0 is an empty cell), at most half full;
 * a removal shifts the cells after it back (no tombstones), so probes stay short.
 */
class OpenIndex {
  cells = new Int32Array(16);
  mask = 15;
  size = 0;

  constructor(private readonly hashOf: (value: number) => number) {}

  /** The cell `value` goes to: the first empty one from `hash`, after making room. */
  add(value: number, hash: number): void {
    if ((this.size + 1) * 2 > this.cells.length) this.grow();
    let i = hash & this.mask;
    while (this.cells[i] !== 0) i = (i + 1) & this.mask;
    this.cells[i] = value + 1;
    this.size++;
  }

  remove(value: number, hash: number): void {
    for (let i = hash & this.mask; this.cells[i] !== 0; i = (i + 1) & this.mask) {
      if (this.cells[i] === value + 1) {
        this.removeAt(i);
        return;
      }
    }
  }

  removeAt(at: number): void {
    const { cells, mask } = this;
    let hole = at;
    cells[hole] = 0;
    this.size--;
    for (let j = (hole + 1) & mask; cells[j] !== 0; j = (j + 1) & mask) {
      const v = cells[j] as number;
      const home = this.hashOf(v - 1) & mask;
      // Move it back unless its home lies in (hole, j]: it would then be found no more.
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        cells[hole] = v;
        cells[j] = 0;
        hole = j;
      }
    }
  }

  private grow(): void {
    const old = this.cells;
    this.cells = new Int32Array(old.length * 2);
    this.mask = this.cells.length - 1;
    this.size = 0;
    for (const v of old) if (v !== 0) this.add(v - 1, this.hashOf(v - 1));
  }
}

export class EntryStore extends Records {
  private capacity = 64;
  /** Slots below `top` have been used; `free` are the ones to reuse. */
  private top = 0;
  private readonly free: number[] = [];
  private readonly handles: (StoredEntry | undefined)[] = [];
  count = 0;
  /** refs (slot * 2 + direction) by tuple. */
  private readonly tuples = new OpenIndex((ref) => this.refHash(ref));
  /** Slots by entry id. */
  private readonly ids = new OpenIndex((slot) => idHash(this.u32[slot * RW + ID] as number));

  constructor() {
    super(64);
  }

  private refHash(ref: number): number {
    const slot = ref >> 1, dir = ref & 1;
    const w = slot * RW + 2 * dir;
    const protoZone = (this.u8[slot * RB + PROTO] as number) | (this.zoneIdOf(slot, dir) << 8);
    return tupleHash(this.u32[w + O_SRC] as number, this.u32[w + O_DST] as number, this.u32[slot * RW + O_PORTS + dir] as number, protoZone);
  }

  /** The ref of the entry direction whose tuple is `t` hashed with zone id `zone`, or -1. */
  find(t: Tuple, zone: number): number {
    const ports = pack(t.sport, t.dport);
    const { cells, mask } = this.tuples;
    const { u32, u8 } = this;
    for (let i = tupleHash(t.src, t.dst, ports, t.proto | (zone << 8)) & mask; ; i = (i + 1) & mask) {
      const v = cells[i] as number;
      if (v === 0) return -1;
      const ref = v - 1, slot = ref >> 1, dir = ref & 1;
      const w = slot * RW + 2 * dir;
      if (u32[w + O_SRC] === t.src && u32[w + O_DST] === t.dst && u32[slot * RW + O_PORTS + dir] === ports
        && u8[slot * RB + PROTO] === t.proto && this.zoneIdOf(slot, dir) === zone) return ref;
    }
  }

  /**
   * The tuple of `ref` becomes findable. Another entry holding the same tuple loses it to
   * the newer one, as a later insertion into the old Map-based index did.
   */
  private indexRef(ref: number): void {
    const hash = this.refHash(ref);
    const slot = ref >> 1, dir = ref & 1;
    const taken = this.find(this.tupleOf(slot, dir), this.zoneIdOf(slot, dir));
    if (taken >= 0) this.tuples.remove(taken, hash);
    this.tuples.add(ref, hash);
  }

  private unindexRef(ref: number): void {
    this.tuples.remove(ref, this.refHash(ref));
  }

  slotOfId(id: number): number {
    const { cells, mask } = this.ids;
    for (let i = idHash(id) & mask; ; i = (i + 1) & mask) {
      const v = cells[i] as number;
      if (v === 0) return -1;
      if (this.u32[(v - 1) * RW + ID] === id) return v - 1;
    }
  }

  /** The stored entry of a live slot (made on first use, then always the same object). */
  handle(slot: number): CtEntry {
    let h = this.handles[slot];
    if (h === undefined) this.handles[slot] = h = new StoredEntry(this, slot);
    return asCtEntry(h);
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.top === this.capacity) {
      this.capacity *= 2;
      this.resize(this.capacity);
    }
    this.handles.push(undefined);
    return this.top++;
  }

  insert(e: CtEntry): CtEntry {
    const slot = this.allocate();
    writeEntry(this, slot, e);
    this.ids.add(slot, idHash(e.id));
    this.indexRef(slot * 2);
    this.indexRef(slot * 2 + 1);
    this.count++;
    return this.handle(slot);
  }

  /** The entry leaves: unfindable, its handle detached with the last state, its slot free. */
  remove(slot: number): void {
    this.unindexRef(slot * 2);
    this.unindexRef(slot * 2 + 1);
    this.ids.remove(slot, idHash(this.u32[slot * RW + ID] as number));
    this.handles[slot]?.detach();
    this.handles[slot] = undefined;
    this.u8[slot * RB + FLAGS] = 0;
    this.extras.delete(slot);
    this.free.push(slot);
    this.count--;
  }

  isLive(slot: number): boolean {
    return ((this.u8[slot * RB + FLAGS] as number) & LIVE) !== 0;
  }

  idOf(slot: number): number {
    return this.u32[slot * RW + ID] as number;
  }

  /** Live slots in id order (creation order, as `conntrack -L` lists). */
  liveSlots(): number[] {
    const slots: number[] = [];
    for (let s = 0; s < this.top; s++) if (this.isLive(s)) slots.push(s);
    return slots.sort((a, b) => this.idOf(a) - this.idOf(b));
  }

  /** The entry of a slot is confirmed and its timeout is at or before `now` (isExpired, read off the record). */
  expired(slot: number, now: number): boolean {
    return ((this.u32[slot * RW + STATUS] as number) & CONFIRMED) !== 0 && (this.f64[slot * (RW / 2) + TIMEOUT] as number) <= now;
  }

  /** Live slots whose entry has expired. */
  expiredSlots(now: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.top; s++) if (this.isLive(s) && this.expired(s, now)) out.push(s);
    return out;
  }

  override setReply(slot: number, t: Tuple): void {
    if (!this.isLive(slot)) return super.setReply(slot, t);
    this.unindexRef(slot * 2 + 1);
    super.setReply(slot, t);
    this.indexRef(slot * 2 + 1);
  }

  override setZone(slot: number, code: number, id: number): void {
    if (!this.isLive(slot)) return super.setZone(slot, code, id);
    this.unindexRef(slot * 2);
    this.unindexRef(slot * 2 + 1);
    super.setZone(slot, code, id);
    this.indexRef(slot * 2);
    this.indexRef(slot * 2 + 1);
  }
}
