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
const PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.UDPLITE]: "udplite", [IPPROTO.ICMP]: "icmp", 58: "icmpv6",
  [IPPROTO.SCTP]: "sctp", [IPPROTO.GRE]: "gre", 33: "dccp",
};

export interface FormatOptions {
  /** -o extended: the layer-3 protocol first ("ipv4     2 "). */
  readonly extended?: boolean;
  /** -o id: the entry's id at the end. */
  readonly id?: boolean;
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

/** Seconds left as ctnetlink_dump_timeout gives them (whole seconds, never negative). */
export function secondsLeft(e: CtEntry, now: number): number {
  return Math.floor(Math.max(0, e.timeout - now) / 1000);
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
  if (e.helper !== undefined) out += `helper=${e.helper} `;
  out += "use=1 ";
  if (opts.id) out += `id=${String(e.id)} `;
  return out.slice(0, -1);
}
