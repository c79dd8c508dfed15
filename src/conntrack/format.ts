// What `conntrack -L` (conntrack-tools 1.4.7) prints for an entry: libnetfilter_conntrack's
// __snprintf_conntrack_default (src/conntrack/snprintf_default.c) over the attributes the
// kernel dumps (ctnetlink_fill_info). Checked against the real tools on kernel 6.18:
//   tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=... [ASSURED] mark=0 use=1
import { formatIpv4 } from "../wire/ipv4.ts";
import { IPPROTO } from "../wire/packet.ts";
import { IPS, type CtEntry } from "./entry.ts";
import { tcpStateName } from "./tcp.ts";
import { icmpCode, icmpType, type Tuple } from "./tuple.ts";

/** proto2str of snprintf.c; the rest are "unknown". */
export const PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.UDPLITE]: "udplite", [IPPROTO.ICMP]: "icmp", 58: "icmpv6",
  [IPPROTO.SCTP]: "sctp", [IPPROTO.GRE]: "gre", 33: "dccp",
};

export interface FormatOptions {
  /** -o extended: the layer-3 protocol first ("ipv4     2 "). */
  readonly extended?: boolean;
  /** -o id: the entry's id at the end. */
  readonly id?: boolean;
  /** Wall-clock ms at virtual time 0: the timestamps as dates and whole seconds. */
  readonly epochMs?: number;
  /** -o ktimestamp: the start (and stop) dates after delta-time. */
  readonly ktimestamp?: boolean;
  /** A destroy event: the virtual time (ms) the entry stopped. */
  readonly stop?: number;
  /** False when the message carries no timestamp (an event other than destroy). */
  readonly timestamps?: boolean;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime(3) of a wall-clock time in ms, without its newline: "Wed Nov 25 22:59:11 2026", local time. */
export function ctime(ms: number): string {
  const t = new Date(Math.floor(ms / 1000) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  return `${DAYS[t.getDay()] ?? ""} ${MONTHS[t.getMonth()] ?? ""} ${String(t.getDate()).padStart(2, " ")} ${clock} ${String(t.getFullYear())}`;
}

/**
 * __snprintf_timestamp_delta and _start/_stop of libnetfilter_conntrack: whole seconds of
 * the stop (or of now) less whole seconds of the start, then the dates with ktimestamp.
 * Only an entry with a timestamp (nf_conntrack_timestamp=1 when it was made) has them.
 */
function timestampPart(e: CtEntry, now: number, opts: FormatOptions): string {
  if (e.start === undefined || opts.timestamps === false) return "";
  const epoch = opts.epochMs ?? 0;
  const sec = (t: number) => Math.floor((epoch + t) / 1000);
  let out = `delta-time=${String(sec(opts.stop ?? now) - sec(e.start))} `;
  if (opts.ktimestamp) out += `[start=${ctime(epoch + e.start)}] `;
  if (opts.ktimestamp && opts.stop !== undefined) out += `[stop=${ctime(epoch + opts.stop)}] `;
  return out;
}

/** "%-8s %u " of a name and its number. */
function named(name: string, num: number): string {
  return `${name.padEnd(8)} ${String(num)} `;
}

/** __snprintf_proto: ports, GRE keys or the ICMP type, code and id. */
function protoPart(t: Tuple): string {
  switch (t.proto) {
    case IPPROTO.TCP:
    case IPPROTO.UDP:
    case IPPROTO.UDPLITE:
    case IPPROTO.SCTP:
    case 33:
      return `sport=${String(t.sport)} dport=${String(t.dport)} `;
    case IPPROTO.GRE:
      return `srckey=0x${t.sport.toString(16)} dstkey=0x${t.dport.toString(16)} `;
    case IPPROTO.ICMP:
      return `type=${String(icmpType(t))} code=${String(icmpCode(t))} id=${String(t.sport)} `;
    default:
      return "";
  }
}

function tuplePart(t: Tuple): string {
  return `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} ${protoPart(t)}`;
}

function counters(e: CtEntry, dir: 0 | 1): string {
  if (e.counters === undefined) return "";
  return `packets=${String(e.counters[dir * 2])} bytes=${String(e.counters[dir * 2 + 1])} `;
}

/** ctnetlink_dump_zone_id: a zone is shown where it applies, for both directions as zone=. */
function zonePart(e: CtEntry, where: "original" | "reply" | "both"): string {
  const zone = e.zone;
  if (zone === undefined || zone.id === 0 || zone.dir !== where) return "";
  const label = where === "both" ? "zone" : where === "original" ? "zone-orig" : "zone-reply";
  return `${label}=${String(zone.id)} `;
}

function assuredPart(status: number): string {
  if ((status & IPS.HW_OFFLOAD) !== 0) return "[HW_OFFLOAD] ";
  if ((status & IPS.OFFLOAD) !== 0) return "[OFFLOAD] ";
  return (status & IPS.ASSURED) !== 0 ? "[ASSURED] " : "";
}

/**
 * Seconds left as ctnetlink_dump_timeout gives them (whole seconds, never negative). The
 * clock counts ms in floating point: the difference is rounded to whole µs first, so that
 * a timeout set 60 s from a fractional instant shows 60, not 59.
 */
export function secondsLeft(e: CtEntry, now: number): number {
  return Math.floor(Math.round(Math.max(0, e.timeout - now) * 1000) / 1_000_000);
}

/** One line of `conntrack -L` for a confirmed entry at virtual time `now` (ms). */
export function formatEntry(e: CtEntry, now: number, opts: FormatOptions = {}): string {
  let out = opts.extended ? named("ipv4", 2) : "";
  out += named(PROTO_NAMES[e.orig.proto] ?? "unknown", e.orig.proto);
  out += `${String(secondsLeft(e, now))} `;
  if (e.tcp !== undefined) out += `${tcpStateName(e.tcp)} `;
  out += tuplePart(e.orig) + zonePart(e, "original") + counters(e, 0);
  if ((e.status & IPS.SEEN_REPLY) === 0) out += "[UNREPLIED] ";
  out += tuplePart(e.reply) + zonePart(e, "reply") + counters(e, 1);
  out += assuredPart(e.status);
  out += `mark=${String(e.mark >>> 0)} `;
  out += zonePart(e, "both");
  out += timestampPart(e, now, opts);
  if (e.helper !== undefined) out += `helper=${e.helper} `;
  out += "use=1 ";
  if (opts.id) out += `id=${String(e.id)} `;
  return out.slice(0, -1);
}
