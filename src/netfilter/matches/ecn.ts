// -m ecn (libxt_ecn.c; kernel net/netfilter/xt_ecn.c): the ECE and CWR bits of the TCP
// header and the ECN codepoint (the low two bits of the TOS byte), each negatable.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { TCP_FLAG } from "../../wire/packet.ts";
import type { PacketState } from "../context.ts";

interface EcnData {
  /** Tested bits and inverted bits, XT_ECN_OP_MATCH_{IP,ECE,CWR} = 1, 0x10, 0x20. */
  operation: number;
  invert: number;
  ect: number;
}

const OP = { IP: 0x01, ECE: 0x10, CWR: 0x20 } as const;

function setOp(d: EcnData, bit: number, invert: boolean): EcnData {
  return { ...d, operation: d.operation | bit, invert: invert ? d.invert | bit : d.invert };
}

/** The TCP flags byte: parsed, or byte 13 of what follows the IP header (xt_ecn reads it at thoff). */
function tcpFlags(packet: PacketState): number | undefined {
  if (packet.l4.kind === "tcp") return packet.l4.flags;
  return packet.l4.kind === "other" && packet.payload.length >= 20 ? packet.payload[13] : undefined;
}

/** match_tcp: each tested bit set, or clear when inverted. */
function tcpBitsMatch(d: EcnData, packet: PacketState): boolean {
  const flags = tcpFlags(packet);
  if (flags === undefined) return false;
  for (const [op, flag] of [[OP.ECE, TCP_FLAG.ECE], [OP.CWR, TCP_FLAG.CWR]] as const) {
    if ((d.operation & op) !== 0 && ((flags & flag) !== 0) === ((d.invert & op) !== 0)) return false;
  }
  return true;
}

const neg = (d: EcnData, bit: number) => ((d.invert & bit) !== 0 ? "!" : "");

export const ecn = defineMatch<EcnData>({
  name: "ecn",
  options: [
    { name: "ecn-tcp-cwr", arg: "none", invert: true },
    { name: "ecn-tcp-ece", arg: "none", invert: true },
    { name: "ecn-ip-ect", arg: "required", invert: true },
  ],
  init: () => ({ operation: 0, invert: 0, ect: 0 }),
  parse({ option, arg = "", invert, data }) {
    if (option === "ecn-tcp-cwr") return setOp(data, OP.CWR, invert);
    if (option === "ecn-tcp-ece") return setOp(data, OP.ECE, invert);
    return { ...setOp(data, OP.IP, invert), ect: parseIntX6("ecn", "ecn-ip-ect", arg, 0, 3) };
  },
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("ECN match: some option required");
    return data;
  },
  check(d, _where, ip) {
    // ecn_mt_check4: the TCP bits only with a rule that matches TCP alone.
    return (d.operation & (OP.ECE | OP.CWR)) !== 0 ? protoRefusal(ip, PROTO.TCP) : undefined;
  },
  save(d) {
    let out = "";
    if (d.operation & OP.ECE) out += `${d.invert & OP.ECE ? " !" : ""} --ecn-tcp-ece`;
    if (d.operation & OP.CWR) out += `${d.invert & OP.CWR ? " !" : ""} --ecn-tcp-cwr`;
    if (d.operation & OP.IP) out += `${d.invert & OP.IP ? " !" : ""} --ecn-ip-ect ${String(d.ect)}`;
    return out;
  },
  print(d) {
    let out = " ECN match";
    if (d.operation & OP.ECE) out += ` ${neg(d, OP.ECE)}ECE`;
    if (d.operation & OP.CWR) out += ` ${neg(d, OP.CWR)}CWR`;
    if (d.operation & OP.IP) out += ` ${neg(d, OP.IP)}ECT=${String(d.ect)}`;
    return out;
  },
  match(d, { packet }) {
    // ecn_mt4: the codepoint first, then the TCP bits.
    if ((d.operation & OP.IP) !== 0 && ((packet.ip.tos & 3) === d.ect) === ((d.invert & OP.IP) !== 0)) return false;
    return (d.operation & (OP.ECE | OP.CWR)) === 0 || tcpBitsMatch(d, packet);
  },
});
