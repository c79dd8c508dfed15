// The conntrack engine behind ConntrackSteps: nf_conntrack_in and __nf_conntrack_confirm
// (net/netfilter/nf_conntrack_core.c) and nf_confirm with its helper call
// (nf_conntrack_proto.c), over one namespace's table, with time and randomness from the
// EngineEnv of each call; the nat points are nat-hooks.ts.
import type { ConntrackView, CtTemplateEffect, Effect, EngineEnv, PacketState } from "../netfilter/context.ts";
import type { Hook } from "../netfilter/tables.ts";
import { IPPROTO, type TcpOption } from "../wire/packet.ts";
import { checksumBad } from "./checksum.ts";
import { DEFAULT_CONFIG, type CtConfig } from "./config.ts";
import { IPS, isConfirmed, type CtEntry, type CtZone } from "./entry.ts";
import { ctConfirmed, ctDeliverCached } from "./events.ts";
import { takeExpectation } from "./expect.ts";
import { ftpHelp } from "./ftp.ts";
import { relatedByIcmpError } from "./icmp-error.ts";
import { allowsClash, l4Tracker } from "./l4.ts";
import { natHooks, NO_HOST, type CtHost } from "./nat-hooks.ts";
import { ctStatAdd } from "./stats.ts";
import type { ConntrackSteps, CtIfaces, CtVerdict } from "./steps.ts";
import { tcpCursorOf } from "./stored.ts";
import { collectExpired, deleteEntry, dirOfRef, earlyDrop, entryCount, entryOfRef, findEntry, findRef, insertEntry, type CtTable } from "./table.ts";
import { newTcpCt, TCP_STATE_NAMES, tcpPacket, tcpStateName } from "./tcp.ts";
import { DIR_ORIGINAL, DIR_REPLY, invertTuple, l4Fields, tupleEqual, type Dir, type Tuple } from "./tuple.ts";
import { makeView, refOf, trackedOf, viewOf, type CtInfo, type PacketRef, type TrackedView } from "./view.ts";

export interface ConntrackOptions {
  readonly config?: CtConfig;
  readonly host?: CtHost;
}

/**
 * The error an untracked packet draws: nf_conntrack_attach turns the original's
 * IP_CT_UNTRACKED (a reply-direction ctinfo) into IP_CT_RELATED without an entry. Matches
 * see no entry (INVALID); the CT target leaves it alone (its nfct is set); nf_conntrack_in
 * still looks the error up, and it stays so when nothing is found.
 */
const unattached = new WeakSet<ConntrackView>();

function unattachedRelated(): ConntrackView {
  const view: ConntrackView = { state: "INVALID", dir: "REPLY", status: [], mark: 0, expires: 0 };
  unattached.add(view);
  return view;
}

/** nf_ct_zone_tmpl: the zone of the raw table's CT template, "mark" meaning the packet's mark. */
function templateZone(tmpl: CtTemplateEffect | undefined, pkt: PacketState): CtZone | undefined {
  if (tmpl === undefined) return undefined;
  const id = tmpl.zone === "mark" ? pkt.mark & 0xffff : tmpl.zone;
  return id === 0 && tmpl.zoneDir === "both" ? undefined : { id, dir: tmpl.zoneDir };
}

// Module-local copies: reading an imported constant object's fields per packet costs more.
const PROTO_TCP = IPPROTO.TCP;
const PROTO_UDP = IPPROTO.UDP;
const PROTO_ICMP = IPPROTO.ICMP;
// The status bits the established path reads, as module-local copies too.
const { ASSURED, EXPECTED, FIXED_TIMEOUT, SEEN_REPLY } = IPS;

/** The packet's tuple, or undefined when its transport header is too short to read one. */
export function packetTuple(pkt: PacketState): Tuple | undefined {
  const { ip, l4 } = pkt;
  // The common case built in one object (the fast path of every established packet).
  if ((ip.proto === PROTO_TCP && l4.kind === "tcp") || (ip.proto === PROTO_UDP && l4.kind === "udp")) {
    return { src: ip.src, dst: ip.dst, proto: ip.proto, sport: l4.sport, dport: l4.dport };
  }
  const fields = l4Fields(pkt.ip.proto, pkt.l4, pkt.payload);
  return fields && { src: pkt.ip.src, dst: pkt.ip.dst, proto: pkt.ip.proto, ...fields };
}

/**
 * The tuple a TCP or UDP packet is looked up by, rewritten for each packet: most packets
 * find their entry, and only a new entry keeps a copy of it.
 */
const probe = { src: 0, dst: 0, proto: 0, sport: 0, dport: 0 };

/** packetTuple for the lookup: the reused probe for TCP and UDP. */
function lookupTuple(pkt: PacketState): Tuple | undefined {
  const { ip, l4 } = pkt;
  if ((ip.proto === PROTO_TCP && l4.kind === "tcp") || (ip.proto === PROTO_UDP && l4.kind === "udp")) {
    probe.src = ip.src;
    probe.dst = ip.dst;
    probe.proto = ip.proto;
    probe.sport = l4.sport;
    probe.dport = l4.dport;
    return probe;
  }
  return packetTuple(pkt);
}

/** The raw table's CT template among its effects, if any (a loop: this runs for every packet). */
function ctTemplate(rawEffects: readonly Effect[]): CtTemplateEffect | undefined {
  for (const e of rawEffects) if (e.kind === "ct") return e;
  return undefined;
}

const NO_EFFECTS: readonly Effect[] = [];

/** resolve_normal_ct's ctinfo: replies are ESTABLISHED; originals once a reply was seen, RELATED when expected. */
function ctinfoOf(entry: CtEntry, dir: Dir): CtInfo {
  if (dir === DIR_REPLY) return "ESTABLISHED";
  const status = entry.status;
  if ((status & SEEN_REPLY) !== 0) return "ESTABLISHED";
  return (status & EXPECTED) !== 0 ? "RELATED" : "NEW";
}

/**
 * What conntrack reads of a TCP segment, rewritten for each packet from its header (no
 * object per packet; tcpPacket keeps nothing of it).
 */
const segment = { seq: 0, ack: 0, flags: 0, window: 0, options: [] as readonly TcpOption[], payloadLength: 0 };

/**
 * resolve_normal_ct's outcome: the packet's entry (maybe new; then in `resolved`), none
 * (INVALID), or no room (DROP).
 */
type Resolved = "found" | "invalid" | "drop";
/** The tracker's outcome: accepted (the entry updated), INVALID, or an old connection to forget and look up again. */
type Tracked = "accept" | "invalid" | "repeat";

/**
 * The engine for one namespace: its table (saved with the namespace), its sysctls
 * (configFromSysctl) and the addresses MASQUERADE and REDIRECT need from its devices.
 */
export function conntrackSteps(table: CtTable, options: ConntrackOptions = {}): ConntrackSteps {
  const cfg = options.config ?? DEFAULT_CONFIG;
  const { natBefore, natAfter } = natHooks(table, options.host ?? NO_HOST);

  /** nf_ct_refresh_acct: the entry's new timeout (relative until confirmed) and its counters. */
  function refresh(e: CtEntry, dir: Dir, pkt: PacketState, seconds: number | undefined, now: number): void {
    if (seconds !== undefined && (e.status & FIXED_TIMEOUT) === 0) {
      e.timeout = seconds * 1000 + (isConfirmed(e) ? now : 0);
    }
    if (e.counters !== undefined) {
      e.counters[dir * 2] = (e.counters[dir * 2] ?? 0) + 1;
      e.counters[dir * 2 + 1] = (e.counters[dir * 2 + 1] ?? 0) + pkt.ip.length;
    }
  }

  /** __nf_conntrack_alloc's limit: past nf_conntrack_max an unassured entry must go first. */
  function roomFor(t: Tuple, zone: CtZone | undefined, now: number): boolean {
    if (cfg.max <= 0 || entryCount(table) + 1 <= cfg.max) return true;
    collectExpired(table, now);
    if (entryCount(table) + 1 <= cfg.max) return true;
    const before = entryCount(table);
    const made = earlyDrop(table, t, zone, cfg.buckets, now);
    ctStatAdd(table, "early_drop", before - entryCount(table));
    return made;
  }

  /** init_conntrack: a new unconfirmed entry, RELATED to a master if it was expected. */
  function newEntry(t: Tuple, reply: Tuple, zone: CtZone | undefined, tmpl: CtTemplateEffect | undefined, now: number): CtEntry {
    const e: CtEntry = { id: table.nextId++, orig: t, reply, status: 0, timeout: 0, mark: 0 };
    if (zone !== undefined) e.zone = zone;
    if (t.proto === IPPROTO.TCP) e.tcp = newTcpCt();
    if (cfg.acct) e.counters = [0, 0, 0, 0];
    const exp = table.expects.length > 0 ? takeExpectation(table, t, zone, now) : undefined;
    const master = exp && table.entries[String(exp.master)];
    if (exp !== undefined) ctStatAdd(table, "expect_new");
    if (master !== undefined) {
      // Welcome, Mr. Bond: the master's mark carries over.
      e.status |= IPS.EXPECTED;
      e.master = master.id;
      e.mark = master.mark;
    } else if (tmpl?.helper !== undefined) {
      e.helper = tmpl.helper;
    }
    return e;
  }

  /** The entry and direction the last "found" of resolve stands for (no answer object per packet). */
  const resolved: { entry: CtEntry | undefined; dir: Dir } = { entry: undefined, dir: DIR_ORIGINAL };

  /** resolve_normal_ct: the entry of the packet's tuple, or a new one. */
  function resolve(pkt: PacketState, zone: CtZone | undefined, tmpl: CtTemplateEffect | undefined, now: number): Resolved {
    const probed = lookupTuple(pkt);
    if (probed === undefined) return "invalid";
    const ref = findRef(table, probed, zone, now);
    if (ref >= 0) {
      resolved.entry = entryOfRef(table, ref);
      resolved.dir = dirOfRef(ref);
      return "found";
    }
    // The new entry keeps its own tuple, not the reused probe.
    const t: Tuple = { src: probed.src, dst: probed.dst, proto: probed.proto, sport: probed.sport, dport: probed.dport };
    const reply = invertTuple(t);
    if (reply === undefined) return "invalid";
    if (!roomFor(t, zone, now)) return "drop";
    resolved.entry = newEntry(t, reply, zone, tmpl, now);
    resolved.dir = DIR_ORIGINAL;
    return "found";
  }

  /** nf_conntrack_handle_packet: the protocol's tracker decides. */
  function track(entry: CtEntry, dir: Dir, pkt: PacketState, now: number): Tracked {
    const status = entry.status;
    const confirmed = isConfirmed(entry);
    const tcp = tcpCursorOf(entry);
    if (tcp !== undefined) {
      const l4 = pkt.l4;
      // tcp_error: a header nfsim could not parse is a truncated one.
      if (l4.kind !== "tcp") return "invalid";
      segment.seq = l4.seq;
      segment.ack = l4.ack;
      segment.flags = l4.flags;
      segment.window = l4.window;
      segment.options = l4.options;
      segment.payloadLength = pkt.payload.length;
      const v = tcpPacket(tcp, dir, segment, status, confirmed, cfg);
      if (v.kind === "invalid" || v.kind === "repeat") return v.kind;
      if (v.kind === "accept") {
        if (v.assured) entry.status |= ASSURED;
        refresh(entry, dir, pkt, v.keepTimeout ? undefined : v.timeout, now);
        if (v.kill) deleteEntry(table, entry);
      }
      return "accept";
    }
    const v = l4Tracker(entry.orig.proto)({ entry, status, confirmed, now, l4: pkt.l4, payload: pkt.payload, cfg });
    if (v.kind === "invalid") return "invalid";
    if (v.assured) entry.status |= ASSURED;
    refresh(entry, dir, pkt, v.timeout, now);
    return "accept";
  }

  function attach(pkt: PacketState, ref: PacketRef, env: EngineEnv): void {
    pkt.ct = makeView(ref, env);
  }

  function conntrackIn(hook: Hook, pkt: PacketState, env: EngineEnv, _ifaces: CtIfaces, rawEffects: readonly Effect[] = NO_EFFECTS): CtVerdict {
    // Seen before (loopback) or untracked: left alone.
    if (pkt.ct !== undefined && !unattached.has(pkt.ct)) return "ACCEPT";
    // Fragments other than the first have no transport header to track (no defragmentation here).
    if (pkt.ip.fragOffset !== 0) return "ACCEPT";
    const now = env.now();
    if (hook === "PREROUTING" && cfg.checksum && checksumBad(pkt)) {
      // icmp_error counts as an error (nf_conntrack_handle_icmp); tcp_error and udp_error as invalid.
      ctStatAdd(table, pkt.ip.proto === IPPROTO.ICMP ? "error" : "invalid");
      return "ACCEPT";
    }
    const tmpl = ctTemplate(rawEffects);
    const zone = templateZone(tmpl, pkt);
    if (pkt.ip.proto === PROTO_ICMP) {
      const related = relatedByIcmpError(table, pkt, zone, now);
      if (related === "invalid") {
        ctStatAdd(table, "error");
        return "ACCEPT";
      }
      if (related !== "not-an-error") {
        attach(pkt, { entry: related.entry, info: "RELATED", dir: related.dir, icmpError: true }, env);
        return "ACCEPT";
      }
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = resolve(pkt, zone, tmpl, now);
      if (outcome !== "found" || resolved.entry === undefined) {
        // nf_conntrack_in: no room is "drop" (and the packet goes), no tuple is "invalid".
        ctStatAdd(table, outcome === "drop" ? "drop" : "invalid");
        return outcome === "drop" ? "DROP" : "ACCEPT";
      }
      const { entry, dir } = resolved;
      resolved.entry = undefined;
      const info = ctinfoOf(entry, dir);
      const tracked = track(entry, dir, pkt, now);
      if (tracked === "invalid") {
        ctStatAdd(table, "invalid");
        return "ACCEPT";
      }
      if (tracked === "repeat") {
        // An old connection reopened by a SYN: forget it and start a new one.
        deleteEntry(table, entry);
        continue;
      }
      if (dir === DIR_REPLY) entry.status |= SEEN_REPLY;
      pkt.ct = viewOf(entry, info, dir, false, env);
      return "ACCEPT";
    }
    return "ACCEPT";
  }

  /** nf_confirm's helper call: FTP reads the control connection. */
  function runHelper(view: TrackedView, pkt: PacketState, now: number): CtVerdict {
    const { entry } = view;
    if (entry.helper !== "ftp" || (view.state === "RELATED" && view.direction === DIR_REPLY) || pkt.l4.kind !== "tcp") return "ACCEPT";
    return ftpHelp(table, entry, view.direction, view.state === "ESTABLISHED", { seq: pkt.l4.seq, payload: pkt.payload }, cfg, now);
  }

  /** nf_ct_resolve_clash: a UDP entry identical to the one that won is merged into it; anything else is dropped. */
  function resolveClash(view: TrackedView, pkt: PacketState, winner: CtEntry, env: EngineEnv): CtVerdict {
    const loser = view.entry;
    const same = tupleEqual(winner.orig, loser.orig) && tupleEqual(winner.reply, loser.reply);
    const reversed = tupleEqual(winner.orig, loser.reply) && tupleEqual(winner.reply, loser.orig);
    if (!allowsClash(loser.orig.proto) || !(same || reversed)) {
      ctStatAdd(table, "insert_failed");
      return "DROP";
    }
    ctStatAdd(table, "clash_resolve");
    pkt.ct = viewOf(winner, view.state, view.direction, view.icmpError, env);
    return "ACCEPT";
  }

  function confirm(_hook: Hook, pkt: PacketState, env: EngineEnv): CtVerdict {
    const view = trackedOf(pkt.ct);
    if (view === undefined) return "ACCEPT";
    const now = env.now();
    if (runHelper(view, pkt, now) === "DROP") return "DROP";
    const { entry } = view;
    if (isConfirmed(entry)) ctDeliverCached(table, entry);
    // REJECT's replies and ICMP errors travel in the other direction: nothing to confirm.
    if (view.direction !== DIR_ORIGINAL || isConfirmed(entry)) return "ACCEPT";
    if ((entry.status & IPS.DYING) !== 0) return "DROP";
    const winner = findEntry(table, entry.orig, entry.zone, now) ?? findEntry(table, entry.reply, entry.zone, now);
    if (winner !== undefined) return resolveClash(view, pkt, winner.entry, env);
    // The timeout runs from confirmation.
    entry.timeout += now;
    entry.status |= IPS.CONFIRMED;
    if (cfg.timestamp) entry.start = now; // __nf_conntrack_confirm stamps nf_conn_tstamp's start
    // The table keeps its own copy: the packet goes on with that one.
    const stored = insertEntry(table, entry);
    pkt.ct = viewOf(stored, view.state, view.direction, view.icmpError, env);
    ctConfirmed(table, stored);
    return "ACCEPT";
  }

  /**
   * nf_ct_attach (nf_conntrack_attach): a reply the stack makes about a packet (REJECT's RST,
   * an ICMP error) is RELATED to that packet's entry, in the other direction; an untracked
   * original gives an entry-less RELATED. Returns the original's entry, if it had one.
   */
  function attachReply(original: PacketState, reply: PacketState, env: EngineEnv, icmpError: boolean): PacketRef | undefined {
    if (original.ct?.state === "UNTRACKED") {
      reply.ct = unattachedRelated();
      return undefined;
    }
    const ref = refOf(original.ct);
    if (ref !== undefined) attach(reply, { entry: ref.entry, info: "RELATED", dir: ref.dir === DIR_ORIGINAL ? DIR_REPLY : DIR_ORIGINAL, icmpError }, env);
    return ref;
  }

  /** nf_ct_attach and nf_conntrack_tcp_set_closing, for REJECT's RST. */
  function rejected(original: PacketState, reply: PacketState, env: EngineEnv): void {
    const ref = attachReply(original, reply, env, false);
    if (ref !== undefined && isConfirmed(ref.entry)) closeTcp(ref.entry, env.now());
  }

  function closeTcp(entry: CtEntry, now: number): void {
    const tcp = entry.tcp;
    if (tcp === undefined) return;
    const wasClosed = tcpStateName(tcp) === "CLOSE";
    tcp.state = TCP_STATE_NAMES.indexOf("CLOSE");
    if (!wasClosed && (entry.status & IPS.FIXED_TIMEOUT) === 0) entry.timeout = now + cfg.timeouts.tcp.CLOSE * 1000;
  }

  /** nf_ct_attach of an ICMP error to the entry of the packet it is about. */
  function attachError(original: PacketState, reply: PacketState, env: EngineEnv): void {
    attachReply(original, reply, env, true);
  }

  return { conntrackIn, natBefore, natAfter, confirm, dropped: () => undefined, rejected, attach: attachError };
}
