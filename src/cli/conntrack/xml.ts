// conntrack -o xml: an entry as libnetfilter_conntrack's __snprintf_conntrack_xml
// (src/conntrack/snprintf_xml.c) writes it, one <flow> a line, over the attributes the
// kernel sent (an event carries no use count, and its mark only when set or changed).
import { formatIpv4 } from "../../wire/ipv4.ts";
import { IPPROTO } from "../../wire/packet.ts";
import { IPS, secondsLeft, tcpStateName, type CtEntry, type Tuple } from "../../conntrack/index.ts";

export const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n';
export const XML_FOOTER = "</conntrack>\n";

/** proto2str of libnetfilter_conntrack, as format.ts names them. */
const PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.UDPLITE]: "udplite", [IPPROTO.ICMP]: "icmp", 58: "icmpv6",
  [IPPROTO.SCTP]: "sctp", [IPPROTO.GRE]: "gre", 33: "dccp",
};

export interface XmlAttrs {
  /** The event's type attribute of <flow>, none for a dump. */
  readonly type?: "new" | "update" | "destroy";
  /** The use count a dump carries; events have none. */
  readonly use?: number;
  /** Whether the mark is among the attributes (always in a dump). */
  readonly mark: boolean;
  /** -o timestamp on events: the local time the event was printed (NFCT_OF_TIME). */
  readonly when?: Date;
}

/** NFCT_OF_TIME: the local time, broken down as localtime_r gives it. */
function when(t: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `<when><hour>${String(t.getHours())}</hour><min>${two(t.getMinutes())}</min><sec>${two(t.getSeconds())}</sec>` +
    `<wday>${String(t.getDay() + 1)}</wday><day>${String(t.getDate())}</day><month>${String(t.getMonth() + 1)}</month>` +
    `<year>${String(t.getFullYear())}</year></when>`
  );
}

/** __snprintf_proto_xml: ports for the protocols that have them, GRE keys; nothing for ICMP. */
function l4(t: Tuple): string {
  switch (t.proto) {
    case IPPROTO.TCP:
    case IPPROTO.UDP:
    case IPPROTO.UDPLITE:
    case IPPROTO.SCTP:
      return `<sport>${String(t.sport)}</sport><dport>${String(t.dport)}</dport>`;
    case IPPROTO.GRE:
      return `<srckey>0x${t.sport.toString(16)}</srckey><dstkey>0x${t.dport.toString(16)}</dstkey>`;
    default:
      return "";
  }
}

function meta(t: Tuple, dir: "original" | "reply"): string {
  const proto = PROTO_NAMES[t.proto] ?? "unknown";
  return (
    `<meta direction="${dir}"><layer3 protonum="2" protoname="ipv4"><src>${formatIpv4(t.src)}</src><dst>${formatIpv4(t.dst)}</dst></layer3>` +
    `<layer4 protonum="${String(t.proto)}" protoname="${proto}">${l4(t)}</layer4></meta>`
  );
}

/** The independent part: state, timeout, mark, zone, use, id, then the assured and unreplied flags. */
function independent(e: CtEntry, now: number, a: XmlAttrs): string {
  let out = e.tcp !== undefined ? `<state>${tcpStateName(e.tcp)}</state>` : "";
  const left = secondsLeft(e, now);
  if (!(a.type === "destroy" && left === 0)) out += `<timeout>${String(left)}</timeout>`;
  if (a.mark) out += `<mark>${String(e.mark >>> 0)}</mark>`;
  if (e.zone !== undefined && e.zone.id !== 0) out += `<zone>${String(e.zone.id)}</zone>`;
  if (a.use !== undefined) out += `<use>${String(a.use)}</use>`;
  out += `<id>${String(e.id)}</id>`;
  if ((e.status & IPS.ASSURED) !== 0) out += "<assured/>";
  if ((e.status & IPS.SEEN_REPLY) === 0) out += "<unreplied/>";
  return `<meta direction="independent">${out}</meta>`;
}

/** One <flow> line of an entry at virtual time `now` (ms). */
export function xmlFlow(e: CtEntry, now: number, a: XmlAttrs): string {
  const open = a.type === undefined ? "<flow>" : `<flow type="${a.type}">`;
  const time = a.when !== undefined ? when(a.when) : "";
  return `${open}${meta(e.orig, "original")}${meta(e.reply, "reply")}${independent(e, now, a)}${time}</flow>\n`;
}
