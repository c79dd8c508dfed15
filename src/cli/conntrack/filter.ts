// Which entries a conntrack command is about: the kernel's dump filter (mark, status,
// family: ctnetlink_filter_match) and conntrack's own nfct_filter (src/conntrack.c:
// filter_nat, filter_mark, filter_network, then nfct_cmp of every attribute given).
import { IPPROTO } from "../../wire/packet.ts";
import { IPS, type CtEntry } from "../../conntrack/index.ts";
import { icmpCode, icmpType } from "../../conntrack/tuple.ts";
import { prefixToMask } from "../../wire/ipv4.ts";
import type { AddrFilter, CtArgs, NatFilter } from "./options.ts";

function addrMatches(f: AddrFilter | undefined, addr: number): boolean {
  if (f === undefined) return true;
  if (f.v4 === undefined) return false;
  const mask = prefixToMask(f.prefix);
  return ((addr & mask) >>> 0) === ((f.v4 & mask) >>> 0);
}

/** The ports (or ICMP type, code and id) given with the protocol, against the entry's tuples. */
function l4Matches(a: CtArgs, e: CtEntry): boolean {
  const { orig, reply } = e;
  const icmp = orig.proto === IPPROTO.ICMP;
  const values: Readonly<Record<string, number | undefined>> = {
    sport: icmp ? undefined : orig.sport,
    dport: icmp ? undefined : orig.dport,
    "reply-port-src": icmp ? undefined : reply.sport,
    "reply-port-dst": icmp ? undefined : reply.dport,
    state: e.tcp?.state,
    "icmp-type": icmp ? icmpType(orig) : undefined,
    "icmp-code": icmp ? icmpCode(orig) : undefined,
    "icmp-id": icmp ? orig.sport : undefined,
  };
  for (const [name, want] of a.l4) if (values[name] !== undefined && values[name] !== want) return false;
  return true;
}

/**
 * filter_nat for one direction: without an address, any translation; with one, the
 * translated address, and then the port too when given (an address that matches with a
 * port that does not is no match).
 */
function natMatches(f: NatFilter, translated: { addr: boolean; port: boolean }, addr: number, port: number): boolean {
  if (f.addr === undefined) return translated.addr || translated.port;
  const has = translated.addr && addr === f.addr;
  return f.port === undefined ? has : has && translated.port && port === f.port;
}

function natFilter(a: CtArgs, e: CtEntry): boolean {
  // libnetfilter_conntrack's getobjopt_is_snat/_is_spat/_is_dnat/_is_dpat: only once NAT
  // was done in that direction (a nat table gives every entry a null binding), then the
  // reply tuple against the original, the layer-4 half of the tuple as a whole (an ICMP
  // id against the reply's type and code, too).
  const srcDone = (e.status & IPS.SRC_NAT_DONE) !== 0;
  const dstDone = (e.status & IPS.DST_NAT_DONE) !== 0;
  const snat = { addr: srcDone && e.reply.dst !== e.orig.src, port: srcDone && e.reply.dport !== e.orig.sport };
  const dnat = { addr: dstDone && e.reply.src !== e.orig.dst, port: dstDone && e.reply.sport !== e.orig.dport };
  const isSnat = (f: NatFilter) => natMatches(f, snat, e.reply.dst, e.reply.dport);
  const isDnat = (f: NatFilter) => natMatches(f, dnat, e.reply.src, e.reply.sport);
  if (a.anyNat !== undefined) return isSnat(a.anyNat) || isDnat(a.anyNat);
  if (a.srcNat !== undefined && !isSnat(a.srcNat)) return false;
  return a.dstNat === undefined || isDnat(a.dstNat);
}

/** ctnetlink_filter_match of a dump: family, mark and status, done by the kernel. */
export function kernelFilter(a: CtArgs, e: CtEntry): boolean {
  if (a.family === "ipv6") return false;
  if (a.mark !== undefined && ((e.mark & a.mark.mask) >>> 0) !== a.mark.value) return false;
  return a.status === undefined || (e.status & a.status.mask) === a.status.value;
}

/** nfct_filter: true when the entry is one the command is about. */
export function userFilter(a: CtArgs, e: CtEntry): boolean {
  if (a.family === "ipv6") return false;
  if (!natFilter(a, e)) return false;
  if (a.userMark !== undefined && ((e.mark & a.userMark.mask) >>> 0) !== a.userMark.value) return false;
  if (a.proto !== undefined && e.orig.proto !== a.proto) return false;
  if (!addrMatches(a.origSrc, e.orig.src) || !addrMatches(a.origDst, e.orig.dst)) return false;
  if (!addrMatches(a.replySrc, e.reply.src) || !addrMatches(a.replyDst, e.reply.dst)) return false;
  if (!l4Matches(a, e)) return false;
  // nfct_cmp's status with NFCT_CMP_MASK: the bits asked for are all set.
  if (a.status !== undefined && (e.status & a.status.value) !== a.status.value) return false;
  return zoneMatches(a.zone, e, "both") && zoneMatches(a.origZone, e, "original") && zoneMatches(a.replyZone, e, "reply");
}

/**
 * -w, --orig-zone, --reply-zone: the kernel sends a zone only for the directions it
 * applies to (CTA_ZONE for both, CTA_TUPLE_ZONE for one: ctnetlink_dump_zone_id), and
 * nfct_cmp compares an attribute the entry lacks as 0.
 */
function zoneMatches(want: number | undefined, e: CtEntry, dir: "both" | "original" | "reply"): boolean {
  if (want === undefined) return true;
  return (e.zone !== undefined && e.zone.dir === dir ? e.zone.id : 0) === want;
}
