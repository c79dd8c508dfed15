// `ping` (iputils 20221126) over the emulated network: the probe connect that finds the
// source address (and fails with connect's errno), then main_loop as events on the
// virtual clock: a probe every -i, replies and ICMP errors as they arrive, the exit after
// -c answers, -w seconds or the linger after the last probe, and finish's statistics.
import { strerror } from "../errno.ts";
import type { SocketEvent } from "../../stack/host.ts";
import { deviceByName } from "../../stack/namespace.ts";
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

/** The size of struct timeval at the start of the data: shorter data cannot be timed. */
const TIMEVAL = 16;

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
}

class PingProcess extends ToolProcess {
  private readonly stats: PingStats;
  private readonly sent = new Map<number, number>();
  private readonly seen = new Set<number>();
  private acked = 0;
  private exitArmed = false;

  constructor(
    net: Net,
    pid: number,
    ns: string,
    private readonly a: PingArgs,
    private readonly t: Target,
    private readonly ident: number,
    private readonly io: ToolIO,
  ) {
    super(net, pid, `ping ${a.target}`, ns);
    this.stats = newStats(net.now());
    const nsObj = net.world.namespaces[ns];
    if (nsObj === undefined) throw new Error(`no namespace ${ns}`);
    openRaw(nsObj, pid, a.device);
  }

  start(): void {
    if (this.a.deadline !== undefined) this.net.timer(this.pid, this.net.now() + this.a.deadline * 1_000_000, () => this.finish());
    this.pinger();
  }

  private get timing(): boolean {
    return this.a.size >= TIMEVAL;
  }

  /** The data: a struct timeval of the send time, then bytes counting up (setup's fill). */
  private payload(now: number): number[] {
    const data = Array.from({ length: this.a.size }, (_, i) => i & 0xff);
    if (this.timing) {
      const le = (n: number) => Array.from({ length: 8 }, (_, i) => Math.floor(n / 2 ** (8 * i)) & 0xff);
      data.splice(0, TIMEVAL, ...le(Math.floor(now / 1e6)), ...le(now % 1e6));
    }
    return data;
  }

  private pinger(): void {
    if (this.done) return;
    const now = this.net.now();
    const seq = (this.stats.transmitted + 1) & 0xffff;
    const icmp: IcmpHeader = { kind: "icmp", type: ICMP_TYPE.ECHO_REQUEST, code: 0, id: this.ident, seq };
    this.sent.set(seq, now);
    this.seen.delete(seq);
    rawSendIcmp(this.net, this.ns, {
      dst: this.t.addr, icmp, payload: this.payload(now),
      ...(this.a.source !== undefined ? { src: this.t.src } : {}),
      ...(this.a.device !== undefined ? { dev: this.a.device } : {}),
      ...(this.a.ttl !== undefined ? { ttl: this.a.ttl } : {}),
      ...(this.a.tos !== undefined ? { tos: this.a.tos } : {}),
      ...(this.a.mark !== undefined ? { mark: this.a.mark } : {}),
    }, "ping");
    // A probe that could not be sent (EPERM from an OUTPUT drop, ...) still counts, silently.
    this.stats.transmitted++;
    this.stats.last = now;
    const count = this.a.count;
    if (count !== undefined && this.stats.transmitted >= count && this.a.deadline === undefined) this.scheduleExit();
    else this.net.timer(this.pid, now + this.a.interval * 1000, () => this.pinger());
  }

  /** __schedule_exit: wait twice the longest round trip (at least -i) after the last probe, or -W without replies. */
  private scheduleExit(): void {
    if (this.exitArmed) return;
    this.exitArmed = true;
    const wait = this.stats.received ? Math.max(2 * this.stats.tmax, this.a.interval * 1000) : this.a.linger * 1000;
    this.net.timer(this.pid, this.net.now() + wait, () => this.finish());
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
  }

  private reply(p: Ipv4Packet): void {
    const icmp = p.l4;
    if (icmp.kind !== "icmp" || icmp.type !== ICMP_TYPE.ECHO_REPLY || icmp.id !== this.ident) return;
    const now = this.net.now();
    const sentAt = this.sent.get(icmp.seq);
    const trip = sentAt === undefined ? 0 : now - sentAt;
    this.stats.received++;
    this.acknowledge(icmp.seq);
    if (this.timing) addRtt(this.stats, trip);
    const dup = this.seen.has(icmp.seq);
    if (dup) {
      this.stats.repeats++;
      this.stats.received--;
    } else this.seen.add(icmp.seq);
    if (!this.a.quiet) this.printReply(p, icmp.seq, trip, dup);
    this.checkExit();
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
    this.io.stdout(`${line}\n`);
  }

  /** ping4_receive_error_msg: an error about one of our probes to the target counts and is printed. */
  private error(e: Extract<SocketEvent, { kind: "icmp-error" }>): void {
    const q = e.quoted.l4;
    if (e.quoted.ip.dst !== this.t.addr || q.kind !== "icmp" || q.type !== ICMP_TYPE.ECHO_REQUEST || q.id !== this.ident) return;
    if (e.type === ICMP_TYPE.SOURCE_QUENCH || e.type === ICMP_TYPE.REDIRECT) return;
    this.acknowledge(q.seq);
    this.stats.errors++;
    if (!this.a.quiet) this.io.stdout(`${this.stamp()}From ${formatIpv4(e.from)} icmp_seq=${String(q.seq)} ${describeIcmp(e.type, e.code, e.info)}\n`);
    this.checkExit();
  }

  private checkExit(): void {
    const count = this.a.count;
    if (count !== undefined && this.stats.received + this.stats.errors >= count) this.finish();
    else if (this.a.deadline !== undefined && this.stats.errors > 0) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.io.stdout(statisticsText(this.t.host, this.stats, this.timing));
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
  return { addr, host: a.target, src: source };
}

function header(a: PingArgs, t: Target): string {
  const from = a.device !== undefined || a.source !== undefined ? `from ${formatIpv4(t.src)} ${a.device ?? ""}: ` : "";
  return `PING ${a.target} (${formatIpv4(t.addr)}) ${from}${String(a.size)}(${String(a.size + 28)}) bytes of data.\n`;
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
  const addr = resolve(a.target);
  if (addr === undefined) return fail(io, `${a.target}: Temporary failure in name resolution`);
  const t = prepare(world, ns, a, addr, io);
  if (typeof t === "number") return t;
  io.stdout(header(a, t));
  const net = netOf(world);
  net.settleNow();
  const ident = a.ident ?? Math.floor(net.random() * 0x10000);
  const p = new PingProcess(net, net.newPid(), ns, a, t, ident, io);
  net.spawn(p);
  p.start();
  return runTool(net, p, io);
}
