// Connection tracking events (nf_conntrack_ecache.c, and ctnetlink_conntrack_event in
// nf_conntrack_netlink.c): what `conntrack -E` hears. A listener subscribes to one
// namespace's table. As with the kernel's default nf_conntrack_events=2, only entries
// confirmed while someone listens carry the event cache (nf_ct_ecache_ext_add): the
// others never report an update or their destruction. Whether someone listens is one
// flag for the whole host, not per namespace (nf_ctnetlink_has_listener in
// include/linux/netfilter.h): here, for all the tables of this program.
//
// The kernel caches event bits on the entry while a packet is processed and delivers
// them once, at confirmation (nf_ct_deliver_cached_events); here the changes that raise
// an event (IPCT_REPLY, IPCT_ASSURED, IPCT_PROTOINFO, IPCT_MARK) are found by comparing
// the entry with what was last reported, at the same point.
import { IPS, type CtEntry } from "./entry.ts";
import type { CtExpect, CtTable } from "./table.ts";
import type { Tuple } from "./tuple.ts";

export type CtEventType = "NEW" | "UPDATE" | "DESTROY";

export interface CtEvent {
  readonly type: CtEventType;
  readonly entry: CtEntry;
  /** IPCT_MARK was among the events: the mark is shown even when it is 0. */
  readonly markChanged: boolean;
  /** The netlink port of the command that caused it (`conntrack -D`/`-F`), for [USERSPACE]. */
  readonly portid?: number;
}

export type CtEventListener = (event: CtEvent) => void;

/** What an update event compares: the status bits with events of their own, the TCP state, the mark. */
interface Reported {
  readonly status: number;
  readonly tcpState: number | undefined;
  readonly mark: number;
}

const EVENT_STATUS = IPS.SEEN_REPLY | IPS.ASSURED;

const listeners = new WeakMap<CtTable, Set<CtEventListener>>();
/** Listeners on any table: nf_ctnetlink_has_listener. */
let listening = 0;
/** The entries with an event cache, by what was last reported of them. */
const reported = new WeakMap<CtEntry, Reported>();
/** The port of the netlink request being served (nlmsg_pid of the events it causes). */
let requester: number | undefined;

function by(): { portid?: number } {
  return requester !== undefined ? { portid: requester } : {};
}

function snapshot(e: CtEntry): Reported {
  return { status: e.status & EVENT_STATUS, tcpState: e.tcp?.state, mark: e.mark };
}

/** A listener joins a table's group (of entries or of expectations); returns the unsubscribe. */
function subscribe<E>(groups: WeakMap<CtTable, Set<(event: E) => void>>, table: CtTable, fn: (event: E) => void): () => void {
  const set = groups.get(table) ?? new Set<(event: E) => void>();
  groups.set(table, set);
  set.add(fn);
  listening++;
  return () => {
    if (set.delete(fn)) listening--;
  };
}

/** An event to everyone listening in the group when it happens (a listener may leave meanwhile). */
function emitTo<E>(groups: WeakMap<CtTable, Set<(event: E) => void>>, table: CtTable, event: E): void {
  for (const fn of [...(groups.get(table) ?? [])]) fn(event);
}

function emit(table: CtTable, event: CtEvent): void {
  emitTo(listeners, table, event);
}

/** Subscribes to a table's events (a ctnetlink socket bound to the conntrack groups); returns the unsubscribe. */
export function listenCtEvents(table: CtTable, fn: CtEventListener): () => void {
  return subscribe(listeners, table, fn);
}

/** __nf_conntrack_confirm (or ctnetlink_create_conntrack, with `markEvent`): the new entry is announced, if anyone listens. */
export function ctConfirmed(table: CtTable, e: CtEntry, markEvent = e.mark !== 0): void {
  if (listening === 0) return;
  reported.set(e, snapshot(e));
  emit(table, { type: "NEW", entry: e, markChanged: markEvent, ...by() });
}

/** nf_ct_deliver_cached_events: what changed on an entry since its last event. */
export function ctDeliverCached(table: CtTable, e: CtEntry): void {
  const last = reported.get(e);
  if (last === undefined) return;
  const now = snapshot(e);
  if (now.status === last.status && now.tcpState === last.tcpState && now.mark === last.mark) return;
  reported.set(e, now);
  emit(table, { type: "UPDATE", entry: e, markChanged: now.mark !== last.mark, ...by() });
}

/** nf_ct_delete's IPCT_DESTROY, for entries that carry the event cache. */
export function ctDestroyed(table: CtTable, e: CtEntry): void {
  if (!reported.has(e)) return;
  reported.delete(e);
  emit(table, { type: "DESTROY", entry: e, markChanged: false, ...by() });
}

/** Runs `fn` as the netlink request of port `portid`: the events it causes name that port. */
export function asRequester<T>(portid: number, fn: () => T): T {
  const saved = requester;
  requester = portid;
  try {
    return fn();
  } finally {
    requester = saved;
  }
}

// Expectation events (nf_ct_expect_event_report, ctnetlink_expect_event): [NEW] when a
// helper registers one (nf_ct_expect_insert), [DESTROY] whenever one is unlinked
// (nf_ct_unlink_expect_report: fulfilled, replaced, evicted, expired, deleted, flushed,
// its master gone). Only expectations whose master carries the event cache report them.

export interface ExpEvent {
  readonly type: "NEW" | "DESTROY";
  readonly expect: CtExpect;
  /** The master's original tuple, kept from when the expectation was made (the master may be gone). */
  readonly master: Tuple;
}

export type ExpEventListener = (event: ExpEvent) => void;

const expListeners = new WeakMap<CtTable, Set<ExpEventListener>>();
/** The expectations that report events, with their master's original tuple. */
const expReported = new WeakMap<CtExpect, Tuple>();

/** Subscribes to a table's expectation events (the NFNLGRP_CONNTRACK_EXP_* groups); returns the unsubscribe. */
export function listenExpEvents(table: CtTable, fn: ExpEventListener): () => void {
  return subscribe(expListeners, table, fn);
}

function emitExp(table: CtTable, event: ExpEvent): void {
  emitTo(expListeners, table, event);
}

/** nf_ct_expect_insert's IPEXP_NEW, when the master carries the event cache. */
export function expCreated(table: CtTable, x: CtExpect, master: CtEntry): void {
  if (!reported.has(master)) return;
  expReported.set(x, master.orig);
  emitExp(table, { type: "NEW", expect: x, master: master.orig });
}

/** nf_ct_unlink_expect_report's IPEXP_DESTROY. */
export function expDestroyed(table: CtTable, x: CtExpect): void {
  const master = expReported.get(x);
  if (master === undefined) return;
  expReported.delete(x);
  emitExp(table, { type: "DESTROY", expect: x, master });
}
