// The case and result of `nfsim replay --json`, as ../shared/replay-schema.md defines
// them: one case in, one result out, the same shape from nfsim and from the harness
// that drives a real kernel (tests/kernel/diff/), so the two compare field by field.
//
// What the document leaves to the reader, as both sides here read it:
// - A packet in a result (`delivered`, `returned`) carries the fields of a case packet,
//   with `host` in place of `from` and no `advance`: proto, src, dst; sport, dport for
//   TCP and UDP; flags, seq, ack for TCP; payload_len; ttl; icmp_type, icmp_code, and
//   icmp_id, icmp_seq (echo) or `inner` (errors, the quoted packet after NAT).
// - `delivered` is the first packet that arrived at a passive host (client or server)
//   other than the sender; `returned` is every other arrival: those at the sender
//   first, then those elsewhere, each host's in the order they arrived (splitArrivals).
// - A case packet is sent with TCP window 8192 and no TCP options, IP id 1, DF clear,
//   payload_len bytes of 'x'; an ICMP error quotes the IPv4 header and 8 bytes of the
//   transport header of `inner`.

export type Topology = "router" | "host";
export type Host = "client" | "dut" | "server";
export type PassiveHost = "client" | "server";
export type Proto = "tcp" | "udp" | "icmp";

/** The packet an ICMP error quotes, as the sender of the error received it. */
export interface Inner {
  readonly proto: Proto;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly seq?: number;
  readonly icmp_type?: number;
  readonly icmp_id?: number;
  readonly icmp_seq?: number;
}

export interface PacketFields {
  readonly proto: Proto;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly flags?: string;
  readonly seq?: number;
  readonly ack?: number;
  readonly ttl?: number;
  readonly payload_len?: number;
  readonly icmp_type?: number;
  readonly icmp_code?: number;
  readonly icmp_id?: number;
  readonly icmp_seq?: number;
  readonly inner?: Inner;
}

export interface CasePacket extends PacketFields {
  readonly from: Host;
  readonly advance?: number;
}

export interface Case {
  readonly topology: Topology;
  readonly ruleset: string;
  readonly sysctl?: Readonly<Record<string, number | string>>;
  readonly packets: readonly CasePacket[];
}

/** A packet as it arrived at a passive host. `proto` is a protocol number for anything else. */
export interface Arrival extends Omit<PacketFields, "proto"> {
  readonly host: PassiveHost;
  readonly proto: Proto | string;
}

export interface CtTuple {
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly type?: number;
  readonly code?: number;
  readonly id?: number;
}

export type CtFlag = "UNREPLIED" | "ASSURED";

export interface CtEntry {
  readonly proto: string;
  readonly state?: string;
  readonly orig: CtTuple;
  readonly reply: CtTuple;
  readonly flags: readonly CtFlag[];
  readonly mark: number;
  /** Seconds left; allowed in a result, never compared. */
  readonly timeout?: number;
}

export interface PacketResult {
  readonly counters: Readonly<Record<string, number>>;
  readonly policy: Readonly<Record<string, number>>;
  readonly delivered: Arrival | null;
  readonly returned: readonly Arrival[];
  readonly conntrack: readonly CtEntry[];
}

export interface Result {
  readonly results: readonly PacketResult[];
}

/** The schema's defaults for optional packet fields. */
export const PACKET_DEFAULTS = { ttl: 64, seq: 0, ack: 0, payload_len: 0, icmp_id: 0, icmp_seq: 0 } as const;

/** ICMP types that are errors and quote a packet (RFC 792). */
export const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

const HOST_ORDER: readonly PassiveHost[] = ["client", "server"];

/**
 * The `delivered` and `returned` of one sent packet, from everything that arrived at the
 * passive hosts in arrival order: delivered is the first arrival at a host other than
 * the sender; returned holds the arrivals at the sender, then the remaining others
 * (client's before server's).
 */
export function splitArrivals(from: Host, arrivals: readonly Arrival[]): Pick<PacketResult, "delivered" | "returned"> {
  const atSender = arrivals.filter((a) => a.host === from);
  const elsewhere = HOST_ORDER.flatMap((h) => (h === from ? [] : arrivals.filter((a) => a.host === h)));
  return { delivered: elsewhere[0] ?? null, returned: [...atSender, ...elsewhere.slice(1)] };
}

// ---- validation: every error names the field, e.g. `packets[2].sport: ...` ----

/** A case that does not follow the schema. */
export class CaseError extends Error {
  override readonly name = "CaseError";
}

type Obj = Readonly<Record<string, unknown>>;

function fail(path: string, want: string, got: unknown): never {
  throw new CaseError(`${path}: expected ${want}, got ${got === undefined ? "nothing" : JSON.stringify(got)}`);
}

function object(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, "an object", v);
  return v as Obj;
}

function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new CaseError(`${path}.${extra}: not a field of the schema`);
}

function oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) fail(`${path}.${key}`, values.map((x) => `"${x}"`).join(" or "), v);
  return v as T;
}

function int(o: Obj, key: string, path: string, max: number, required: boolean): number | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) fail(`${path}.${key}`, `an integer from 0 to ${String(max)}`, v);
  return v;
}

function absent(o: Obj, keys: readonly string[], path: string, why: string): void {
  const k = keys.find((x) => o[x] !== undefined);
  if (k !== undefined) throw new CaseError(`${path}.${k}: not allowed ${why}`);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function address(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || !IPV4.test(v)) fail(`${path}.${key}`, "an IPv4 address such as \"10.0.1.2\"", v);
  return v;
}

const PROTOS: readonly Proto[] = ["tcp", "udp", "icmp"];
const INNER_KEYS = ["proto", "src", "dst", "sport", "dport", "seq", "icmp_type", "icmp_id", "icmp_seq"] as const;
const PACKET_KEYS = ["from", "proto", "src", "dst", "sport", "dport", "flags", "seq", "ack", "ttl", "payload_len",
  "advance", "icmp_type", "icmp_code", "icmp_id", "icmp_seq", "inner"] as const;

/** Ports for TCP and UDP, the echo fields for ICMP: what both a packet and `inner` carry. */
function transport(o: Obj, path: string, proto: Proto): void {
  if (proto === "icmp") {
    absent(o, ["sport", "dport"], path, "for ICMP");
    return;
  }
  int(o, "sport", path, 65535, true);
  int(o, "dport", path, 65535, true);
  absent(o, ["icmp_type", "icmp_code", "icmp_id", "icmp_seq"], path, `for ${proto.toUpperCase()}`);
}

function validateInner(v: unknown, path: string): void {
  const o = object(v, path);
  onlyKeys(o, INNER_KEYS, path);
  const proto = oneOf(o, "proto", path, PROTOS);
  address(o, "src", path);
  address(o, "dst", path);
  transport(o, path, proto);
  if (proto !== "tcp") absent(o, ["seq"], path, `for ${proto.toUpperCase()}`);
  int(o, "seq", path, 0xffffffff, false);
  int(o, "icmp_type", path, 255, proto === "icmp");
  int(o, "icmp_id", path, 65535, false);
  int(o, "icmp_seq", path, 65535, false);
}

function validateTcp(o: Obj, path: string): void {
  const flags = o["flags"];
  if (flags !== undefined && (typeof flags !== "string" || !/^F?S?R?P?A?U?E?C?$/.test(flags))) {
    fail(`${path}.flags`, "TCP flag letters in the order FSRPAUEC, such as \"SA\"", flags);
  }
  int(o, "seq", path, 0xffffffff, false);
  int(o, "ack", path, 0xffffffff, false);
}

function validateIcmp(o: Obj, path: string): void {
  const type = int(o, "icmp_type", path, 255, true) ?? 0;
  int(o, "icmp_code", path, 255, false);
  int(o, "icmp_id", path, 65535, false);
  int(o, "icmp_seq", path, 65535, false);
  if (ICMP_ERROR_TYPES.has(type)) {
    if (o["inner"] === undefined) throw new CaseError(`${path}.inner: required for ICMP type ${String(type)}, an error`);
    validateInner(o["inner"], `${path}.inner`);
  } else {
    absent(o, ["inner"], path, `for ICMP type ${String(type)}, which quotes no packet`);
  }
}

function validatePacket(v: unknown, path: string, topology: Topology): void {
  const o = object(v, path);
  onlyKeys(o, PACKET_KEYS, path);
  const from = oneOf<Host>(o, "from", path, ["client", "dut", "server"]);
  if (from === "server" && topology === "host") throw new CaseError(`${path}.from: the host topology has no server`);
  const proto = oneOf(o, "proto", path, PROTOS);
  address(o, "src", path);
  address(o, "dst", path);
  transport(o, path, proto);
  if (proto === "tcp") validateTcp(o, path);
  else absent(o, ["flags", "seq", "ack"], path, `for ${proto.toUpperCase()}`);
  if (proto === "icmp") validateIcmp(o, path);
  else absent(o, ["inner"], path, `for ${proto.toUpperCase()}`);
  int(o, "ttl", path, 255, false);
  int(o, "payload_len", path, 1400, false);
  const advance = o["advance"];
  if (advance !== undefined && (typeof advance !== "number" || !Number.isFinite(advance) || advance < 0)) {
    fail(`${path}.advance`, "a number of seconds, 0 or more", advance);
  }
}

function validateSysctl(v: unknown): void {
  const o = object(v, "sysctl");
  for (const [k, x] of Object.entries(o)) {
    if (!/^[a-z0-9_-]+(\.[a-zA-Z0-9_+-]+)+$/.test(k)) throw new CaseError(`sysctl.${k}: not a sysctl name`);
    if (typeof x !== "string" && (typeof x !== "number" || !Number.isFinite(x))) fail(`sysctl.${k}`, "a number or a string", x);
  }
}

/** The case in `json` (text or parsed), checked against the schema; throws CaseError naming the field. */
export function parseCase(json: unknown): Case {
  let v = json;
  if (typeof json === "string") {
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw new CaseError(`case: not JSON: ${(e as Error).message}`);
    }
  }
  const o = object(v, "case");
  onlyKeys(o, ["topology", "ruleset", "sysctl", "packets"], "case");
  const topology = oneOf<Topology>(o, "topology", "case", ["router", "host"]);
  if (typeof o["ruleset"] !== "string") fail("ruleset", "iptables-save text", o["ruleset"]);
  if (o["sysctl"] !== undefined) validateSysctl(o["sysctl"]);
  const packets = o["packets"];
  if (!Array.isArray(packets)) fail("packets", "an array", packets);
  packets.forEach((p, i) => validatePacket(p, `packets[${String(i)}]`, topology));
  return v as Case;
}

// ---- normalisation: what is compared, in one canonical form ----

function ipNumber(a: string): number {
  return a.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/** The schema's order of conntrack entries: (proto, orig.src, orig.sport, orig.dst, orig.dport); ICMP's id stands for the ports. */
export function ctSortKey(e: CtEntry): readonly (string | number)[] {
  const o = e.orig;
  return [e.proto, ipNumber(o.src), o.sport ?? o.id ?? 0, ipNumber(o.dst), o.dport ?? o.type ?? 0];
}

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The same object with its keys in sorted order and undefined fields left out, so equal values print alike. */
function canonical<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => canonical(x)) as T;
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = canonical(x);
  }
  return out as T;
}

function movedOnly(m: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function normaliseEntry(e: CtEntry): CtEntry {
  const { timeout: _ignored, ...rest } = e;
  return canonical({ ...rest, flags: [...e.flags].sort() });
}

function normaliseConntrack(list: readonly CtEntry[]): CtEntry[] {
  return list.map(normaliseEntry).sort((a, b) => compareKeys(ctSortKey(a), ctSortKey(b)) || (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** A result as it is compared: conntrack sorted with timeouts dropped, counters that did not move left out. */
export function normaliseResult(r: Result): Result {
  return {
    results: r.results.map((p) => ({
      counters: movedOnly(p.counters),
      policy: movedOnly(p.policy),
      delivered: p.delivered === null ? null : canonical(p.delivered),
      returned: p.returned.map((a) => canonical(a)),
      conntrack: normaliseConntrack(p.conntrack),
    })),
  };
}
