// `nc` (netcat-openbsd 1.219-1, Debian) over the emulated network: connect to each port in
// turn (-z only to see whether it opens; -v says so as netcat.c does), or listen (-l) for
// one connection; then readwrite: standard input to the peer, the peer to standard output,
// until the peer closes, an error, or -w seconds of silence; -i SECS writes a line at a
// time and sleeps after each (drainbuf; it does not space the ports of a scan in 1.219),
// -q SECS quits SECS after readwrite is done (-q implies -N, and a listener or UDP nc with
// -q stops reading once standard input ends). UDP (-u) likewise, with udptest's probes
// under -v. Timing follows the virtual clock.
import { strerror } from "../errno.ts";
import type { SocketEvent } from "../../stack/host.ts";
import { closeSocket, openUdp, udpSend } from "../../stack/sockets.ts";
import { tcpConnect, tcpListen, tcpSend, tcpShutdown } from "../../stack/tcp.ts";
import { formatIpv4, parseIpv4Strict, type Ipv4 } from "../../wire/ipv4.ts";
import type { Net } from "../../world/net.ts";
import type { World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";
import { netOf, runTool, ToolProcess } from "../proc.ts";
import { NC_USAGE, parseNcArgs, serviceName, type NcArgs } from "./options.ts";

const HELP = `OpenBSD netcat (Debian patchlevel 1.219-1)
${NC_USAGE}\tCommand Summary:
\t\t-4\t\tUse IPv4
\t\t-6\t\tUse IPv6
\t\t-b\t\tAllow broadcast
\t\t-C\t\tSend CRLF as line-ending
\t\t-D\t\tEnable the debug socket option
\t\t-d\t\tDetach from stdin
\t\t-F\t\tPass socket fd
\t\t-h\t\tThis help text
\t\t-I length\tTCP receive buffer length
\t\t-i interval\tDelay interval for lines sent, ports scanned
\t\t-k\t\tKeep inbound sockets open for multiple connects
\t\t-l\t\tListen mode, for inbound connects
\t\t-M ttl\t\tOutgoing TTL / Hop Limit
\t\t-m minttl\tMinimum incoming TTL / Hop Limit
\t\t-N\t\tShutdown the network socket after EOF on stdin
\t\t-n\t\tSuppress name/port resolutions
\t\t-O length\tTCP send buffer length
\t\t-P proxyuser\tUsername for proxy authentication
\t\t-p port\t\tSpecify local port for remote connects
\t\t-q secs\t\tquit after EOF on stdin and delay of secs
\t\t-r\t\tRandomize remote ports
\t\t-S\t\tEnable the TCP MD5 signature option
\t\t-s sourceaddr\tLocal source address
\t\t-T keyword\tTOS value
\t\t-t\t\tAnswer TELNET negotiation
\t\t-U\t\tUse UNIX domain socket
\t\t-u\t\tUDP mode
\t\t-V rtable\tSpecify alternate routing table
\t\t-v\t\tVerbose
\t\t-W recvlimit\tTerminate after receiving a number of packets
\t\t-w timeout\tTimeout for connects and final net reads
\t\t-X proto\tProxy protocol: "4", "5" (SOCKS) or "connect"
\t\t-x addr[:port]\tSpecify proxy address and port
\t\t-Z\t\tDCCP mode
\t\t-z\t\tZero-I/O mode [used for scanning]
\tPort numbers can be individual or ranges: lo-hi [inclusive]
`;

/** udptest waits this many seconds for an ICMP error without -w (UDP_SCAN_TIMEOUT). */
const UDP_SCAN_TIMEOUT = 3;

const encoder = new TextEncoder();

/**
 * One more turn of readwrite's poll loop after a write: nc sees standard input's end (and
 * shuts down) a few tens of µs after writing its last bytes, by which time the peer's ACK
 * of them is back over a veth; nfsim's round trip is two WIRE_DELAY_US.
 */
const POLL_TURN_US = 50;

/** From nc's last close to the shell starting its next command: exit(2), wait(2), a fork. */
const EXIT_US = 1_000;

type Phase = "idle" | "connecting" | "probing" | "rw" | "listening" | "quitting";

/** What readwrite still has to write from standard input, and whether nc sleeps (-i) after it. */
interface Chunk {
  readonly bytes: readonly number[];
  readonly sleep: boolean;
}

/** drainbuf: with -i, one line per write and a sleep after each whole line; else everything at once. */
function chunks(bytes: readonly number[], interval: number | undefined): Chunk[] {
  if (bytes.length === 0) return [];
  if (interval === undefined || interval === 0) return [{ bytes, sleep: false }];
  const out: Chunk[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    out.push({ bytes: bytes.slice(start, i + 1), sleep: true });
    start = i + 1;
  }
  if (start < bytes.length) out.push({ bytes: bytes.slice(start), sleep: false });
  return out;
}

class NcProcess extends ToolProcess {
  private ret = 1;
  private next = 0;
  private port = 0;
  private sock: number | undefined;
  private listener: number | undefined;
  private phase: Phase = "idle";
  /** Bumped whenever something happens, so that a -w timer set earlier knows it is stale. */
  private activity = 0;
  /** The errno a write would return now (sk_err), consumed by that write. */
  private netErr: string | undefined;
  private readonly decoder = new TextDecoder();
  /** Reads from the network so far, for -W (recvcount: a global, never reset between connections). */
  private recvCount = 0;
  /** The connection readwrite works on (a timer set for an earlier one is stale). */
  private conn = 0;
  /** Standard input not yet written (-i spaces its lines), and whether nc sleeps now. */
  private pending: Chunk[] = [];
  private sleeping = false;
  /** readwrite's inputs: standard input read to its end, the network read to EOF or failed. */
  private stdinGone = false;
  private netinGone = false;
  /** -k; readwrite clears it when a listener stops reading after EOF on stdin (#817050). */
  private keep: boolean;

  constructor(
    net: Net,
    pid: number,
    ns: string,
    private readonly a: NcArgs,
    private readonly addr: Ipv4,
    private readonly io: ToolIO,
  ) {
    super(net, pid, `nc ${a.listen ? "-l " : ""}${[a.host ?? "", ...a.portWords].join(" ").trim()}`, ns);
    this.keep = a.keep;
  }

  private get proto(): string {
    return this.a.udp ? "udp" : "tcp";
  }

  private warn(text: string): void {
    this.io.stderr(`nc: ${text}\n`);
  }

  start(): void {
    if (this.a.listen) this.listen();
    else this.nextPort();
  }

  // --- connecting --------------------------------------------------------------------------

  private nextPort(): void {
    this.close();
    const port = this.a.ports[this.next++];
    if (port === undefined) return this.exitSoon(this.ret);
    this.port = port;
    if (this.a.udp) this.udpClient();
    else this.tcpClient();
  }

  private sourcePort(): number | undefined {
    return this.a.sourcePort === undefined ? undefined : Number(this.a.sourcePort);
  }

  private tcpClient(): void {
    const src = this.a.source === undefined ? undefined : parseIpv4Strict(this.a.source);
    const sport = this.sourcePort();
    const r = tcpConnect(this.net, this.ns, {
      owner: this.pid, dst: { addr: this.addr, port: this.port },
      ...(src !== undefined ? { src } : {}), ...(sport !== undefined ? { sport } : {}),
    });
    if (!r.ok) return this.connectFailed(r.errno, false);
    this.sock = r.socket;
    this.phase = "connecting";
    const timeout = this.a.timeout;
    if (timeout !== undefined) {
      const port = this.port;
      this.net.timer(this.pid, this.net.now() + timeout * 1000, () => {
        if (this.phase === "connecting" && this.port === port) this.connectFailed("EINPROGRESS", true);
      });
    }
  }

  /** remote_connect's complaint, under -v; then the next port. */
  private connectFailed(errno: string, timedOut: boolean): void {
    if (this.a.verbose) {
      const how = timedOut ? "timed out" : "failed";
      this.warn(`connect to ${this.a.host ?? ""} port ${String(this.port)} (${this.proto}) ${how}: ${strerror(errno)}`);
    }
    this.phase = "idle";
    this.nextPort();
  }

  private succeeded(): void {
    const sv = this.a.numeric ? undefined : serviceName(this.port, this.a.udp);
    this.io.stderr(`Connection to ${this.a.host ?? ""} ${String(this.port)} port [${this.proto}/${sv ?? "*"}] succeeded!\n`);
  }

  private connected(): void {
    this.ret = 0;
    if (this.a.verbose) this.succeeded();
    if (this.a.zero) return this.nextPort();
    this.readwrite();
  }

  private udpClient(): void {
    const src = this.a.source === undefined ? undefined : parseIpv4Strict(this.a.source);
    const sport = this.sourcePort();
    const s = openUdp(this.net, this.ns, {
      owner: this.pid, remote: { addr: this.addr, port: this.port },
      ...(src !== undefined || sport !== undefined ? { local: { addr: src ?? 0, port: sport ?? 0 } } : {}),
    });
    if (typeof s === "string") return this.connectFailed(s, false);
    this.sock = s.id;
    this.netErr = undefined;
    this.ret = 0;
    if (this.a.verbose) return this.udptest(0);
    if (this.a.zero) return this.nextPort();
    this.readwrite();
  }

  /** write(2) of one probe: it fails with the error pending on the socket (and clears it), else sends. */
  private probe(): string | undefined {
    const pending = this.netErr;
    this.netErr = undefined;
    if (pending === undefined) this.send([0x58]);
    return pending;
  }

  /** udptest: two probes at once, then one a second; only "Connection refused" fails the port. */
  private udptest(round: number): void {
    this.phase = "probing";
    const rounds = this.a.timeout === undefined ? UDP_SCAN_TIMEOUT : Math.floor(this.a.timeout / 1000);
    const failed = round === 0 ? this.probe() !== undefined || this.probe() === "ECONNREFUSED" : this.probe() === "ECONNREFUSED";
    if (failed) {
      this.ret = 1;
      return this.nextPort();
    }
    if (round >= rounds) {
      this.succeeded();
      if (this.a.zero) return this.nextPort();
      return this.readwrite();
    }
    this.net.timer(this.pid, this.net.now() + 1_000_000, () => this.udptest(round + 1));
  }

  // --- listening ----------------------------------------------------------------------------

  /** report_sock: without -n the address goes through getnameinfo, which has no resolver here. */
  private report(what: string, addr: Ipv4, port: number): void {
    if (!this.a.numeric) return this.warn("getnameinfo: Temporary failure in name resolution");
    this.io.stderr(`${what} on ${formatIpv4(addr)} ${String(port)}\n`);
  }

  private listen(): void {
    const port = this.a.ports[0] ?? 0;
    const addr = this.a.host === undefined ? 0 : (parseIpv4Strict(this.a.host) ?? 0);
    if (this.a.udp) {
      const s = openUdp(this.net, this.ns, { owner: this.pid, local: { addr, port } });
      if (typeof s === "string") return this.die(s);
      this.listener = s.id;
      if (this.a.verbose) this.report("Bound", addr, port);
    } else {
      const r = tcpListen(this.net, this.ns, this.pid, { addr, port });
      if (!r.ok) return this.die(r.errno);
      this.listener = r.socket;
      if (this.a.verbose) this.report("Listening", addr, port);
    }
    this.phase = "listening";
  }

  /**
   * exit(2) after the last close: the shell sees nc end a millisecond later, when the
   * kernel's answers to its last segments (an ACK of our FIN,ACK, the peer's last ACK)
   * have crossed the wire, as they have on a real host before the next command starts.
   */
  private exitSoon(status: number): void {
    this.exitIn(EXIT_US, status);
  }

  /** nc is on its way out: it exits `us` from now with `status`. */
  private exitIn(us: number, status: number): void {
    this.phase = "quitting";
    this.net.timer(this.pid, this.net.now() + us, () => this.exit(status));
  }

  private die(errno: string): void {
    this.warn(strerror(errno));
    this.exit(1);
  }

  // --- readwrite --------------------------------------------------------------------------------

  private send(bytes: readonly number[]): void {
    if (this.sock === undefined || bytes.length === 0) return;
    if (this.a.udp) udpSend(this.net, this.ns, this.sock, bytes);
    else tcpSend(this.net, this.ns, this.sock, bytes);
  }

  /**
   * netcat.c readwrite: standard input goes out (a line per -i seconds), then its end is
   * seen on the next turn of the loop; the peer is read until it closes, fails, or -w
   * passes quietly.
   */
  private readwrite(): void {
    this.phase = "rw";
    this.conn += 1;
    this.stdinGone = false;
    this.netinGone = false;
    this.sleeping = false;
    this.pending = chunks(Array.from(encoder.encode(this.io.stdin)), this.a.interval);
    this.pump();
    this.touch();
  }

  /** Writes what standard input still holds, sleeping -i seconds after each whole line. */
  private pump(): void {
    const conn = this.conn;
    const later = (us: number, fn: () => void) =>
      this.net.timer(this.pid, this.net.now() + us, () => {
        if (this.conn === conn && this.phase === "rw") fn();
      });
    for (let chunk = this.pending.shift(); chunk !== undefined; chunk = this.pending.shift()) {
      this.send(chunk.bytes);
      if (!chunk.sleep) continue;
      this.sleeping = true;
      return later((this.a.interval ?? 0) * 1_000_000, () => {
        this.sleeping = false;
        this.pump();
      });
    }
    later(POLL_TURN_US, () => this.stdinEnded());
  }

  /**
   * "stdin gone and queue empty": -N (and -q) shut the connection down for writing; a
   * listener or a UDP nc with -q stops reading too (Debian #817050, which also ends -k);
   * an EOF from the network already seen ends readwrite now.
   */
  private stdinEnded(): void {
    this.stdinGone = true;
    if (this.a.shutdown && !this.a.udp && this.sock !== undefined) tcpShutdown(this.net, this.ns, this.sock);
    if ((this.a.listen || this.a.udp) && (this.a.quit ?? -1) >= 0) {
      this.keep = false;
      this.netinGone = true;
    }
    if (this.netinGone) this.inputsGone();
  }

  /** EOF from the network: readwrite returns once standard input is done too (a listener does not wait for it). */
  private netEof(): void {
    this.netinGone = true;
    if (this.sleeping || this.pending.length > 0) return;
    if (this.stdinGone || this.a.listen) this.inputsGone();
  }

  /** Both inputs gone: readwrite returns, or with -q SECS > 0 nc closes the connection and quits SECS later. */
  private inputsGone(): void {
    const quit = this.a.quit ?? -1;
    if (quit <= 0) return this.endConnection();
    // The SIGALRM handler, quit(): exit(0), whatever ports or connections were left.
    this.exitIn(quit * 1_000_000, 0);
    this.close();
  }

  private touch(): void {
    const mark = ++this.activity;
    const timeout = this.a.timeout;
    if (timeout === undefined || this.a.listen) return;
    this.net.timer(this.pid, this.net.now() + timeout * 1000, () => {
      if (this.activity === mark && this.phase === "rw") this.endConnection();
    });
  }

  /** readwrite returned: the connection closes; a client goes on to its next port, a listener ends unless -k. */
  private endConnection(): void {
    this.phase = "idle";
    this.close();
    if (!this.a.listen) return this.nextPort();
    if (!this.keep) {
      if (this.listener !== undefined) closeSocket(this.net, this.ns, this.listener);
      return this.exitSoon(0);
    }
    this.phase = "listening";
  }

  private close(): void {
    if (this.sock !== undefined) closeSocket(this.net, this.ns, this.sock);
    this.sock = undefined;
  }

  private print(bytes: readonly number[]): void {
    this.io.stdout(this.decoder.decode(Uint8Array.from(bytes), { stream: true }));
  }

  onSocket(e: SocketEvent): void {
    if (this.done) return;
    switch (e.kind) {
      case "connected":
        if (this.phase === "connecting" && e.socket === this.sock) this.connected();
        return;
      case "accepted":
        return this.accepted(e.child, e.from.addr, e.from.port);
      case "error":
        return this.error(e.socket, e.errno);
      case "data":
        return this.wake(() => {
          if (e.socket !== this.sock || this.phase !== "rw") return;
          this.print(e.payload);
          this.received();
        });
      case "datagram":
        return this.datagram(e.socket, e.from.addr, e.from.port, e.payload);
      case "eof":
        return this.wake(() => {
          if (e.socket === this.sock && this.phase === "rw") this.netEof();
        });
      default:
        return;
    }
  }

  /** poll returns and nc reads what the kernel queued a turn later; the kernel has ACKed it meanwhile. */
  private wake(fn: () => void): void {
    this.net.timer(this.pid, this.net.now() + POLL_TURN_US, fn);
  }

  private accepted(child: number, addr: Ipv4, port: number): void {
    if (this.phase !== "listening") return;
    if (this.a.verbose) this.report("Connection received", addr, port);
    this.sock = child;
    this.readwrite();
  }

  private error(socket: number, errno: string): void {
    if (socket !== this.sock) return;
    if (this.phase === "connecting") {
      this.sock = undefined;
      return this.connectFailed(errno, false);
    }
    if (this.phase === "probing") {
      this.netErr = errno;
      return;
    }
    // POLLERR on the network: readwrite stops reading and writing it, after any -i sleep.
    if (this.phase !== "rw") return;
    this.pending = [];
    this.stdinGone = true;
    this.netinGone = true;
    if (!this.sleeping) this.inputsGone();
  }

  private datagram(socket: number, addr: Ipv4, port: number, payload: readonly number[]): void {
    if (this.a.listen && this.phase === "listening" && socket === this.listener) {
      // recvfrom(MSG_PEEK), then connect to the sender: the rest is that conversation.
      this.sock = socket;
      if (this.a.verbose) this.report("Connection received", addr, port);
      this.readwrite();
    }
    if (socket !== this.sock || this.phase !== "rw") return;
    this.print(payload);
    this.received();
  }

  /** One read from the network: -W's limit reached ends readwrite (both inputs closed), else -w starts over. */
  private received(): void {
    const limit = this.a.recvLimit;
    if (limit !== undefined && ++this.recvCount >= limit) return this.inputsGone();
    this.touch();
  }

  /** Nothing more will ever come: the real nc would wait forever. */
  stuck(): void {
    this.io.stderr("nfsim: nc would wait forever: nothing else in the world will happen\n");
    this.close();
    this.exit(1);
  }
}

export function nc(argv: readonly string[], world: World, ns: string, io: ToolIO): number {
  const parsed = parseNcArgs(argv);
  if (parsed.ok === "help") return (io.stderr(HELP), 0);
  if (!parsed.ok) return (io.stderr(parsed.stderr), parsed.exit);
  const a = parsed.args;
  const addr = a.host === undefined ? 0 : parseIpv4Strict(a.host);
  if (addr === undefined) {
    io.stderr(`nc: getaddrinfo for host "${a.host ?? ""}" port ${a.portWords[0] ?? ""}: Temporary failure in name resolution\n`);
    return 1;
  }
  const net = netOf(world);
  net.settleNow();
  const p = new NcProcess(net, net.newPid(), ns, a, addr, io);
  net.spawn(p);
  p.start();
  return runTool(net, p, io);
}
