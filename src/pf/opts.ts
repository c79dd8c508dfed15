// The options after a rule's addresses (parse.y filter_opts, state_opt_list, scrub_opts)
// and what the pfrule action makes of them: `keep state` by default on pass rules, the
// state options with their checks, adaptive timeouts for `max`, the default state policy.
import type { Parser } from "./parse.ts";
import { SyntaxFail } from "./stream.ts";
import type { IcmpNode } from "./terms.ts";
import { TIMEOUT_NAMES } from "./names.ts";
import type { KeepState, ScrubOpts, StateOpts, UgidSpec } from "./types.ts";

export type StateOptItem =
  | { readonly type: "max" | "max-src-states" | "max-src-conn" | "max-src-nodes"; readonly n: number }
  | { readonly type: "no-sync" | "sloppy" | "pflow" }
  | { readonly type: "source-track"; readonly how: "plain" | "global" | "rule" }
  | { readonly type: "max-src-conn-rate"; readonly limit: number; readonly seconds: number }
  | { readonly type: "overload"; readonly table: string; readonly flush: boolean; readonly global: boolean }
  | { readonly type: "statelock"; readonly ifBound: boolean }
  | { readonly type: "timeout"; readonly name: string; readonly seconds: number };

export interface FilterOpts {
  uids?: UgidSpec[];
  gids?: UgidSpec[];
  flags?: [number, number];
  icmp?: IcmpNode[];
  tos?: number;
  keep?: { readonly action: KeepState; readonly options: StateOptItem[] };
  fragment?: boolean;
  allowOpts?: boolean;
  label?: string;
  queue?: string;
  tag?: string;
  tagged?: { readonly name: string; readonly not: boolean };
  prob?: number;
  rtable?: number;
}

/** filter_opts: options in any order, each at most once (but user/group lists add up). */
export function filterOpts(p: Parser): FilterOpts {
  const fo: FilterOpts = {};
  for (;;) {
    const t = p.ts.peek();
    if (t.kind === "punct" && t.text === "!") {
      p.ts.next();
      p.ts.expectKw("tagged");
      fo.tagged = { name: p.ts.expectString(), not: true };
      continue;
    }
    if (t.kind !== "keyword" || !filterOpt(p, fo, t.text)) return fo;
  }
}

function once<T>(p: Parser, current: T | undefined, what: string): void {
  if (current !== undefined) p.ts.fail(`${what} cannot be redefined`);
}

function filterOpt(p: Parser, fo: FilterOpts, word: string): boolean {
  const ts = p.ts;
  switch (word) {
    case "user":
    case "group": {
      ts.next();
      const list = p.terms.ugids(word);
      if (word === "user") fo.uids = [...list, ...(fo.uids ?? [])];
      else fo.gids = [...list, ...(fo.gids ?? [])];
      return true;
    }
    case "flags":
      ts.next();
      once(p, fo.flags, "flags");
      fo.flags = p.terms.flags();
      return true;
    case "icmp-type":
    case "icmp6-type":
      ts.next();
      once(p, fo.icmp, "icmp-type");
      fo.icmp = p.terms.icmpspec(word === "icmp-type" ? 4 : 6);
      return true;
    case "tos":
      ts.next();
      once(p, fo.tos, "tos");
      fo.tos = tos(p);
      return true;
    case "no":
    case "keep":
    case "modulate":
    case "synproxy":
      once(p, fo.keep, "modulate or keep");
      fo.keep = keep(p);
      return true;
    case "fragment":
      ts.next();
      fo.fragment = true;
      return true;
    case "allow-opts":
      ts.next();
      fo.allowOpts = true;
      return true;
    default:
      return labelledOpt(p, fo, word);
  }
}

function labelledOpt(p: Parser, fo: FilterOpts, word: string): boolean {
  const ts = p.ts;
  switch (word) {
    case "label":
      ts.next();
      once(p, fo.label, "label");
      fo.label = ts.expectString();
      if (fo.label.length >= 64) ts.fail("rule label too long (max 63 chars)");
      return true;
    case "queue":
      ts.next();
      once(p, fo.queue, "queue");
      fo.queue = queueName(p);
      return true;
    case "tag":
      ts.next();
      fo.tag = ts.expectString();
      if (fo.tag.length >= 64) ts.fail("tag too long, max 63 chars");
      return true;
    case "tagged":
      ts.next();
      fo.tagged = { name: ts.expectString(), not: false };
      return true;
    case "probability":
      ts.next();
      fo.prob = probability(p);
      return true;
    default:
      return false;
  }
}

function queueName(p: Parser): string {
  if (!p.ts.acceptPunct("(")) return p.ts.expectString();
  const q = p.ts.expectString();
  p.ts.comma();
  if (!p.ts.isPunct(")")) p.ts.expectString();
  p.ts.expectPunct(")");
  return q;
}

/** probability: "50%" or a fraction, scaled to 2^32 - 1. */
function probability(p: Parser): number {
  const t = p.ts.next();
  let v: number;
  if (t.kind === "number") v = Number(t.text);
  else if (t.kind === "string") {
    const m = /^([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)(%?)$/.exec(t.text);
    if (!m) p.ts.fail(`invalid probability: ${t.text}`);
    v = Number(m[1]) * (m[2] === "%" ? 0.01 : 1);
  } else throw new SyntaxFail(t);
  const scaled = Math.floor(v * 0xffffffff + 0.5);
  if (scaled < 0 || scaled > 0xffffffff) p.ts.fail(`invalid probability: ${scaled.toFixed(6)}`);
  return scaled === 0 ? 1 : scaled;
}

/** tos: lowdelay, throughput, reliability, 0xNN, or a number in 1..255. */
export function tos(p: Parser): number {
  const t = p.ts.next();
  const names: Record<string, number> = { lowdelay: 0x10, throughput: 0x08, reliability: 0x04 };
  let v: number;
  if (t.kind === "number") v = Number(t.text);
  else if (t.kind === "string") v = names[t.text] ?? (/^0x[0-9a-fA-F]+$/.test(t.text) ? parseInt(t.text.slice(2), 16) : 0);
  else throw new SyntaxFail(t);
  if (!v || v > 255) p.ts.fail(`illegal tos value ${t.text}`);
  return v;
}

/** keep: `no state`, or `keep|modulate|synproxy state [(options)]`. */
function keep(p: Parser): NonNullable<FilterOpts["keep"]> {
  const t = p.ts.next();
  p.ts.expectKw("state");
  if (t.text === "no") return { action: "none", options: [] };
  const action = t.text as KeepState;
  if (!p.ts.acceptPunct("(")) return { action, options: [] };
  const options = [stateOptItem(p)];
  while (!p.ts.acceptPunct(")")) {
    p.ts.comma();
    options.push(stateOptItem(p));
  }
  return { action, options };
}

function positive(p: Parser): number {
  const n = p.ts.expectNumber();
  if (n < 0 || n > 0xffffffff) p.ts.fail("only positive values permitted");
  return n;
}

function stateOptItem(p: Parser): StateOptItem {
  const ts = p.ts;
  const t = ts.next();
  if (t.kind === "string") {
    const seconds = positive(p);
    if (!TIMEOUT_NAMES.includes(t.text)) ts.fail(`illegal timeout name ${t.text}`);
    if (!t.text.includes(".")) ts.fail(`illegal state timeout ${t.text}`);
    return { type: "timeout", name: t.text, seconds };
  }
  if (t.kind !== "keyword") throw new SyntaxFail(t);
  switch (t.text) {
    case "max":
    case "max-src-states":
    case "max-src-conn":
    case "max-src-nodes":
      return { type: t.text, n: positive(p) };
    case "no-sync":
    case "sloppy":
      return { type: t.text };
    case "max-src-conn-rate": {
      const limit = positive(p);
      ts.expectPunct("/");
      return { type: "max-src-conn-rate", limit, seconds: positive(p) };
    }
    case "overload":
      return overload(p);
    case "source-track":
      return { type: "source-track", how: ts.acceptKw("global") ? "global" : ts.acceptKw("rule") ? "rule" : "plain" };
    case "if-bound":
    case "floating":
      return { type: "statelock", ifBound: t.text === "if-bound" };
    default:
      throw new SyntaxFail(t);
  }
}

function overload(p: Parser): StateOptItem {
  p.ts.expectPunct("<");
  const table = p.ts.expectString();
  p.ts.expectPunct(">");
  if (table.length >= 32) p.ts.fail(`table name '${table}' too long`);
  const flush = p.ts.acceptKw("flush");
  const global = flush && p.ts.acceptKw("global");
  return { type: "overload", table, flush, global };
}

interface Built {
  max?: number;
  noSync?: boolean;
  srcTrack?: "plain" | "global" | "rule";
  srcTrackFlag?: boolean;
  ruleTrack?: boolean;
  maxSrcStates?: number;
  maxSrcConn?: number;
  maxSrcConnRate?: { limit: number; seconds: number };
  maxSrcNodes?: number;
  overload?: { table: string; flush: boolean; global: boolean };
  statelock?: boolean;
  ifBound?: boolean;
  sloppy?: boolean;
  timeouts: Record<string, number>;
}

function applyItem(p: Parser, b: Built, o: StateOptItem): void {
  const dup = (what: string) => p.ts.fail(`state option '${what}' multiple definitions`);
  switch (o.type) {
    case "max":
      if (b.max !== undefined) dup("max");
      b.max = o.n;
      return;
    case "no-sync":
      if (b.noSync) p.ts.fail("state option 'sync' multiple definitions");
      b.noSync = true;
      return;
    case "source-track":
      if (b.srcTrack) dup("source-track");
      b.srcTrack = o.how;
      b.srcTrackFlag = true;
      return;
    case "max-src-states":
      if (b.maxSrcStates !== undefined) dup("max-src-states");
      if (o.n === 0) p.ts.fail("'max-src-states' must be > 0");
      b.maxSrcStates = o.n;
      b.srcTrackFlag = true;
      return;
    case "max-src-conn":
      if (b.maxSrcConn !== undefined) dup("max-src-conn");
      if (o.n === 0) p.ts.fail("'max-src-conn' must be > 0");
      b.maxSrcConn = o.n;
      b.srcTrackFlag = b.ruleTrack = true;
      return;
    case "max-src-nodes":
      if (b.maxSrcNodes !== undefined) dup("max-src-nodes");
      if (o.n === 0) p.ts.fail("'max-src-nodes' must be > 0");
      b.maxSrcNodes = o.n;
      b.srcTrackFlag = b.ruleTrack = true;
      return;
    default:
      applyOther(p, b, o);
  }
}

function applyOther(p: Parser, b: Built, o: StateOptItem): void {
  switch (o.type) {
    case "max-src-conn-rate":
      if (b.maxSrcConnRate) p.ts.fail("state option 'max-src-conn-rate' multiple definitions");
      if (!o.limit || !o.seconds) p.ts.fail("'max-src-conn-rate' values must be > 0");
      if (o.limit > 0xffffffff / 1000) p.ts.fail(`'max-src-conn-rate' maximum rate must be < ${String(Math.floor(0xffffffff / 1000))}`);
      b.maxSrcConnRate = { limit: o.limit, seconds: o.seconds };
      b.srcTrackFlag = b.ruleTrack = true;
      return;
    case "overload":
      if (b.overload) p.ts.fail("multiple 'overload' table definitions");
      b.overload = { table: o.table, flush: o.flush, global: o.global };
      return;
    case "statelock":
      if (b.statelock) p.ts.fail("state locking option: multiple definitions");
      b.statelock = true;
      b.ifBound = o.ifBound;
      return;
    case "sloppy":
      if (b.sloppy) p.ts.fail("state sloppy option: multiple definitions");
      b.sloppy = true;
      return;
    case "timeout":
      if (b.timeouts[o.name] !== undefined) p.ts.fail(`state timeout ${o.name} multiple definitions`);
      b.timeouts[o.name] = o.seconds;
      return;
    default:
      return;
  }
}

/** What the pfrule action makes of `keep`: the state kind and the options as the rule keeps them. */
export function keepStateOf(p: Parser, action: "pass" | "block", fo: FilterOpts): { keepState: KeepState; stateOpts?: StateOpts } {
  let keepState: KeepState = fo.keep?.action ?? "none";
  let items = fo.keep?.options ?? [];
  if (keepState === "none" && action === "pass" && fo.keep === undefined) {
    keepState = "keep";
    items = p.stateDefaults?.options ?? [];
  }
  const b: Built = { timeouts: {} };
  for (const o of items) applyItem(p, b, o);
  const adaptive = b.timeouts["adaptive.start"] !== undefined || b.timeouts["adaptive.end"] !== undefined;
  if (!adaptive && b.max) {
    b.timeouts["adaptive.start"] = Math.floor(b.max / 10) * 6;
    b.timeouts["adaptive.end"] = Math.floor(b.max / 10) * 12;
  }
  if (b.srcTrackFlag) checkSrcTrack(p, b);
  const ifBound = keepState !== "none" && !b.statelock ? p.statePolicyIfBound : (b.ifBound ?? false);
  const opts: StateOpts = {
    ...(b.max ? { max: b.max } : {}),
    ...(b.noSync ? { noSync: true } : {}),
    ...(b.srcTrackFlag ? { srcTrack: b.ruleTrack || b.srcTrack === "rule" ? "rule" : "global" } : {}),
    ...(b.maxSrcStates ? { maxSrcStates: b.maxSrcStates } : {}),
    ...(b.maxSrcConn ? { maxSrcConn: b.maxSrcConn } : {}),
    ...(b.maxSrcConnRate ? { maxSrcConnRate: b.maxSrcConnRate } : {}),
    ...(b.maxSrcNodes ? { maxSrcNodes: b.maxSrcNodes } : {}),
    ...(b.overload ? { overload: b.overload } : {}),
    ...(ifBound ? { ifBound: true } : {}),
    ...(b.sloppy ? { sloppy: true } : {}),
    ...(Object.keys(b.timeouts).length > 0 ? { timeouts: b.timeouts } : {}),
  };
  return Object.keys(opts).length > 0 ? { keepState, stateOpts: opts } : { keepState };
}

function checkSrcTrack(p: Parser, b: Built): void {
  if (b.srcTrack === "global") {
    if (b.maxSrcNodes) p.ts.fail("'max-src-nodes' is incompatible with 'source-track global'");
    if (b.maxSrcConn) p.ts.fail("'max-src-conn' is incompatible with 'source-track global'");
    if (b.maxSrcConnRate) p.ts.fail("'max-src-conn-rate' is incompatible with 'source-track global'");
  }
  const rate = b.maxSrcConnRate?.seconds ?? 0;
  if ((b.timeouts["src.track"] ?? 0) < rate) b.timeouts["src.track"] = rate;
}

export interface ScrubParsed {
  readonly scrub: ScrubOpts;
  readonly reassembleTcp: boolean;
  readonly tagged?: { readonly name: string; readonly not: boolean };
}

/** scrub_opts: no-df, min-ttl, max-mss, set-tos, fragment ..., reassemble tcp, random-id, tagged. */
export function scrubOpts(p: Parser): ScrubParsed {
  const so: { -readonly [K in keyof ScrubOpts]: ScrubOpts[K] } = {};
  let tagged: ScrubParsed["tagged"];
  const again = (what: string) => p.ts.fail(`${what} cannot be respecified`);
  for (;;) {
    const ts = p.ts;
    if (ts.acceptKw("no-df")) {
      if (so.noDf) again("no-df");
      so.noDf = true;
    } else if (ts.acceptKw("min-ttl")) {
      if (so.minTtl !== undefined) again("min-ttl");
      const n = ts.expectNumber();
      if (n < 0 || n > 255) ts.fail(`illegal min-ttl value ${String(n)}`);
      so.minTtl = n;
    } else if (ts.acceptKw("max-mss")) {
      if (so.maxMss !== undefined) again("max-mss");
      const n = ts.expectNumber();
      if (n < 0 || n > 65535) ts.fail(`illegal max-mss value ${String(n)}`);
      so.maxMss = n;
    } else if (ts.acceptKw("set-tos")) {
      if (so.setTos !== undefined) again("set-tos");
      so.setTos = tos(p);
    } else if (ts.acceptKw("fragment")) {
      if (so.fragcache !== undefined) again("fragcache");
      so.fragcache = ts.acceptKw("reassemble") ? "reassemble" : ts.acceptKw("crop") ? "crop" : ts.acceptKw("drop-ovl") ? "drop-ovl" : failSyntax(p);
    } else if (ts.acceptKw("reassemble")) {
      const what = ts.expectString();
      if (what.toLowerCase() !== "tcp") ts.fail(`scrub reassemble supports only tcp, not '${what}'`);
      if (so.reassembleTcp) again("reassemble tcp");
      so.reassembleTcp = true;
    } else if (ts.acceptKw("random-id")) {
      if (so.randomId) again("random-id");
      so.randomId = true;
    } else if (ts.isPunct("!") || ts.isKw("tagged")) {
      const not = ts.acceptPunct("!");
      ts.expectKw("tagged");
      tagged = { name: ts.expectString(), not };
    } else break;
  }
  return { scrub: so, reassembleTcp: so.reassembleTcp ?? false, ...(tagged ? { tagged } : {}) };
}

function failSyntax(p: Parser): never {
  throw new SyntaxFail(p.ts.peek());
}
