// A small TCP (net/ipv4/tcp_ipv4.c, tcp_input.c, tcp_output.c): enough for nc — the
// three-way handshake with Linux's SYN options, data and FIN in order, SYN retransmission
// on the virtual clock (tcp_syn_retries), resets for closed ports (tcp_v4_send_reset),
// and ICMP errors failing a connect (tcp_v4_err), and the close as Linux makes it: the
// ACK of a FIN that moves us to CLOSE_WAIT waits for the delayed-ACK timer (tcp_fin enters
// pingpong mode), so an application that closes at once sends it on its own FIN,ACK.
// No loss recovery beyond the SYN, no windows, no TIME_WAIT: the segments nfsim's veths
// carry are never lost unless dropped.
import { formatIpv4 } from "../wire/ipv4.ts";
import { IPPROTO, TCP_FLAG, type Ipv4Packet, type TcpHeader, type TcpOption } from "../wire/packet.ts";
import { TCPOPT } from "../wire/tcp.ts";
import type { Endpoint as EndpointT } from "./state.ts";
import type { NetHost } from "./host.ts";
import { buildPacket } from "./ip-build.ts";
import { UNREACH_ERRNO } from "./local.ts";
import { deviceByName } from "./namespace.ts";
import { ipLocalOut } from "./path.ts";
import { routeOutput, type OutputRoute } from "./route-output.ts";
import { resetFor } from "./reject.ts";
import type { Skb } from "./skb.ts";
import { stackOf, type TcpSocket } from "./state.ts";
import type { Device, NetNamespace } from "./types.ts";
import { allocPort, newSocketId } from "./sockets.ts";

/** tcp_syn_retries: a connect gives up after six retransmissions (1+2+4+…+64 s). */
const SYN_RETRIES = 6;
const RTO_US = 1_000_000;
/** A jiffy: Debian's kernels tick at CONFIG_HZ=250. Kernel timers fire on ticks. */
const JIFFY_US = 4_000;
/** TCP_ATO_MIN (HZ/25): the delayed-ACK timeout tcp_event_data_recv sets on the first data. */
const ATO_MIN_US = 40_000;

function nsOf(h: NetHost, name: string): NetNamespace {
  const ns = h.namespaces[name];
  if (ns === undefined) throw new Error(`no namespace ${name}`);
  return ns;
}

function u32(n: number): number {
  return n >>> 0;
}

function be32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function tsval(h: NetHost, s: TcpSocket): number {
  return u32(Math.floor(h.now() / 1000) + s.tsOffset);
}

function timestamp(h: NetHost, s: TcpSocket): TcpOption {
  return { kind: TCPOPT.TIMESTAMP, data: [...be32(tsval(h, s)), ...be32(s.tsRecent)] };
}

/** tcp_syn_options / tcp_synack_options: mss, sackOK and TS, nop, wscale. */
function synOptions(h: NetHost, s: TcpSocket, mss: number): TcpOption[] {
  return [
    { kind: TCPOPT.MSS, data: [(mss >> 8) & 255, mss & 255] },
    { kind: TCPOPT.SACK_PERM, data: [] },
    timestamp(h, s),
    { kind: TCPOPT.NOP, data: [] },
    { kind: TCPOPT.WSCALE, data: [7] },
  ];
}

function mssFor(ns: NetNamespace, route: OutputRoute): number {
  const dev = route.dev === undefined ? undefined : ns.devices.find((d) => d.ifindex === route.dev);
  return Math.min(dev?.mtu ?? 1500, 65535) - 40;
}

function route(ns: NetNamespace, s: TcpSocket): OutputRoute | undefined {
  if (s.remote === undefined) return undefined;
  try {
    return routeOutput(ns, s.remote.addr, { saddr: s.local.addr });
  } catch {
    return undefined;
  }
}

/** Sends one segment of the connection with the given flags and data. */
function send(h: NetHost, nsName: string, s: TcpSocket, flags: number, payload: readonly number[] = [], seq = s.sndNxt): void {
  const ns = nsOf(h, nsName);
  const r = route(ns, s);
  if (r === undefined || s.remote === undefined) return;
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const tcp: TcpHeader = {
    kind: "tcp", sport: s.local.port, dport: s.remote.port, seq: u32(seq), ack: (flags & TCP_FLAG.ACK) !== 0 ? s.rcvNxt : 0, flags,
    window: syn ? ((flags & TCP_FLAG.ACK) !== 0 ? 65160 : 64240) : 502,
    options: syn ? synOptions(h, s, mssFor(ns, r)) : [{ kind: TCPOPT.NOP, data: [] }, { kind: TCPOPT.NOP, data: [] }, timestamp(h, s)],
  };
  // tcp_event_ack_sent: any segment carrying the ACK stops the delayed-ACK timer.
  if ((flags & TCP_FLAG.ACK) !== 0) delete s.delackAt;
  const packet = buildPacket(h, ns, { src: s.local.addr, dst: s.remote.addr, proto: IPPROTO.TCP, df: true }, tcp, payload);
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: `TCP ${formatIpv4(s.local.addr)}:${String(s.local.port)}` }, packet);
  ipLocalOut(h, nsName, { pkt: { ...packet, mark: 0 }, trace }, r);
}

function findSocket(ns: NetNamespace, id: number): TcpSocket | undefined {
  const s = stackOf(ns).sockets.find((x) => x.id === id);
  return s?.kind === "tcp" ? s : undefined;
}

function remove(h: NetHost, ns: NetNamespace, s: TcpSocket): void {
  const st = stackOf(ns);
  st.sockets = st.sockets.filter((x) => x !== s);
  s.state = "CLOSED";
  h.notify(s.owner, { kind: "closed", socket: s.id });
}

function fail(h: NetHost, ns: NetNamespace, s: TcpSocket, errno: string): void {
  h.notify(s.owner, { kind: "error", socket: s.id, errno });
  remove(h, ns, s);
}

export type ConnectResult = { readonly ok: true; readonly socket: number } | { readonly ok: false; readonly errno: string };

export interface ConnectRequest {
  readonly owner: number;
  readonly dst: EndpointT;
  readonly src?: number;
  readonly sport?: number;
  readonly dev?: string;
}

/** tcp_v4_connect: route (its errno is connect's), an ephemeral port, the SYN and its timer. */
export function tcpConnect(h: NetHost, nsName: string, req: ConnectRequest): ConnectResult {
  const ns = nsOf(h, nsName);
  let r: OutputRoute;
  try {
    const oif = req.dev === undefined ? undefined : deviceByName(ns, req.dev)?.ifindex;
    r = routeOutput(ns, req.dst.addr, { ...(req.src !== undefined ? { saddr: req.src } : {}), ...(oif !== undefined ? { oif } : {}) });
  } catch (e) {
    return { ok: false, errno: (e as { errno?: string }).errno ?? "ENETUNREACH" };
  }
  const local = { addr: req.src ?? r.src ?? 0, port: req.sport ?? allocPort(h, ns, "tcp") };
  const iss = u32(Math.floor(h.random() * 2 ** 32));
  const s: TcpSocket = {
    kind: "tcp", id: newSocketId(ns), owner: req.owner, state: "SYN_SENT", local, remote: req.dst,
    iss, sndNxt: u32(iss + 1), sndUna: iss, rcvNxt: 0, retries: 0,
    tsOffset: u32(Math.floor(h.random() * 2 ** 32)), tsRecent: 0, finSent: false,
    ...(req.dev !== undefined ? { dev: req.dev } : {}),
  };
  stackOf(ns).sockets.push(s);
  send(h, nsName, s, TCP_FLAG.SYN, [], iss);
  h.schedule(h.now() + RTO_US, { kind: "tcp", ns: nsName, socket: s.id });
  return { ok: true, socket: s.id };
}

/** listen(2) on a port: "EADDRINUSE" when another TCP socket has it. */
export function tcpListen(h: NetHost, nsName: string, owner: number, local: EndpointT, dev?: string): ConnectResult {
  const ns = nsOf(h, nsName);
  if (stackOf(ns).sockets.some((s) => s.kind === "tcp" && s.local.port === local.port && s.state === "LISTEN")) return { ok: false, errno: "EADDRINUSE" };
  const s: TcpSocket = {
    kind: "tcp", id: newSocketId(ns), owner, state: "LISTEN", local, iss: 0, sndNxt: 0, sndUna: 0, rcvNxt: 0,
    retries: 0, tsOffset: 0, tsRecent: 0, finSent: false, ...(dev !== undefined ? { dev } : {}),
  };
  stackOf(ns).sockets.push(s);
  return { ok: true, socket: s.id };
}

/**
 * tcp_send_delayed_ack: the ACK owed goes out when the timer fires, unless a segment
 * carried it first. The timer is due ato from now and runs on the tick after: a socket
 * that never received data has ato 0 (the real one's ACK came 2 ms after the FIN), one
 * that did TCP_ATO_MIN (the real ACK came 43 ms after the FIN).
 */
function delayAck(h: NetHost, nsName: string, s: TcpSocket): void {
  s.delackAt = (Math.floor((h.now() + (s.ato ?? 0)) / JIFFY_US) + 1) * JIFFY_US;
  h.schedule(s.delackAt, { kind: "tcp", ns: nsName, socket: s.id });
}

/** tcp_delack_timer: the ACK still owed, if its time has come. */
function delackTimer(h: NetHost, nsName: string, s: TcpSocket): void {
  if (s.delackAt === undefined || s.delackAt > h.now()) return;
  send(h, nsName, s, TCP_FLAG.ACK);
}

/** The socket's timers: the delayed ACK, and the SYN retransmission (tcp_retransmit_timer for a SYN_SENT socket). */
export function tcpTimer(h: NetHost, nsName: string, id: number): void {
  const ns = h.namespaces[nsName];
  const s = ns === undefined ? undefined : findSocket(ns, id);
  if (ns === undefined || s === undefined) return;
  if (s.delackAt !== undefined) return delackTimer(h, nsName, s);
  if (s.state !== "SYN_SENT") return;
  if (s.retries >= SYN_RETRIES) return fail(h, ns, s, "ETIMEDOUT");
  s.retries++;
  send(h, nsName, s, TCP_FLAG.SYN, [], s.iss);
  h.schedule(h.now() + RTO_US * 2 ** s.retries, { kind: "tcp", ns: nsName, socket: s.id });
}

export function tcpSend(h: NetHost, nsName: string, id: number, payload: readonly number[]): void {
  const ns = nsOf(h, nsName);
  const s = findSocket(ns, id);
  if (s === undefined || (s.state !== "ESTABLISHED" && s.state !== "CLOSE_WAIT") || payload.length === 0) return;
  send(h, nsName, s, TCP_FLAG.PSH | TCP_FLAG.ACK, payload);
  s.sndNxt = u32(s.sndNxt + payload.length);
}

/** shutdown(SHUT_WR) / close: our FIN. */
export function tcpShutdown(h: NetHost, nsName: string, id: number): void {
  const ns = nsOf(h, nsName);
  const s = findSocket(ns, id);
  if (s === undefined || s.finSent) return;
  if (s.state === "LISTEN" || s.state === "SYN_SENT") return remove(h, ns, s);
  if (s.state !== "ESTABLISHED" && s.state !== "CLOSE_WAIT") return;
  send(h, nsName, s, TCP_FLAG.FIN | TCP_FLAG.ACK);
  s.sndNxt = u32(s.sndNxt + 1);
  s.finSent = true;
  s.state = s.state === "ESTABLISHED" ? "FIN_WAIT1" : "LAST_ACK";
}

/** close(2) by an exiting owner: the connection finishes without it. */
export function tcpClose(h: NetHost, nsName: string, id: number): void {
  const ns = h.namespaces[nsName];
  const s = ns === undefined ? undefined : findSocket(ns, id);
  if (ns === undefined || s === undefined) return;
  tcpShutdown(h, nsName, id);
  const still = findSocket(ns, id);
  if (still !== undefined) Object.assign(still, { owner: 0 });
}

function lookup(ns: NetNamespace, pkt: Ipv4Packet, dev: Device): TcpSocket | undefined {
  const { ip, l4 } = pkt;
  if (l4.kind !== "tcp") return undefined;
  const tcps = stackOf(ns).sockets.filter((s): s is TcpSocket => s.kind === "tcp" && s.local.port === l4.dport && (s.dev === undefined || s.dev === dev.name));
  return (
    tcps.find((s) => s.remote !== undefined && s.remote.addr === ip.src && s.remote.port === l4.sport && s.local.addr === ip.dst) ??
    tcps.find((s) => s.state === "LISTEN" && (s.local.addr === 0 || s.local.addr === ip.dst))
  );
}

/** tcp_v4_send_reset for a segment no socket wants. */
function sendReset(h: NetHost, nsName: string, ns: NetNamespace, skb: Skb): void {
  const { ip, l4, payload } = skb.pkt;
  if (l4.kind !== "tcp" || (l4.flags & TCP_FLAG.RST) !== 0) return;
  let r: OutputRoute;
  try {
    r = routeOutput(ns, ip.src, { saddr: ip.dst });
  } catch {
    return;
  }
  const packet = buildPacket(h, ns, { src: ip.dst, dst: ip.src, proto: IPPROTO.TCP, df: true, id: 0 }, resetFor(l4, payload.length), []);
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: "tcp_v4_send_reset" }, packet, skb.trace);
  ipLocalOut(h, nsName, { pkt: { ...packet, mark: 0 }, trace }, r);
}

function readTsval(th: TcpHeader): number | undefined {
  const ts = th.options.find((o) => o.kind === TCPOPT.TIMESTAMP && o.data.length === 8);
  if (ts === undefined) return undefined;
  const d = ts.data;
  return u32(((d[0] ?? 0) << 24) | ((d[1] ?? 0) << 16) | ((d[2] ?? 0) << 8) | (d[3] ?? 0));
}

/** A SYN to a listener: a child socket in SYN_RECV answers with SYN-ACK. */
function passiveOpen(h: NetHost, nsName: string, ns: NetNamespace, listener: TcpSocket, pkt: Ipv4Packet, th: TcpHeader): void {
  const iss = u32(Math.floor(h.random() * 2 ** 32));
  const child: TcpSocket = {
    kind: "tcp", id: newSocketId(ns), owner: listener.owner, state: "SYN_RECV",
    local: { addr: pkt.ip.dst, port: th.dport }, remote: { addr: pkt.ip.src, port: th.sport },
    iss, sndNxt: u32(iss + 1), sndUna: iss, rcvNxt: u32(th.seq + 1), parent: listener.id, retries: 0,
    tsOffset: u32(Math.floor(h.random() * 2 ** 32)), tsRecent: readTsval(th) ?? 0, finSent: false,
  };
  stackOf(ns).sockets.push(child);
  send(h, nsName, child, TCP_FLAG.SYN | TCP_FLAG.ACK, [], iss);
}

function synSent(h: NetHost, nsName: string, ns: NetNamespace, s: TcpSocket, th: TcpHeader): void {
  const ackOk = (th.flags & TCP_FLAG.ACK) !== 0 && th.ack === s.sndNxt;
  if ((th.flags & TCP_FLAG.RST) !== 0) {
    if (ackOk) fail(h, ns, s, "ECONNREFUSED");
    return;
  }
  if ((th.flags & TCP_FLAG.SYN) === 0 || !ackOk) return;
  s.rcvNxt = u32(th.seq + 1);
  s.sndUna = th.ack;
  s.tsRecent = readTsval(th) ?? 0;
  s.state = "ESTABLISHED";
  send(h, nsName, s, TCP_FLAG.ACK);
  h.notify(s.owner, { kind: "connected", socket: s.id });
}

function ackOfFin(s: TcpSocket, th: TcpHeader): boolean {
  return s.finSent && (th.flags & TCP_FLAG.ACK) !== 0 && th.ack === s.sndNxt;
}

/** ESTABLISHED and the closing states: data, the peer's FIN, the ACK of ours. */
function established(h: NetHost, nsName: string, ns: NetNamespace, s: TcpSocket, skb: Skb): void {
  const { l4: th, payload } = skb.pkt;
  if (th.kind !== "tcp") return;
  if ((th.flags & TCP_FLAG.RST) !== 0) return fail(h, ns, s, "ECONNRESET");
  s.tsRecent = readTsval(th) ?? s.tsRecent;
  if (s.state === "SYN_RECV") {
    if ((th.flags & TCP_FLAG.ACK) === 0 || th.ack !== s.sndNxt) return;
    s.state = "ESTABLISHED";
    const listener = s.parent === undefined ? undefined : findSocket(ns, s.parent);
    delete s.parent;
    if (listener !== undefined && s.remote !== undefined) h.notify(listener.owner, { kind: "accepted", socket: listener.id, child: s.id, from: s.remote });
  }
  if (ackOfFin(s, th)) {
    if (s.state === "FIN_WAIT1") s.state = "FIN_WAIT2";
    else if (s.state === "CLOSING" || s.state === "LAST_ACK") return remove(h, ns, s);
  }
  if (payload.length > 0 && s.owner === 0 && (s.state === "FIN_WAIT1" || s.state === "FIN_WAIT2")) {
    // tcp_rcv_state_process: new data for a socket whose reading side was closed resets it.
    sendReset(h, nsName, ns, skb);
    return remove(h, ns, s);
  }
  let answer = false;
  if (payload.length > 0 && th.seq === s.rcvNxt) {
    s.rcvNxt = u32(s.rcvNxt + payload.length);
    s.ato ??= ATO_MIN_US;
    h.notify(s.owner, { kind: "data", socket: s.id, payload });
    answer = true;
  }
  if ((th.flags & TCP_FLAG.FIN) !== 0 && u32(th.seq + payload.length) === s.rcvNxt) return finReceived(h, nsName, ns, s);
  // Quickack mode at the start of a connection: data is acknowledged at once (__tcp_ack_snd_check).
  if (answer) send(h, nsName, s, TCP_FLAG.ACK);
}

/**
 * tcp_fin: in ESTABLISHED the socket moves to CLOSE_WAIT and its ACK is delayed (pingpong
 * mode), so that the application's own FIN can carry it; in FIN_WAIT1 (simultaneous close)
 * and FIN_WAIT2 the ACK goes at once.
 */
function finReceived(h: NetHost, nsName: string, ns: NetNamespace, s: TcpSocket): void {
  s.rcvNxt = u32(s.rcvNxt + 1);
  // FIN_WAIT2 goes on to TIME_WAIT, which nfsim does not keep: the socket goes.
  const done = s.state === "FIN_WAIT2";
  if (s.state === "ESTABLISHED") {
    s.state = "CLOSE_WAIT";
    delayAck(h, nsName, s);
  } else if (s.state === "FIN_WAIT1" || done) {
    send(h, nsName, s, TCP_FLAG.ACK);
    if (!done) s.state = "CLOSING";
  }
  h.notify(s.owner, { kind: "eof", socket: s.id });
  if (done) remove(h, ns, s);
}

export function tcpRcv(h: NetHost, nsName: string, ns: NetNamespace, dev: Device, skb: Skb, broadcast: boolean): void {
  const { l4 } = skb.pkt;
  if (l4.kind !== "tcp") return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "truncated TCP header" });
  if (broadcast) return h.fate(skb.trace, { kind: "dropped", ns: nsName, why: "TCP to a broadcast address" });
  const s = lookup(ns, skb.pkt, dev);
  if (s === undefined || (s.state === "LISTEN" && (l4.flags & (TCP_FLAG.SYN | TCP_FLAG.ACK | TCP_FLAG.RST)) !== TCP_FLAG.SYN)) {
    h.fate(skb.trace, { kind: "dropped", ns: nsName, why: `no socket on TCP port ${String(l4.dport)}: answered with RST` });
    return sendReset(h, nsName, ns, skb);
  }
  h.step(skb.trace, { kind: "deliver", ns: nsName, to: `TCP socket ${s.state} on port ${String(l4.dport)}` });
  h.fate(skb.trace, { kind: "delivered", ns: nsName, to: `TCP socket on port ${String(l4.dport)}` });
  if (s.state === "LISTEN") return passiveOpen(h, nsName, ns, s, skb.pkt, l4);
  if (s.state === "SYN_SENT") return synSent(h, nsName, ns, s, l4);
  established(h, nsName, ns, s, skb);
}

/** tcp_v4_err: an ICMP error about a SYN we sent fails the connect. */
export function tcpErr(h: NetHost, _nsName: string, ns: NetNamespace, err: { type: number; code: number; quoted: Ipv4Packet }): void {
  const q = err.quoted;
  if (q.l4.kind !== "tcp") return;
  const { sport, dport } = q.l4;
  const s = stackOf(ns).sockets.find(
    (x): x is TcpSocket => x.kind === "tcp" && x.local.port === sport && x.remote?.port === dport && x.remote.addr === q.ip.dst,
  );
  if (s === undefined || (s.state !== "SYN_SENT" && s.state !== "SYN_RECV")) return;
  const errno = err.type === 3 ? UNREACH_ERRNO[err.code] : err.type === 11 ? "EHOSTUNREACH" : undefined;
  if (errno !== undefined) fail(h, ns, s, errno);
}
