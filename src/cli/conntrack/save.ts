// conntrack -o save: an entry as the command that would make it again (ct_save_snprintf of
// conntrack-tools src/conntrack.c): "-A" for a dump or a new entry, "-U" for an update,
// "-D" for a deletion, then the generic attributes the kernel sent (timeout, the status
// bits conntrack can set, zones), the addresses (a translated reply one as -g/-n), and the
// protocol's own options (print_opts of extensions/libct_proto_*.c). The mark is not part
// of it. Captured from the real tool in tests/golden/net/cases/conntrack-save.sh.
import { formatIpv4 } from "../../wire/ipv4.ts";
import { IPPROTO } from "../../wire/packet.ts";
import { IPS, secondsLeft, tcpStateName, type CtEntry, type Tuple } from "../../conntrack/index.ts";
import { icmpCode, icmpType } from "../../conntrack/tuple.ts";

export type SaveType = "NEW" | "UPDATE" | "DESTROY";

const VERB: Readonly<Record<SaveType, string>> = { NEW: "-A", UPDATE: "-U", DESTROY: "-D" };

/** conntrack_status_map: the bits it names, in bit order; none is "UNSET". */
const STATUS_NAMES: ReadonlyArray<readonly [number, string]> = [
  [IPS.EXPECTED, "EXPECTED"], [IPS.SEEN_REPLY, "SEEN_REPLY"], [IPS.ASSURED, "ASSURED"], [IPS.FIXED_TIMEOUT, "FIXED_TIMEOUT"],
];

/** The handlers conntrack knows by name (the others are printed as -p NUMBER). */
const PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.UDPLITE]: "udplite", [IPPROTO.SCTP]: "sctp", 33: "dccp",
  [IPPROTO.ICMP]: "icmp", [IPPROTO.GRE]: "gre",
};

function statusWords(status: number): string {
  const names = STATUS_NAMES.filter(([bit]) => (status & bit) !== 0).map(([, name]) => name);
  return names.length === 0 ? "UNSET" : names.join(",");
}

/** attrs_generic: -t (absent when a destroy event carries no timeout), -u, then the zone the kernel dumps. */
function generic(e: CtEntry, now: number, timeout: boolean): string[] {
  const out = timeout ? ["-t", String(secondsLeft(e, now))] : [];
  out.push("-u", statusWords(e.status));
  const z = e.zone;
  if (z !== undefined && z.id !== 0) out.push({ both: "-w", original: "--orig-zone", reply: "--reply-zone" }[z.dir], String(z.id));
  return out;
}

/** The four addresses; a reply source changed by DNAT is -g, a reply destination changed by SNAT -n (getobjopt_is_dnat/_snat). */
function addresses(e: CtEntry): string[] {
  const dnat = (e.status & IPS.DST_NAT_DONE) !== 0 && e.reply.src !== e.orig.dst;
  const snat = (e.status & IPS.SRC_NAT_DONE) !== 0 && e.reply.dst !== e.orig.src;
  return [
    "-s", formatIpv4(e.orig.src), "-d", formatIpv4(e.orig.dst),
    dnat ? "-g" : "-r", formatIpv4(e.reply.src), snat ? "-n" : "-q", formatIpv4(e.reply.dst),
  ];
}

function ports(o: Tuple, r: Tuple, names: readonly [string, string, string, string]): string[] {
  return [names[0], String(o.sport), names[1], String(o.dport), names[2], String(r.sport), names[3], String(r.dport)];
}

/** print_opts of the protocol's extension. */
function protoOptions(e: CtEntry): string[] {
  const { orig: o, reply: r } = e;
  const name = PROTO_NAMES[o.proto];
  if (name === undefined) return ["-p", String(o.proto)];
  const head = ["-p", name];
  switch (o.proto) {
    case IPPROTO.ICMP:
      return [...head, "--icmp-type", String(icmpType(o)), "--icmp-code", String(icmpCode(o)), "--icmp-id", String(o.sport)];
    case IPPROTO.GRE:
      return [...head, ...ports(o, r, ["--srckey", "--dstkey", "--reply-key-src", "--reply-key-dst"])];
    default: {
      const state = e.tcp !== undefined ? ["--state", tcpStateName(e.tcp)] : [];
      return [...head, ...ports(o, r, ["--sport", "--dport", "--reply-port-src", "--reply-port-dst"]), ...state];
    }
  }
}

/** One line of -o save, with its newline. */
export function saveLine(e: CtEntry, now: number, type: SaveType, timeout = true): string {
  return `${[VERB[type], ...generic(e, now, timeout), ...addresses(e), ...protoOptions(e)].join(" ")}\n`;
}
