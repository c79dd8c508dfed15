// What -m conntrack and -m state share: the state and status names with their bits
// (include/uapi/linux/netfilter/xt_conntrack.h, nf_conntrack_common.h), the comma lists
// libxt_conntrack.c parses and prints, and the kernel's view of a packet's entry
// (net/netfilter/xt_conntrack.c conntrack_mt).
import { parameterProblem, type XtError } from "../errors.ts";
import type { ConntrackView, PacketState } from "../context.ts";

/** XT_CONNTRACK_STATE_*: INVALID is bit 0, then 1 << (ctinfo + 1), then the virtual states. */
export const CT_INVALID = 1 << 0;
export const CT_ESTABLISHED = 1 << 1;
export const CT_RELATED = 1 << 2;
export const CT_NEW = 1 << 3;
export const CT_SNAT = 1 << 6;
export const CT_DNAT = 1 << 7;
export const CT_UNTRACKED = 1 << 8;

export type NameBits = readonly (readonly [string, number])[];

/** The order libxt_conntrack.c tries names in (a word may be any prefix of one). */
export const STATE_PARSE: NameBits = [
  ["INVALID", CT_INVALID], ["NEW", CT_NEW], ["ESTABLISHED", CT_ESTABLISHED], ["RELATED", CT_RELATED],
  ["UNTRACKED", CT_UNTRACKED], ["SNAT", CT_SNAT], ["DNAT", CT_DNAT],
];

/** The order print_state writes them in. */
export const STATE_PRINT: NameBits = [
  ["INVALID", CT_INVALID], ["NEW", CT_NEW], ["RELATED", CT_RELATED], ["ESTABLISHED", CT_ESTABLISHED],
  ["UNTRACKED", CT_UNTRACKED], ["SNAT", CT_SNAT], ["DNAT", CT_DNAT],
];

/** IPS_* status bits (nf_conntrack_common.h); NONE is the empty set. */
export const STATUS_BITS: NameBits = [["EXPECTED", 1 << 0], ["SEEN_REPLY", 1 << 1], ["ASSURED", 1 << 2], ["CONFIRMED", 1 << 3]];
export const STATUS_PARSE: NameBits = [["NONE", 0], ...STATUS_BITS];

/** strncasecmp(word, name, strlen(word)) == 0 for a non-empty word: a case-insensitive prefix. */
function lookup(word: string, names: NameBits): number | undefined {
  if (word === "") return undefined;
  return names.find(([name]) => name.toLowerCase().startsWith(word.toLowerCase()))?.[1];
}

export interface ListErrors {
  /** Called with the rest of the argument from the offending word on. */
  readonly bad: (rest: string) => XtError;
  /** A trailing comma; libxt_conntrack's --state wording differs from --ctstate's. */
  readonly emptyLast: (rest: string) => XtError;
}

/** A comma list of names into bits, reporting as conntrack_ps_states / state_parse_states do. */
export function parseNameList(arg: string, names: NameBits, errors: ListErrors): number {
  let bits = 0;
  let rest = arg;
  for (let comma = rest.indexOf(","); comma >= 0; comma = rest.indexOf(",")) {
    const bit = lookup(rest.slice(0, comma), names);
    if (bit === undefined) throw errors.bad(rest);
    bits |= bit;
    rest = rest.slice(comma + 1);
  }
  if (rest === "") throw errors.emptyLast(rest);
  const bit = lookup(rest, names);
  if (bit === undefined) throw errors.bad(rest);
  return bits | bit;
}

export const ctstateErrors: ListErrors = {
  bad: (rest) => parameterProblem(`Bad ctstate "${rest}"`),
  emptyLast: (rest) => parameterProblem(`Bad ctstate "${rest}"`),
};

export const ctstatusErrors: ListErrors = {
  bad: (rest) => parameterProblem(`Bad ctstatus "${rest}"`),
  emptyLast: (rest) => parameterProblem(`Bad ctstatus "${rest}"`),
};

/** The names of the set bits in print order, comma-separated. */
export function formatBits(bits: number, names: NameBits): string {
  return names.filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name).join(",");
}

/**
 * nf_ct_get: the entry the packet belongs to. An untracked packet and a packet the
 * conntrack layer could not classify (INVALID) carry no entry in the kernel.
 */
export function trackedEntry(packet: PacketState): ConntrackView | undefined {
  const ct = packet.ct;
  return ct === undefined || ct.state === "INVALID" || ct.state === "UNTRACKED" ? undefined : ct;
}

/**
 * conntrack_mt's statebit: INVALID without an entry, UNTRACKED for untracked packets,
 * else the entry's state, plus SNAT/DNAT when the entry is NATed (IPS_SRC_NAT /
 * IPS_DST_NAT, which nf_nat sets exactly when it altered the reply tuple).
 */
export function packetStateBits(packet: PacketState): number {
  if (packet.ct?.state === "UNTRACKED") return CT_UNTRACKED;
  const ct = trackedEntry(packet);
  if (ct === undefined) return CT_INVALID;
  const base = ct.state === "NEW" ? CT_NEW : ct.state === "RELATED" ? CT_RELATED : CT_ESTABLISHED;
  return base | natBits(ct);
}

function natBits(ct: ConntrackView): number {
  const { orig, reply } = ct;
  if (orig === undefined || reply === undefined) return 0;
  const snat = reply.dst !== orig.src || (reply.dport ?? 0) !== (orig.sport ?? 0);
  const dnat = reply.src !== orig.dst || (reply.sport ?? 0) !== (orig.dport ?? 0);
  return (snat ? CT_SNAT : 0) | (dnat ? CT_DNAT : 0);
}
