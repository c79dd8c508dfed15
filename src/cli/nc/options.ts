// nc's command line (netcat-openbsd 1.219-1, Debian; netcat.c main): getopt over
// "46bC:cDde:FH:hI:i:K:klM:m:NnO:o:P:p:q:R:rSs:T:tUuV:vW:w:X:x:Z:z", the checks that
// follow it, and the ports (numbers, service names, lo-hi ranges; build_ports).
import { TCP_SERVICES, UDP_SERVICES } from "./services-data.ts";
import { getoptLong } from "../getopt.ts";

export interface NcArgs {
  listen: boolean;
  udp: boolean;
  zero: boolean;
  verbose: boolean;
  numeric: boolean;
  /** -N: shutdown(SHUT_WR) once stdin ends. */
  shutdown: boolean;
  keep: boolean;
  /** -w: connect and idle timeout, ms. */
  timeout?: number;
  /** -i: seconds readwrite sleeps before each poll. */
  interval?: number;
  /** -W: readwrite ends after this many reads from the network. */
  recvLimit?: number;
  /** -q: seconds to stay after stdin ends. */
  quit?: number;
  sourcePort?: string;
  source?: string;
  host?: string;
  ports: number[];
  /** The port words as given, for the messages (`connect to H port P`). */
  portWords: string[];
}

export type NcParse = { readonly ok: true; readonly args: NcArgs } | { readonly ok: false; readonly stderr: string; readonly exit: number };

export const NC_USAGE = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
\t  [destination] [port]
`;

/** nc's getopt string: the letters Debian's netcat-openbsd 1.219 takes (-C is a flag; -c -e -H -K -o -R are invalid). */
const OPTSTRING = "46bCDdFhklNnrStUuvZzI:i:M:m:O:P:p:q:s:T:V:W:w:X:x:";

class Fail extends Error {
  constructor(readonly stderr: string) {
    super(stderr);
  }
}

/** The names getservbyname finds for a protocol. */
export function serviceName(port: number, udp: boolean): string | undefined {
  return (udp ? UDP_SERVICES : TCP_SERVICES)[port];
}

function serviceByName(name: string, udp: boolean): number | undefined {
  const table = udp ? UDP_SERVICES : TCP_SERVICES;
  const hit = Object.entries(table).find(([, n]) => n === name);
  return hit === undefined ? undefined : Number(hit[0]);
}

/** strtoport: a number in 1..65535, else a service name. */
function strtoport(word: string, udp: boolean): number {
  if (/^[+-]?\d+$/.test(word)) {
    const n = Number(word);
    if (n < 1) throw new Fail(`nc: port number too small: ${word}\n`);
    if (n > 65535) throw new Fail(`nc: port number too large: ${word}\n`);
    return n;
  }
  const port = serviceByName(word, udp);
  if (port === undefined) throw new Fail(`nc: service "${word}" unknown\n`);
  return port;
}

/** build_ports: service names, lo-hi ranges in increasing order, plain numbers. */
function buildPorts(words: readonly string[], udp: boolean): number[] {
  return words.flatMap((w) => {
    const named = serviceByName(w, udp);
    if (named !== undefined) return [named];
    const range = /^(\d[^-]*)-(.*)$/.exec(w);
    if (range === null) return [strtoport(w, udp)];
    const a = strtoport(range[1] ?? "", udp);
    const b = strtoport(range[2] ?? "", udp);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  });
}

function timeoutMs(v: string): number {
  if (!/^\d+$/.test(v)) throw new Fail(`nc: timeout invalid: ${v}\n`);
  const n = Number(v);
  if (n > 2147483) throw new Fail(`nc: timeout too large: ${v}\n`);
  return n * 1000;
}

/** strtonum(3) as errx prints it: "WHAT invalid|too small|too large: WORD". */
function strtonum(v: string, min: number, max: number, what: string): number {
  if (!/^\s*[+-]?\d+$/.test(v)) throw new Fail(`nc: ${what} invalid: ${v}\n`);
  const n = Number(v);
  if (n < min) throw new Fail(`nc: ${what} too small: ${v}\n`);
  if (n > max) throw new Fail(`nc: ${what} too large: ${v}\n`);
  return n;
}

function apply(a: NcArgs, c: string, v: string): void {
  switch (c) {
    case "l": a.listen = true; break;
    case "u": a.udp = true; break;
    case "z": a.zero = true; break;
    case "v": a.verbose = true; break;
    case "n": a.numeric = true; break;
    case "N": a.shutdown = true; break;
    case "k": a.keep = true; break;
    case "w": a.timeout = timeoutMs(v); break;
    case "i": a.interval = strtonum(v, 0, 4294967295, "interval"); break;
    case "W": a.recvLimit = strtonum(v, 1, 2147483647, "receive limit"); break;
    case "q": {
      // strtonum(optarg, INT_MIN, INT_MAX); a quit timer of 0 or more implies -N.
      a.quit = strtonum(v, -2147483648, 2147483647, "quit timer");
      if (a.quit >= 0) a.shutdown = true;
      break;
    }
    case "p": a.sourcePort = v; break;
    case "s": a.source = v; break;
    default: break;
  }
}

function parseOptions(argv: readonly string[], a: NcArgs): string[] {
  const parsed = getoptLong("nc", argv, OPTSTRING, []);
  // Each option takes effect as getopt returns it: one before a bad word still counts.
  for (const { val, arg } of parsed.opts) {
    if (val === "h") throw new Fail("help");
    apply(a, val, arg ?? "");
  }
  if (parsed.error !== undefined) throw new Fail(parsed.error + NC_USAGE);
  return [...parsed.operands];
}

/** main's "cruft to make sure options are clean": host and ports from the operands. */
function operands(a: NcArgs, ops: readonly string[]): void {
  let portWords: string[] | undefined;
  if (ops.length === 0 && a.listen) {
    if (a.sourcePort !== undefined) portWords = [a.sourcePort];
    if (a.source !== undefined) a.host = a.source;
  } else if (ops.length === 1 && a.sourcePort === undefined && a.source === undefined && a.listen) {
    portWords = [ops[0] ?? ""];
  } else if (ops.length >= 2) {
    if (a.listen && (a.sourcePort !== undefined || a.source !== undefined || ops.length > 2)) throw new Fail(NC_USAGE);
    a.host = ops[0] ?? "";
    portWords = ops.slice(1);
  } else {
    throw new Fail(NC_USAGE);
  }
  if (portWords === undefined || portWords.length === 0) throw new Fail("nc: missing port number\n");
  if (a.listen && a.zero) throw new Fail("nc: cannot use -z and -l\n");
  if (a.keep && !a.listen) throw new Fail("nc: must use -l with -k\n");
  a.portWords = portWords;
  a.ports = buildPorts(portWords, a.udp);
}

export function parseNcArgs(argv: readonly string[]): NcParse | { readonly ok: "help" } {
  const a: NcArgs = { listen: false, udp: false, zero: false, verbose: false, numeric: false, shutdown: false, keep: false, ports: [], portWords: [] };
  try {
    operands(a, parseOptions(argv, a));
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    if (e.stderr === "help") return { ok: "help" };
    return { ok: false, stderr: e.stderr, exit: 1 };
  }
  return { ok: true, args: a };
}
