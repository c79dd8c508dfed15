// conntrack -I and -A: an entry made from the command line (ctnetlink_create_conntrack in
// nf_conntrack_netlink.c): the tuple given (the reply one inverted from it unless given
// too), its timeout, status, mark and zone, and a TCP state with window tracking off, as
// libct_proto_tcp.c final_check asks. It is confirmed at once and announced as [NEW].
import { ctConfirmed } from "../../conntrack/events.ts";
import { findEntry, IPS, type CtEntry, type CtTable, type CtZone, type Tuple } from "../../conntrack/index.ts";
import { ctStatAdd } from "../../conntrack/stats.ts";
import { insertEntry } from "../../conntrack/table.ts";
import { tcpCtFromNetlink } from "../../conntrack/tcp.ts";
import { invertTuple } from "../../conntrack/tuple.ts";
import { IPPROTO } from "../../wire/packet.ts";
import { CtError, OTHER_PROBLEM } from "./messages.ts";
import type { AddrFilter, CtArgs } from "./options.ts";

/** ctnetlink_change_status: the bits userspace may set on a new entry. */
const SETTABLE = IPS.EXPECTED | IPS.SEEN_REPLY | IPS.ASSURED | IPS.FIXED_TIMEOUT;

/** The tuple of a direction the options give (-s/-d with --sport/--dport, or the reply ones); ICMP packs type and code. */
export function tupleOf(a: CtArgs, src: AddrFilter | undefined, dst: AddrFilter | undefined, ports: readonly [string, string]): Tuple | undefined {
  if (src?.v4 === undefined || dst?.v4 === undefined || a.proto === undefined) return undefined;
  const l4 = (name: string) => a.l4.get(name) ?? 0;
  if (a.proto === IPPROTO.ICMP) return { src: src.v4, dst: dst.v4, proto: a.proto, sport: l4("icmp-id"), dport: (l4("icmp-type") << 8) | l4("icmp-code") };
  return { src: src.v4, dst: dst.v4, proto: a.proto, sport: l4(ports[0]), dport: l4(ports[1]) };
}

/**
 * The zone of -w, then of a tuple's own zone (ctnetlink_parse_tuple_zone): a tuple zone on
 * top of a zone already set (by -w or the other direction) is refused (EINVAL).
 */
function zoneOf(a: CtArgs): CtZone | "invalid" {
  let zone: CtZone = { id: a.zone ?? 0, dir: "both" };
  for (const [id, dir] of [[a.origZone, "original"], [a.replyZone, "reply"]] as const) {
    if (id === undefined) continue;
    if (zone.id !== 0) return "invalid";
    zone = { id, dir };
  }
  return zone;
}

/** The new entry, or undefined when its tuples cannot be made (an IPv6 one, an ICMP type without a reply). */
function newEntry(table: CtTable, a: CtArgs, now: number): CtEntry | undefined {
  const given = tupleOf(a, a.origSrc, a.origDst, ["sport", "dport"]);
  const givenReply = tupleOf(a, a.replySrc, a.replyDst, ["reply-port-src", "reply-port-dst"]);
  const orig = given ?? (givenReply && invertTuple(givenReply));
  const reply = givenReply ?? (given && invertTuple(given));
  if (orig === undefined || reply === undefined) return undefined;
  const status = ((a.status?.value ?? 0) & SETTABLE) | IPS.CONFIRMED;
  const e: CtEntry = { id: table.nextId++, orig, reply, status, timeout: now + (a.timeout ?? 0) * 1000, mark: a.userMark?.value ?? 0 };
  const zone = zoneOf(a);
  if (zone === "invalid") return undefined;
  if (zone.id !== 0) e.zone = zone;
  if (orig.proto === IPPROTO.TCP) e.tcp = tcpCtFromNetlink(a.l4.get("state") ?? 0);
  return e;
}

/**
 * -I fails on an entry that exists (EEXIST); -A counts it as not added and goes on. With
 * nf_conntrack_timestamp on (`stamp`), ctnetlink_create_conntrack stamps its start.
 */
export function create(table: CtTable, a: CtArgs, now: number, portid: number, asRequester: <T>(p: number, fn: () => T) => T, stamp = false): number {
  const e = newEntry(table, a, now);
  if (e === undefined) throw new CtError("Operation failed: invalid parameters", OTHER_PROBLEM);
  if (stamp) e.start = now;
  if (findEntry(table, e.orig, e.zone, now) !== undefined || findEntry(table, e.reply, e.zone, now) !== undefined) {
    if (a.command === "add") return 0;
    throw new CtError("Operation failed: Such conntrack exists, try -U to update", OTHER_PROBLEM);
  }
  const stored = insertEntry(table, e);
  // nf_conntrack_hash_check_insert counts what ctnetlink inserts (a clash above counts nothing).
  ctStatAdd(table, "insert");
  // ctnetlink_create_conntrack announces it with IPCT_MARK among its events: mark= always shows.
  asRequester(portid, () => ctConfirmed(table, stored, true));
  return 1;
}
