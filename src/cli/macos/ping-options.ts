// macOS ping's command line (network_cmds-741 ping.tproj/ping.c main): getopt_long over
// "AaB:b:Cc:DdfG:g:h:I:i:k:K:Ll:M:m:noP:p:QqRrS:s:T:t:vW:z:" and the four --apple-*
// long options, each argument checked with the words and sysexits codes ping.c uses
// (errx(EX_USAGE, ...) is exit 64). The options nfsim carries out are kept here; the
// others are accepted and have no effect.
import { parseIpv4 } from "../../wire/ipv4.ts";

/** sysexits.h */
export const EX_USAGE = 64;
export const EX_NOHOST = 68;

export interface MacPingArgs {
  /** -c: stop after this many replies (0: never). */
  count: number;
  /** -i: milliseconds between probes (1000). */
  interval: number;
  intervalSet: boolean;
  /** -W: milliseconds to wait for a reply (MAXWAIT 10000): the last wait, and replies later than it are not printed. */
  waittime: number;
  waittimeSet: boolean;
  /** -t: seconds until SIGALRM ends ping. */
  timeout?: number;
  /** -s: data bytes (56). */
  size: number;
  /** -m: the probes' TTL. */
  ttl?: number;
  /** -S: the source address. */
  source?: string;
  quiet: boolean;
  /** -Q: ICMP errors about our probes are not printed. */
  quietErrors: boolean;
  /** -o: exit after one reply. */
  once: boolean;
  flood: boolean;
  audible: boolean;
  /** -A: a bell when a probe goes unanswered. */
  missedBell: boolean;
  /** -D: the don't-fragment bit. */
  df: boolean;
  /** -z: the type of service. */
  tos?: number;
  /** -v: ICMP errors about other packets are printed too. */
  verbose: boolean;
  /** -I, -L or -T: options for a multicast group only. */
  multicastOnly: boolean;
  /** -b / -B: the interface the socket is bound to (IP_BOUND_IF). */
  boundif?: string;
  target: string;
}

export type MacPingParse = { readonly ok: true; readonly args: MacPingArgs } | { readonly ok: false; readonly stderr: string; readonly exit: number };

const OPTSTRING = "AaB:b:Cc:DdfG:g:h:I:i:k:K:Ll:M:m:noP:p:QqRrS:s:T:t:vW:z:";
const LONGOPTS = ["apple-connect", "apple-time", "apple-print-id", "apple-print-request"];
/** MAXTTL, MAXALARM and IP_MAXPACKET - 28 (the largest -s) of ping.c. */
const MAXTTL = 255;
const MAXALARM = 3600;
const MAXPAYLOAD = 65535 - 28;

/** usage() of ping.c, word for word (SECOPT is empty: macOS builds ping without IPSEC policy). */
export const MAC_PING_USAGE = [
  "usage: ping [-AaDdfnoQqRrv] [-c count] [-G sweepmaxsize]",
  "            [-g sweepminsize] [-h sweepincrsize] [-i wait]",
  "            [-l preload] [-M mask | time] [-m ttl] [-p pattern]",
  "            [-S src_addr] [-s packetsize] [-t timeout][-W waittime]",
  "            [-z tos] host",
  "       ping [-AaDdfLnoQqRrv] [-c count] [-I iface] [-i wait]",
  "            [-l preload] [-M mask | time] [-m ttl] [-p pattern] [-S src_addr]",
  "            [-s packetsize] [-T ttl] [-t timeout] [-W waittime]",
  "            [-z tos] mcast-group",
  "Apple specific options (to be specified before mcast-group or host like all options)",
  "            -b boundif           # bind the socket to the interface",
  "            -k traffic_class     # set traffic class socket option",
  "            -K net_service_type  # set traffic class socket options",
  "            --apple-connect      # call connect(2) in the socket",
  "            --apple-time         # display current time",
  "            --apple-print-id     # display echo ID",
  "            --apple-print-req    # display echo request",
  "",
].join("\n");

class Fail extends Error {
  constructor(readonly stderr: string, readonly exit: number) {
    super(stderr);
  }
}

const usage = (before = ""): Fail => new Fail(before + MAC_PING_USAGE, EX_USAGE);
const bad = (text: string): Fail => new Fail(`ping: ${text}\n`, EX_USAGE);

/** strtoul(s, &ep, 0): a C unsigned number (0x hex, 0 octal), undefined unless the whole word is one. */
function strtoulWhole(s: string): number | undefined {
  const t = s.trimStart();
  const m = /^[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(t);
  if (m === null) return undefined;
  const body = (m[1] ?? "0").toLowerCase();
  const n = body.startsWith("0x") ? parseInt(body, 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : parseInt(body, 10);
  return t.startsWith("-") ? (n === 0 ? 0 : 2 ** 64 - n) : n;
}

/** strtoul without the end check (-t): the leading number, 0 when there is none. */
function strtoulPrefix(s: string): number {
  const m = /^\s*[+]?(\d+)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** strtod(s, &ep) with *ep checked: a C floating number, undefined unless the whole word is one. */
function strtodWhole(s: string): number | undefined {
  const t = s.trimStart();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** str2tos: a number up to MAXTOS, or one of the DSCP/TOS names; nfsim takes numbers. */
function tosOf(s: string): number | undefined {
  const n = strtoulWhole(s);
  return n !== undefined && n <= 255 ? n : undefined;
}

function defaults(): Omit<MacPingArgs, "target"> {
  return {
    count: 0, interval: 1000, intervalSet: false, waittime: 10000, waittimeSet: false, size: 56,
    quiet: false, quietErrors: false, once: false, flood: false, audible: false, missedBell: false, df: false, verbose: false,
    multicastOnly: false,
  };
}

/** One option of ping.c's switch. */
function apply(a: Omit<MacPingArgs, "target">, ch: string, arg: string): void {
  switch (ch) {
    case "c": {
      const n = strtoulWhole(arg);
      if (n === undefined || n > 2 ** 63 - 1 || n === 0) throw bad(`invalid count of packets to transmit: \`${arg}'`);
      a.count = n;
      return;
    }
    case "i": {
      const t = strtodWhole(arg);
      if (t === undefined || t * 1000 > 2147483647) throw bad(`invalid timing interval: \`${arg}'`);
      a.interval = Math.trunc(t * 1000);
      a.intervalSet = true;
      return;
    }
    case "W": {
      const t = strtodWhole(arg);
      if (t === undefined || t > 2147483647) throw bad(`invalid timing interval: \`${arg}'`);
      a.waittime = Math.trunc(t);
      a.waittimeSet = true;
      return;
    }
    case "t": {
      const t = strtoulPrefix(arg);
      if (t < 1) throw bad(`invalid timeout: \`${arg}'`);
      if (t > MAXALARM) throw bad(`invalid timeout: \`${arg}' > ${String(MAXALARM)}`);
      a.timeout = t;
      return;
    }
    case "s": {
      const n = strtoulWhole(arg);
      if (n === undefined) throw bad(`invalid packet size: \`${arg}'`);
      a.size = n;
      return;
    }
    case "m": {
      const n = strtoulWhole(arg);
      if (n === undefined || n > MAXTTL) throw bad(`invalid TTL: \`${arg}'`);
      a.ttl = n;
      return;
    }
    case "z": {
      const n = tosOf(arg);
      if (n === undefined) throw bad(`invalid TOS: \`${arg}'`);
      a.tos = n;
      return;
    }
    case "S":
      a.source = arg;
      return;
    case "b":
    case "B":
      a.boundif = arg;
      return;
    default:
      others(a, ch, arg);
  }
}

/** The options nfsim only checks (their words as ping.c's), and the flags. */
function others(a: Omit<MacPingArgs, "target">, ch: string, arg: string): void {
  switch (ch) {
    case "I":
      if (parseIpv4(arg) === undefined) throw bad(`invalid multicast interface: \`${arg}'`);
      a.multicastOnly = true;
      return;
    case "T": {
      const n = strtoulWhole(arg);
      if (n === undefined || n > MAXTTL) throw bad(`invalid multicast TTL: \`${arg}'`);
      a.multicastOnly = true;
      return;
    }
    case "L":
      a.multicastOnly = true;
      return;
    case "l": {
      const n = strtoulWhole(arg);
      if (n === undefined || n > 2147483647) throw bad(`invalid preload value: \`${arg}'`);
      return;
    }
    case "M":
      if (!"MmTt".includes(arg[0] ?? "\0") || arg === "") throw bad(`invalid message: \`${arg[0] ?? ""}'`);
      return;
    default:
      flag(a, ch);
  }
}

function flag(a: Omit<MacPingArgs, "target">, ch: string): void {
  if (ch === "q") a.quiet = true;
  else if (ch === "Q") a.quietErrors = true;
  else if (ch === "o") a.once = true;
  else if (ch === "f") a.flood = true;
  else if (ch === "a") a.audible = true;
  else if (ch === "A") a.missedBell = true;
  else if (ch === "D") a.df = true;
  else if (ch === "v") a.verbose = true;
}

/**
 * getopt_long (Libc's, from FreeBSD getopt_long.c): options may follow the host (they are
 * permuted ahead), "--" ends them, and a bad one prints "unknown option -- x" or "option
 * requires an argument -- x" before ping's usage.
 */
function scan(argv: readonly string[]): { opts: [string, string][]; operands: string[] } {
  const opts: [string, string][] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] ?? "";
    if (w === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!w.startsWith("-") || w === "-") operands.push(w);
    else if (w.startsWith("--")) {
      const name = w.slice(2).split("=")[0] ?? "";
      if (!LONGOPTS.includes(name)) throw usage(`ping: unknown option -- ${name}\n`);
    } else {
      for (let j = 1; j < w.length; j++) {
        const ch = w[j] ?? "";
        const at = OPTSTRING.indexOf(ch);
        if (at < 0 || ch === ":") throw usage(`ping: unknown option -- ${ch}\n`);
        if (OPTSTRING[at + 1] !== ":") {
          opts.push([ch, ""]);
          continue;
        }
        let arg = w.slice(j + 1);
        if (arg === "") {
          const next = argv[++i];
          if (next === undefined) throw usage(`ping: option requires an argument -- ${ch}\n`);
          arg = next;
        }
        opts.push([ch, arg]);
        break;
      }
    }
  }
  return { opts, operands };
}

/** main()'s option loop and the checks after it, in ping.c's order. */
export function parseMacPingArgs(argv: readonly string[]): MacPingParse {
  try {
    const { opts, operands } = scan(argv);
    const a = defaults();
    for (const [ch, arg] of opts) apply(a, ch, arg);
    if (operands.length !== 1) throw usage();
    if (a.size > MAXPAYLOAD) throw bad(`packet size too large: ${String(a.size)} > ${String(MAXPAYLOAD)}`);
    return { ok: true, args: { ...a, target: operands[0] ?? "" } };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, stderr: e.stderr, exit: e.exit };
    throw e;
  }
}
