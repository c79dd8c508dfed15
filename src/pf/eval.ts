// pf_test() for one IPv4 packet on one interface and direction: states first (a packet of
// a known connection passes without the rules), then translation (first match: binat/nat
// outbound, rdr/binat inbound), then the filter rules (last match wins, `quick` ends the
// walk, anchors evaluated in place), pf's default pass, state creation and the replies
// of `block return`. The packet path calls this; nothing here touches a device.
import { v4, toNumber, type PfAddr } from "./addr.ts";
import type { HostInterface } from "./hosts.ts";
import { childAnchors, resolveTable, tableLookup } from "./kernel.ts";
import { filterMismatch, translationMismatch, type MatchEnv, type PacketDesc } from "./match.ts";
import { printRule } from "./print.ts";
import { translate, type Translation } from "./nat.ts";
import { nextAfter, skipSteps } from "./skip.ts";
import { createState, findState, purgeStates, ruleByRef, stateTranslates, trackTcp, trackUdp, type Flow } from "./state.ts";
import type { PfRule, PfState, PfStateEntry, PflogSource, RulesetKind, StateRoute } from "./types.ts";
import { pflogRecord, pflogSource, type PflogRecord } from "./pflog.ts";
import { mapRoute, routeApplies } from "./routing.ts";
import type { Ipv4Packet } from "../wire/packet.ts";

export interface PfEnv {
  /** Virtual time in milliseconds. */
  now(): number;
  /** A seeded uniform source in [0, 1). */
  random(): number;
  /** The host's interfaces and addresses, for `(if)` addresses. */
  readonly interfaces?: readonly HostInterface[];
  /** Whether an address has a route (for `no-route`); routable when absent. */
  routable?(addr: PfAddr): boolean;
}

/** What the packet path has to do besides passing or dropping the packet. */
export type PfEffect =
  /** pf_send_tcp(): a RST|ACK back to the sender. */
  | { readonly kind: "return-rst"; readonly ttl: number; readonly seq: number; readonly ack: number }
  /** pf_send_icmp(): an ICMP error back to the sender. */
  | { readonly kind: "return-icmp"; readonly type: number; readonly code: number }
  /** A copy to pflog0 (pflog_packet). */
  | { readonly kind: "pflog"; readonly record: PflogRecord }
  /** pf_route: the passed packet leaves by `route.ifname` (dup-to: a copy does, the packet goes on). */
  | { readonly kind: "route"; readonly route: StateRoute };

export type PfTraceStep =
  | { readonly kind: "disabled" }
  | { readonly kind: "skip"; readonly ifname: string }
  | { readonly kind: "state"; readonly id: number }
  | { readonly kind: "rule"; readonly ruleset: RulesetKind; readonly anchor: string; readonly nr: number; readonly text: string; readonly mismatch?: string }
  | { readonly kind: "translate"; readonly ruleset: RulesetKind; readonly anchor: string; readonly nr: number; readonly text: string }
  | { readonly kind: "default" }
  | { readonly kind: "state-created"; readonly id: number };

export interface PfResult {
  readonly verdict: "pass" | "drop";
  /** The packet as it leaves pf (translated when a nat/rdr/binat rule or a state says so). */
  readonly packet: Ipv4Packet;
  readonly effects: PfEffect[];
  readonly trace: PfTraceStep[];
  /** The state the packet matched or created. */
  readonly state?: number;
  /** The filter rule that decided (pf_test_rule's `r`), when it was not pf's default rule. */
  readonly rule?: DecidingRule;
  /** The pf tag the packet carries on (`tag`; `tagged` tests it in later passes). */
  readonly tag?: string;
}

export interface DecidingRule {
  readonly anchor: string;
  readonly nr: number;
  readonly text: string;
}

/** A rule's pf.conf text, made once: a rule is not changed once loaded, and every packet it decides names it. */
const ruleTexts = new WeakMap<PfRule, string>();

function ruleText(r: PfRule): string {
  let text = ruleTexts.get(r);
  if (text === undefined) ruleTexts.set(r, (text = printRule(r, "")));
  return text;
}

function deciding(f: Found | undefined): { rule?: DecidingRule } {
  return f === undefined ? {} : { rule: { anchor: f.anchor, nr: f.rule.nr, text: ruleText(f.rule) } };
}

const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);
const ICMP_QUERIES = new Set([0, 8, 13, 14, 15, 16, 17, 18]);

/** The packet as rule evaluation reads it. */
export function describePacket(p: Ipv4Packet): PacketDesc {
  const l4 = p.l4;
  const fragment = p.ip.fragOffset > 0;
  const icmpQuery = l4.kind === "icmp" && ICMP_QUERIES.has(l4.type);
  const sport = l4.kind === "tcp" || l4.kind === "udp" ? l4.sport : icmpQuery ? l4.id : 0;
  const dport = l4.kind === "tcp" || l4.kind === "udp" ? l4.dport : icmpQuery ? l4.id : 0;
  return {
    af: 4,
    proto: p.ip.proto,
    src: v4(p.ip.src),
    dst: v4(p.ip.dst),
    sport,
    dport,
    tcpFlags: l4.kind === "tcp" ? l4.flags : 0,
    ...(l4.kind === "icmp" ? { icmpType: l4.type, icmpCode: l4.code } : {}),
    tos: p.ip.tos,
    len: p.ip.length,
    fragment,
  };
}

interface Ctx {
  readonly pf: PfState;
  readonly dir: "in" | "out";
  readonly ifname: string;
  readonly env: PfEnv;
  readonly menv: MatchEnv;
  readonly trace: PfTraceStep[];
  tag: string | undefined;
}

function matchEnv(pf: PfState, env: PfEnv): MatchEnv {
  return {
    pf,
    get interfaces() {
      return env.interfaces ?? [];
    },
    random32: () => Math.floor(env.random() * 0x100000000),
    routable: (a) => env.routable?.(a) ?? true,
  };
}

/** The rules of a ruleset an anchor rule steps into: its anchor, or each child of it for "name/*". */
function anchorTargets(pf: PfState, r: PfRule): string[] {
  const a = r.anchor;
  if (a === undefined) return [];
  return a.wildcard ? childAnchors(pf, a.path) : pf.anchors[a.path] !== undefined ? [a.path] : [];
}

interface Found {
  readonly rule: PfRule;
  readonly anchor: string;
}

/** pf_match_translation(): the first matching rule, stepping into anchors. */
function firstTranslation(c: Ctx, path: string, kind: RulesetKind, pd: PacketDesc): Found | undefined {
  const rules = c.pf.anchors[path]?.rules[kind] ?? [];
  const skip = skipSteps(rules);
  for (let i = 0; i < rules.length; ) {
    const r = rules[i];
    if (r === undefined) break;
    r.counters.evaluations++;
    const why = translationMismatch(c.menv, path, r, c.dir, c.ifname, pd, c.tag);
    c.trace.push({ kind: "rule", ruleset: kind, anchor: path, nr: r.nr, text: printRule(r, r.anchor?.call ?? ""), ...(why ? { mismatch: why } : {}) });
    i = why === undefined ? i + 1 : nextAfter(skip, i, why);
    if (why !== undefined) continue;
    if (r.tag !== undefined) c.tag = r.tag;
    if (r.anchor === undefined) return { rule: r, anchor: path };
    for (const sub of anchorTargets(c.pf, r)) {
      const f = firstTranslation(c, sub, kind, pd);
      if (f !== undefined) return f;
    }
  }
  return undefined;
}

interface FilterWalk {
  found?: Found;
  /** The anchor rule of the main ruleset the final rule was found under (pf's `a`). */
  anchorRule?: PfRule;
}

/** The filter walk: last match wins, `quick` stops; true when a quick rule ended the walk. */
function walkFilter(c: Ctx, path: string, pd: PacketDesc, w: FilterWalk, top: PfRule | undefined): boolean {
  const rules = c.pf.anchors[path]?.rules.filter ?? [];
  const skip = skipSteps(rules);
  for (let i = 0; i < rules.length; ) {
    const r = rules[i];
    if (r === undefined) break;
    r.counters.evaluations++;
    const why = filterMismatch(c.menv, path, r, c.dir, c.ifname, pd, c.tag);
    c.trace.push({ kind: "rule", ruleset: "filter", anchor: path, nr: r.nr, text: printRule(r, r.anchor?.call ?? ""), ...(why ? { mismatch: why } : {}) });
    i = why === undefined ? i + 1 : nextAfter(skip, i, why);
    if (why !== undefined) continue;
    if (r.tag !== undefined) c.tag = r.tag;
    if (r.anchor === undefined) {
      w.found = { rule: r, anchor: path };
      if (top) w.anchorRule = top;
      if (r.quick) return true;
      continue;
    }
    const before = w.found;
    for (const sub of anchorTargets(c.pf, r)) if (walkFilter(c, sub, pd, w, top ?? r)) return true;
    if (r.quick && w.found !== before) return true;
  }
  return false;
}

const NO_ICMP_RETURN: ReadonlySet<number> = new Set([1, 50, 51]);

function blockEffects(r: PfRule, p: Ipv4Packet, pd: PacketDesc): PfEffect[] {
  const b = r.block;
  if (b === undefined || b.kind === "drop") return [];
  const l4 = p.l4;
  if (l4.kind === "tcp" && (b.kind === "return-rst" || b.kind === "return") && !(l4.flags & 0x04)) {
    const len = p.payload.length + (l4.flags & 0x02 ? 1 : 0) + (l4.flags & 0x01 ? 1 : 0);
    return [{ kind: "return-rst", ttl: b.kind === "return-rst" ? b.ttl : 0, seq: l4.ack, ack: (l4.seq + len) >>> 0 }];
  }
  const icmp = b.kind === "return-icmp" ? b.icmp : b.kind === "return" ? (3 << 8) | 3 : 0;
  // pf_test_rule (xnu pf.c): never an ICMP error about ICMP, ESP or AH.
  if (pd.af === 4 && icmp && !NO_ICMP_RETURN.has(pd.proto)) return [{ kind: "return-icmp", type: icmp >> 8, code: icmp & 255 }];
  return [];
}

function bump(counters: number[], i: number, by: number): void {
  counters[i] = (counters[i] ?? 0) + by;
}

/** pfr_update_stats() for the rule's table addresses. */
function tableStats(c: Ctx, anchor: string, r: PfRule, pd: PacketDesc, pass: boolean, state: PfStateEntry | undefined): void {
  const sameDir = state === undefined || state.direction === c.dir;
  const sides: [PfRule["src"], PfAddr][] = [[r.src, sameDir ? pd.src : pd.dst], [r.dst, sameDir ? pd.dst : pd.src]];
  const dirOut = c.dir === "out" ? 1 : 0;
  for (const [side, addr] of sides) {
    if (side.addr.type !== "table") continue;
    const t = resolveTable(c.pf, anchor, side.addr.name);
    if (t === undefined) continue;
    const e = tableLookup(t, addr);
    let op = pass ? 1 : 0;
    if ((e === undefined || e.not) !== side.neg) op = 2;
    bump(t.packets, dirOut * 3 + op, 1);
    bump(t.bytes, dirOut * 3 + op, pd.len);
    if (e !== undefined && op !== 2) {
      bump(e.packets, dirOut * 2 + op, 1);
      bump(e.bytes, dirOut * 2 + op, pd.len);
    }
  }
}

function countRule(c: Ctx, r: PfRule, pd: PacketDesc): void {
  const i = c.dir === "out" ? 1 : 0;
  r.counters.packets[i]++;
  r.counters.bytes[i] += pd.len;
}

/** A packet of a known state: track it, translate it, count it. */
function passState(c: Ctx, s: PfStateEntry, p: Ipv4Packet, pd: PacketDesc): PfResult {
  c.trace.push({ kind: "state", id: s.id });
  const fromInitiator = s.direction === c.dir;
  if (pd.proto === 6 && p.l4.kind === "tcp") trackTcp(s, fromInitiator, p.l4.flags);
  else if (pd.proto === 1 || pd.proto === 58) s.timeout = s.timeout === "icmp.first" && !fromInitiator ? "icmp.error" : s.timeout;
  else trackUdp(s, fromInitiator, pd.proto);
  s.expireBase = c.env.now();
  const i = c.dir === "out" ? 1 : 0;
  s.packets[i]++;
  s.bytes[i] += pd.len;
  const r = ruleByRef(c.pf, s.anchor, "filter", s.rule);
  if (r !== undefined) {
    countRule(c, r, pd);
    tableStats(c, s.anchor, r, pd, true, s);
  }
  // pf_test: a state's packets count on its translation rule too (s->nat_rule.ptr->packets).
  const nr = s.natRule === undefined ? undefined : ruleByRef(c.pf, s.natRule.anchor, s.natRule.kind, s.natRule.nr);
  if (nr !== undefined) countRule(c, nr, pd);
  let out = p;
  if (stateTranslates(s)) out = c.dir === "out" ? rewrite(p, "src", s.gwy.addr, s.gwy.port) : rewrite(p, "dst", s.lan.addr, s.lan.port);
  const tag = s.tag ?? c.tag;
  // pf_test: a state of a `log (all)` rule logs each packet; its rule's routing applies (pf_route with s).
  const effects: PfEffect[] = [];
  if (s.log !== undefined) effects.push({ kind: "pflog", record: pflogRecord(s.log, c.dir, c.ifname, out) });
  if (s.route !== undefined && routeApplies(s.route, c.dir)) effects.push({ kind: "route", route: s.route });
  return { verdict: "pass", packet: out, effects, trace: c.trace, state: s.id, ...deciding(r === undefined ? undefined : { rule: r, anchor: s.anchor }), ...(tag !== undefined ? { tag } : {}) };
}

/** Rewrites one end of a packet (pf_change_ap), dropping checksums so they are computed again. */
export function rewrite(p: Ipv4Packet, end: "src" | "dst", addr: PfAddr, port: number): Ipv4Packet {
  const { checksum: _c, ...ip } = p.ip;
  const l4 = p.l4;
  let nl4 = l4;
  if (l4.kind === "tcp" || l4.kind === "udp") {
    const { checksum: _x, ...rest } = l4;
    nl4 = end === "src" ? { ...rest, sport: port } : { ...rest, dport: port };
  } else if (l4.kind === "icmp" && ICMP_QUERIES.has(l4.type)) {
    const { checksum: _x, ...rest } = l4;
    nl4 = { ...rest, id: port };
  }
  return { ...p, ip: { ...ip, [end]: toNumber(addr) }, l4: nl4 };
}

function flowOf(pd: PacketDesc): Flow {
  return { af: pd.af, proto: pd.proto, src: { addr: pd.src, port: pd.sport }, dst: { addr: pd.dst, port: pd.dport } };
}

/** pf_test_state_icmp() for an ICMP error: the state of the packet it quotes. */
function icmpErrorState(c: Ctx, p: Ipv4Packet): PfStateEntry | undefined {
  const b = p.payload;
  if (b.length < 28 || ((b[0] ?? 0) >> 4) !== 4) return undefined;
  const ihl = ((b[0] ?? 0) & 15) * 4;
  const word = (i: number) => (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
  const proto = b[9] ?? 0;
  const src = v4(word(12));
  const dst = v4(word(16));
  const ports = proto === 6 || proto === 17 ? [((b[ihl] ?? 0) << 8) | (b[ihl + 1] ?? 0), ((b[ihl + 2] ?? 0) << 8) | (b[ihl + 3] ?? 0)] : [0, 0];
  const inner: Flow = { af: 4, proto, src: { addr: src, port: ports[0] ?? 0 }, dst: { addr: dst, port: ports[1] ?? 0 } };
  const reversed: Flow = { ...inner, src: inner.dst, dst: inner.src };
  return findState(c.pf, c.dir, c.ifname, reversed);
}

/**
 * pf_test(): the verdict of `pf` for a packet going `dir` through interface `ifname`, with
 * the tag an earlier pass gave it. Mutates `pf` (counters, states), as the kernel does.
 */
export function pfTest(pf: PfState, dir: "in" | "out", ifname: string, packet: Ipv4Packet, env: PfEnv, tag?: string): PfResult {
  const trace: PfTraceStep[] = [];
  const now = env.now();
  purgeStates(pf, now);
  if (!pf.running) return { verdict: "pass", packet, effects: [], trace: [{ kind: "disabled" }] };
  if (pf.skip.includes(ifname)) return { verdict: "pass", packet, effects: [], trace: [{ kind: "skip", ifname }] };
  const c: Ctx = { pf, dir, ifname, env, menv: matchEnv(pf, env), trace, tag };
  const pd = describePacket(packet);
  const icmpError = packet.l4.kind === "icmp" && ICMP_ERRORS.has(packet.l4.type);
  const s = icmpError ? icmpErrorState(c, packet) : pd.fragment ? undefined : findState(pf, dir, ifname, flowOf(pd));
  if (s !== undefined) return passState(c, s, packet, pd);
  return testRule(c, packet, pd, icmpError);
}

function translation(c: Ctx, pd: PacketDesc): Found | undefined {
  const order: RulesetKind[] = c.dir === "out" ? ["binat", "nat"] : ["rdr", "binat"];
  for (const kind of order) {
    const f = firstTranslation(c, "", kind, pd);
    if (f === undefined) continue;
    const noop = f.rule.action === "no nat" || f.rule.action === "no rdr" || f.rule.action === "no binat";
    return noop ? undefined : f;
  }
  return undefined;
}

/** pf_test_rule(): translation, the filter walk, and what the final rule says. */
function testRule(c: Ctx, packet: Ipv4Packet, pd0: PacketDesc, icmpError: boolean): PfResult {
  c.pf.counters.reasons[0] = (c.pf.counters.reasons[0] ?? 0) + 1;
  const pd: PacketDesc = { ...pd0 };
  const nr = pd.fragment ? undefined : translation(c, pd);
  let tr: Translation | undefined;
  let p = packet;
  if (nr !== undefined) tr = translate(c.pf, nr.rule, c.dir, pd, c.env, nr.anchor);
  if (nr !== undefined && tr !== undefined) {
    c.trace.push({ kind: "translate", ruleset: kindOf(nr.rule), anchor: nr.anchor, nr: nr.rule.nr, text: printRule(nr.rule, "") });
    const end = c.dir === "out" ? "src" : "dst";
    p = rewrite(p, end, tr.addr, tr.port);
    if (end === "src") [pd.src, pd.sport] = [tr.addr, tr.port];
    else [pd.dst, pd.dport] = [tr.addr, tr.port];
  }
  const natApplied = nr !== undefined && tr !== undefined ? nr : undefined;
  const w: FilterWalk = {};
  if (!natApplied?.rule.natpass) walkFilter(c, "", pd, w, undefined);
  const final = natApplied?.rule.natpass ? undefined : w.found;
  if (final === undefined && !natApplied?.rule.natpass) c.trace.push({ kind: "default" });
  const r = final?.rule;
  const effects: PfEffect[] = [];
  // pf_test_rule: `r->log || (nr->natpass && nr->log)` logs the packet as translated.
  const logged = r?.log && final ? pflogSource(r, final.anchor, w.anchorRule) : natApplied?.rule.natpass && natApplied.rule.log ? pflogSource(natApplied.rule, natApplied.anchor, undefined) : undefined;
  if (logged) effects.push({ kind: "pflog", record: pflogRecord(logged, c.dir, c.ifname, p) });
  if (r?.action === "block") {
    effects.push(...blockEffects(r, packet, pd0));
    countRule(c, r, pd);
    if (w.anchorRule) countRule(c, w.anchorRule, pd);
    tableStats(c, final?.anchor ?? "", r, pd, false, undefined);
    return { verdict: "drop", packet, effects, trace: c.trace, ...deciding(final) };
  }
  let state: PfStateEntry | undefined;
  const keep = r ? r.keepState !== "none" : false;
  if (!icmpError && (keep || natApplied !== undefined)) {
    if (r?.stateOpts?.max && r.counters.statesCur >= r.stateOpts.max) {
      c.pf.counters.lcounters[0] = (c.pf.counters.lcounters[0] ?? 0) + 1;
      c.pf.counters.reasons[12] = (c.pf.counters.reasons[12] ?? 0) + 1;
      return { verdict: "drop", packet, effects, trace: c.trace, ...deciding(final) };
    }
    state = createState(c.pf, {
      dir: c.dir,
      ifname: r?.stateOpts?.ifBound ? c.ifname : "ALL",
      flow: flowOf(pd),
      ...(tr ? { before: tr.before } : {}),
      anchor: final?.anchor ?? "",
      rule: r?.nr ?? -1,
      ...(natApplied ? { natRule: { anchor: natApplied.anchor, kind: kindOf(natApplied.rule), nr: natApplied.rule.nr } } : {}),
      ...(r?.stateOpts?.timeouts ? { timeouts: r.stateOpts.timeouts } : {}),
      ...(c.tag !== undefined ? { tag: c.tag } : {}),
      ...stateExtras(r, final, w.anchorRule, natApplied),
    }, c.env.now());
    // pf_create_state (xnu pf.c): the filter rule and the translation rule each count the state.
    for (const counted of [r, natApplied?.rule]) {
      if (counted === undefined) continue;
      counted.counters.statesCur++;
      counted.counters.statesTot++;
    }
    c.trace.push({ kind: "state-created", id: state.id });
  }
  if (r) {
    countRule(c, r, pd);
    if (w.anchorRule) countRule(c, w.anchorRule, pd);
    tableStats(c, final?.anchor ?? "", r, pd, true, undefined);
  }
  if (natApplied) countRule(c, natApplied.rule, pd);
  if (state) {
    const i = c.dir === "out" ? 1 : 0;
    state.packets[i]++;
    state.bytes[i] += pd.len;
  }
  // pf_route: the state's next hop, or (without a state) one picked for this packet.
  const route = state ? state.route : r ? mapRoute(r) : undefined;
  if (route !== undefined && routeApplies(route, c.dir)) effects.push({ kind: "route", route });
  return { verdict: "pass", packet: p, effects, trace: c.trace, ...deciding(final), ...(state ? { state: state.id } : {}), ...(c.tag !== undefined ? { tag: c.tag } : {}) };
}

/**
 * pf_create_state's log and route: `s->log` keeps the (all) bit of the filter and the
 * translation rule (pf_test logs state packets with the translation rule when it has it),
 * and `rt_addr`/`rt_kif` the routing pool's pick.
 */
function stateExtras(r: PfRule | undefined, final: Found | undefined, am: PfRule | undefined, nat: Found | undefined): { log?: PflogSource; route?: StateRoute } {
  const log = nat?.rule.log?.all ? pflogSource(nat.rule, nat.anchor, undefined) : r?.log?.all && final ? pflogSource(r, final.anchor, am) : undefined;
  const route = r ? mapRoute(r) : undefined;
  return { ...(log ? { log } : {}), ...(route ? { route } : {}) };
}

function kindOf(r: PfRule): RulesetKind {
  if (r.action === "nat" || r.action === "no nat") return "nat";
  if (r.action === "rdr" || r.action === "no rdr") return "rdr";
  return "binat";
}

