// The world's network at run time: the kernel of every namespace (src/stack) driven by one
// event loop on the virtual clock. Frames cross veth pairs after a small wire delay,
// capture taps see them go out and come in, kernel timers and the tools' own timers run
// in time order, and every packet's journey is kept as a trace. Nothing here reads the
// real clock: time moves only when a tool waits or `sleep` runs.
import { NO_CONNTRACK, type ConntrackSteps } from "../conntrack/steps.ts";
import { namespaceConntrack } from "./conntrack.ts";
import { neighTimer } from "../stack/arp.ts";
import { carrierOk } from "../stack/device.ts";
import type { KernelTimer, NetHost, SocketEvent } from "../stack/host.ts";
import { peerOf } from "../stack/link.ts";
import { deviceByIndex, deviceByName } from "../stack/namespace.ts";
import { frameRcv } from "../stack/path.ts";
import { bridgeXmit } from "../stack/bridge-path.ts";
import type { Fate, PathTrace, TraceOrigin, TraceStep } from "../stack/skb.ts";
import { closeOwned } from "../stack/sockets.ts";
import { tcpTimer } from "../stack/tcp.ts";
import type { Device, NetNamespace } from "../stack/types.ts";
import { emitFrame, type EthernetFrame } from "../wire/frame.ts";
import type { Ipv4Packet } from "../wire/packet.ts";
import { emptyWorldNet, type KernelEvent, type KernelWork, type WorldNet } from "./net-state.ts";
import { SIGINT, SIGKILL, type Capture, type Process } from "./process.ts";
import { nextRandom } from "./random.ts";
import { INITIAL_NS, type World } from "./world.ts";

/** Time a frame spends between a veth and its peer, and looping back over lo (µs). */
export const WIRE_DELAY_US = 20;
export const LOOPBACK_DELAY_US = 10;
/** Traces kept in memory; older ones are forgotten. */
const TRACE_LIMIT = 10_000;
/** Kernel log lines kept (a ring, as the kernel's). */
const LOG_LIMIT = 10_000;
/** How long nfsim lets a command wait on something that keeps happening (ping without -c): 10 virtual minutes. */
export const PATIENCE_US = 600_000_000;

interface ProcTimer {
  readonly at: number;
  readonly seq: number;
  readonly pid: number;
  readonly fn: () => void;
}

interface Tap {
  readonly pid: number;
  readonly ns: string;
  readonly ifindex: number;
}

/** What lives only while nfsim runs: processes, taps, their timers, traces. */
export interface NetRuntime {
  readonly processes: Map<number, Process>;
  taps: Tap[];
  timers: ProcTimer[];
  readonly traces: Map<number, PathTrace>;
  lastPid: number;
  /** Replaces the connection tracking of the namespaces (tests); the conntrack engine by default. */
  conntrack?: (world: World, ns: string) => ConntrackSteps;
  /** The one Net of this runtime: processes keep it, and it follows the world it is bound to. */
  net?: Net;
}

export function newRuntime(): NetRuntime {
  return { processes: new Map(), taps: [], timers: [], traces: new Map(), lastPid: 999 };
}

const runtimes = new WeakMap<World, NetRuntime>();

/** Makes `world` (a fresh copy loaded from the state file) share an existing runtime. */
export function adoptRuntime(world: World, rt: NetRuntime): void {
  runtimes.set(world, rt);
}

function insertSorted<T extends { at: number; seq: number }>(list: T[], item: T): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = list[mid];
    if (m !== undefined && (m.at < item.at || (m.at === item.at && m.seq < item.seq))) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

export class Net implements NetHost {
  private constructor(
    public world: World,
    readonly rt: NetRuntime,
  ) {}

  /**
   * The network of a world, with the runtime it already has (or a new one). A world loaded
   * again from the state file and adopted into a runtime rebinds that runtime's Net to it.
   */
  static of(world: World): Net {
    const rt = runtimes.get(world) ?? newRuntime();
    runtimes.set(world, rt);
    rt.net ??= new Net(world, rt);
    rt.net.world = world;
    return rt.net;
  }

  private get state(): WorldNet {
    return (this.world.net ??= emptyWorldNet());
  }

  get namespaces(): Record<string, NetNamespace> {
    return this.world.namespaces;
  }

  now(): number {
    return Math.round(this.world.clock * 1000);
  }

  private setNow(us: number): void {
    this.world.clock = us / 1000;
  }

  random(): number {
    return nextRandom(this.world.random);
  }

  private nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }

  private enqueue(at: number, work: KernelWork): void {
    insertSorted(this.state.events, { at, seq: this.nextSeq(), work } satisfies KernelEvent);
  }

  schedule(at: number, timer: KernelTimer): void {
    this.enqueue(at, timer);
  }

  conntrack(ns: string): ConntrackSteps {
    if (this.rt.conntrack) return this.rt.conntrack(this.world, ns);
    const namespace = this.world.namespaces[ns];
    return namespace ? namespaceConntrack(namespace) : NO_CONNTRACK;
  }

  // --- traces -------------------------------------------------------------------------

  beginTrace(origin: TraceOrigin, packet: Ipv4Packet, cause?: number): number {
    this.state.lastTrace += 1;
    const id = this.state.lastTrace;
    const { ip, l4, payload } = packet;
    this.rt.traces.set(id, { id, at: this.now(), origin, packet: { ip, l4, payload }, steps: [], fate: { kind: "in-flight" }, ...(cause !== undefined ? { cause } : {}) });
    if (this.rt.traces.size > TRACE_LIMIT) {
      const oldest = this.rt.traces.keys().next().value;
      if (oldest !== undefined) this.rt.traces.delete(oldest);
    }
    return id;
  }

  step(trace: number, step: TraceStep): void {
    this.rt.traces.get(trace)?.steps.push(step);
  }

  fate(trace: number, fate: Fate): void {
    const t = this.rt.traces.get(trace);
    if (t !== undefined) t.fate = fate;
  }

  traceOf(trace: number): PathTrace | undefined {
    return this.rt.traces.get(trace);
  }

  /** Every trace kept, oldest first. */
  traces(): PathTrace[] {
    return [...this.rt.traces.values()];
  }

  // --- the kernel log ---------------------------------------------------------------------

  /** nf_log_syslog writes only for the initial namespace unless net.netfilter.nf_log_all_netns=1. */
  kernelLog(ns: string, level: number, text: string): boolean {
    const all = this.world.namespaces[INITIAL_NS]?.sysctl["net.netfilter.nf_log_all_netns"];
    if (ns !== INITIAL_NS && Number(all ?? 0) === 0) return false;
    this.state.log.push({ at: this.now(), ns, level, text });
    if (this.state.log.length > LOG_LIMIT) this.state.log.shift();
    return true;
  }

  // --- the wire ---------------------------------------------------------------------------

  capture(nsName: string, dev: Device, frame: EthernetFrame, direction: "in" | "out"): void {
    const taps = this.rt.taps.filter((t) => t.ns === nsName && t.ifindex === dev.ifindex);
    if (taps.length === 0) return;
    const c: Capture = { ns: nsName, dev: dev.name, ifindex: dev.ifindex, at: this.now(), frame, bytes: emitFrame(frame), direction };
    for (const t of taps) this.rt.processes.get(t.pid)?.onCapture?.(c);
  }

  /** dev_queue_xmit: no carrier, no transmission (the qdisc is noop); else taps, then the peer. */
  transmit(nsName: string, dev: Device, frame: EthernetFrame, trace?: number): void {
    const lost = (why: string) => {
      if (trace !== undefined) this.fate(trace, { kind: "dropped", ns: nsName, why });
    };
    if (!dev.up) return lost(`${dev.name} is down`);
    if (!carrierOk(dev)) return lost(`${dev.name} has no carrier (its peer is down)`);
    // lo's outgoing copy too: the kernel counts it for a capture, libpcap then drops it (live.ts).
    this.capture(nsName, dev, frame, "out");
    if (dev.kind === "bridge") return bridgeXmit(this, nsName, dev, frame, trace);
    // An external device's wire leads out of the world: the frame is gone, not lost.
    if (dev.kind === "external") return trace !== undefined ? this.step(trace, { kind: "xmit", ns: nsName, dev: dev.name }) : undefined;
    const peer = dev.kind === "loopback" ? { ns: nsName, dev } : peerOf(this.world, dev);
    if (peer === undefined) return lost(`${dev.name} has no peer`);
    if (trace !== undefined) this.step(trace, { kind: "xmit", ns: nsName, dev: dev.name, ...(dev.kind === "loopback" ? {} : { to: { ns: peer.ns, dev: peer.dev.name } }) });
    const delay = dev.kind === "loopback" ? LOOPBACK_DELAY_US : WIRE_DELAY_US;
    this.enqueue(this.now() + delay, { kind: "frame", ns: peer.ns, ifindex: peer.dev.ifindex, frame, ...(trace !== undefined ? { trace } : {}) });
  }

  private arrive(nsName: string, ifindex: number, frame: EthernetFrame, trace: number | undefined): void {
    const ns = this.world.namespaces[nsName];
    const dev = ns === undefined ? undefined : deviceByIndex(ns, ifindex);
    const known = trace !== undefined && this.rt.traces.has(trace) ? trace : undefined;
    if (dev === undefined || !dev.up) {
      if (known !== undefined) this.fate(known, { kind: "dropped", ns: nsName, why: "the receiving device is gone or down" });
      return;
    }
    this.capture(nsName, dev, frame, "in");
    frameRcv(this, nsName, dev, frame, known);
  }

  private run(work: KernelWork): void {
    switch (work.kind) {
      case "frame":
        return this.arrive(work.ns, work.ifindex, work.frame, work.trace);
      case "neigh":
        return neighTimer(this, work.ns, work.ifindex, work.addr);
      case "tcp":
        return tcpTimer(this, work.ns, work.socket);
    }
  }

  // --- processes ----------------------------------------------------------------------------

  notify(owner: number, event: SocketEvent): void {
    this.rt.processes.get(owner)?.onSocket?.(event);
  }

  newPid(): number {
    this.rt.lastPid += 1;
    return this.rt.lastPid;
  }

  /** Registers a running process (its pid from newPid). */
  spawn(p: Process): Process {
    this.rt.processes.set(p.pid, p);
    return p;
  }

  /** A timer of a process at virtual time `at` (µs). */
  timer(pid: number, at: number, fn: () => void): void {
    insertSorted(this.rt.timers, { at, seq: this.nextSeq(), pid, fn });
  }

  /** Captures on a device of a namespace; false when there is no such device. */
  tap(pid: number, nsName: string, devName: string): boolean {
    const ns = this.world.namespaces[nsName];
    const dev = ns === undefined ? undefined : deviceByName(ns, devName);
    if (dev === undefined) return false;
    this.rt.taps.push({ pid, ns: nsName, ifindex: dev.ifindex });
    return true;
  }

  /** Taps on every device of a namespace (tcpdump -i any). */
  tapAll(pid: number, nsName: string): void {
    for (const d of this.world.namespaces[nsName]?.devices ?? []) this.rt.taps.push({ pid, ns: nsName, ifindex: d.ifindex });
  }

  /** A process ended: its sockets close, its taps and timers go. */
  exited(pid: number): void {
    this.rt.taps = this.rt.taps.filter((t) => t.pid !== pid);
    this.rt.timers = this.rt.timers.filter((t) => t.pid !== pid);
    closeOwned(this, pid);
    this.rt.processes.delete(pid);
  }

  /** kill -0: the process exists and has not ended. */
  alive(pid: number): boolean {
    const p = this.rt.processes.get(pid);
    return p !== undefined && !p.done;
  }

  kill(pid: number, sig: number): boolean {
    const p = this.rt.processes.get(pid);
    if (p === undefined || p.done) return false;
    p.signal(sig);
    this.reap();
    return true;
  }

  /** Processes that finished are cleaned up. */
  reap(): void {
    for (const p of [...this.rt.processes.values()]) if (p.done) this.exited(p.pid);
  }

  // --- the event loop -----------------------------------------------------------------------------

  private nextEvent(): { at: number; seq: number; run: () => void; drop: () => void } | undefined {
    const k = this.state.events[0];
    const t = this.rt.timers[0];
    if (k === undefined && t === undefined) return undefined;
    if (t === undefined || (k !== undefined && (k.at < t.at || (k.at === t.at && k.seq < t.seq)))) {
      const e = k as KernelEvent;
      return { at: e.at, seq: e.seq, run: () => this.run(e.work), drop: () => this.state.events.shift() };
    }
    return { at: t.at, seq: t.seq, run: () => (this.rt.processes.get(t.pid)?.done ? undefined : t.fn()), drop: () => this.rt.timers.shift() };
  }

  /**
   * Runs events in time order up to `limit` (µs, inclusive) or until `until()` holds; the
   * clock then stands at `limit` (unless stopped early, or `advance` is false: it stays at
   * the last event). Returns whether `until` stopped it.
   */
  runUntil(limit: number, until?: () => boolean, advance = true): boolean {
    for (;;) {
      if (until?.()) return true;
      const e = this.nextEvent();
      if (e === undefined || e.at > limit) break;
      e.drop();
      if (e.at > this.now()) this.setNow(e.at);
      e.run();
      this.reap();
    }
    if (until?.()) return true;
    if (advance && Number.isFinite(limit) && limit > this.now()) this.setNow(limit);
    return false;
  }

  /** Runs until `until()` holds, nothing is left to happen, or PATIENCE_US passed: whether it held. */
  runPatiently(until: () => boolean): boolean {
    return this.runUntil(this.now() + PATIENCE_US, until, false);
  }

  /** `sleep`: lets `us` microseconds of virtual time pass. */
  advance(us: number): void {
    this.runUntil(this.now() + us);
  }

  /** Runs what is due now (frames and timers of this instant), without moving the clock. */
  settleNow(): void {
    this.runUntil(this.now());
  }

  /**
   * Runs until the process is done. One left waiting with nothing else to happen is told it
   * is stuck; one still busy after PATIENCE_US (a ping without -c) is interrupted, as a
   * user would with Ctrl-C.
   */
  runProcess(p: Process): void {
    if (!this.runPatiently(() => p.done)) {
      if (this.idle()) p.stuck?.();
      else p.signal(SIGINT);
      if (!p.done) p.signal(SIGKILL);
    }
    this.reap();
  }

  /** Whether nothing is scheduled at all (no frame on a wire, no timer). */
  idle(): boolean {
    return this.state.events.length === 0 && this.rt.timers.length === 0;
  }

  /** The processes still running, oldest first. */
  running(): Process[] {
    return [...this.rt.processes.values()].filter((p) => !p.done);
  }
}
