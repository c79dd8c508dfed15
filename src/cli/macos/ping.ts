// `ping` on a macOS host (network_cmds-741 ping.tproj/ping.c), over the emulated network.
// Its loop differs from iputils': one probe per interval from icmp_seq 0, select() waits
// until `last + interval`, a reply does not move that time, and each time the wait ends
// with a probe still unanswered it prints "Request timeout for icmp_seq N" (main, the
// nmissedmax test). After -c probes it waits twice the longest round trip (whole seconds,
// at least 1) or -W milliseconds (10 s by default) when nothing came back, then finish()
// prints the statistics; the exit status is 0 with any reply, else 2. The raw socket sees
// every ICMP packet (no IP_RECVERR on a Mac): errors about our probes are printed with the
// header they quote, and are not counted.
import type { SocketEvent } from "../../stack/host.ts";
import { buildPacket } from "../../stack/ip-build.ts";
import { ipLocalOut } from "../../stack/path.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { isLocalAddress } from "../../stack/route.ts";
import { openRaw, outputRoute } from "../../stack/sockets.ts";
import { formatIpv4, parseIpv4Strict, type Ipv4 } from "../../wire/ipv4.ts";
import { ICMP_TYPE } from "../../wire/icmp.ts";
import { IPPROTO, type IcmpHeader, type Ipv4Packet } from "../../wire/packet.ts";
import type { Net } from "../../world/net.ts";
import { SIGINT } from "../../world/process.ts";
import type { World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";
import { netOf, runTool, ToolProcess } from "../proc.ts";
import { addRtt, type RttSums } from "../ping/stats.ts";
import { ArpTries } from "./arp-tries.ts";
import { EX_NOHOST, EX_USAGE, parseMacPingArgs, type MacPingArgs } from "./ping-options.ts";
import { fixed, icmpText, quotedHeaderText } from "./ping-text.ts";

/** sizeof(struct tv32): data shorter than this carries no send time. */
const TIMEVAL_LEN = 8;
/** The flood interval (main: intvl of 10 ms under -f). */
const FLOOD_MS = 10;
/** sysexits.h: the socket could not be made. */
const EX_OSERR = 71;

interface Target {
  readonly addr: Ipv4;
  readonly host: string;
  readonly src?: Ipv4;
  /** -b: IP_BOUND_IF, the interface every probe leaves by. */
  readonly dev?: string;
}

class MacPingProcess extends ToolProcess {
  private transmitted = 0;
  private received = 0;
  private repeats = 0;
  private rcvTimeout = 0;
  private missedMax = 0;
  /** The round trips' sums, in ms (ping.c keeps doubles). */
  private readonly rtt: RttSums = { tmin: 999999999.0, tmax: 0, tsum: 0, tsum2: 0 };
  private readonly seen = new Set<number>();
  private readonly sentAt = new Map<number, number>();
  private almostDone = false;
  /** select()'s deadline is `last + intvl` (µs). */
  private last = 0;
  private intvl: number;
  private wakeGen = 0;
  private readonly arp = new ArpTries();

  constructor(
    net: Net,
    pid: number,
    ns: string,
    private readonly a: MacPingArgs,
    private readonly t: Target,
    private readonly ident: number,
    private readonly io: ToolIO,
  ) {
    super(net, pid, `ping ${a.target}`, ns);
    this.intvl = (a.flood ? FLOOD_MS : a.interval) * 1000;
    const nsObj = net.world.namespaces[ns];
    if (nsObj === undefined) throw new Error(`no namespace ${ns}`);
    openRaw(nsObj, pid);
  }

  private get timing(): boolean {
    return this.a.size >= TIMEVAL_LEN;
  }

  start(): void {
    // alarm(-t): SIGALRM's stopit ends the loop.
    if (this.a.timeout !== undefined) this.net.timer(this.pid, this.net.now() + this.a.timeout * 1_000_000, () => this.finish());
    this.pinger();
    this.last = this.net.now();
    this.arm();
  }

  /** The data: a struct tv32 (seconds, microseconds, big-endian) then bytes counting from 8. */
  private payload(now: number): number[] {
    const data = Array.from({ length: this.a.size }, (_, i) => i & 0xff);
    if (this.timing) {
      const be = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 0xff);
      data.splice(0, TIMEVAL_LEN, ...be(Math.floor(now / 1e6)), ...be(now % 1e6));
    }
    return data;
  }

  /** pinger(): one echo request with icmp_seq = ntransmitted; a failed sendto is warned about and still counted. */
  private pinger(): void {
    const now = this.net.now();
    const seq = this.transmitted & 0xffff;
    this.seen.delete(seq);
    const err = this.send(seq, now);
    if (err !== undefined) this.io.stderr(`ping: sendto: ${err}\n`);
    else this.sentAt.set(seq, now);
    this.transmitted++;
    if (!this.a.quiet && this.a.flood) this.io.stdout(".");
  }

  /** sendto on the raw socket: rip_output → ip_output, which fails with EHOSTUNREACH when no route is found. */
  private send(seq: number, now: number): string | undefined {
    const ns = this.net.world.namespaces[this.ns];
    if (ns === undefined) return "No route to host";
    const r = outputRoute(ns, this.t.addr, { ...(this.t.src !== undefined ? { src: this.t.src } : {}), ...(this.t.dev !== undefined ? { dev: this.t.dev } : {}) });
    if (typeof r === "string") return "No route to host";
    const refused = this.arp.check(ns, r, this.t.addr, now);
    if (refused !== undefined) return refused;
    const icmp: IcmpHeader = { kind: "icmp", type: ICMP_TYPE.ECHO_REQUEST, code: 0, id: this.ident, seq };
    const packet = buildPacket(this.net, ns, {
      src: this.t.src ?? r.src ?? 0, dst: this.t.addr, proto: IPPROTO.ICMP, df: this.a.df,
      ...(this.a.ttl !== undefined ? { ttl: this.a.ttl } : {}), ...(this.a.tos !== undefined ? { tos: this.a.tos } : {}),
    }, icmp, this.payload(now));
    const trace = this.net.beginTrace({ kind: "local", ns: this.ns, by: "ping" }, packet);
    ipLocalOut(this.net, this.ns, { pkt: { ...packet, mark: 0 }, trace }, r);
    return undefined;
  }

  /** select()'s timeout: wake at last + intvl unless something else ends the wait. */
  private arm(): void {
    const gen = ++this.wakeGen;
    this.net.timer(this.pid, Math.max(this.net.now(), this.last + this.intvl), () => {
      if (gen === this.wakeGen && !this.done) this.timeout();
    });
  }

  /** The `n == 0 || F_FLOOD` branch of main's loop: the next probe, or the last wait, then the missed-probe test. */
  private timeout(): void {
    if (this.a.count === 0 || this.transmitted < this.a.count) this.pinger();
    else {
      if (this.almostDone) return this.finish();
      this.almostDone = true;
      this.intvl = this.received ? Math.max(1, Math.trunc((2 * this.rtt.tmax) / 1000)) * 1_000_000 : this.a.waittime * 1000;
    }
    this.last = this.net.now();
    this.missed();
    this.arm();
  }

  private missed(): void {
    const missing = this.transmitted - this.received - 1;
    if (missing <= this.missedMax) return;
    this.missedMax = missing;
    if (this.a.missedBell) this.io.stdout("\x07");
    if (!this.a.quiet) this.io.stdout(`Request timeout for icmp_seq ${String((this.transmitted - 2) & 0xffff)}\n`);
  }

  onSocket(e: SocketEvent): void {
    if (this.done || e.kind !== "icmp") return;
    this.prPack(e.packet);
    if ((this.a.once && this.received) || (this.a.count && this.received >= this.a.count)) return this.finish();
    if (this.a.flood) this.timeout();
  }

  /** pr_pack(): our echo replies are counted and printed; ICMP errors quoting our probes are printed. */
  private prPack(p: Ipv4Packet): void {
    const icmp = p.l4;
    if (icmp.kind !== "icmp") return;
    const cc = p.ip.length - 20 - p.ip.options.length;
    if (icmp.type === ICMP_TYPE.ECHO_REPLY) return this.reply(p, icmp, cc);
    if (icmp.type === ICMP_TYPE.ECHO_REQUEST) return;
    this.error(p, icmp, cc);
  }

  private reply(p: Ipv4Packet, icmp: IcmpHeader, cc: number): void {
    if (icmp.id !== this.ident) return;
    this.received++;
    const sent = this.sentAt.get(icmp.seq);
    const trip = this.timing && sent !== undefined ? (this.net.now() - sent) / 1000 : 0;
    if (this.timing) addRtt(this.rtt, trip);
    const dup = this.seen.has(icmp.seq);
    if (dup) {
      this.repeats++;
      this.received--;
    } else this.seen.add(icmp.seq);
    if (this.a.quiet) return;
    if (this.a.waittimeSet && trip > this.a.waittime) {
      this.rcvTimeout++;
      return;
    }
    if (this.a.flood) return this.io.stdout("\b");
    let line = `${String(cc)} bytes from ${formatIpv4(p.ip.src)}: icmp_seq=${String(icmp.seq)} ttl=${String(p.ip.ttl)}`;
    if (this.timing) line += ` time=${fixed(trip, 3)} ms`;
    if (dup) line += " (DUP!)";
    // The bell is write(2) past stdio's buffer: it comes out before the buffered line.
    this.io.stdout(`${this.a.audible ? "\x07" : ""}${line}\n`);
  }

  /** Something other than an echo reply: printed when it quotes one of our probes (or with -v). */
  private error(p: Ipv4Packet, icmp: IcmpHeader, cc: number): void {
    const q = p.payload;
    const ours = q.length >= 28 && q[9] === IPPROTO.ICMP && q[20] === ICMP_TYPE.ECHO_REQUEST && (((q[24] ?? 0) << 8) | (q[25] ?? 0)) === this.ident &&
      [0, 1, 2, 3].every((i) => q[16 + i] === ((this.t.addr >>> (24 - 8 * i)) & 0xff));
    if (!this.a.verbose && (this.a.quietErrors || !ours)) return;
    // nfsim's stack answers a failed ARP with a host unreachable to itself, as Linux does;
    // xnu sends no ICMP about its own packets (arp_lookup_ip fails the send instead).
    if (this.fromHere(p)) return;
    const { text, quotes } = icmpText(icmp.type, icmp.code, icmp.rest ?? 0);
    const dump = quotes ? quotedHeaderText(q) : "";
    this.io.stdout(`${String(cc)} bytes from ${formatIpv4(p.ip.src)}: ${text}\n${dump}${this.a.flood ? "" : "\n"}`);
  }

  private fromHere(p: Ipv4Packet): boolean {
    const ns = this.net.world.namespaces[this.ns];
    return ns !== undefined && isLocalAddress(ns, p.ip.src) && p.ip.src !== this.t.addr;
  }

  /** finish(): the statistics block; exit 0 with a reply, else 2. */
  private finish(): void {
    if (this.done) return;
    let out = `\n--- ${this.t.host} ping statistics ---\n${String(this.transmitted)} packets transmitted, ${String(this.received)} packets received, `;
    if (this.repeats) out += `+${String(this.repeats)} duplicates, `;
    if (this.transmitted) {
      out += this.received > this.transmitted ? "-- somebody's printing up packets!" : `${fixed(((this.transmitted - this.received) * 100) / this.transmitted, 1)}% packet loss`;
    }
    if (this.rcvTimeout) out += `, ${String(this.rcvTimeout)} packets out of wait time`;
    out += "\n";
    if (this.received && this.timing) {
      const n = this.received + this.repeats;
      const { tmin, tmax, tsum, tsum2 } = this.rtt;
      const avg = tsum / n;
      const sd = Math.sqrt(tsum2 / n - avg * avg);
      out += `round-trip min/avg/max/stddev = ${fixed(tmin, 3)}/${fixed(avg, 3)}/${fixed(tmax, 3)}/${fixed(sd, 3)} ms\n`;
    }
    this.io.stdout(out);
    this.exit(this.received ? 0 : 2);
  }

  /** SIGINT and SIGQUIT (stopit) end the loop into finish(); other signals kill. */
  override signal(sig: number): void {
    if (sig === SIGINT || sig === 3) this.finish();
    else super.signal(sig);
  }
}

/** gethostbyname2 for what nfsim knows: dotted quads (inet_aton) and localhost. */
function resolve(name: string): Ipv4 | undefined {
  return name === "localhost" ? 0x7f000001 : parseIpv4Strict(name);
}

/** The checks main() makes between parsing and the first probe; an exit status when one fails. */
function prepare(world: World, ns: string, a: MacPingArgs, io: ToolIO): Target | number {
  const nsObj = world.namespaces[ns];
  if (nsObj === undefined) return (io.stderr("ping: socket: Operation not permitted\n"), EX_OSERR);
  if (a.boundif !== undefined && deviceByName(nsObj, a.boundif) === undefined) return (io.stderr("ping: bad interface name\n"), 1);
  let src: Ipv4 | undefined;
  if (a.source !== undefined) {
    src = resolve(a.source);
    if (src === undefined) return (io.stderr(`ping: cannot resolve ${a.source}: Unknown host\n`), EX_NOHOST);
    if (src !== 0 && !isLocalAddress(nsObj, src)) return (io.stderr("ping: bind: Can't assign requested address\n"), 1);
  }
  const addr = resolve(a.target);
  if (addr === undefined) return (io.stderr(`ping: cannot resolve ${a.target}: Unknown host\n`), EX_NOHOST);
  const multicast = addr >>> 28 === 0xe;
  if (a.flood && a.intervalSet) return (io.stderr("ping: -f and -i: incompatible options\n"), EX_USAGE);
  if (a.flood && multicast) return (io.stderr("ping: -f flag cannot be used with multicast destination\n"), EX_USAGE);
  if (a.multicastOnly && !multicast) return (io.stderr("ping: -I, -L, -T flags cannot be used with unicast destination\n"), EX_USAGE);
  return { addr, host: a.target, ...(src !== undefined ? { src } : {}), ...(a.boundif !== undefined ? { dev: a.boundif } : {}) };
}

export function macPing(argv: readonly string[], world: World, ns: string, io: ToolIO): number {
  const parsed = parseMacPingArgs(argv);
  if (!parsed.ok) {
    io.stderr(parsed.stderr);
    return parsed.exit;
  }
  const a = parsed.args;
  const t = prepare(world, ns, a, io);
  if (typeof t === "number") return t;
  const from = a.source !== undefined ? ` from ${a.source}` : "";
  io.stdout(`PING ${a.target} (${formatIpv4(t.addr)})${from}: ${String(a.size)} data bytes\n`);
  const net = netOf(world);
  net.settleNow();
  const pid = net.newPid();
  // ident = getpid() & 0xFFFF, stored in icmp_id without htons: the wire carries it byte-swapped (a little-endian Mac).
  const ident = ((pid & 0xff) << 8) | ((pid >> 8) & 0xff);
  const p = new MacPingProcess(net, pid, ns, a, t, ident, io);
  net.spawn(p);
  p.start();
  return runTool(net, p, io);
}
