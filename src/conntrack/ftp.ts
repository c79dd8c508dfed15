// The FTP conntrack helper (net/netfilter/nf_conntrack_ftp.c): in a control connection it
// reads PORT/EPRT commands and 227/229 replies, and expects the data connection they
// announce. Only lines that start right after a newline are read, as the kernel does.
// NAT's rewriting of those commands (nf_nat_ftp.c) is not modelled.
import type { CtConfig } from "./config.ts";
import type { CtEntry, FtpState } from "./entry.ts";
import { expectRelated } from "./expect.ts";
import type { CtTable } from "./table.ts";
import { DIR_ORIGINAL, type Dir } from "./tuple.ts";
import { IPPROTO } from "../wire/packet.ts";

/** ftp_exp_policy: one expectation per control connection, for five minutes. */
const POLICY = { maxExpected: 1, timeout: 5 * 60 };
const NUM_SEQ_TO_REMEMBER = 2;

interface Command {
  addr: number;
  port: number;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const CR = 0x0d;

/** try_number: `size` decimal numbers separated by `sep`, ended by `term` (0: anything). Returns the length used, 0 on failure. */
function tryNumber(d: readonly number[], size: number, sep: number, term: number): { len: number; nums: number[] } {
  const nums = new Array<number>(size).fill(0);
  let i = 0;
  for (let len = 0; len < d.length && i < size; len++) {
    const c = d[len] ?? 0;
    if (isDigit(c)) nums[i] = ((nums[i] ?? 0) * 10 + (c - 0x30)) >>> 0;
    else if (c === sep) i++;
    else return { len: (c === term || term === 0) && i === size - 1 ? len : 0, nums };
  }
  return { len: 0, nums };
}

const u32Addr = (n: readonly number[]): number =>
  (((n[0] ?? 0) << 24) | ((n[1] ?? 0) << 16) | ((n[2] ?? 0) << 8) | (n[3] ?? 0)) >>> 0;

/** try_rfc959: "h1,h2,h3,h4,p1,p2". */
function tryRfc959(d: readonly number[], cmd: Command, term: number): number {
  const { len, nums } = tryNumber(d, 6, 0x2c, term);
  if (len === 0) return 0;
  cmd.addr = u32Addr(nums);
  cmd.port = (((nums[4] ?? 0) << 8) | (nums[5] ?? 0)) & 0xffff;
  return len;
}

/** try_rfc1123: a 227 reply's numbers start at its first digit, parentheses or not. */
function tryRfc1123(d: readonly number[], cmd: Command): number {
  const first = d.findIndex(isDigit);
  return first < 0 ? 0 : tryRfc959(d.slice(first), cmd, 0);
}

/** get_port: a non-zero number up to the delimiter; returns the offset after it, 0 on failure. */
function getPort(d: readonly number[], start: number, delim: number, cmd: Command): number {
  let port = 0;
  for (let i = start; i < d.length; i++) {
    const c = d[i] ?? 0;
    if (c === delim) {
      if (port === 0) return 0;
      cmd.port = port;
      return i + 1;
    }
    if (!isDigit(c)) return 0;
    port = (port * 10 + (c - 0x30)) & 0xffff;
  }
  return 0;
}

/** A delimiter of RFC 2428: printable, not a digit. */
const badDelim = (c: number): boolean => isDigit(c) || c < 33 || c > 126;

/** try_eprt: "|1|a.b.c.d|port|" (IPv4 only here). */
function tryEprt(d: readonly number[], cmd: Command): number {
  if (d.length <= 3) return 0;
  const delim = d[0] ?? 0;
  if (badDelim(delim) || d[2] !== delim || d[1] !== 0x31) return 0;
  const { len, nums } = tryNumber(d.slice(3), 4, 0x2e, delim);
  if (len === 0) return 0;
  cmd.addr = u32Addr(nums);
  return getPort(d, 3 + len + 1, delim, cmd);
}

/** try_epsv_response: "|||port|". */
function tryEpsv(d: readonly number[], cmd: Command): number {
  if (d.length <= 3) return 0;
  const delim = d[0] ?? 0;
  if (badDelim(delim) || d[1] !== delim || d[2] !== delim) return 0;
  return getPort(d, 3, delim, cmd);
}

interface Search {
  readonly pattern: string;
  readonly skip: number;
  readonly getnum: (d: readonly number[], cmd: Command) => number;
}

/** search[dir]: commands from the client, replies from the server. */
const SEARCH: readonly (readonly Search[])[] = [
  [
    { pattern: "PORT", skip: 0x20, getnum: (d, c) => tryRfc959(d, c, CR) },
    { pattern: "EPRT", skip: 0x20, getnum: tryEprt },
  ],
  [
    { pattern: "227 ", skip: 0, getnum: tryRfc1123 },
    { pattern: "229 ", skip: 0x28, getnum: tryEpsv },
  ],
];

const lower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/** strncasecmp(data, pattern, n) === 0 (a NUL in the data ends the comparison as a mismatch). */
function startsWith(d: readonly number[], pattern: string, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const p = pattern.charCodeAt(i);
    if (lower(d[i] ?? 0) !== lower(p)) return false;
  }
  return true;
}

/** find_pattern: 1 matched, 0 not this command, -1 a partial or broken one. */
function findPattern(d: readonly number[], s: Search, cmd: Command): number {
  const plen = s.pattern.length;
  if (d.length <= plen) return startsWith(d, s.pattern, d.length) ? -1 : 0;
  if (!startsWith(d, s.pattern, plen)) return 0;
  let i = plen;
  if (s.skip !== 0) {
    for (; d[i] !== s.skip; i++) if (i === d.length - 1) return -1;
    i++;
  }
  return s.getnum(d.slice(i), cmd) === 0 ? -1 : 1;
}

/** update_nl_seq: remember where the next line starts (the two most recent). */
function updateNlSeq(info: FtpState, dir: Dir, seq: number): void {
  const seen = info.seqAftNl[dir];
  if (seen.includes(seq)) return;
  if (seen.length < NUM_SEQ_TO_REMEMBER) {
    seen.push(seq);
    return;
  }
  const oldest = (((seen[0] ?? 0) - (seen[1] ?? 0)) | 0) < 0 ? 0 : 1;
  if ((((seq - (seen[oldest] ?? 0)) | 0) > 0)) seen[oldest] = seq;
}

export interface FtpSegment {
  readonly seq: number;
  readonly payload: readonly number[];
}

/**
 * help(): called at confirmation for each packet of a control connection. Only once the
 * connection is ESTABLISHED; a partial or malformed command is dropped (the kernel does,
 * to keep its tracking exact), as is one whose expectation cannot be registered.
 */
export function ftpHelp(
  table: CtTable, ct: CtEntry, dir: Dir, established: boolean, seg: FtpSegment, cfg: CtConfig, now: number,
): "ACCEPT" | "DROP" {
  if (!established || seg.payload.length === 0) return "ACCEPT";
  const info = (ct.ftp ??= { seqAftNl: [[], []], pickup: [false, false] });
  const data = seg.payload;
  const endsInNl = data[data.length - 1] === 0x0a;
  const nextSeq = (seg.seq + data.length) >>> 0;
  let verdict: "ACCEPT" | "DROP" = "ACCEPT";
  const afterNewline = info.seqAftNl[dir].includes(seg.seq);
  if (afterNewline || info.pickup[dir]) {
    // A pickup (after a ctnetlink injection) reads the first line once, wherever it starts.
    if (!afterNewline) info.pickup[dir] = false;
    const result = lookForCommand(table, ct, dir, data, cfg, now);
    if (result === "partial") return "DROP";
    verdict = result;
  }
  if (endsInNl) updateNlSeq(info, dir, nextSeq);
  return verdict;
}

function lookForCommand(table: CtTable, ct: CtEntry, dir: Dir, data: readonly number[], cfg: CtConfig, now: number): "ACCEPT" | "DROP" | "partial" {
  const here = dir === DIR_ORIGINAL ? ct.orig : ct.reply;
  const there = dir === DIR_ORIGINAL ? ct.reply : ct.orig;
  // EPSV replies name no address: the one the reply came from is meant.
  const cmd: Command = { addr: here.src, port: 0 };
  let found = 0;
  for (const s of SEARCH[dir] ?? []) {
    found = findPattern(data, s, cmd);
    if (found !== 0) break;
  }
  if (found === -1) return "partial";
  if (found === 0) return "ACCEPT";
  // Another address than the sender's (a partially NATed server): not recorded, the module's `loose` being off.
  if (cmd.addr !== here.src) return "ACCEPT";
  const wanted = {
    tuple: { src: there.src, dst: there.dst, proto: IPPROTO.TCP, sport: 0, dport: cmd.port },
    anySport: true,
    helper: "ftp",
    ...(ct.zone !== undefined ? { zone: ct.zone } : {}),
  };
  return expectRelated(table, ct, wanted, POLICY, cfg.expectMax, now) ? "ACCEPT" : "DROP";
}
