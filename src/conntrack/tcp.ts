// TCP connection tracking (net/netfilter/nf_conntrack_proto_tcp.c): the state transition
// table tcp_conntracks[2][6][TCP_CONNTRACK_MAX], window tracking after Guido van Rooij's
// "Real Stateful TCP Packet Filtering in IP Filter" (tcp_in_window), and the timeout each
// state gets. All sequence arithmetic is modulo 2^32, as the kernel's u32.
import type { CtConfig, TcpTimeoutName } from "./config.ts";
import { IPS } from "./entry.ts";
import type { TcpOption } from "../wire/packet.ts";
import { TCP_FLAG } from "../wire/packet.ts";

// Module-local copies of the flags and status bits: every TCP packet reads them several
// times, and a read of an imported constant object's field costs more than a local's.
const { ACK: TH_ACK, CWR: TH_CWR, ECE: TH_ECE, FIN: TH_FIN, PSH: TH_PSH, RST: TH_RST, SYN: TH_SYN } = TCP_FLAG;
const { ASSURED: IPS_ASSURED, SEEN_REPLY: IPS_SEEN_REPLY } = IPS;

export const TCP_STATE_NAMES = [
  "NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
] as const;
export type TcpStateName = (typeof TCP_STATE_NAMES)[number];

const sNO = 0, sSS = 1, sSR = 2, sES = 3, sFW = 4, sCW = 5, sLA = 6, sTW = 7, sCL = 8, sS2 = 9;
/** TCP_CONNTRACK_MAX (invalid) and TCP_CONNTRACK_IGNORE. */
const sIV = 10, sIG = 11;

/** enum tcp_bit_set: which of RST, SYN, FIN, ACK decides the transition. */
const SYN_SET = 0, SYNACK_SET = 1, FIN_SET = 2, ACK_SET = 3, RST_SET = 4, NONE_SET = 5;

/** tcp_conntracks[dir][index][old state], columns sNO sSS sSR sES sFW sCW sLA sTW sCL sS2. */
const TRANSITIONS: readonly (readonly (readonly number[])[])[] = [
  [
    /* ORIGINAL syn    */ [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    /*          synack */ [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    /*          fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /*          ack    */ [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    /*          rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /*          none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
  [
    /* REPLY    syn    */ [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    /*          synack */ [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    /*          fin    */ [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    /*          ack    */ [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    /*          rst    */ [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    /*          none   */ [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  ],
];

/** IP_CT_TCP_FLAG_* of one direction, and the last_flags-only bits. */
const F_WINDOW_SCALE = 0x01, F_SACK_PERM = 0x02, F_CLOSE_INIT = 0x04, F_BE_LIBERAL = 0x08;
const F_DATA_UNACKNOWLEDGED = 0x10, F_MAXACK_SET = 0x20, F_EXP_CHALLENGE_ACK = 0x40, F_SIMULTANEOUS_OPEN = 0x80;

/** struct ip_ct_tcp_state: what has been seen of one direction. */
export interface TcpSeen {
  end: number;
  maxend: number;
  maxwin: number;
  maxack: number;
  scale: number;
  flags: number;
}

/** struct ip_ct_tcp. */
export interface TcpCt {
  state: number;
  seen: [TcpSeen, TcpSeen];
  lastDir: number;
  lastIndex: number;
  lastSeq: number;
  lastAck: number;
  lastEnd: number;
  lastWin: number;
  lastWscale: number;
  lastFlags: number;
  retrans: number;
}

/** What conntrack reads of a segment. */
export interface TcpSegment {
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly window: number;
  readonly options: readonly TcpOption[];
  readonly payloadLength: number;
}

/**
 * The tracker's answer: accept with a new timeout (seconds), maybe setting ASSURED or
 * killing an entry that only saw a RST back; accept without touching the entry
 * (ignored packets keep their entry but change nothing); invalid (no entry); repeat
 * (the entry is an old connection being reopened: kill it and look up again).
 */
export type TcpVerdict =
  | { readonly kind: "accept"; readonly timeout: number; readonly assured: boolean; readonly kill: boolean; readonly keepTimeout: boolean }
  | { readonly kind: "ignore" }
  | { readonly kind: "invalid" }
  | { readonly kind: "repeat" };

/**
 * The verdicts without fields are shared constants, and the accept verdict is one record
 * rewritten by every call: tcpPacket runs for every TCP packet and the engine reads its
 * answer at once, so no verdict is allocated per packet.
 */
const INVALID: TcpVerdict = { kind: "invalid" };
const IGNORE: TcpVerdict = { kind: "ignore" };
const REPEAT: TcpVerdict = { kind: "repeat" };
const accepted = { kind: "accept" as const, timeout: 0, assured: false, kill: false, keepTimeout: false };

function accept(timeout: number, assured: boolean, kill: boolean, keepTimeout: boolean): TcpVerdict {
  accepted.timeout = timeout;
  accepted.assured = assured;
  accepted.kill = kill;
  accepted.keepTimeout = keepTimeout;
  return accepted;
}

const u32 = (x: number): number => x >>> 0;
/** before(a, b): (s32)(a - b) < 0. */
const before = (a: number, b: number): boolean => ((a - b) | 0) < 0;
const after = (a: number, b: number): boolean => before(b, a);

const has = (s: TcpSegment, flag: number): boolean => (s.flags & flag) !== 0;

function emptySeen(): TcpSeen {
  return { end: 0, maxend: 0, maxwin: 0, maxack: 0, scale: 0, flags: 0 };
}

export function newTcpCt(): TcpCt {
  return {
    state: sNO, seen: [emptySeen(), emptySeen()], lastDir: 0, lastIndex: NONE_SET, lastSeq: 0, lastAck: 0,
    lastEnd: 0, lastWin: 0, lastWscale: 0, lastFlags: 0, retrans: 0,
  };
}

/**
 * ctnetlink_create_conntrack's TCP part, as libct_proto_tcp's final_check asks it: the state
 * given and window tracking off (BE_LIBERAL, SACK_PERM both ways), CLOSE_INIT from TIME_WAIT on.
 */
export function tcpCtFromNetlink(state: number): TcpCt {
  const ct = newTcpCt();
  ct.state = state;
  const flags = F_BE_LIBERAL | F_SACK_PERM | (state >= sTW ? F_CLOSE_INIT : 0);
  for (const seen of ct.seen) seen.flags = flags;
  return ct;
}

export function tcpStateName(ct: TcpCt): TcpStateName {
  return TCP_STATE_NAMES[ct.state] ?? "NONE";
}

/** get_conntrack_index: RST, then SYN (with or without ACK), FIN, ACK. */
function conntrackIndex(flags: number): number {
  if ((flags & TH_RST) !== 0) return RST_SET;
  if ((flags & TH_SYN) !== 0) return (flags & TH_ACK) !== 0 ? SYNACK_SET : SYN_SET;
  if ((flags & TH_FIN) !== 0) return FIN_SET;
  if ((flags & TH_ACK) !== 0) return ACK_SET;
  return NONE_SET;
}

/** segment_seq_plus_len: the sequence number after the segment (SYN and FIN count one). */
function segmentEnd(s: TcpSegment): number {
  return u32(s.seq + s.payloadLength + (has(s, TH_SYN) ? 1 : 0) + (has(s, TH_FIN) ? 1 : 0));
}

/** tcp_valid_flags: the combinations of FIN, SYN, RST, ACK, URG that tcp_error lets through. */
const VALID_FLAGS: readonly number[] = [0x02, 0x22, 0x12, 0x04, 0x14, 0x11, 0x31, 0x10, 0x30];
/** The same as a table indexed by those six bits (a lookup per packet, not a set probe). */
const VALID_TABLE = new Uint8Array(64);
for (const f of VALID_FLAGS) VALID_TABLE[f] = 1;

/** tcp_error's flag check (PSH, ECE and CWR are always valid). */
export function tcpFlagsValid(flags: number): boolean {
  const rest = flags & ~(TH_ECE | TH_CWR | TH_PSH);
  return rest < 64 && VALID_TABLE[rest] === 1;
}

/** tcp_options: window scale (capped at 14) and SACK permitted; BE_LIBERAL survives. */
function tcpOptions(options: readonly TcpOption[], state: TcpSeen): void {
  state.scale = 0;
  state.flags &= F_BE_LIBERAL;
  for (const o of options) {
    if (o.kind === 0 || o.malformed) return;
    if (o.kind === 1) continue;
    const size = o.data.length + 2;
    if (o.kind === 4 && size === 2) state.flags |= F_SACK_PERM;
    else if (o.kind === 3 && size === 3) {
      state.scale = Math.min(o.data[0] ?? 0, 14);
      state.flags |= F_WINDOW_SCALE;
    }
  }
}

/** tcp_sack: the highest right edge of the first SACK option's blocks, if beyond `sack`. */
function tcpSack(options: readonly TcpOption[], sack: number): number {
  let best = sack;
  for (const o of options) {
    if (o.kind === 0 || o.malformed) return best;
    if (o.kind === 1) continue;
    const size = o.data.length + 2;
    if (o.kind === 5 && size >= 10 && (size - 2) % 8 === 0) {
      for (let i = 0; i < o.data.length; i += 8) {
        const right = u32((((o.data[i + 4] ?? 0) << 24) | ((o.data[i + 5] ?? 0) << 16) | ((o.data[i + 6] ?? 0) << 8) | (o.data[i + 7] ?? 0)));
        if (after(right, best)) best = right;
      }
      return best;
    }
  }
  return best;
}

/** tcp_init_sender: a SYN or SYN/ACK (re)starts what is known of its direction. */
function initSender(sender: TcpSeen, receiver: TcpSeen, s: TcpSegment, end: number, dir: number): void {
  sender.end = end;
  sender.maxend = end;
  sender.maxwin = s.window === 0 ? 1 : s.window;
  tcpOptions(s.options, sender);
  // RFC 1323: both sides must send the Window Scale option to enable scaling.
  if (dir === 1 && !((sender.flags & F_WINDOW_SCALE) !== 0 && (receiver.flags & F_WINDOW_SCALE) !== 0)) {
    sender.scale = 0;
    receiver.scale = 0;
  }
}

const MAXACKWINCONST = 66000;
const maxAckWindow = (sender: TcpSeen): number => (sender.maxwin > MAXACKWINCONST ? sender.maxwin : MAXACKWINCONST);

type WindowResult = "accept" | "ignore" | "invalid";

/** nf_tcp_log_invalid: a liberal sender (or sysctl) has its doubtful segments accepted. */
function doubtful(sender: TcpSeen, cfg: CtConfig, result: WindowResult): WindowResult {
  return (sender.flags & F_BE_LIBERAL) !== 0 || cfg.tcpBeLiberal ? "accept" : result;
}

/** The first part of tcp_in_window: learning a direction that has not been seen yet. */
function learnSender(ct: TcpCt, dir: number, s: TcpSegment, end: number, sack: number): "accept" | undefined {
  const sender = ct.seen[dir] as TcpSeen;
  const receiver = ct.seen[1 - dir] as TcpSeen;
  if (sender.maxwin === 0) {
    if (has(s, TH_SYN)) {
      initSender(sender, receiver, s, end, dir);
      // Simultaneous open.
      return has(s, TH_ACK) ? undefined : "accept";
    }
    // Mid-connection: use what the packet tells.
    sender.end = end;
    const swin = u32(s.window * 2 ** sender.scale);
    sender.maxwin = swin === 0 ? 1 : swin;
    sender.maxend = u32(end + sender.maxwin);
    if (receiver.maxwin === 0) {
      receiver.end = sack;
      receiver.maxend = sack;
    } else if (sack === u32(receiver.end + 1)) {
      // Likely a reply to a keepalive.
      receiver.end = u32(receiver.end + 1);
    }
    return undefined;
  }
  if (has(s, TH_SYN) && after(end, sender.end) && (ct.state === sSS || ct.state === sSR)) {
    // RFC 793: a reinitialized TCP only has to use larger sequence numbers.
    initSender(sender, receiver, s, end, dir);
    if (dir === 1 && !has(s, TH_ACK)) return "accept";
  }
  return undefined;
}

/** tcp_in_window: is the segment inside what both ends can have sent and acknowledged? */
function inWindow(ct: TcpCt, dir: number, index: number, s: TcpSegment, cfg: CtConfig): WindowResult {
  const sender = ct.seen[dir] as TcpSeen;
  const receiver = ct.seen[1 - dir] as TcpSeen;
  let seq = s.seq;
  let ack = s.ack;
  let end = segmentEnd(s);
  let sack = (receiver.flags & F_SACK_PERM) !== 0 ? tcpSack(s.options, ack) : ack;
  if (learnSender(ct, dir, s, end, sack) === "accept") return "accept";

  if (!has(s, TH_ACK)) {
    ack = sack = receiver.end;
  } else if (has(s, TH_RST) && ack === 0) {
    // Broken stacks set ACK in RSTs with a zero ack.
    ack = sack = receiver.end;
  }
  // A RST with seq 0 answering a SYN.
  if (has(s, TH_RST) && seq === 0 && ct.state === sSS) seq = end = sender.end;

  if (!before(seq, u32(sender.maxend + 1))) {
    const overshot = u32(end - sender.maxend + 1);
    const ackOk = after(sack, u32(receiver.end - maxAckWindow(sender) - 1));
    const inRecvWin = receiver.maxwin !== 0 && after(end, u32(sender.end - receiver.maxwin - 1));
    if (inRecvWin && ackOk && overshot <= receiver.maxwin && before(sack, u32(receiver.end + 1))) {
      // More bytes than the window allowed: let a later ACK of them update the state.
      sender.end = end;
      sender.flags |= F_DATA_UNACKNOWLEDGED;
      return doubtful(sender, cfg, "ignore");
    }
    // SEQ is over the upper bound (over the window of the receiver).
    return doubtful(sender, cfg, "invalid");
  }
  // ACK is over the upper bound (ACKed data not seen yet).
  if (!before(sack, u32(receiver.end + 1))) return doubtful(sender, cfg, "invalid");
  // SEQ under the lower bound (already ACKed data retransmitted).
  if (receiver.maxwin !== 0 && !after(end, u32(sender.end - receiver.maxwin - 1))) return doubtful(sender, cfg, "ignore");
  // ACK under the lower bound (possibly overly delayed).
  if (!after(sack, u32(receiver.end - maxAckWindow(sender) - 1))) return doubtful(sender, cfg, "ignore");

  const v = scratchBounds;
  v.seq = seq;
  v.ack = ack;
  v.sack = sack;
  v.end = end;
  updateWindows(ct, dir, index, s, v);
  return "accept";
}

interface Bounds {
  seq: number;
  ack: number;
  sack: number;
  end: number;
}

/** The segment's numbers as tcp_in_window adjusted them, rewritten for each packet (no object per packet). */
const scratchBounds: Bounds = { seq: 0, ack: 0, sack: 0, end: 0 };

/** The second part of tcp_in_window: what an in-window segment teaches about both ends. */
function updateWindows(ct: TcpCt, dir: number, index: number, s: TcpSegment, v: Bounds): void {
  const sender = ct.seen[dir] as TcpSeen;
  const receiver = ct.seen[1 - dir] as TcpSeen;
  const win = has(s, TH_SYN) ? s.window : u32(s.window * 2 ** sender.scale);
  const swin = u32(win + u32(v.sack - v.ack));
  if (sender.maxwin < swin) sender.maxwin = swin;
  if (after(v.end, sender.end)) {
    sender.end = v.end;
    sender.flags |= F_DATA_UNACKNOWLEDGED;
  }
  if (has(s, TH_ACK)) {
    if ((sender.flags & F_MAXACK_SET) === 0) {
      sender.maxack = v.ack;
      sender.flags |= F_MAXACK_SET;
    } else if (after(v.ack, sender.maxack)) {
      sender.maxack = v.ack;
    }
  }
  if (receiver.maxwin !== 0 && after(v.end, sender.maxend)) receiver.maxwin = u32(receiver.maxwin + v.end - sender.maxend);
  if (after(u32(v.sack + win), u32(receiver.maxend - 1))) {
    receiver.maxend = u32(v.sack + win + (win === 0 ? 1 : 0));
  }
  if (v.ack === receiver.end) receiver.flags &= ~F_DATA_UNACKNOWLEDGED;
  if (index === ACK_SET) noteRetransmission(ct, dir, v, s.window);
}

/** Identical ACKs in a row count as retransmissions (a shorter timeout after tcp_max_retrans). */
function noteRetransmission(ct: TcpCt, dir: number, v: { seq: number; ack: number; end: number }, win: number): void {
  if (ct.lastDir === dir && ct.lastSeq === v.seq && ct.lastAck === v.ack && ct.lastEnd === v.end && ct.lastWin === win) {
    ct.retrans++;
    return;
  }
  ct.lastDir = dir;
  ct.lastSeq = v.seq;
  ct.lastAck = v.ack;
  ct.lastEnd = v.end;
  ct.lastWin = win;
  ct.retrans = 0;
}

/**
 * tcp_new: the first packet of a connection. A SYN starts it in SYN_SENT; with
 * nf_conntrack_tcp_loose anything else the table allows (a bare ACK) picks up a
 * connection in the middle, liberal about windows from then on. False: INVALID.
 */
export function tcpNew(ct: TcpCt, s: TcpSegment, cfg: CtConfig): boolean {
  const index = conntrackIndex(s.flags);
  const first = TRANSITIONS[0]?.[index]?.[sNO] ?? sIV;
  if (first >= sIV) return false;
  const seen = ct.seen[0];
  if (first === sSS) {
    seen.end = segmentEnd(s);
    seen.maxwin = s.window === 0 ? 1 : s.window;
    seen.maxend = seen.end;
    tcpOptions(s.options, seen);
  } else {
    if (!cfg.tcpLoose) return false;
    seen.end = segmentEnd(s);
    seen.maxwin = s.window === 0 ? 1 : s.window;
    seen.maxend = u32(seen.end + seen.maxwin);
    seen.flags = F_SACK_PERM | F_BE_LIBERAL;
    ct.seen[1].flags = F_SACK_PERM | F_BE_LIBERAL;
  }
  ct.lastIndex = NONE_SET;
  return true;
}

/** nf_conntrack_tcp_established: ESTABLISHED and ASSURED. */
function established(ct: TcpCt, status: number): boolean {
  return ct.state === sES && (status & IPS_ASSURED) !== 0;
}

/** tcp_can_early_drop: closing states. */
export function tcpClosing(ct: TcpCt): boolean {
  return ct.state === sFW || ct.state === sLA || ct.state === sTW || ct.state === sCL || ct.state === sCW;
}

/** The reset state of a direction (nf_ct_tcp_state_reset), liberal kept. */
function resetSeen(seen: TcpSeen): void {
  Object.assign(seen, { end: 0, maxend: 0, maxwin: 0, maxack: 0, scale: 0, flags: seen.flags & F_BE_LIBERAL });
}

interface Step {
  oldState: number;
  newState: number;
  /** Skip the window check (goto in_window). */
  skipWindow: boolean;
}

/** The step of the packet being tracked, rewritten by each transition (one per packet, read at once). */
const scratchStep: Step = { oldState: sNO, newState: sNO, skipWindow: false };

/**
 * The TCP_CONNTRACK_IGNORE case: a packet that may be valid or not. A SYN/ACK answering a
 * SYN ignored earlier puts the tracker back in sync; anything else is remembered and let
 * through without a state change.
 */
function ignored(ct: TcpCt, dir: number, index: number, s: TcpSegment, step: Step): Step | "ignore" {
  if (index === SYNACK_SET && ct.lastIndex === SYN_SET && ct.lastDir !== dir && s.ack === ct.lastEnd) {
    const last = ct.seen[ct.lastDir] as TcpSeen;
    last.end = ct.lastEnd;
    last.maxend = ct.lastEnd;
    last.maxwin = ct.lastWin === 0 ? 1 : ct.lastWin;
    last.scale = ct.lastWscale;
    ct.lastFlags &= ~F_EXP_CHALLENGE_ACK;
    last.flags = ct.lastFlags;
    resetSeen(ct.seen[dir] as TcpSeen);
    return { oldState: sSS, newState: sSR, skipWindow: false };
  }
  ct.lastIndex = index;
  ct.lastDir = dir;
  ct.lastSeq = s.seq;
  ct.lastEnd = segmentEnd(s);
  ct.lastWin = s.window;
  if (index === SYN_SET && dir === 0) {
    // The options of a SYN in the original direction, for when its SYN/ACK comes.
    const seen = emptySeen();
    tcpOptions(s.options, seen);
    ct.lastFlags = 0;
    ct.lastWscale = 0;
    if ((seen.flags & F_WINDOW_SCALE) !== 0) {
      ct.lastFlags |= F_WINDOW_SCALE;
      ct.lastWscale = seen.scale;
    }
    if ((seen.flags & F_SACK_PERM) !== 0) ct.lastFlags |= F_SACK_PERM;
    // RFC 5961: the answer may be a challenge ACK, which must not look like the last ACK.
    if (step.oldState === sLA) ct.lastFlags |= F_EXP_CHALLENGE_ACK;
  }
  if (step.oldState === sSS && index === ACK_SET && dir === 1) ct.lastAck = s.ack;
  return "ignore";
}

/** The TCP_CONNTRACK_CLOSE case for a RST: is it plausible, and does it close? */
function closingRst(ct: TcpCt, dir: number, s: TcpSegment, status: number, step: Step, cfg: CtConfig): Step | "invalid" {
  if (tcpClosing(ct)) return { ...step, skipWindow: true };
  const peer = ct.seen[1 - dir] as TcpSeen;
  let newState = step.newState;
  if ((peer.flags & F_MAXACK_SET) !== 0 && ct.lastIndex !== SYN_SET) {
    const seq = s.seq;
    // Not established and seq 0: most likely the answer to a SYN let through.
    if (seq === 0 && !established(ct, status)) return step;
    if (before(seq, peer.maxack) && !cfg.tcpIgnoreInvalidRst) return "invalid";
    if (!established(ct, status) || seq === peer.maxack) return step;
    // Part of a train: data, then a RST at its end.
    if (ct.lastIndex === ACK_SET && ct.lastDir === dir && seq === ct.lastEnd) return step;
    // Not exactly at the expected sequence: keep the state for a challenge ACK.
    newState = step.oldState;
  }
  const answersIgnored =
    ((status & IPS_SEEN_REPLY) !== 0 && ct.lastIndex === SYN_SET) || ((status & IPS_ASSURED) === 0 && ct.lastIndex === ACK_SET);
  if (answersIgnored && s.ack === ct.lastEnd) return { ...step, newState, skipWindow: true };
  // A RST answering a challenge ACK let through earlier.
  if (step.oldState === sSS && ct.lastIndex === ACK_SET && ct.lastDir === 1 && s.seq === ct.lastAck) {
    return { ...step, newState, skipWindow: true };
  }
  return { ...step, newState };
}

/** The switch over the new state in nf_conntrack_tcp_packet, before the window check. */
function transition(ct: TcpCt, dir: number, index: number, s: TcpSegment, status: number, cfg: CtConfig): Step | TcpVerdict {
  const oldState = ct.state;
  const step = scratchStep;
  step.oldState = oldState;
  step.newState = TRANSITIONS[dir]?.[index]?.[oldState] ?? sIV;
  step.skipWindow = false;
  switch (step.newState) {
    case sSS: {
      if (oldState < sTW) return step;
      // RFC 1122: a SYN may reopen a connection from TIME_WAIT; an aborted one is reopened too.
      const closeInit = ((ct.seen[dir]?.flags ?? 0) | (ct.seen[1 - dir]?.flags ?? 0)) & F_CLOSE_INIT;
      if (closeInit !== 0 || (ct.lastDir === dir && ct.lastIndex === RST_SET)) return REPEAT;
      const r = ignored(ct, dir, index, s, step);
      return r === "ignore" ? IGNORE : r;
    }
    case sIG: {
      const r = ignored(ct, dir, index, s, step);
      return r === "ignore" ? IGNORE : r;
    }
    case sIV:
      return INVALID;
    case sTW:
      // RFC 5961: a challenge ACK answering a spurious SYN does not ack the last FIN.
      if (oldState === sLA && index === ACK_SET && ct.lastDir !== dir && ct.lastIndex === SYN_SET && (ct.lastFlags & F_EXP_CHALLENGE_ACK) !== 0) {
        ct.lastFlags &= ~F_EXP_CHALLENGE_ACK;
        return IGNORE;
      }
      return step;
    case sS2:
      // The table cannot tell a simultaneous open by itself.
      ct.lastFlags |= F_SIMULTANEOUS_OPEN;
      return step;
    case sSR:
      if (dir === 1 && index === ACK_SET && (ct.lastFlags & F_SIMULTANEOUS_OPEN) !== 0) return { ...step, newState: sES };
      return step;
    case sCL: {
      if (index !== RST_SET) return step;
      const r = closingRst(ct, dir, s, status, step, cfg);
      return r === "invalid" ? INVALID : r;
    }
    default:
      return step;
  }
}

/** The timeout of the new state, shortened by retransmissions, a RST, unacknowledged data or a zero window. */
function timeoutFor(ct: TcpCt, index: number, newState: number, cfg: CtConfig): number {
  const t = cfg.timeouts.tcp;
  // Read once, not through a closure: this runs for every TCP packet.
  const own = t[(TCP_STATE_NAMES[newState] ?? "CLOSE") as TcpTimeoutName] ?? 0;
  const unacked = ((ct.seen[0].flags | ct.seen[1].flags) & F_DATA_UNACKNOWLEDGED) !== 0;
  if (ct.retrans >= cfg.tcpMaxRetrans && own > t.RETRANS) return t.RETRANS;
  if (index === RST_SET) return t.CLOSE;
  if (unacked && own > t.UNACK) return t.UNACK;
  if (ct.lastWin === 0 && own > t.RETRANS) return t.RETRANS;
  return own;
}

/**
 * nf_conntrack_tcp_packet for a segment in direction `dir` (0 original, 1 reply) of an
 * entry whose status is `status`; `confirmed` false for the connection's first packet.
 * Mutates `ct` as the kernel mutates ct->proto.tcp. The verdict is read before the next
 * call: an accept verdict is one record that the next call rewrites.
 */
export function tcpPacket(ct: TcpCt, dir: number, s: TcpSegment, status: number, confirmed: boolean, cfg: CtConfig): TcpVerdict {
  if (!tcpFlagsValid(s.flags)) return INVALID;
  if (!confirmed && !tcpNew(ct, s, cfg)) return INVALID;
  const index = conntrackIndex(s.flags);
  const step = transition(ct, dir, index, s, status, cfg);
  if ("kind" in step) return step;
  if (!step.skipWindow) {
    const res = inWindow(ct, dir, index, s, cfg);
    if (res === "ignore") return IGNORE;
    if (res === "invalid") return INVALID;
  }
  const { oldState, newState } = step;
  ct.lastIndex = index;
  ct.lastDir = dir;
  ct.state = newState;
  if (oldState !== newState && newState === sFW) (ct.seen[dir] as TcpSeen).flags |= F_CLOSE_INIT;
  let timeout = timeoutFor(ct, index, newState, cfg);
  if ((status & IPS_SEEN_REPLY) === 0) {
    // Only a RST came back: not a connection, forget it at once.
    if (has(s, TH_RST)) return accept(timeout, false, true, true);
    // A retransmitted SYN does not renew the timeout (a reused port must not keep it alive).
    if (index === SYN_SET && oldState === sSS) return accept(timeout, false, false, true);
    // Picked up mid-connection: no long ESTABLISHED timeout before a reply.
    if (newState === sES && timeout > cfg.timeouts.tcp.UNACK) timeout = cfg.timeouts.tcp.UNACK;
    return accept(timeout, false, false, false);
  }
  const assured = (status & IPS_ASSURED) === 0 && (oldState === sSR || oldState === sES) && newState === sES;
  return accept(timeout, assured, false, false);
}

/** nf_nat_core.c nf_seq_has_advanced: the new connection's first sequence is past the old one's. */
export function seqHasAdvanced(old: TcpCt, fresh: TcpCt): boolean {
  return ((fresh.seen[0].end - old.seen[0].end) | 0) > 0;
}

export function isTimeWaitOrLater(ct: TcpCt): boolean {
  return ct.state >= sTW;
}

export function isSynSent(ct: TcpCt): boolean {
  return ct.state === sSS;
}
