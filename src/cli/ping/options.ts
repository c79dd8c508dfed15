// ping's command line (iputils 20221126 ping/ping.c main): getopt over
// "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:", the strtol_or_err and
// ping_strtod checks with their words, and the options nfsim carries out.
import { getoptLong } from "../getopt.ts";

export interface PingArgs {
  count?: number;
  /** Milliseconds between probes (1000 unless -i). */
  interval: number;
  /** -W: how long to wait for replies after the last probe, in ms (10 s by default). */
  linger: number;
  /** -w: seconds until ping stops whatever happens. */
  deadline?: number;
  size: number;
  ttl?: number;
  tos?: number;
  quiet: boolean;
  /** -I with an interface name. */
  device?: string;
  /** -I with an address. */
  source?: string;
  /** -e: the echo identifier. */
  ident?: number;
  broadcast: boolean;
  /** -m: SO_MARK, the mark of every probe. */
  mark?: number;
  /** -D: a [seconds.micros] timestamp before each reply or error line. */
  timestamps: boolean;
  verbose: boolean;
  version: boolean;
  /** -i was given (setup keeps it under -f). */
  intervalSet: boolean;
  /** -f: flood, a dot per probe and a backspace per reply. */
  flood: boolean;
  /** -A: the interval follows the round trip's moving average. */
  adaptive: boolean;
  /** -l: probes sent without waiting at the start (1 by default). */
  preload: number;
  /** -p: the hex pattern that fills the data. */
  pattern?: string;
  /** -O: "no answer yet" before each probe whose predecessor is unanswered. */
  outstanding: boolean;
  /** -a: a bell after each reply. */
  audible: boolean;
  /** -M: IP_MTU_DISCOVER; only "do" changes what nfsim does (EMSGSIZE above the MTU). */
  pmtu?: "do" | "dont" | "want";
  /** -B (or -I with an address): bind the source, shown in the PING line. */
  strictSource: boolean;
  /** -R: the record route option on every probe, printed from the replies. */
  recordRoute: boolean;
  /** -T: an IP timestamp option was asked for (parsed; the option itself is not sent). */
  timestamp: boolean;
  /** -r: SO_DONTROUTE, only destinations on a link of this host. */
  dontRoute: boolean;
  target: string;
}

export type PingParse =
  | { readonly ok: true; readonly args: PingArgs; readonly warnings: string }
  | { readonly ok: false; readonly stderr: string; readonly exit: number };

/** iputils ping's getopt string. */
const OPTSTRING = "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:";

class Fail extends Error {
  constructor(readonly stderr: string, readonly exit: number) {
    super(stderr);
  }
}

export const PING_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

export const PING_VERSION = "ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n";

/** strtol_or_err (iputils.h): the whole word a number in [min, max], else exit 1 with its words. */
function integer(text: string, min: number, max: number | bigint): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(text);
  if (m === null) throw new Fail(`ping: invalid argument: '${text}'\n`, 1);
  const digits = m[2] ?? "0";
  const value = (m[1] === "-" ? -1 : 1) * (digits.startsWith("0x") || digits.startsWith("0X") ? parseInt(digits, 16) : digits.length > 1 && digits.startsWith("0") ? parseInt(digits, 8) : Number(digits));
  if (value < min || value > Number(max)) {
    throw new Fail(`ping: invalid argument: '${text}': out of range: ${String(min)} <= value <= ${String(max)}\n`, 1);
  }
  return value;
}

/** ping_strtod: a number; trailing garbage only warns (and a word that is no number reads as 0). */
function decimal(text: string, what: string, warn: (t: string) => void): number {
  if (text === "") throw new Fail(`ping: ${what}: ${text}\n`, 2);
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
  const end = m === null ? text : text.slice(m[0].length);
  if (end !== "") warn(`ping: option argument contains garbage: ${end}\nping: this will become fatal error in the future\n`);
  return m === null ? 0 : Number(m[0]);
}

const LONG_MAX = 9223372036854775807n;

/** parsetos: hex with 0x, else decimal, at most 255. */
function parseTos(v: string): number {
  const hex = /^0[xX]/.test(v);
  const digits = hex ? v.slice(2) : v;
  const lead = /^\s*[+-]?[0-9a-fA-F]*/.exec(digits)?.[0] ?? "";
  const ok = hex ? /^\s*[+-]?[0-9a-fA-F]*$/.test(digits) : /^\s*[+-]?\d*$/.test(digits);
  if (!ok) throw new Fail(`ping: bad TOS value: ${v}\n`, 2);
  const tos = lead.trim() === "" ? 0 : parseInt(lead, hex ? 16 : 10);
  if (tos > 255) throw new Fail(`ping: the decimal value of TOS bits must be in range 0-255: ${String(tos)}\n`, 2);
  return tos;
}
const INT_MAX = 2147483647;

/** inet_pton(AF_INET): four decimal parts up to 255, none with a leading zero (glibc's inet_pton4). */
function isDottedQuad(v: string): boolean {
  return /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(v) && v.split(".").every((p) => Number(p) <= 255);
}

function apply(a: PingArgs, opt: string, v: string, warn: (t: string) => void): void {
  switch (opt) {
    case "c": a.count = integer(v, 1, LONG_MAX); break;
    case "e": a.ident = integer(v, 0, 0xffff); break;
    case "i": {
      const x = decimal(v, "bad timing interval", warn);
      if (x > INT_MAX / 1000) throw new Fail(`ping: bad timing interval: ${v}\n`, 2);
      a.interval = Math.trunc(x * 1000);
      a.intervalSet = true;
      break;
    }
    case "I":
      if (isDottedQuad(v)) a.source = v;
      else a.device = v;
      break;
    case "s": a.size = integer(v, 0, INT_MAX); break;
    case "t": a.ttl = integer(v, 0, 255); break;
    case "w": a.deadline = integer(v, 0, INT_MAX); break;
    case "W": {
      const x = decimal(v, "bad linger time", warn);
      if (x < 0 || x > INT_MAX / 1000) throw new Fail(`ping: bad linger time: ${v}\n`, 2);
      a.linger = Math.trunc(x * 1000);
      break;
    }
    case "q": a.quiet = true; break;
    case "m": a.mark = integer(v, 0, 4294967295); break;
    case "Q": a.tos = parseTos(v); break;
    case "D": a.timestamps = true; break;
    case "b": a.broadcast = true; break;
    // MAX_DUP_CHK (ping.h) bounds the preload; the non-root limit of 3 does not apply to root.
    case "l": a.preload = integer(v, 1, 0x10000); break;
    case "M":
      if (v !== "do" && v !== "dont" && v !== "want") throw new Fail(`ping: invalid -M argument: ${v}\n`, 2);
      a.pmtu = v;
      break;
    case "f": a.flood = true; break;
    case "A": a.adaptive = true; break;
    case "p": a.pattern = v; break;
    case "O": a.outstanding = true; break;
    case "a": a.audible = true; break;
    case "B": a.strictSource = true; break;
    case "R":
      if (a.timestamp) throw new Fail("ping: only one of -T or -R may be used\n", 2);
      a.recordRoute = true;
      break;
    case "T":
      if (a.recordRoute) throw new Fail("ping: only one of -T or -R may be used\n", 2);
      if (v !== "tsonly" && v !== "tsandaddr" && v !== "tsprespec") throw new Fail(`ping: invalid timestamp type: ${v}\n`, 2);
      a.timestamp = true;
      break;
    case "r": a.dontRoute = true; break;
    case "v": a.verbose = true; break;
    case "V": a.version = true; break;
    case "h": case "?": throw new Fail(PING_USAGE, 2);
    default: break;
  }
}

export function parsePingArgs(argv: readonly string[]): PingParse {
  const a: PingArgs = { interval: 1000, linger: 10_000, size: 56, quiet: false, broadcast: false, timestamps: false, verbose: false, version: false,
    intervalSet: false, flood: false, adaptive: false, preload: 1, outstanding: false, audible: false, strictSource: false,
    recordRoute: false, timestamp: false, dontRoute: false, target: "" };
  let warnings = "";
  const warn = (t: string) => (warnings += t);
  const parsed = getoptLong("ping", argv, OPTSTRING, []);
  try {
    // Each option takes effect as getopt returns it (-V prints and exits at once).
    for (const { val, arg } of parsed.opts) {
      apply(a, val, arg ?? "", warn);
      if (a.version) return { ok: true, args: a, warnings };
    }
    // getopt's own line, then usage(), which starts with a blank line.
    if (parsed.error !== undefined) throw new Fail(parsed.error + PING_USAGE, 2);
  } catch (e) {
    if (e instanceof Fail) return { ok: false, stderr: warnings + e.stderr, exit: e.exit };
    throw e;
  }
  const target = parsed.operands[parsed.operands.length - 1];
  if (target === undefined) return { ok: false, stderr: `${warnings}ping: usage error: Destination address required\n`, exit: 1 };
  a.target = target;
  return { ok: true, args: a, warnings };
}
