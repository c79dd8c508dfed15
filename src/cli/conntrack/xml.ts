// conntrack -o xml: an entry as libnetfilter_conntrack's __snprintf_conntrack_xml
// (src/conntrack/snprintf_xml.c) writes it, one <flow> a line, over the attributes the
// kernel sent (an event carries no use count, and its mark only when set or changed).
import { formatIpv4 } from "../../wire/ipv4.ts";
import { IPPROTO } from "../../wire/packet.ts";
import { IPS, secondsLeft, tcpStateName, type CtEntry, type Tuple } from "../../conntrack/index.ts";
import { PROTO_NAMES } from "../../conntrack/format.ts";
import type { CtExpect } from "../../conntrack/table.ts";

export const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n';
export const XML_FOOTER = "</conntrack>\n";

export interface XmlAttrs {
  /** The event's type attribute of <flow>, none for a dump. */
  readonly type?: "new" | "update" | "destroy";
  /** The use count a dump carries; events have none. */
  readonly use?: number;
  /** Whether the mark is among the attributes (always in a dump). */
  readonly mark: boolean;
  /** -o timestamp on events: the local time the event was printed (NFCT_OF_TIME). */
  readonly when?: Date;
  /** Wall-clock ms at virtual time 0, for an entry's timestamp. */
  readonly epochMs?: number;
  /** -o ktimestamp: the start (and stop) in ns. */
  readonly ktimestamp?: boolean;
  /** A destroy event's stop (virtual ms). */
  readonly stop?: number;
  /** False when the message carries no timestamp (an event other than destroy). */
  readonly timestamps?: boolean;
}

/** Wall-clock ns of a virtual time (ms), as ktime_get_real_ns gives it (to the µs here; a u64, never before 1970). */
function ns(epochMs: number, t: number): string {
  return String(BigInt(Math.max(0, Math.floor((epochMs + t) * 1000))) * 1000n);
}

/**
 * The timestamp of an entry that has one: with ktimestamp its start (and stop) in ns, then
 * the whole seconds between them (or to now) as <deltatime>, as __snprintf_conntrack_xml.
 */
function timestampXml(e: CtEntry, now: number, a: XmlAttrs): string {
  if (e.start === undefined || a.timestamps === false) return "";
  const epoch = a.epochMs ?? 0;
  let out = "";
  if (a.ktimestamp) {
    const stop = a.stop !== undefined ? `<stop>${ns(epoch, a.stop)}</stop>` : "";
    out += `<timestamp><start>${ns(epoch, e.start)}</start>${stop}</timestamp>`;
  }
  const sec = (t: number) => Math.floor((epoch + t) / 1000);
  return `${out}<deltatime>${String(sec(a.stop ?? now) - sec(e.start))}</deltatime>`;
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
  out += timestampXml(e, now, a);
  return `<meta direction="independent">${out}</meta>`;
}

/** One <flow> line of an entry at virtual time `now` (ms). */
export function xmlFlow(e: CtEntry, now: number, a: XmlAttrs): string {
  const open = a.type === undefined ? "<flow>" : `<flow type="${a.type}">`;
  const time = a.when !== undefined ? when(a.when) : "";
  return `${open}${meta(e.orig, "original")}${meta(e.reply, "reply")}${independent(e, now, a)}${time}</flow>\n`;
}

export const EXPECT_XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<expect>\n';
export const EXPECT_XML_FOOTER = "</expect>\n";

/**
 * One <flow> of an expectation (libnetfilter_conntrack's __snprintf_expect_xml): the
 * expected tuple, its mask and the master's original tuple, layer 3 then layer 4, then the
 * helper, the seconds left and the class.
 */
export function xmlExpect(x: CtExpect, master: Tuple, now: number, type?: "new" | "destroy"): string {
  const t = x.tuple;
  const mask: Tuple = { ...t, sport: x.anySport ? 0 : 0xffff, dport: 0xffff };
  const expected: Tuple = { ...t, sport: x.anySport ? 0 : t.sport };
  const addrs = (name: string, u: Tuple) => `<${name}><src>${formatIpv4(u.src)}</src><dst>${formatIpv4(u.dst)}</dst></${name}>`;
  const maskAddrs = "<mask><src>255.255.255.255</src><dst>255.255.255.255</dst></mask>";
  const ports = (name: string, u: Tuple) => `<${name}>${l4(u)}</${name}>`;
  const layer3 = `<layer3 protonum="2" protoname="ipv4">${addrs("expected", expected)}${maskAddrs}${addrs("master", master)}</layer3>`;
  const proto = PROTO_NAMES[t.proto] ?? "unknown";
  const layer4 = `<layer4 protonum="${String(t.proto)}" protoname="${proto}">${ports("expected", expected)}${ports("mask", mask)}${ports("master", master)}</layer4>`;
  const left = Math.floor(Math.max(0, x.timeout - now) / 1000);
  const meta = `<meta><helper-name>${x.helper}</helper-name><timeout>${String(left)}</timeout><class>0</class></meta>`;
  return `${type === undefined ? "<flow>" : `<flow type="${type}">`}${layer3}${layer4}${meta}</flow>`;
}
