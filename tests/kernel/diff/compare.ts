// Field-by-field comparison of the kernel's result with nfsim's, both normalised first
// (normaliseResult: conntrack sorted, timeouts dropped, counters that did not move left out).
// The fields the schema's examples show are always compared; the other packet fields
// (ttl, seq, ack, payload_len, icmp_id, icmp_seq, inner) are compared whenever nfsim
// gives them, and the ones it never gives are reported, so a gap is visible rather than silent.
import { isDeepStrictEqual } from "node:util";
import { normaliseResult, type Arrival, type CasePacket, type CtEntry, type PacketResult, type Result } from "../../../src/cli/replay/schema.ts";

export interface Divergence {
  readonly packet: number;
  readonly field: string;
  readonly kernel: unknown;
  readonly nfsim: unknown;
}

export interface Comparison {
  readonly divergences: readonly Divergence[];
  /** Packet fields the kernel reported and nfsim left out. */
  readonly unchecked: ReadonlySet<string>;
}

const DETAIL = new Set(["ttl", "seq", "ack", "payload_len", "icmp_id", "icmp_seq", "inner"]);

type Sink = (field: string, kernel: unknown, nfsim: unknown) => void;

function compareCounts(path: string, k: Readonly<Record<string, number>>, n: Readonly<Record<string, number>>, out: Sink): void {
  for (const key of [...new Set([...Object.keys(k), ...Object.keys(n)])].sort()) {
    if ((k[key] ?? 0) !== (n[key] ?? 0)) out(`${path}["${key}"]`, k[key] ?? 0, n[key] ?? 0);
  }
}

function comparePacket(path: string, k: Arrival | null | undefined, n: Arrival | null | undefined, out: Sink, unchecked: Set<string>): void {
  if (k === null || k === undefined || n === null || n === undefined) {
    if (k !== n) out(path, k ?? null, n ?? null);
    return;
  }
  const kr = k as unknown as Record<string, unknown>;
  const nr = n as unknown as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(kr), ...Object.keys(nr)])].sort()) {
    if (DETAIL.has(key) && nr[key] === undefined) {
      unchecked.add(key);
      continue;
    }
    if (!isDeepStrictEqual(kr[key], nr[key])) out(`${path}.${key}`, kr[key], nr[key]);
  }
}

function entryKey(e: CtEntry): string {
  const o = e.orig;
  const ports = o.sport !== undefined ? `${String(o.sport)}>${o.dst}:${String(o.dport)}` : `>${o.dst} id ${String(o.id)}`;
  return `${e.proto} ${o.src}:${ports}`;
}

function compareConntrack(k: readonly CtEntry[], n: readonly CtEntry[], out: Sink): void {
  const byKey = (list: readonly CtEntry[]) => new Map(list.map((e) => [entryKey(e), e]));
  const km = byKey(k);
  const nm = byKey(n);
  for (const key of [...new Set([...km.keys(), ...nm.keys()])]) {
    const a = km.get(key);
    const b = nm.get(key);
    if (a === undefined || b === undefined) {
      out(`conntrack[${key}]`, a ?? "no entry", b ?? "no entry");
      continue;
    }
    for (const field of ["state", "reply", "flags", "mark", "orig"] as const) {
      if (!isDeepStrictEqual(a[field], b[field])) out(`conntrack[${key}].${field}`, a[field], b[field]);
    }
  }
}

function comparePacketResult(i: number, k: PacketResult, n: PacketResult, divergences: Divergence[], unchecked: Set<string>): void {
  const out: Sink = (field, kernel, nfsim) => divergences.push({ packet: i, field, kernel, nfsim });
  compareCounts("counters", k.counters, n.counters, out);
  compareCounts("policy", k.policy, n.policy, out);
  comparePacket("delivered", k.delivered, n.delivered, out, unchecked);
  if (k.returned.length !== n.returned.length) out("returned", k.returned, n.returned);
  else k.returned.forEach((r, j) => comparePacket(`returned[${String(j)}]`, r, n.returned[j], out, unchecked));
  compareConntrack(k.conntrack, n.conntrack, out);
}

/**
 * The ports (and echo ids) a source NAT chose because the original one was taken: the
 * kernel picks those at random (nf_nat_l4proto_unique_tuple, get_random_u16 for a source
 * manip; a destination manip never moves the source port), nfsim from its seeded source.
 * They are named `$nat1`, `$nat2`, ... in order of appearance wherever they occur, so two
 * results agree when they move the same ports at the same packets and use them consistently.
 */
export function symbolicNatPorts(r: Result): Result {
  const names = new Map<number, string>();
  const name = (v: number) => names.has(v) || names.set(v, `$nat${String(names.size + 1)}`);
  for (const p of r.results) {
    for (const e of p.conntrack) {
      if (e.orig.sport !== undefined && e.reply.dport !== undefined && e.reply.dport !== e.orig.sport) name(e.reply.dport);
      if (e.orig.id !== undefined && e.reply.id !== undefined && e.reply.id !== e.orig.id) name(e.reply.id);
    }
  }
  if (names.size === 0) return r;
  const sub = <T extends object>(o: T, keys: readonly string[]): T => {
    const out = { ...o } as Record<string, unknown>;
    for (const k of keys) {
      const v = out[k];
      if (typeof v === "number" && names.has(v)) out[k] = names.get(v);
    }
    return out as T;
  };
  const arrival = (a: Arrival): Arrival => {
    const s = sub(a, ["sport", "dport", "icmp_id"]);
    return s.inner === undefined ? s : { ...s, inner: sub(s.inner, ["sport", "dport", "icmp_id"]) };
  };
  return {
    results: r.results.map((p) => ({
      ...p,
      delivered: p.delivered === null ? null : arrival(p.delivered),
      returned: p.returned.map(arrival),
      conntrack: p.conntrack.map((e) => ({ ...e, reply: sub(e.reply, ["sport", "dport", "id"]) })),
    })),
  };
}

/** A result as compared: normalised (schema.ts), with NAT's random ports named. */
export function comparable(r: Result): Result {
  return symbolicNatPorts(normaliseResult(r));
}

/** Every difference between the kernel's result and nfsim's, packet by packet. */
export function compareResults(kernel: Result, nfsim: Result): Comparison {
  const k = comparable(kernel);
  const n = comparable(nfsim);
  const divergences: Divergence[] = [];
  const unchecked = new Set<string>();
  if (k.results.length !== n.results.length) {
    divergences.push({ packet: -1, field: "results.length", kernel: k.results.length, nfsim: n.results.length });
  }
  k.results.forEach((r, i) => {
    const other = n.results[i];
    if (other !== undefined) comparePacketResult(i, r, other, divergences, unchecked);
  });
  return { divergences, unchecked };
}

/** A packet of a case in one line: `client tcp 10.0.1.2:40000 > 10.0.2.2:80 [S]`. */
export function describePacket(p: CasePacket): string {
  const ports = p.proto === "icmp" ? ` type ${String(p.icmp_type)}/${String(p.icmp_code ?? 0)}` : "";
  const addr = (a: string, port?: number) => (port === undefined ? a : `${a}:${String(port)}`);
  const flags = p.flags !== undefined ? ` [${p.flags}]` : "";
  const adv = (p.advance ?? 0) > 0 ? ` after ${String(p.advance)}s` : "";
  return `${p.from} ${p.proto} ${addr(p.src, p.sport)} > ${addr(p.dst, p.dport)}${ports}${flags}${adv}`;
}

/** Divergences in words: packet, field, kernel's value, nfsim's. */
export function formatDivergences(packets: readonly CasePacket[], ds: readonly Divergence[], limit = 12): string {
  const lines = ds.slice(0, limit).map((d) => {
    const p = packets[d.packet];
    const what = p === undefined ? "case" : `packet ${String(d.packet)} (${describePacket(p)})`;
    return `  ${what}: ${d.field}: kernel ${JSON.stringify(d.kernel)}, nfsim ${JSON.stringify(d.nfsim)}`;
  });
  if (ds.length > limit) lines.push(`  ... and ${String(ds.length - limit)} more`);
  return lines.join("\n");
}
