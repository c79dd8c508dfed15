// The dut's connection table in the replay schema: what `conntrack -L` lists (confirmed
// entries not yet expired), with the fields conntrack-tools prints (src/conntrack/format.ts
// formatEntry): the protocol's name, the TCP state, both tuples (ports, or the ICMP type,
// code and id), [UNREPLIED] and [ASSURED], the mark, and the seconds left.
import { IPS, liveEntries, secondsLeft, tcpStateName, type CtEntry as Entry, type Tuple } from "../../conntrack/index.ts";
import { icmpCode, icmpType } from "../../conntrack/tuple.ts";
import type { NetNamespace } from "../../stack/types.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
import { IPPROTO } from "../../wire/packet.ts";
import type { CtEntry, CtFlag, CtTuple } from "./schema.ts";

/** conntrack-tools' proto2str for the protocols a case can carry; the rest print "unknown". */
const PROTO_NAMES: Readonly<Record<number, string>> = { [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.ICMP]: "icmp" };

function tuple(t: Tuple): CtTuple {
  const base = { src: formatIpv4(t.src), dst: formatIpv4(t.dst) };
  if (t.proto === IPPROTO.TCP || t.proto === IPPROTO.UDP) return { ...base, sport: t.sport, dport: t.dport };
  if (t.proto === IPPROTO.ICMP) return { ...base, type: icmpType(t), code: icmpCode(t), id: t.sport };
  return base;
}

function flags(e: Entry): CtFlag[] {
  const out: CtFlag[] = [];
  if ((e.status & IPS.SEEN_REPLY) === 0) out.push("UNREPLIED");
  if ((e.status & IPS.ASSURED) !== 0) out.push("ASSURED");
  return out;
}

function entry(e: Entry, now: number): CtEntry {
  return {
    proto: PROTO_NAMES[e.orig.proto] ?? "unknown",
    ...(e.tcp !== undefined ? { state: tcpStateName(e.tcp) } : {}),
    orig: tuple(e.orig),
    reply: tuple(e.reply),
    flags: flags(e),
    mark: e.mark >>> 0,
    timeout: secondsLeft(e, now),
  };
}

/** The namespace's connection table at virtual time `now` (ms), as `conntrack -L -f ipv4` lists it. */
export function conntrackList(ns: NetNamespace, now: number): CtEntry[] {
  if (ns.conntrack === undefined) return [];
  return liveEntries(ns.conntrack, now).map((e) => entry(e, now));
}
