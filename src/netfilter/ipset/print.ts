// `ipset list` and `ipset save` output in the plain, save and xml modes (lib/session.c
// list_create/list_adt/print_set_done, lib/print.c), with the kernel's header and
// element attributes and its "Size in memory" arithmetic (ip_set_hash_gen.h
// mtype_ahash_memsize, ip_set_bitmap_gen.h, ip_set_list_set.c).
import { formatElem } from "./element.ts";
import { expired } from "./members.ts";
import { typeInfo, type IpSet, type Keyword, type Member } from "./types.ts";

export type OutputMode = "plain" | "save" | "xml";

export interface ListOptions {
  readonly mode: OutputMode;
  /** -t: headers only. */
  readonly terse: boolean;
  /** -n: names only. */
  readonly names: boolean;
  /** -s: hash elements sorted. */
  readonly sorted: boolean;
  readonly now: number;
  readonly references: (name: string) => number;
}

/** The value part of a header option, or undefined when the kernel does not report it. */
function headerValue(set: IpSet, k: Keyword): string | true | undefined {
  const h = set.header;
  switch (k) {
    case "family": return h.family;
    case "hashsize": return h.hashsize === undefined ? undefined : String(h.hashsize);
    case "maxelem": return h.maxelem === undefined ? undefined : String(h.maxelem);
    case "netmask": return h.netmask === undefined || h.netmask === 32 ? undefined : String(h.netmask);
    case "timeout": return h.timeout === undefined ? undefined : String(h.timeout);
    case "counters": return h.counters ? true : undefined;
    case "comment": return h.comment ? true : undefined;
    case "skbinfo": return h.skbinfo ? true : undefined;
    case "bucketsize": return h.bucketsize === undefined ? undefined : String(h.bucketsize);
    case "initval": return h.initval === undefined ? undefined : `0x${(h.initval >>> 0).toString(16).padStart(8, "0")}`;
    case "range": return h.range === undefined ? undefined : `${String(h.range.first)}-${String(h.range.last)}`;
    case "size": return h.size === undefined ? undefined : String(h.size);
    // forceadd travels in a CADT_FLAGS attribute that the extension flags overwrite: never listed.
    default: return undefined;
  }
}

/** Seconds left as the kernel reports them (ip_set_timeout_get): 0 for permanent, never 0 otherwise. */
export function timeoutLeft(m: Member, now: number): number {
  if (m.expires === undefined) return 0;
  const left = Math.floor((m.expires - now - 1) / 1000);
  return left <= 0 ? 1 : left;
}

/** The attributes of an element in the order of the type's add options. */
function memberValues(set: IpSet, m: Member, now: number): [string, string | true][] {
  const out: [string, string | true][] = [];
  const h = set.header;
  for (const k of typeInfo(set.type).add) {
    if (k === "timeout" && h.timeout !== undefined) out.push([k, String(timeoutLeft(m, now))]);
    if (k === "nomatch" && m.nomatch) out.push([k, true]);
    if (k === "packets" && h.counters) out.push([k, String(m.packets ?? 0)]);
    if (k === "bytes" && h.counters) out.push([k, String(m.bytes ?? 0)]);
    if (k === "comment" && m.comment !== undefined) out.push([k, `"${m.comment}"`]);
    if (k === "skbmark" && m.skb && (m.skb.mark !== 0 || m.skb.mask !== 0)) out.push([k, skbmark(m.skb.mark, m.skb.mask)]);
    if (k === "skbprio" && m.skb && m.skb.prio !== 0) out.push([k, `${(m.skb.prio >>> 16).toString(16)}:${(m.skb.prio & 0xffff).toString(16)}`]);
    if (k === "skbqueue" && m.skb && m.skb.queue !== 0) out.push([k, String(m.skb.queue)]);
  }
  return out;
}

function skbmark(mark: number, mask: number): string {
  const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
  return mask >>> 0 === 0xffffffff ? hex(mark) : `${hex(mark)}/${hex(mask)}`;
}

function plainAttrs(values: readonly [string, string | true][]): string {
  return values.map(([k, v]) => (v === true ? ` ${k}` : ` ${k} ${v}`)).join("");
}

function xmlAttrs(values: readonly [string, string | true][]): string {
  return values.map(([k, v]) => (v === true ? `<${k}/>` : `<${k}>${v}</${k}>`)).join("");
}

function headerValues(set: IpSet): [string, string | true][] {
  const out: [string, string | true][] = [];
  for (const k of typeInfo(set.type).create) {
    const v = headerValue(set, k);
    if (v !== undefined) out.push([k, v]);
  }
  return out;
}

/** The live members in listing order: bitmap by port, others as stored. */
function members(set: IpSet, now: number): Member[] {
  const live = Object.values(set.members).filter((m) => !expired(m, now));
  return set.type === "bitmap:port" ? live.sort((a, b) => (a.elem.port ?? 0) - (b.elem.port ?? 0)) : live;
}

// ---- Size in memory ----

const HASH_BASE: Partial<Record<IpSet["type"], number>> = {
  "hash:ip": 192, "hash:net": 432, "hash:ip,port": 192, "hash:net,port": 432, "hash:ip,port,ip": 184,
};
const ELEM_LEN: Record<IpSet["type"], number> = {
  "hash:ip": 4, "hash:net": 8, "hash:ip,port": 8, "hash:net,port": 8, "hash:ip,port,ip": 12, "bitmap:port": 0, "list:set": 42,
};

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** set->dsize: the element with its extensions, laid out as ip_set_elem_len does. */
function dsize(set: IpSet): number {
  const h = set.header;
  const ext = (h.counters ? 16 : 0) + (h.timeout !== undefined ? 8 : 0) + (h.skbinfo ? 16 : 0) + (h.comment ? 8 : 0);
  const len = ELEM_LEN[set.type];
  return ext === 0 ? (set.type === "list:set" ? align(len, 8) : len) : align(align(len, 8) + ext, 8);
}

/** "Size in memory": hash buckets are counted as if every element had its own (no collisions). */
export function memsize(set: IpSet, now: number): number {
  const live = members(set, now);
  const comments = live.reduce((n, m) => n + (m.comment === undefined ? 0 : 16 + m.comment.length + 1), 0);
  if (set.type === "bitmap:port") {
    const range = set.header.range ?? { first: 0, last: 65535 };
    const n = range.last - range.first + 1;
    return 72 + Math.ceil(n / 64) * 8 + n * dsize(set) + comments;
  }
  if (set.type === "list:set") return 80 + live.length * dsize(set) + comments;
  const bits = Math.log2(set.header.hashsize ?? 1024);
  const regions = bits < 10 ? 1 : 2 ** (bits - 10);
  return (HASH_BASE[set.type] ?? 192) + regions * 24 + live.length * (32 + 2 * dsize(set)) + comments;
}

// ---- one set ----

function plainHeader(set: IpSet, o: ListOptions, first: boolean): string {
  const info = typeInfo(set.type);
  const live = members(set, o.now);
  return (
    `${first ? "" : "\n"}Name: ${set.name}\nType: ${set.type}\nRevision: ${String(info.revision)}\nHeader:${plainAttrs(headerValues(set))}\n` +
    `Size in memory: ${String(memsize(set, o.now))}\nReferences: ${String(o.references(set.name))}\n` +
    `Number of entries: ${String(live.length)}\n${o.terse ? "" : "Members:\n"}`
  );
}

function xmlHeader(set: IpSet, o: ListOptions): string {
  const info = typeInfo(set.type);
  const live = members(set, o.now);
  return (
    `<ipset name="${set.name}">\n<type>${set.type}</type>\n<revision>${String(info.revision)}</revision>\n` +
    `<header>${xmlAttrs(headerValues(set))}\n<memsize>${String(memsize(set, o.now))}</memsize>\n` +
    `<references>${String(o.references(set.name))}</references>\n<numentries>${String(live.length)}</numentries>\n` +
    `${o.terse ? "</header>\n" : "</header>\n<members>\n"}`
  );
}

function memberLines(set: IpSet, o: ListOptions): string[] {
  const lines = members(set, o.now).map((m) => {
    const elem = formatElem(set.type, m.elem);
    const values = memberValues(set, m, o.now);
    if (o.mode === "xml") return `<member><elem>${elem}</elem>${xmlAttrs(values)}</member>\n`;
    return `${o.mode === "save" ? `add ${set.name} ` : ""}${elem}${plainAttrs(values)}\n`;
  });
  if (!o.sorted || !set.type.startsWith("hash:")) return lines;
  const skip = o.mode === "save" ? set.name.length + 5 : o.mode === "xml" ? 14 : 0;
  return lines.sort((a, b) => byStrcmp(a.slice(skip), b.slice(skip)));
}

/** One set in the chosen mode. */
export function listSet(set: IpSet, o: ListOptions, first: boolean): string {
  if (o.names && o.mode !== "save") return o.mode === "xml" ? `<ipset name="${set.name}"/>\n` : `${set.name}\n`;
  if (o.mode === "save") {
    return `create ${set.name} ${set.type}${plainAttrs(headerValues(set))}\n${memberLines(set, o).join("")}`;
  }
  const header = o.mode === "xml" ? xmlHeader(set, o) : plainHeader(set, o, first);
  if (o.terse) return o.mode === "xml" ? `${header}</ipset>\n` : header;
  return `${header}${memberLines(set, o).join("")}${o.mode === "xml" ? "</members>\n</ipset>\n" : ""}`;
}

/** Sets in dump order: every other type first, list:set last (so that a restore can create members first). */
export function dumpOrder(sets: readonly IpSet[]): IpSet[] {
  return [...sets.filter((s) => s.type !== "list:set"), ...sets.filter((s) => s.type === "list:set")];
}

/** A whole listing: the sets in dump order, wrapped in <ipsets> in xml mode. */
export function listSets(sets: readonly IpSet[], o: ListOptions): string {
  const body = dumpOrder(sets).map((s, i) => listSet(s, o, i === 0)).join("");
  return o.mode === "xml" ? `<ipsets>\n${body}</ipsets>\n` : body;
}

// ---- -s ----

/** strtol(s, &end, 16) over the leading hex digits. */
function hexPrefix(s: string): { n: number; len: number } {
  const m = /^[0-9a-fA-F]+/.exec(s);
  return m === null ? { n: 0, len: 0 } : { n: parseInt(m[0], 16), len: m[0].length };
}

/** lib/session.c bystrcmp: element texts compared part by part, numbers as (hex) numbers. */
export function byStrcmp(a: string, b: string): number {
  let x = a;
  let y = b;
  let neg = 1;
  while (x !== "" && y !== "") {
    const nx = hexPrefix(x);
    const ny = hexPrefix(y);
    if (nx.len === 0 || ny.len === 0) {
      const lx = x.search(/[:,]|$/);
      const ly = y.search(/[:,]|$/);
      if (lx !== 0 || ly !== 0) {
        if (lx !== ly) return lx < ly ? -1 : 1;
        const c = x.slice(0, lx) < y.slice(0, ly) ? -1 : x.slice(0, lx) > y.slice(0, ly) ? 1 : 0;
        if (c !== 0) return c;
        x = x.slice(lx + 1);
        y = y.slice(lx + 1);
        neg = 1;
        continue;
      }
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (nx.n !== ny.n) return neg * (nx.n - ny.n);
    const sx = x[nx.len] ?? "";
    const sy = y[ny.len] ?? "";
    if (sx === "/" || sy === "/") {
      if (sx === sy) neg = -1;
      else return sx === "/" ? 1 : -1;
    }
    x = x.slice(nx.len + 1);
    y = y.slice(ny.len + 1);
  }
  return x !== "" ? 1 : y !== "" ? -1 : 0;
}
