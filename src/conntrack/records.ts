// Confirmed entries stored as fixed-size records in one ArrayBuffer, the way the kernel
// keeps struct nf_conn in a slab: a million connections cost a few hundred bytes each and
// nothing for the garbage collector to walk. One record is 32 32-bit words (128 bytes):
//
//   word  0 id          1 orig src    2 orig dst    3 reply src   4 reply dst
//         5 orig sport<<16|dport      6 reply sport<<16|dport
//         7 bytes: proto, zone dirs, flags (LIVE, TCP, UDP_TS, EXTRAS), tcp state
//         8 zone id     9 status     10 mark
//        11 bytes: tcp last dir, last index, last wscale, last flags
//     12-13 timeout (f64)        14-15 udp stream timestamp (f64)
//        16 last seq   17 last ack   18 last end   19 last win   20 retrans
//        21 bytes: seen[0] scale, seen[0] flags, seen[1] scale, seen[1] flags
//     22-25 seen[0] end, maxend, maxwin, maxack     26-29 seen[1] the same
//
// TCP's numbers are u32 as in struct ip_ct_tcp (nf_conntrack_proto_tcp.c keeps them so).
// What few entries have (a helper, its FTP state, a master, MASQUERADE's device, the
// accounting counters, the timestamp) lives beside the records, by slot.
import type { FtpState } from "./entry.ts";
import type { Tuple } from "./tuple.ts";

export const WORDS = 32;
export const BYTES = WORDS * 4;

export const W = {
  ID: 0, O_SRC: 1, O_DST: 2, R_SRC: 3, R_DST: 4, O_PORTS: 5, R_PORTS: 6, ZONE_ID: 8, STATUS: 9, MARK: 10,
  LAST_SEQ: 16, LAST_ACK: 17, LAST_END: 18, LAST_WIN: 19, RETRANS: 20, SEEN: 22,
} as const;
/** Float64 indexes within a record. */
export const F = { TIMEOUT: 6, UDP_TS: 7 } as const;
/** Byte offsets within a record. */
export const B = {
  PROTO: 28, ZONE_DIR: 29, FLAGS: 30, TCP_STATE: 31, LAST_DIR: 44, LAST_INDEX: 45, LAST_WSCALE: 46, LAST_FLAGS: 47, SEEN: 84,
} as const;
export const FLAG = { LIVE: 1, TCP: 2, UDP_TS: 4, EXTRAS: 8 } as const;

/** CtZone.dir as stored: 0 when the entry has no zone. */
export const ZONE_DIRS = [undefined, "both", "original", "reply"] as const;

/** The rarely present fields of an entry. */
export interface Extras {
  counters?: [number, number, number, number];
  helper?: string;
  ftp?: FtpState;
  master?: number;
  masqIface?: string;
  start?: number;
}

export const packPorts = (sport: number, dport: number): number => (((sport & 0xffff) << 16) | (dport & 0xffff)) >>> 0;

/** Records in one buffer; the base of the table's store and of an entry kept after its deletion. */
export class Records {
  u32: Uint32Array;
  f64: Float64Array;
  u8: Uint8Array;
  extras = new Map<number, Extras>();

  constructor(capacity: number) {
    const buf = new ArrayBuffer(capacity * BYTES);
    this.u32 = new Uint32Array(buf);
    this.f64 = new Float64Array(buf);
    this.u8 = new Uint8Array(buf);
  }

  protected resize(capacity: number): void {
    const old = this.u8;
    const buf = new ArrayBuffer(capacity * BYTES);
    this.u32 = new Uint32Array(buf);
    this.f64 = new Float64Array(buf);
    this.u8 = new Uint8Array(buf);
    this.u8.set(old.subarray(0, Math.min(old.length, this.u8.length)));
  }

  /** nf_ct_zone_id of a stored entry: the zone id its tuple of direction `dir` is hashed with. */
  zoneIdOf(slot: number, dir: number): number {
    const code = this.u8[slot * BYTES + B.ZONE_DIR];
    if (code === 0) return 0;
    const id = this.u32[slot * WORDS + W.ZONE_ID] as number;
    return code === 1 || code === 2 + dir ? id : 0;
  }

  tupleOf(slot: number, dir: number): Tuple {
    const w = slot * WORDS + 2 * dir;
    const ports = this.u32[slot * WORDS + W.O_PORTS + dir] as number;
    return {
      src: this.u32[w + W.O_SRC] as number, dst: this.u32[w + W.O_DST] as number, proto: this.u8[slot * BYTES + B.PROTO] as number,
      sport: ports >>> 16, dport: ports & 0xffff,
    };
  }

  writeTuple(slot: number, dir: number, t: Tuple): void {
    const w = slot * WORDS + 2 * dir;
    this.u32[w + W.O_SRC] = t.src;
    this.u32[w + W.O_DST] = t.dst;
    this.u32[slot * WORDS + W.O_PORTS + dir] = packPorts(t.sport, t.dport);
  }

  /** The reply tuple changes (nf_conntrack_alter_reply); the table's store re-indexes it. */
  setReply(slot: number, t: Tuple): void {
    this.writeTuple(slot, 1, t);
  }

  /** The zone changes; the table's store re-indexes both tuples. */
  setZone(slot: number, code: number, id: number): void {
    this.u8[slot * BYTES + B.ZONE_DIR] = code;
    this.u32[slot * WORDS + W.ZONE_ID] = id;
  }

  /** The flag spares most packets (whose entries have no extras) a map lookup. */
  extrasOf(slot: number): Extras | undefined {
    return ((this.u8[slot * BYTES + B.FLAGS] as number) & FLAG.EXTRAS) === 0 ? undefined : this.extras.get(slot);
  }

  /** The extras of a slot, made when a field is first set. */
  ownExtras(slot: number): Extras {
    let x = this.extras.get(slot);
    if (x === undefined) this.extras.set(slot, (x = {}));
    this.u8[slot * BYTES + B.FLAGS] = (this.u8[slot * BYTES + B.FLAGS] as number) | FLAG.EXTRAS;
    return x;
  }

  /** Copies record `slot` (and its extras) of `from` into record `to` of this one. */
  copyFrom(from: Records, slot: number, to: number): void {
    this.u8.set(from.u8.subarray(slot * BYTES, (slot + 1) * BYTES), to * BYTES);
    const x = from.extras.get(slot);
    if (x !== undefined) this.extras.set(to, x);
  }
}
