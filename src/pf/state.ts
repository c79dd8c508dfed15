// pf's state table as the pf of xnu keeps it (pf.c, pfvar.h): each state has three
// endpoints, lan (the inside host), gwy (lan after translation) and ext (the other side).
// Outbound packets are found by lan->ext, inbound ones by ext->gwy (PF_LAN_EXT and
// PF_EXT_GWY); a translated state rewrites outbound sources to gwy and inbound
// destinations to lan. Timeouts run on the virtual clock.
import type { PfAddr } from "./addr.ts";
import { timeoutOf } from "./kernel.ts";
import type { PfRule, PfState, PfStateEntry, PflogSource, RulesetKind, StateHost, StateRoute } from "./types.ts";

/** TCPS_* of netinet/tcp_fsm.h */
export const TCPS = { CLOSED: 0, SYN_SENT: 2, ESTABLISHED: 4, CLOSING: 7, FIN_WAIT_2: 9, TIME_WAIT: 10 } as const;
/** PFUDPS_* / PFOTHERS_* */
export const PFUDPS = { NO_TRAFFIC: 0, SINGLE: 1, MULTIPLE: 2 } as const;

export interface Flow {
  readonly af: 4 | 6;
  readonly proto: number;
  readonly src: StateHost;
  readonly dst: StateHost;
}

function same(a: StateHost, b: StateHost): boolean {
  return a.addr.af === b.addr.af && a.addr.hex === b.addr.hex && a.port === b.port;
}

export function stateTranslates(s: PfStateEntry): boolean {
  return !same(s.lan, s.gwy);
}

/** The seconds a state lives after its last packet (pf_state_expires, without adaptive scaling). */
export function stateTimeout(pf: PfState, s: PfStateEntry): number {
  return s.timeouts?.[s.timeout] ?? timeoutOf(pf, s.timeout);
}

export function expiresAt(pf: PfState, s: PfStateEntry): number {
  return s.expireBase + stateTimeout(pf, s) * 1000;
}

/** pf_free_state() for every state `gone` selects; returns how many went. */
/** The rule a state names (its anchor, ruleset and number); none for a state no rule made (-1). */
export function ruleByRef(pf: PfState, anchor: string, kind: RulesetKind, nr: number): PfRule | undefined {
  return nr < 0 ? undefined : pf.anchors[anchor]?.rules[kind].find((r) => r.nr === nr);
}

export function removeStates(pf: PfState, gone: (s: PfStateEntry) => boolean): number {
  const keep: PfStateEntry[] = [];
  let removed = 0;
  for (const s of pf.states) {
    if (!gone(s)) {
      keep.push(s);
      continue;
    }
    removed++;
    const r = ruleByRef(pf, s.anchor, "filter", s.rule);
    if (r !== undefined && r.counters.statesCur > 0) r.counters.statesCur--;
    // pf_free_state: the translation rule's count goes down with the filter rule's.
    const n = s.natRule === undefined ? undefined : ruleByRef(pf, s.natRule.anchor, s.natRule.kind, s.natRule.nr);
    if (n !== undefined && n.counters.statesCur > 0) n.counters.statesCur--;
  }
  pf.states = keep;
  pf.counters.fcounters[2] += removed;
  return removed;
}

/** pf_purge_expired_states(): drops states past their timeout. */
export function purgeStates(pf: PfState, now: number): void {
  removeStates(pf, (s) => expiresAt(pf, s) <= now);
}

function isIcmp(proto: number): boolean {
  return proto === 1 || proto === 58;
}

/** The ext end of a state key: an ICMP state's has no port (xnu pf.c pf_test_rule zeroes it). */
function sameExt(proto: number, ext: StateHost, h: StateHost): boolean {
  return isIcmp(proto) ? same(ext, { addr: h.addr, port: 0 }) : same(ext, h);
}

/** pf_find_state(): PF_LAN_EXT for outbound packets, PF_EXT_GWY for inbound ones. */
export function findState(pf: PfState, dir: "in" | "out", ifname: string, flow: Flow): PfStateEntry | undefined {
  pf.counters.fcounters[0]++;
  return pf.states.find((s) => {
    if (s.af !== flow.af || s.proto !== flow.proto) return false;
    if (s.ifname !== "ALL" && s.ifname !== ifname) return false;
    return dir === "out" ? same(s.lan, flow.src) && sameExt(s.proto, s.ext, flow.dst) : sameExt(s.proto, s.ext, flow.src) && same(s.gwy, flow.dst);
  });
}

/** pf_find_state_all(PF_EXT_GWY) for port allocation: is this gwy endpoint taken toward ext? */
export function gwyInUse(pf: PfState, proto: number, gwy: StateHost, ext: StateHost): boolean {
  return pf.states.some((s) => s.proto === proto && same(s.gwy, gwy) && sameExt(proto, s.ext, ext));
}

export interface NewState {
  readonly dir: "in" | "out";
  readonly ifname: string;
  readonly flow: Flow;
  /** The packet's endpoint before translation (pd->baddr, bport), when a translation rule applied. */
  readonly before?: StateHost;
  readonly anchor: string;
  readonly rule: number;
  readonly natRule?: PfStateEntry["natRule"];
  readonly timeouts?: Readonly<Record<string, number>>;
  readonly tag?: string;
  readonly log?: PflogSource;
  readonly route?: StateRoute;
}

/** The first timeout of a new state (pf_test_rule). */
function firstTimeout(proto: number): string {
  if (proto === 6) return "tcp.first";
  if (proto === 17) return "udp.first";
  if (proto === 1 || proto === 58) return "icmp.first";
  return "other.first";
}

/** pf_test_rule()'s state creation: lan/gwy/ext from the (translated) packet and what it was before. */
export function createState(pf: PfState, n: NewState, now: number): PfStateEntry {
  const { flow } = n;
  let lan: StateHost;
  let gwy: StateHost;
  let ext: StateHost;
  if (n.dir === "out") {
    gwy = flow.src;
    ext = flow.dst;
    lan = n.before ?? gwy;
  } else {
    lan = flow.dst;
    ext = flow.src;
    gwy = n.before ?? lan;
  }
  // An ICMP query's id is its lan/gwy port; the other end has none (pf_state_compare_*).
  if (isIcmp(flow.proto)) ext = { addr: ext.addr, port: 0 };
  const tcp = flow.proto === 6;
  const s: PfStateEntry = {
    id: pf.nextStateId++,
    af: flow.af,
    proto: flow.proto,
    direction: n.dir,
    ifname: n.ifname,
    lan,
    gwy,
    ext,
    // pf_test_rule: an ICMP state's peers stay at 0 (only TCP, UDP and the others get levels).
    src: { state: tcp ? TCPS.SYN_SENT : isIcmp(flow.proto) ? 0 : PFUDPS.SINGLE },
    dst: { state: tcp ? TCPS.CLOSED : PFUDPS.NO_TRAFFIC },
    anchor: n.anchor,
    rule: n.rule,
    ...(n.natRule ? { natRule: n.natRule } : {}),
    creation: now,
    expireBase: now,
    timeout: firstTimeout(flow.proto),
    packets: [0, 0],
    bytes: [0, 0],
    ...(n.timeouts ? { timeouts: n.timeouts } : {}),
    ...(n.tag !== undefined ? { tag: n.tag } : {}),
    ...(n.log !== undefined ? { log: n.log } : {}),
    ...(n.route !== undefined ? { route: n.route } : {}),
  };
  pf.states.push(s);
  pf.counters.fcounters[1]++;
  return s;
}

/** pf_tcp_track_full()'s state levels and timeouts (sequence windows are not checked). */
export function trackTcp(s: PfStateEntry, fromInitiator: boolean, flags: number): void {
  const src = fromInitiator ? s.src : s.dst;
  const dst = fromInitiator ? s.dst : s.src;
  if (flags & 0x02 && src.state < TCPS.SYN_SENT) src.state = TCPS.SYN_SENT;
  if (flags & 0x01 && src.state < TCPS.CLOSING) src.state = TCPS.CLOSING;
  if (flags & 0x10) {
    if (dst.state === TCPS.SYN_SENT) dst.state = TCPS.ESTABLISHED;
    else if (dst.state === TCPS.CLOSING) dst.state = TCPS.FIN_WAIT_2;
  }
  if (flags & 0x04) src.state = dst.state = TCPS.TIME_WAIT;
  s.timeout = tcpTimeout(src.state, dst.state);
}

function tcpTimeout(a: number, b: number): string {
  if (a >= TCPS.FIN_WAIT_2 && b >= TCPS.FIN_WAIT_2) return "tcp.closed";
  if (a >= TCPS.CLOSING && b >= TCPS.CLOSING) return "tcp.finwait";
  if (a < TCPS.ESTABLISHED || b < TCPS.ESTABLISHED) return "tcp.opening";
  if (a >= TCPS.CLOSING || b >= TCPS.CLOSING) return "tcp.closing";
  return "tcp.established";
}

/** pf_test_state_udp / _other: a reply makes both sides MULTIPLE. */
export function trackUdp(s: PfStateEntry, fromInitiator: boolean, proto: number): void {
  const src = fromInitiator ? s.src : s.dst;
  const dst = fromInitiator ? s.dst : s.src;
  if (src.state < PFUDPS.SINGLE) src.state = PFUDPS.SINGLE;
  if (dst.state === PFUDPS.SINGLE) dst.state = PFUDPS.MULTIPLE;
  const multiple = src.state === PFUDPS.MULTIPLE && dst.state === PFUDPS.MULTIPLE;
  const family = proto === 17 ? "udp" : "other";
  s.timeout = `${family}.${multiple ? "multiple" : "single"}`;
}

export function hostOf(addr: PfAddr, port: number): StateHost {
  return { addr, port };
}
