// libpcap capture files ("pcap", the format tcpdump -w writes), microsecond timestamps.
//
// File header (24 bytes), in the writer's byte order; the magic tells which:
//   magic 0xa1b2c3d4 (µs) or 0xa1b23c4d (ns) | version 2.4 | thiszone | sigfigs |
//   snaplen | linktype
// Then per packet (16 bytes + data):
//   ts_sec | ts_usec (or ns) | caplen (bytes saved) | len (bytes on the wire) | data
//
// tcpdump writes host order (little-endian on x86 and arm64), version 2.4, zone 0,
// sigfigs 0, snaplen 262144 by default.
import type { Bytes } from "./bytes.ts";

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL2 = 276;
export const DEFAULT_SNAPLEN = 262144;

const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;

export interface PcapHeader {
  readonly snaplen: number;
  readonly linktype: number;
  /** Whether timestamps in the file are nanoseconds (a 0xa1b23c4d file). */
  readonly nano?: boolean;
}

export interface PcapRecord {
  /** Capture time in microseconds since the epoch (the virtual clock's time). */
  readonly timeUs: number;
  /** The frame's length on the wire; data may be shorter when cut to the snapshot length. */
  readonly length: number;
  readonly data: Bytes;
}

export interface PcapFile {
  readonly header: PcapHeader;
  readonly records: readonly PcapRecord[];
}

export function emitPcapHeader(h: PcapHeader): Bytes {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, h.nano ? MAGIC_NANO : MAGIC_MICRO, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, h.snaplen, true);
  v.setUint32(20, h.linktype, true);
  return b;
}

/** One record, its data cut to the snapshot length as the capturing kernel does. */
export function emitPcapRecord(r: PcapRecord, snaplen = DEFAULT_SNAPLEN): Bytes {
  const data = r.data.subarray(0, snaplen);
  const b = new Uint8Array(16 + data.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, Math.floor(r.timeUs / 1e6), true);
  v.setUint32(4, r.timeUs % 1e6, true);
  v.setUint32(8, data.length, true);
  v.setUint32(12, r.length, true);
  b.set(data, 16);
  return b;
}

export function emitPcap(file: PcapFile): Bytes {
  const parts = [emitPcapHeader(file.header), ...file.records.map((r) => emitPcapRecord(r, file.header.snaplen))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type PcapError =
  | { readonly kind: "truncated-header" }
  | { readonly kind: "bad-magic" }
  | { readonly kind: "truncated-record"; readonly records: readonly PcapRecord[] };

/** Reads a whole file; either byte order, micro- or nanosecond magic. */
export function parsePcap(bytes: Bytes): { ok: true; file: PcapFile } | { ok: false; error: PcapError } {
  if (bytes.length < 24) return { ok: false, error: { kind: "truncated-header" } };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = byteOrder(v.getUint32(0, true));
  if (order === undefined) return { ok: false, error: { kind: "bad-magic" } };
  const { little, nano } = order;
  const header: PcapHeader = { snaplen: v.getUint32(16, little), linktype: v.getUint32(20, little) & 0x03ffffff, ...(nano ? { nano } : {}) };
  const records: PcapRecord[] = [];
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) return { ok: false, error: { kind: "truncated-record", records } };
    const caplen = v.getUint32(at + 8, little);
    if (at + 16 + caplen > bytes.length) return { ok: false, error: { kind: "truncated-record", records } };
    const frac = v.getUint32(at + 4, little);
    const timeUs = v.getUint32(at, little) * 1e6 + (nano ? Math.floor(frac / 1000) : frac);
    records.push({ timeUs, length: v.getUint32(at + 12, little), data: bytes.slice(at + 16, at + 16 + caplen) });
    at += 16 + caplen;
  }
  return { ok: true, file: { header, records } };
}

function byteOrder(magicLe: number): { little: boolean; nano: boolean } | undefined {
  const swapped = (((magicLe & 0xff) << 24) | ((magicLe & 0xff00) << 8) | ((magicLe >>> 8) & 0xff00) | (magicLe >>> 24)) >>> 0;
  if (magicLe === MAGIC_MICRO || magicLe === MAGIC_NANO) return { little: true, nano: magicLe === MAGIC_NANO };
  if (swapped === MAGIC_MICRO || swapped === MAGIC_NANO) return { little: false, nano: swapped === MAGIC_NANO };
  return undefined;
}
