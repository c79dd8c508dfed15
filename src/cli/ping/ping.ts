// `ping` (iputils 20221126) over the emulated network: the probe connect that finds the
// source address (and fails with connect's errno), then main_loop as events on the
// virtual clock: pinger's token bucket (the interval, -l preload, -f flood and -A
// adaptive intervals), replies and ICMP errors as they arrive, the exit after -c
// answers, -w seconds or the linger after the last probe, and finish's statistics.
import { strerror } from "../errno.ts";
import type { SocketEvent } from "../../stack/host.ts";
import { deviceByIndex, deviceByName } from "../../stack/namespace.ts";
import { hex2 } from "../../wire/bytes.ts";
import { outputRoute, openRaw, rawSendIcmp } from "../../stack/sockets.ts";
import { formatIpv4, parseIpv4Strict, type Ipv4 } from "../../wire/ipv4.ts";
import { ICMP_TYPE } from "../../wire/icmp.ts";
import type { IcmpHeader, Ipv4Packet } from "../../wire/packet.ts";
import type { Net } from "../../world/net.ts";
import { SIGINT } from "../../world/process.ts";
import type { World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";
import { netOf, runTool, ToolProcess } from "../proc.ts";
import { parsePingArgs, PING_VERSION, type PingArgs } from "./options.ts";
import { describeIcmp } from "./icmp-text.ts";
import { addRtt, newStats, statisticsText, tripTime, type PingStats } from "./stats.ts";
import { parsePattern } from "./pattern.ts";
import { OptionPrinter, RR_SPACE, recordRouteOption } from "./route-record.ts";

/** The size of struct timeval at the start of the data: shorter data cannot be timed. */
const TIMEVAL = 16;
/** MIN_INTERVAL_MS (ping.h): the shortest wait of the main loop with probes in flight. */
const MIN_INTERVAL = 10;
/** How long nfsim lets a flood without -c or -w run (see endlessFlood). */
const ENDLESS_FLOOD_US = 1_000_000;

function fail(io: ToolIO, text: string, exit = 2): number {
  io.stderr(`ping: ${text}\n`);
  return exit;
}

/** getaddrinfo for what nfsim knows: dotted quads (inet_aton) and localhost. */
function resolve(target: string): Ipv4 | undefined {
  if (target === "localhost") return 0x7f000001;
  return parseIpv4Strict(target);
}

/** The words of the probe connect's failure (ping4_run). */
function connectFailure(errno: string): string {
  if (errno === "EACCES") return "Do you want to ping broadcast? Then -b. If not, check your local firewall rules";
  return `connect: ${strerror(errno)}`;
}

interface Target {
  readonly addr: Ipv4;
  readonly host: string;
  readonly src: Ipv4;
  /** The MTU of the device the route leaves by (-M do refuses larger probes). */
  readonly mtu: number;
}

class PingProcess extends ToolProcess {
  private readonly stats: PingStats;
  private readonly sent = new Map<number, number>();
  private readonly seen = new Set<number>();
  private acked = 0;
  private exitArmed = false;
  /** pinger's state: the time of the last probe (µs, undefined before the first) and the spare tokens (ms). */
  private curTime: number | undefined;
  private tokens = 0;
  /** The probe interval in ms: -i, 0 under -f without -i, and -A's moving estimate. */
  private interval: number;
  /** The round trip's moving average, times 8 (µs), as gather_statistics keeps it. */
  private rtt = 0;
  /** When main_loop wakes next, and the number of that wake-up (older timers are stale). */
  private wakeAt = Infinity;
  private wakeGen = 0;
  private readonly options: OptionPrinter;

  constructor(
    net: Net,
    pid: number,
    ns: string,
    private readonly a: PingArgs,
    private readonly t: Target,
    private readonly ident: number,
    private readonly fill: readonly number[] | undefined,
    private readonly io: ToolIO,
  ) {
    super(net, pid, `ping ${a.target}`, ns);
    this.stats = newStats(net.now());
    // setup(): flooding without -i sends as fast as replies come.
    this.interval = a.flood && !a.intervalSet ? 0 : a.interval;
    this.options = new OptionPrinter(a.flood);
    const nsObj = net.world.namespaces[ns];
    if (nsObj === undefined) throw new Error(`no namespace ${ns}`);
    openRaw(nsObj, pid, a.device);
  }

  start(): void {
    if (this.a.deadline !== undefined) this.net.timer(this.pid, this.net.now() + this.a.deadline * 1_000_000, () => this.finish());
    else if ((this.a.flood || this.a.adaptive) && this.a.count === undefined) this.net.timer(this.pid, this.net.now() + ENDLESS_FLOOD_US, () => this.endlessFlood());
    this.mainLoop();
  }

  /**
   * The real flood runs until it is interrupted, tens of thousands of probes a second; the
   * virtual clock would let it run for minutes of packets before giving up, so nfsim
   * stops it after a second, says so, and prints the statistics as SIGINT would.
   */
  private endlessFlood(): void {
    if (this.done) return;
    this.io.stderr("nfsim: ping -f/-A without -c or -w floods until interrupted: stopped after 1 s\n");
    this.finish();
  }

  private get timing(): boolean {
    return this.a.size >= TIMEVAL;
  }

  /** The data: -p's pattern or bytes counting up (setup), then a struct timeval of the send time. */
  private payload(now: number): number[] {
    const fill = this.fill;
    const data = Array.from({ length: this.a.size }, (_, i) => (fill === undefined ? i & 0xff : fill.length > 0 ? (fill[i % fill.length] ?? 0) : 0));
    if (this.timing) {
      const le = (n: number) => Array.from({ length: 8 }, (_, i) => Math.floor(n / 2 ** (8 * i)) & 0xff);
      data.splice(0, TIMEVAL, ...le(Math.floor(now / 1e6)), ...le(now % 1e6));
    }
    return data;
  }

  /** in_flight (ping.h): probes neither answered nor reported. */
  private inFlight(): number {
    const diff = (this.stats.transmitted - this.acked) & 0xffff;
    return diff <= 0x7fff ? diff : this.stats.transmitted - this.stats.received - this.stats.errors;
  }

  /** Milliseconds between two virtual times, as pinger subtracts two timespecs (seconds and the truncated rest). */
  private static elapsedMs(from: number, to: number): number {
    const sec = Math.floor(to / 1e6) - Math.floor(from / 1e6);
    return sec * 1000 + Math.trunc(((to % 1e6) - (from % 1e6)) / 1000);
  }

  /**
   * pinger (ping_common.c): sends a probe when the token bucket allows (-l probes at once,
   * then one per interval; an unlimited flood waits MIN_INTERVAL for a reply) and returns
   * the ms until the next one may go (0 or less: at once).
   */
  private pinger(): number {
    const count = this.a.count;
    if (this.done || (count !== undefined && this.stats.transmitted >= count && this.a.deadline === undefined)) return 1000;
    const now = this.net.now();
    if (this.curTime === undefined) {
      this.curTime = now;
      this.tokens = this.interval * (this.a.preload - 1);
    } else {
      let ntokens = PingProcess.elapsedMs(this.curTime, now);
      if (this.interval === 0 && ntokens < MIN_INTERVAL && this.inFlight() >= this.a.preload) return MIN_INTERVAL - ntokens;
      ntokens = Math.min(ntokens + this.tokens, this.interval * this.a.preload);
      if (ntokens < this.interval) return this.interval - ntokens;
      this.curTime = now;
      this.tokens = ntokens - this.interval;
    }
    this.outstanding();
    if (this.a.pmtu === "do" && this.a.size + 28 + optionsLength(this.a) > this.t.mtu) return this.localError(now);
    this.send(now);
    return this.interval - this.tokens;
  }

  /**
   * sendmsg fails with EMSGSIZE under -M do: ping4_receive_error_msg reports the local
   * error (counted only when not -q), and pinger's hard_local_error counts the probe as
   * sent and waits SCHINT(interval).
   */
  private localError(now: number): number {
    if (!this.a.quiet) {
      if (this.a.flood) this.io.stdout("E");
      else this.io.stderr(`ping: local error: message too long, mtu=${String(this.t.mtu)}\n`);
      this.stats.errors++;
    }
    this.stats.transmitted++;
    this.stats.last = now;
    this.tokens = 0;
    return Math.max(this.interval, MIN_INTERVAL);
  }

  /** -O: the previous probe is still unanswered. */
  private outstanding(): void {
    const n = this.stats.transmitted;
    if (!this.a.outstanding || n === 0 || this.seen.has(n & 0xffff)) return;
    this.io.stdout(`${this.stamp()}no answer yet for icmp_seq=${String(n % 0x10000)}\n`);
  }

  private send(now: number): void {
    const seq = (this.stats.transmitted + 1) & 0xffff;
    const icmp: IcmpHeader = { kind: "icmp", type: ICMP_TYPE.ECHO_REQUEST, code: 0, id: this.ident, seq };
    this.sent.set(seq, now);
    this.seen.delete(seq);
    rawSendIcmp(this.net, this.ns, {
      dst: this.t.addr, icmp, payload: this.payload(now),
      ...(this.a.source !== undefined || this.a.strictSource ? { src: this.t.src } : {}),
      ...(this.a.device !== undefined ? { dev: this.a.device } : {}),
      ...(this.a.ttl !== undefined ? { ttl: this.a.ttl } : {}),
      ...(this.a.tos !== undefined ? { tos: this.a.tos } : {}),
      ...(this.a.mark !== undefined ? { mark: this.a.mark } : {}),
      ...(this.a.recordRoute ? { options: recordRouteOption() } : {}),
      ...(this.a.dontRoute ? { dontRoute: true } : {}),
    }, "ping");
    // A probe that could not be sent (EPERM from an OUTPUT drop, ...) still counts, silently.
    this.stats.transmitted++;
    this.stats.last = now;
    if (this.a.flood && !this.a.quiet) this.io.stdout(".");
  }

  /** schedule_exit: once -c probes are out (without -w), the exit is armed. */
  private scheduleExit(next: number): number {
    const count = this.a.count;
    if (count === undefined || this.stats.transmitted < count || this.a.deadline !== undefined) return next;
    const wait = this.armExit();
    return next < 0 || next < wait / 1000 ? Math.trunc(wait / 1000) : next;
  }

  /** __schedule_exit: wait twice the longest round trip (at least the interval) after the last probe, or -W without replies. */
  private armExit(): number {
    const wait = this.stats.received ? Math.max(2 * this.stats.tmax, this.interval * 1000) : this.a.linger * 1000;
    if (!this.exitArmed) {
      this.exitArmed = true;
      this.net.timer(this.pid, this.net.now() + wait, () => this.finish());
    }
    return wait;
  }

  /**
   * main_loop: probes due now go out, then the loop sleeps until the next is due or a
   * packet arrives. A short sleep with probes in flight lasts MIN_INTERVAL.
   */
  private mainLoop(fromReceive = false): void {
    if (this.done || this.checkExit()) return;
    const before = this.stats.transmitted;
    let next: number;
    do next = this.scheduleExit(this.pinger());
    while (next <= 0 && !this.done);
    if (this.done) return;
    const schint = Math.max(this.interval, MIN_INTERVAL);
    if (this.a.adaptive || next < schint) {
      if (next <= MIN_INTERVAL && this.inFlight() > 0) next = MIN_INTERVAL;
    } else next = Math.min(next, schint); // the blocking recvmsg gives up after SO_RCVTIMEO = SCHINT(interval)
    const at = this.net.now() + next * 1000;
    // After a reply, a wake-up already due sooner stands (the kernel's receive timeout elapses as planned).
    if (fromReceive && this.stats.transmitted === before && at >= this.wakeAt) return;
    this.wakeAt = at;
    const gen = ++this.wakeGen;
    this.net.timer(this.pid, at, () => {
      if (gen === this.wakeGen) this.mainLoop();
    });
  }

  /** acknowledge(): the largest number of probes in flight is the "pipe". */
  private acknowledge(seq: number): void {
    const diff = (this.stats.transmitted - seq) & 0xffff;
    if (diff > 0x7fff) return;
    if (diff + 1 > this.stats.pipesize) this.stats.pipesize = diff + 1;
    const ahead = ((seq - this.acked) << 16) >> 16;
    if (ahead > 0 || ((this.stats.transmitted - this.acked) & 0xffff) > 0x7fff) this.acked = seq;
  }

  onSocket(e: SocketEvent): void {
    if (this.done) return;
    if (e.kind === "icmp") this.reply(e.packet);
    else if (e.kind === "icmp-error") this.error(e);
    else return;
    if (!this.checkExit()) this.mainLoop(true);
  }

  private reply(p: Ipv4Packet): void {
    const icmp = p.l4;
    if (icmp.kind !== "icmp" || icmp.type !== ICMP_TYPE.ECHO_REPLY || icmp.id !== this.ident) return;
    const now = this.net.now();
    const sentAt = this.sent.get(icmp.seq);
    const trip = sentAt === undefined ? 0 : now - sentAt;
    this.stats.received++;
    this.acknowledge(icmp.seq);
    if (this.timing) this.gather(trip);
    const dup = this.seen.has(icmp.seq);
    if (dup) {
      this.stats.repeats++;
      this.stats.received--;
    } else this.seen.add(icmp.seq);
    if (this.a.quiet) return;
    if (this.a.flood) this.io.stdout(`\b \b${this.a.audible ? "\x07" : ""}`);
    else this.printReply(p, icmp.seq, trip, dup);
  }

  /** gather_statistics: the sums, the moving average and -A's new interval (update_interval, as root). */
  private gather(trip: number): void {
    addRtt(this.stats, trip);
    this.rtt = this.rtt === 0 ? trip * 8 : this.rtt + trip - Math.trunc(this.rtt / 8);
    if (!this.a.adaptive) return;
    const est = this.rtt !== 0 ? Math.trunc(this.rtt / 8) : this.interval * 1000;
    this.interval = Math.trunc((est + 500) / 1000);
  }

  /** print_timestamp (-D): the time of day as seconds and microseconds, from the virtual clock. */
  private stamp(): string {
    if (!this.a.timestamps) return "";
    const us = this.net.now();
    return `[${String(Math.floor(us / 1e6))}.${String(us % 1e6).padStart(6, "0")}] `;
  }

  private printReply(p: Ipv4Packet, seq: number, trip: number, dup: boolean): void {
    const cc = p.ip.length - 20 - p.ip.options.length;
    let line = `${this.stamp()}${String(cc)} bytes from ${formatIpv4(p.ip.src)}: icmp_seq=${String(seq)} ttl=${String(p.ip.ttl)}`;
    if (cc < this.a.size + 8) return this.io.stdout(`${line} (truncated)\n`);
    if (this.timing) line += ` time=${tripTime(trip)}`;
    if (dup) line += " (DUP!)";
    if (p.ip.src !== this.t.addr && !this.a.broadcast) line += " (DIFFERENT ADDRESS!)";
    // ping4_parse_reply: -a rings after the reply's words, then pr_options, then the newline.
    if (this.a.audible) line += "\x07";
    this.io.stdout(`${line}${this.options.print(p.ip.options)}\n`);
  }

  /** ping4_receive_error_msg: an error about one of our probes to the target counts and is printed. */
  private error(e: Extract<SocketEvent, { kind: "icmp-error" }>): void {
    const q = e.quoted.l4;
    if (e.quoted.ip.dst !== this.t.addr || q.kind !== "icmp" || q.type !== ICMP_TYPE.ECHO_REQUEST || q.id !== this.ident) return;
    if (e.type === ICMP_TYPE.SOURCE_QUENCH || e.type === ICMP_TYPE.REDIRECT) return;
    this.acknowledge(q.seq);
    this.stats.errors++;
    if (this.a.quiet) return;
    if (this.a.flood) this.io.stdout("\bE");
    else this.io.stdout(`${this.stamp()}From ${formatIpv4(e.from)} icmp_seq=${String(q.seq)} ${describeIcmp(e.type, e.code, e.info)}\n`);
  }

  /** The exit conditions at the top of main_loop; true when ping finished. */
  private checkExit(): boolean {
    const count = this.a.count;
    if ((count !== undefined && this.stats.received + this.stats.errors >= count) || (this.a.deadline !== undefined && this.stats.errors > 0)) {
      this.finish();
      return true;
    }
    return false;
  }

  private finish(): void {
    if (this.done) return;
    const ipg = this.stats.received && (this.interval === 0 || this.a.flood || this.a.adaptive) && this.stats.transmitted > 1;
    this.io.stdout(statisticsText(this.t.host, this.stats, this.timing, ipg ? this.rtt : undefined));
    const count = this.a.count ?? 0;
    this.exit(!this.stats.received || (this.a.deadline !== undefined && this.stats.received < count) ? 1 : 0);
  }

  /** SIGINT (Ctrl-C) prints the statistics like the end of the run; other signals kill it. */
  override signal(sig: number): void {
    if (sig === SIGINT) this.finish();
    else super.signal(sig);
  }
}

/** The probe socket's connect and bind (ping4_run): the source address, or why ping cannot start. */
function prepare(world: World, ns: string, a: PingArgs, addr: Ipv4, io: ToolIO): Target | number {
  const nsObj = world.namespaces[ns];
  if (nsObj === undefined) return fail(io, "socket: Operation not permitted");
  if (a.device !== undefined && deviceByName(nsObj, a.device) === undefined) return fail(io, `SO_BINDTODEVICE ${a.device}: No such device`);
  const src = a.source === undefined ? undefined : parseIpv4Strict(a.source);
  const r = outputRoute(nsObj, addr, { ...(a.device !== undefined ? { dev: a.device } : {}) });
  if (typeof r === "string") return fail(io, connectFailure(r));
  if (r.type === "broadcast" && !a.broadcast) return fail(io, connectFailure("EACCES"));
  if (r.type === "broadcast") io.stderr("WARNING: pinging broadcast address\n");
  if (src !== undefined && typeof outputRoute(nsObj, addr, { src }) === "string") return fail(io, "bind: Cannot assign requested address");
  const source = src ?? r.src ?? 0;
  if (a.device !== undefined && !deviceByName(nsObj, a.device)?.addrs.some((x) => x.addr === source)) {
    io.stderr(`ping: Warning: source address might be selected on device other than: ${a.device}\n`);
  }
  const out = r.dev === undefined ? undefined : deviceByIndex(nsObj, r.dev);
  return { addr, host: a.target, src: source, mtu: out?.mtu ?? 1500 };
}

/** rts->optlen: the IP options every probe carries (-R's). */
function optionsLength(a: PingArgs): number {
  return a.recordRoute ? RR_SPACE : 0;
}

function header(a: PingArgs, t: Target): string {
  const from = a.device !== undefined || a.source !== undefined || a.strictSource ? `from ${formatIpv4(t.src)} ${a.device ?? ""}: ` : "";
  return `PING ${a.target} (${formatIpv4(t.addr)}) ${from}${String(a.size)}(${String(a.size + 28 + optionsLength(a))}) bytes of data.\n`;
}

export function ping(argv: readonly string[], world: World, ns: string, io: ToolIO): number {
  const parsed = parsePingArgs(argv);
  if (!parsed.ok) {
    io.stderr(parsed.stderr);
    return parsed.exit;
  }
  io.stderr(parsed.warnings);
  const a = parsed.args;
  if (a.version) return (io.stdout(PING_VERSION), 0);
  // main() fills the data with -p's pattern before it resolves the target.
  const fill = a.pattern === undefined ? undefined : parsePattern(a.pattern);
  if (typeof fill === "string") return fail(io, fill);
  if (fill !== undefined && !a.quiet) io.stdout(`PATTERN: 0x${fill.map(hex2).join("")}\n`);
  const addr = resolve(a.target);
  if (addr === undefined) return fail(io, `${a.target}: Temporary failure in name resolution`);
  const t = prepare(world, ns, a, addr, io);
  if (typeof t === "number") return t;
  io.stdout(header(a, t));
  const net = netOf(world);
  net.settleNow();
  const ident = a.ident ?? Math.floor(net.random() * 0x10000);
  const p = new PingProcess(net, net.newPid(), ns, a, t, ident, fill, io);
  net.spawn(p);
  p.start();
  return runTool(net, p, io);
}
