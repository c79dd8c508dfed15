// A confirmed entry as the rest of conntrack sees it: a CtEntry whose fields read and
// write its record (records.ts), so the engine, NAT, the helpers and `conntrack` work on
// stored entries exactly as on the plain ones they create. One object per entry the code
// has asked for (the table keeps it, so an entry is always the same object); when the entry
// is deleted its record is copied into a private one, so whoever still holds it (a packet
// that killed its own connection) reads its last state, as the kernel's refcount keeps a
// dying nf_conn readable.
import type { CtEntry, CtZone, FtpState } from "./entry.ts";
import { B, BYTES, F, FLAG, Records, W, WORDS, ZONE_DIRS, type Extras } from "./records.ts";
import type { TcpCt, TcpSeen } from "./tcp.ts";
import type { Tuple } from "./tuple.ts";

// The layout as this module's own constants: every field read of every packet goes through
// them, and reading the imported objects instead cost several times the read itself.
const RW = WORDS, RB = BYTES;
const {
  ID: W_ID, LAST_ACK: W_LAST_ACK, LAST_END: W_LAST_END, LAST_SEQ: W_LAST_SEQ, LAST_WIN: W_LAST_WIN, MARK: W_MARK,
  RETRANS: W_RETRANS, SEEN: W_SEEN, STATUS: W_STATUS, ZONE_ID: W_ZONE_ID,
} = W;
const {
  FLAGS: B_FLAGS, LAST_DIR: B_LAST_DIR, LAST_FLAGS: B_LAST_FLAGS, LAST_INDEX: B_LAST_INDEX, LAST_WSCALE: B_LAST_WSCALE,
  PROTO: B_PROTO, SEEN: B_SEEN, TCP_STATE: B_TCP_STATE, ZONE_DIR: B_ZONE_DIR,
} = B;
const { TIMEOUT: F_TIMEOUT, UDP_TS: F_UDP_TS } = F;
const { LIVE: FLAG_LIVE, TCP: FLAG_TCP, UDP_TS: FLAG_UDP_TS } = FLAG;

/** One direction's half of a stored TCP entry (struct ip_ct_tcp_state). */
class StoredSeen implements TcpSeen {
  constructor(private r: Records, private w: number, private b: number) {}
  /** Re-points the view at another record (the tracking cursor, tcpCursorOf). */
  point(r: Records, w: number, b: number): void {
    this.r = r;
    this.w = w;
    this.b = b;
  }
  get end(): number { return this.r.u32[this.w] as number; }
  set end(v: number) { this.r.u32[this.w] = v; }
  get maxend(): number { return this.r.u32[this.w + 1] as number; }
  set maxend(v: number) { this.r.u32[this.w + 1] = v; }
  get maxwin(): number { return this.r.u32[this.w + 2] as number; }
  set maxwin(v: number) { this.r.u32[this.w + 2] = v; }
  get maxack(): number { return this.r.u32[this.w + 3] as number; }
  set maxack(v: number) { this.r.u32[this.w + 3] = v; }
  get scale(): number { return this.r.u8[this.b] as number; }
  set scale(v: number) { this.r.u8[this.b] = v; }
  get flags(): number { return this.r.u8[this.b + 1] as number; }
  set flags(v: number) { this.r.u8[this.b + 1] = v; }
  toJSON(): TcpSeen {
    const { end, maxend, maxwin, maxack, scale, flags } = this;
    return { end, maxend, maxwin, maxack, scale, flags };
  }
}

/** The TCP state of a stored entry (struct ip_ct_tcp). */
class StoredTcp implements TcpCt {
  readonly seen: [StoredSeen, StoredSeen];
  private w: number;
  private b: number;
  constructor(private r: Records, slot: number) {
    this.w = slot * RW;
    this.b = slot * RB;
    this.seen = [new StoredSeen(r, this.w + W_SEEN, this.b + B_SEEN), new StoredSeen(r, this.w + W_SEEN + 4, this.b + B_SEEN + 2)];
  }
  /** Re-points the view at record `slot` of `r` (the tracking cursor, tcpCursorOf). */
  point(r: Records, slot: number): this {
    this.r = r;
    this.w = slot * RW;
    this.b = slot * RB;
    this.seen[0].point(r, this.w + W_SEEN, this.b + B_SEEN);
    this.seen[1].point(r, this.w + W_SEEN + 4, this.b + B_SEEN + 2);
    return this;
  }
  get state(): number { return this.r.u8[this.b + B_TCP_STATE] as number; }
  set state(v: number) { this.r.u8[this.b + B_TCP_STATE] = v; }
  get lastDir(): number { return this.r.u8[this.b + B_LAST_DIR] as number; }
  set lastDir(v: number) { this.r.u8[this.b + B_LAST_DIR] = v; }
  get lastIndex(): number { return this.r.u8[this.b + B_LAST_INDEX] as number; }
  set lastIndex(v: number) { this.r.u8[this.b + B_LAST_INDEX] = v; }
  get lastWscale(): number { return this.r.u8[this.b + B_LAST_WSCALE] as number; }
  set lastWscale(v: number) { this.r.u8[this.b + B_LAST_WSCALE] = v; }
  get lastFlags(): number { return this.r.u8[this.b + B_LAST_FLAGS] as number; }
  set lastFlags(v: number) { this.r.u8[this.b + B_LAST_FLAGS] = v; }
  get lastSeq(): number { return this.r.u32[this.w + W_LAST_SEQ] as number; }
  set lastSeq(v: number) { this.r.u32[this.w + W_LAST_SEQ] = v; }
  get lastAck(): number { return this.r.u32[this.w + W_LAST_ACK] as number; }
  set lastAck(v: number) { this.r.u32[this.w + W_LAST_ACK] = v; }
  get lastEnd(): number { return this.r.u32[this.w + W_LAST_END] as number; }
  set lastEnd(v: number) { this.r.u32[this.w + W_LAST_END] = v; }
  get lastWin(): number { return this.r.u32[this.w + W_LAST_WIN] as number; }
  set lastWin(v: number) { this.r.u32[this.w + W_LAST_WIN] = v; }
  get retrans(): number { return this.r.u32[this.w + W_RETRANS] as number; }
  set retrans(v: number) { this.r.u32[this.w + W_RETRANS] = v; }
  toJSON(): TcpCt {
    const { state, lastDir, lastIndex, lastSeq, lastAck, lastEnd, lastWin, lastWscale, lastFlags, retrans } = this;
    return { state, seen: [copySeen(this.seen[0]), copySeen(this.seen[1])], lastDir, lastIndex, lastSeq, lastAck, lastEnd, lastWin, lastWscale, lastFlags, retrans };
  }
}

/**
 * One TcpCt re-pointed at the stored entry whose packet the engine tracks: tcpPacket reads
 * and writes it and keeps nothing, so tracking a packet makes no TcpCt. Valid until the
 * next tcpCursorOf; code that keeps a TcpCt reads `entry.tcp` instead.
 */
const cursor = new StoredTcp(new Records(1), 0);

/** `e.tcp` for a packet's tracking: the shared cursor for a stored entry, the entry's own for a plain one. */
export function tcpCursorOf(e: CtEntry): TcpCt | undefined {
  const stored: unknown = e;
  return stored instanceof StoredEntry ? stored.tcpCursor() : e.tcp;
}

function copySeen(s: TcpSeen): TcpSeen {
  return { end: s.end, maxend: s.maxend, maxwin: s.maxwin, maxack: s.maxack, scale: s.scale, flags: s.flags };
}

function writeTcp(r: Records, slot: number, ct: TcpCt): void {
  const t = new StoredTcp(r, slot);
  t.state = ct.state;
  t.lastDir = ct.lastDir;
  t.lastIndex = ct.lastIndex;
  t.lastSeq = ct.lastSeq;
  t.lastAck = ct.lastAck;
  t.lastEnd = ct.lastEnd;
  t.lastWin = ct.lastWin;
  t.lastWscale = ct.lastWscale;
  t.lastFlags = ct.lastFlags;
  t.retrans = ct.retrans;
  for (const d of [0, 1] as const) {
    const [to, from] = [t.seen[d], ct.seen[d]];
    to.end = from.end;
    to.maxend = from.maxend;
    to.maxwin = from.maxwin;
    to.maxack = from.maxack;
    to.scale = from.scale;
    to.flags = from.flags;
  }
}

/** Fills record `slot` of `r` from a plain entry; the slot becomes LIVE. */
export function writeEntry(r: Records, slot: number, e: CtEntry): void {
  r.u8.fill(0, slot * RB, (slot + 1) * RB);
  r.extras.delete(slot);
  const w = slot * RW, b = slot * RB;
  r.u32[w + W_ID] = e.id;
  r.writeTuple(slot, 0, e.orig);
  r.writeTuple(slot, 1, e.reply);
  r.u8[b + B_PROTO] = e.orig.proto;
  if (e.zone !== undefined) r.setZone(slot, ZONE_DIRS.indexOf(e.zone.dir), e.zone.id);
  r.u32[w + W_STATUS] = e.status;
  r.u32[w + W_MARK] = e.mark;
  r.f64[slot * (RW / 2) + F_TIMEOUT] = e.timeout;
  let flags: number = FLAG_LIVE;
  if (e.udpStreamTs !== undefined) {
    r.f64[slot * (RW / 2) + F_UDP_TS] = e.udpStreamTs;
    flags |= FLAG_UDP_TS;
  }
  if (e.tcp !== undefined) {
    writeTcp(r, slot, e.tcp);
    flags |= FLAG_TCP;
  }
  r.u8[b + B_FLAGS] = flags;
  const { counters, helper, ftp, master, masqIface, start } = e;
  if (counters !== undefined || helper !== undefined || ftp !== undefined || master !== undefined || masqIface !== undefined || start !== undefined) {
    const x = r.ownExtras(slot);
    if (counters !== undefined) x.counters = counters;
    if (helper !== undefined) x.helper = helper;
    if (ftp !== undefined) x.ftp = ftp;
    if (master !== undefined) x.master = master;
    if (masqIface !== undefined) x.masqIface = masqIface;
    if (start !== undefined) x.start = start;
  }
}

/** Sets or clears an optional field kept beside the record. */
function setExtra<K extends keyof Extras>(r: Records, slot: number, key: K, v: Extras[K] | undefined): void {
  if (v !== undefined) r.ownExtras(slot)[key] = v;
  else if (r.extrasOf(slot) !== undefined) delete r.ownExtras(slot)[key];
}

/** The last TcpCt handed out, so the engine's several reads of `entry.tcp` for one packet share one. */
const lastTcp: { entry: StoredEntry | undefined; r: Records | undefined; tcp: StoredTcp | undefined } = { entry: undefined, r: undefined, tcp: undefined };

/**
 * A stored entry is a CtEntry: an optional field it lacks reads undefined, as on a plain
 * entry. (Its getters are typed `| undefined`, which exactOptionalPropertyTypes tells apart
 * from an absent property, hence the cast.)
 */
export function asCtEntry(e: StoredEntry): CtEntry {
  return e as unknown as CtEntry;
}

export class StoredEntry {
  constructor(private r: Records, private slot: number) {}

  get id(): number { return this.r.u32[this.slot * RW + W_ID] as number; }
  get orig(): Tuple { return this.r.tupleOf(this.slot, 0); }
  get reply(): Tuple { return this.r.tupleOf(this.slot, 1); }
  set reply(t: Tuple) { this.r.setReply(this.slot, t); }
  get status(): number { return this.r.u32[this.slot * RW + W_STATUS] as number; }
  set status(v: number) { this.r.u32[this.slot * RW + W_STATUS] = v; }
  get timeout(): number { return this.r.f64[this.slot * (RW / 2) + F_TIMEOUT] as number; }
  set timeout(v: number) { this.r.f64[this.slot * (RW / 2) + F_TIMEOUT] = v; }
  get mark(): number { return this.r.u32[this.slot * RW + W_MARK] as number; }
  set mark(v: number) { this.r.u32[this.slot * RW + W_MARK] = v; }

  get zone(): CtZone | undefined {
    const dir = ZONE_DIRS[this.r.u8[this.slot * RB + B_ZONE_DIR] ?? 0];
    return dir === undefined ? undefined : { id: this.r.u32[this.slot * RW + W_ZONE_ID] as number, dir };
  }
  set zone(z: CtZone | undefined) {
    this.r.setZone(this.slot, z === undefined ? 0 : ZONE_DIRS.indexOf(z.dir), z?.id ?? 0);
  }

  private flag(bit: number): boolean {
    return ((this.r.u8[this.slot * RB + B_FLAGS] as number) & bit) !== 0;
  }

  private setFlag(bit: number, on: boolean): void {
    const at = this.slot * RB + B_FLAGS;
    this.r.u8[at] = on ? (this.r.u8[at] as number) | bit : (this.r.u8[at] as number) & ~bit;
  }

  get tcp(): TcpCt | undefined {
    if (!this.flag(FLAG_TCP)) return undefined;
    if (lastTcp.entry === this && lastTcp.r === this.r && lastTcp.tcp !== undefined) return lastTcp.tcp;
    const tcp = new StoredTcp(this.r, this.slot);
    lastTcp.entry = this;
    lastTcp.r = this.r;
    lastTcp.tcp = tcp;
    return tcp;
  }
  set tcp(ct: TcpCt | undefined) {
    if (ct !== undefined) writeTcp(this.r, this.slot, ct);
    this.setFlag(FLAG_TCP, ct !== undefined);
  }

  /** The entry's TCP state through the shared cursor (tcpCursorOf). */
  tcpCursor(): TcpCt | undefined {
    return this.flag(FLAG_TCP) ? cursor.point(this.r, this.slot) : undefined;
  }

  get udpStreamTs(): number | undefined {
    return this.flag(FLAG_UDP_TS) ? this.r.f64[this.slot * (RW / 2) + F_UDP_TS] : undefined;
  }
  set udpStreamTs(v: number | undefined) {
    if (v !== undefined) this.r.f64[this.slot * (RW / 2) + F_UDP_TS] = v;
    this.setFlag(FLAG_UDP_TS, v !== undefined);
  }

  get counters(): [number, number, number, number] | undefined { return this.r.extrasOf(this.slot)?.counters; }
  set counters(v: [number, number, number, number] | undefined) { setExtra(this.r, this.slot, "counters", v); }
  get helper(): string | undefined { return this.r.extrasOf(this.slot)?.helper; }
  set helper(v: string | undefined) { setExtra(this.r, this.slot, "helper", v); }
  get ftp(): FtpState | undefined { return this.r.extrasOf(this.slot)?.ftp; }
  set ftp(v: FtpState | undefined) { setExtra(this.r, this.slot, "ftp", v); }
  get master(): number | undefined { return this.r.extrasOf(this.slot)?.master; }
  set master(v: number | undefined) { setExtra(this.r, this.slot, "master", v); }
  get masqIface(): string | undefined { return this.r.extrasOf(this.slot)?.masqIface; }
  set masqIface(v: string | undefined) { setExtra(this.r, this.slot, "masqIface", v); }
  get start(): number | undefined { return this.r.extrasOf(this.slot)?.start; }
  set start(v: number | undefined) { setExtra(this.r, this.slot, "start", v); }

  /** The entry leaves the table: from now on it reads and writes a private copy of its record. */
  detach(): void {
    const own = new Records(1);
    own.copyFrom(this.r, this.slot, 0);
    this.r = own;
    this.slot = 0;
    if (lastTcp.entry === this) lastTcp.entry = lastTcp.r = lastTcp.tcp = undefined;
  }

  /** The plain entry, as the state file keeps it. */
  toJSON(): CtEntry {
    const e: CtEntry = { id: this.id, orig: this.orig, reply: this.reply, status: this.status, timeout: this.timeout, mark: this.mark };
    const { zone, tcp, counters, master, helper, udpStreamTs, masqIface, ftp, start } = this;
    if (zone !== undefined) e.zone = zone;
    if (tcp !== undefined) e.tcp = (tcp as StoredTcp).toJSON();
    if (counters !== undefined) e.counters = [...counters];
    if (master !== undefined) e.master = master;
    if (helper !== undefined) e.helper = helper;
    if (udpStreamTs !== undefined) e.udpStreamTs = udpStreamTs;
    if (masqIface !== undefined) e.masqIface = masqIface;
    if (ftp !== undefined) e.ftp = structuredClone(ftp);
    if (start !== undefined) e.start = start;
    return e;
  }
}
