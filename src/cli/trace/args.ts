// `nfsim trace` arguments: a packet described the way people say it,
//   tcp 10.0.1.2:40000 > 10.0.2.2:80 --in eth0 --flags SA
//   icmp 10.0.1.2 to 10.0.2.2 --type echo-request
// Each bad word is refused with a message naming it (exit 2), before anything runs.
import { ICMP_NAMES } from "../../netfilter/matches/icmp.ts";
import type { PacketSpec } from "../../world/send.ts";
import { parseIpv4Strict, type Ipv4 } from "../../wire/ipv4.ts";
import { TCP_FLAG } from "../../wire/packet.ts";

export type ColorMode = "auto" | "always" | "never";

export interface TraceArgs {
  readonly spec: PacketSpec;
  /** The device the packet arrives on; absent: the namespace sends it itself. */
  readonly in?: string;
  /** The namespace (`--from` or `--ns`); absent: the world's default host. */
  readonly ns?: string;
  readonly world?: string;
  readonly json: boolean;
  readonly color: ColorMode;
}

export const TRACE_USAGE = `usage: nfsim trace tcp|udp SRC[:PORT] '>'|->|to DST[:PORT] [OPTIONS]
       nfsim trace icmp SRC '>'|->|to DST [--type NAME|N] [--code N] [OPTIONS]
  --in DEV          the packet arrives on DEV (of --ns NS); without it the namespace sends it
  --from NS         the packet is sent by namespace NS (default: the initial namespace)
  --ns NS           the namespace DEV of --in belongs to
  --flags S|SA|A|R|F|P|U...  TCP flags (letters, or SYN,ACK,...; default S, or A with --state ESTABLISHED)
  --state NEW|ESTABLISHED|RELATED  assume the packet's connection exists (see README)
  --ttl N  --len N  --mark N
  --world FILE      trace in the world of FILE (nfsim snapshot bundle, iptables-save, or a state file)
  --json            the trace as a JSON document
  --color[=always|never|auto]  colour (default: when stdout is a terminal)
`;

export class TraceArgError extends Error {
  override readonly name = "TraceArgError";
}

const ARROWS: ReadonlySet<string> = new Set([">", "->", "to"]);
const FLAG_LETTERS: Record<string, number> = {
  S: TCP_FLAG.SYN, A: TCP_FLAG.ACK, F: TCP_FLAG.FIN, R: TCP_FLAG.RST, P: TCP_FLAG.PSH, U: TCP_FLAG.URG, E: TCP_FLAG.ECE, C: TCP_FLAG.CWR,
};
const FLAG_NAMES: Record<string, number> = {
  SYN: TCP_FLAG.SYN, ACK: TCP_FLAG.ACK, FIN: TCP_FLAG.FIN, RST: TCP_FLAG.RST, PSH: TCP_FLAG.PSH, URG: TCP_FLAG.URG, ECE: TCP_FLAG.ECE, CWR: TCP_FLAG.CWR,
};

function bad(word: string, why: string): never {
  throw new TraceArgError(`"${word}": ${why}`);
}

function number(word: string, max: number, what: string): number {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(word)) bad(word, `not a number (${what})`);
  const n = Number(word);
  if (n > max) bad(word, `${what} must be at most ${String(max)}`);
  return n;
}

function address(word: string): Ipv4 {
  const a = parseIpv4Strict(word);
  if (a === undefined) bad(word, "not an IPv4 address");
  return a;
}

/** "10.0.0.1" or "10.0.0.1:80". */
function endpoint(word: string, ports: boolean): { addr: Ipv4; port?: number } {
  const colon = word.lastIndexOf(":");
  if (colon < 0) return { addr: address(word) };
  if (!ports) bad(word, "ICMP has no ports");
  return { addr: address(word.slice(0, colon)), port: number(word.slice(colon + 1), 65535, "port") };
}

/** S, SA, FA ... or SYN,ACK (as --tcp-flags names them); "none" for no flag. */
export function parseFlags(word: string): number {
  if (word.toLowerCase() === "none") return 0;
  if (/^[SAFRPUEC]+$/.test(word)) return [...word].reduce((f, c) => f | (FLAG_LETTERS[c] ?? 0), 0);
  return word.split(",").reduce((f, name) => {
    const bit = FLAG_NAMES[name.toUpperCase()];
    if (bit === undefined) bad(word, "TCP flags are letters of SAFRPUEC, or names SYN,ACK,FIN,RST,PSH,URG,ECE,CWR");
    return f | bit;
  }, 0);
}

/** An ICMP type by iptables' name (a unique prefix, as libxt_icmp.h accepts) or number; a name may carry its code. */
export function parseIcmpType(word: string): { type: number; code?: number } {
  if (/^\d+$/.test(word)) return { type: number(word, 255, "ICMP type") };
  const exact = ICMP_NAMES.find(([name]) => name.toLowerCase() === word.toLowerCase());
  const hits = exact !== undefined ? [exact] : ICMP_NAMES.filter(([name]) => name.toLowerCase().startsWith(word.toLowerCase()));
  const hit = hits[0];
  if (hit === undefined || hits.length > 1 || hit[1] === 0xff) bad(word, "unknown ICMP type (see iptables -p icmp -h)");
  const [, type, codeMin, codeMax] = hit;
  return codeMin === codeMax ? { type, code: codeMin } : { type };
}

function state(word: string): NonNullable<PacketSpec["state"]> {
  const up = word.toUpperCase();
  if (up === "NEW" || up === "ESTABLISHED" || up === "RELATED") return up;
  return bad(word, "the state is NEW, ESTABLISHED or RELATED");
}

function color(word: string): ColorMode {
  if (word === "always" || word === "never" || word === "auto") return word;
  return bad(word, "--color is always, never or auto");
}

interface Options {
  in?: string;
  from?: string;
  ns?: string;
  flags?: number;
  icmp?: { type: number; code?: number };
  code?: number;
  state?: NonNullable<PacketSpec["state"]>;
  ttl?: number;
  len?: number;
  mark?: number;
  world?: string;
  json: boolean;
  color: ColorMode;
}

/** One option at argv[i]; returns how many words it took. */
function option(argv: readonly string[], i: number, o: Options): number {
  const word = argv[i] ?? "";
  if (word === "--json") return (o.json = true), 1;
  if (word === "--color") return (o.color = "always"), 1;
  if (word.startsWith("--color=")) return (o.color = color(word.slice(8))), 1;
  const value = argv[i + 1];
  const takes = ["--in", "--from", "--ns", "--flags", "--type", "--code", "--state", "--ttl", "--len", "--mark", "--world"];
  if (!takes.includes(word)) bad(word, "unknown option");
  if (value === undefined) bad(word, "needs a value");
  switch (word) {
    case "--in": o.in = value; break;
    case "--from": o.from = value; break;
    case "--ns": o.ns = value; break;
    case "--flags": o.flags = parseFlags(value); break;
    case "--type": o.icmp = parseIcmpType(value); break;
    case "--code": o.code = number(value, 255, "ICMP code"); break;
    case "--state": o.state = state(value); break;
    case "--ttl": o.ttl = number(value, 255, "TTL"); break;
    case "--len": o.len = number(value, 65535, "length"); break;
    case "--mark": o.mark = number(value, 0xffffffff, "mark"); break;
    case "--world": o.world = value; break;
  }
  return 2;
}

function proto(word: string | undefined): PacketSpec["proto"] {
  if (word === "tcp" || word === "udp" || word === "icmp") return word;
  return bad(word ?? "", "the protocol is tcp, udp or icmp");
}

function checkCombination(p: PacketSpec["proto"], o: Options): void {
  if (o.from !== undefined && o.in !== undefined) bad("--from", "a packet is either sent by a namespace (--from) or received on a device (--in), not both");
  if (o.from !== undefined && o.ns !== undefined) bad("--ns", "--ns names the namespace of --in; use --from alone");
  if (o.flags !== undefined && p !== "tcp") bad("--flags", "only TCP has flags");
  if ((o.icmp !== undefined || o.code !== undefined) && p !== "icmp") bad(o.icmp !== undefined ? "--type" : "--code", "only ICMP has a type and code");
  if (o.state === "RELATED" && (p !== "icmp" || o.icmp === undefined || ![3, 4, 5, 11, 12].includes(o.icmp.type))) {
    bad("RELATED", "nfsim assumes RELATED for an ICMP error (--type destination-unreachable, time-exceeded, ...) about an echo request");
  }
}

function buildSpec(p: PacketSpec["proto"], src: { addr: Ipv4; port?: number }, dst: { addr: Ipv4; port?: number }, o: Options): PacketSpec {
  const code = o.code ?? o.icmp?.code;
  return {
    proto: p, src: src.addr, dst: dst.addr,
    ...(src.port !== undefined ? { sport: src.port } : {}),
    ...(dst.port !== undefined ? { dport: dst.port } : {}),
    ...(o.flags !== undefined ? { flags: o.flags } : {}),
    ...(o.icmp !== undefined ? { icmpType: o.icmp.type } : {}),
    ...(code !== undefined ? { icmpCode: code } : {}),
    ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
    ...(o.len !== undefined ? { len: o.len } : {}),
    ...(o.mark !== undefined ? { mark: o.mark } : {}),
    ...(o.state !== undefined ? { state: o.state } : {}),
  };
}

/** The arguments after `nfsim trace`; throws TraceArgError naming the bad word. */
export function parseTraceArgs(argv: readonly string[]): TraceArgs {
  const positional: string[] = [];
  const o: Options = { json: false, color: "auto" };
  for (let i = 0; i < argv.length; ) {
    const word = argv[i] ?? "";
    if (word.startsWith("--")) {
      i += option(argv, i, o);
      continue;
    }
    positional.push(word);
    i++;
  }
  if (positional.length === 0) throw new TraceArgError("no packet given");
  const p = proto(positional[0]);
  const [, srcWord, arrow, dstWord, extra] = positional;
  if (srcWord === undefined) bad(p, "needs a source address");
  if (arrow === undefined || !ARROWS.has(arrow)) bad(arrow ?? srcWord, "expected '>', '->' or 'to' between source and destination");
  if (dstWord === undefined) bad(arrow, "needs a destination address");
  if (extra !== undefined) bad(extra, "unexpected word");
  checkCombination(p, o);
  const spec = buildSpec(p, endpoint(srcWord, p !== "icmp"), endpoint(dstWord, p !== "icmp"), o);
  const ns = o.from ?? o.ns;
  return { spec, json: o.json, color: o.color, ...(o.in !== undefined ? { in: o.in } : {}), ...(ns !== undefined ? { ns } : {}), ...(o.world !== undefined ? { world: o.world } : {}) };
}
