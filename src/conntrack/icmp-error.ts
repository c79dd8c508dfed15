// ICMP errors (nf_conntrack_proto_icmp.c nf_conntrack_icmpv4_error and
// nf_conntrack_inet_error): an error quoting a packet of a known connection is RELATED to
// that connection, in the direction its quoted packet's reply would travel.
import type { PacketState } from "../netfilter/context.ts";
import { icmpIsError } from "../wire/icmp.ts";
import type { CtZone } from "./entry.ts";
import { findEntry, type CtTable, type Found } from "./table.ts";
import { invertTuple, l4FieldsFromBytes, type Tuple } from "./tuple.ts";

/** NR_ICMP_TYPES: 18 is the highest known type; anything above is INVALID (RFC 1122 3.2.2). */
const NR_ICMP_TYPES = 18;

/**
 * nf_ct_get_tuplepr on the quoted datagram: its addresses and ports. No tuple for a
 * fragment other than the first, or a header longer than what was quoted.
 */
export function quotedTuple(quoted: readonly number[]): Tuple | undefined {
  if (quoted.length < 20) return undefined;
  const be16 = (at: number) => ((quoted[at] ?? 0) << 8) | (quoted[at + 1] ?? 0);
  if ((be16(6) & 0x1fff) !== 0) return undefined;
  const dataoff = ((quoted[0] ?? 0) & 0x0f) * 4;
  if (dataoff > quoted.length) return undefined;
  const proto = quoted[9] ?? 0;
  const fields = l4FieldsFromBytes(proto, quoted.slice(dataoff));
  if (fields === undefined) return undefined;
  return { src: ((be16(12) << 16) | be16(14)) >>> 0, dst: ((be16(16) << 16) | be16(18)) >>> 0, proto, ...fields };
}

/**
 * What an ICMP packet is to conntrack: not an error (tracked on its own), INVALID (an
 * unknown type, or an error about no known connection, or addressed elsewhere than that
 * connection's end), or related to the entry found.
 */
export function relatedByIcmpError(table: CtTable, pkt: PacketState, zone: CtZone | undefined, now: number): Found | "invalid" | "not-an-error" {
  const l4 = pkt.l4;
  if (l4.kind !== "icmp") return "invalid";
  if (l4.type > NR_ICMP_TYPES) return "invalid";
  if (!icmpIsError(l4.type)) return "not-an-error";
  const orig = quotedTuple(pkt.payload);
  // The quoted packet kept its own direction: its reply is what the table knows.
  const inner = orig && invertTuple(orig);
  if (inner === undefined) return "invalid";
  const found = findEntry(table, inner, zone, now);
  if (found === undefined) return "invalid";
  const tuple = found.dir === 0 ? found.entry.orig : found.entry.reply;
  if (tuple.dst !== pkt.ip.dst) return "invalid";
  return found;
}
