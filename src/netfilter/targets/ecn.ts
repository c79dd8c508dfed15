// -j ECN (libipt_ECN.c; kernel net/ipv4/netfilter/ipt_ECN.c ecn_tg), mangle table only: set
// the ECN codepoint of the IP header and the ECE/CWR bits of a TCP header.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { TCP_FLAG } from "../../wire/packet.ts";
import type { PacketState } from "../context.ts";
import { rewriteIp, rewriteTcp } from "./rewrite.ts";

interface EcnData {
  /** IPT_ECN_OP_SET_{IP,ECE,CWR} = 0x01, 0x10, 0x20. */
  operation: number;
  ect: number;
  ece: number;
  cwr: number;
}

const OP = { IP: 0x01, ECE: 0x10, CWR: 0x20 } as const;

function parseOp(option: string, arg: string, d: EcnData): EcnData {
  switch (option) {
    case "ecn-tcp-remove":
      // ECN_parse assigns the operation: an --ecn-ip-ect given before is forgotten.
      return { ...d, operation: OP.ECE | OP.CWR, ece: 0, cwr: 0 };
    case "ecn-tcp-cwr":
      return { ...d, operation: d.operation | OP.CWR, cwr: parseIntX6("ECN", option, arg, 0, 1) };
    case "ecn-tcp-ece":
      return { ...d, operation: d.operation | OP.ECE, ece: parseIntX6("ECN", option, arg, 0, 1) };
    default:
      return { ...d, operation: d.operation | OP.IP, ect: parseIntX6("ECN", option, arg, 0, 3) };
  }
}

const isRemove = (d: EcnData) => d.operation === (OP.ECE | OP.CWR) && d.ece === 0 && d.cwr === 0;

/** set_ect_tcp: the bits the rule sets, when they differ from the packet's. */
function setTcpBits(d: EcnData, packet: PacketState): void {
  if (packet.l4.kind !== "tcp") return;
  let flags = packet.l4.flags;
  if (d.operation & OP.ECE) flags = d.ece ? flags | TCP_FLAG.ECE : flags & ~TCP_FLAG.ECE;
  if (d.operation & OP.CWR) flags = d.cwr ? flags | TCP_FLAG.CWR : flags & ~TCP_FLAG.CWR;
  if (flags !== packet.l4.flags) rewriteTcp(packet, { flags });
}

export const ecnTarget = defineTarget<EcnData>({
  name: "ECN",
  options: [
    { name: "ecn-tcp-remove", arg: "none", excl: ["ecn-tcp-cwr", "ecn-tcp-ece"] },
    { name: "ecn-tcp-cwr", arg: "required", excl: ["ecn-tcp-remove"] },
    { name: "ecn-tcp-ece", arg: "required", excl: ["ecn-tcp-remove"] },
    { name: "ecn-ip-ect", arg: "required" },
  ],
  init: () => ({ operation: 0, ect: 0, ece: 0, cwr: 0 }),
  parse: ({ option, arg = "", data }) => parseOp(option, arg, data),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("ECN target: An operation is required");
    return data;
  },
  allowed: { tables: ["mangle"] },
  // ecn_tg_check: the TCP bits only with a rule that matches TCP alone.
  check: (d, _where, ip) => ((d.operation & (OP.ECE | OP.CWR)) !== 0 ? protoRefusal(ip, PROTO.TCP) : undefined),
  save(d) {
    if (isRemove(d)) return " --ecn-tcp-remove";
    let out = "";
    if (d.operation & OP.ECE) out += ` --ecn-tcp-ece ${String(d.ece)}`;
    if (d.operation & OP.CWR) out += ` --ecn-tcp-cwr ${String(d.cwr)}`;
    if (d.operation & OP.IP) out += ` --ecn-ip-ect ${String(d.ect)}`;
    return out;
  },
  print(d) {
    if (isRemove(d)) return " ECN TCP remove";
    let out = " ECN";
    if (d.operation & OP.ECE) out += ` ECE=${String(d.ece)}`;
    if (d.operation & OP.CWR) out += ` CWR=${String(d.cwr)}`;
    if (d.operation & OP.IP) out += ` ECT codepoint=${String(d.ect)}`;
    return out;
  },
  act(d, { packet }) {
    // set_ect_ip, then set_ect_tcp for TCP packets.
    if ((d.operation & OP.IP) !== 0 && (packet.ip.tos & 3) !== d.ect) rewriteIp(packet, { tos: (packet.ip.tos & ~3) | d.ect });
    if ((d.operation & (OP.ECE | OP.CWR)) !== 0 && packet.ip.proto === PROTO.TCP) setTcpBits(d, packet);
    return "continue";
  },
});
