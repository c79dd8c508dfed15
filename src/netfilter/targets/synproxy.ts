// -j SYNPROXY (libxt_SYNPROXY.c; kernel net/ipv4/netfilter/ipt_SYNPROXY.c synproxy_tg4), at
// INPUT and FORWARD, for TCP rules: answer a client's SYN with a SYN-ACK carrying a
// syncookie (the SYN is consumed), and turn the client's ACK with a valid cookie into a
// connection to the server. Other segments go on to the next rule.
import { defineTarget } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { TCP_FLAG, type TcpHeader } from "../../wire/packet.ts";
import type { EvalContext } from "../context.ts";

interface SynproxyData {
  sackPerm: boolean;
  timestamp: boolean;
  /** __u8 wscale and __u16 mss in xt_synproxy_info: larger values wrap. */
  wscale?: number;
  mss?: number;
  ecn: boolean;
}

const { SYN, ACK, FIN, RST, ECE, CWR } = TCP_FLAG;

const has = (tcp: TcpHeader, kind: number) => tcp.options.some((o) => o.kind === kind);

/**
 * The SYN-ACK: the options the client offered (synproxy_parse_options) that the rule allows;
 * without timestamps there is nowhere to keep window scaling, SACK and ECN in the cookie.
 */
function synAck(d: SynproxyData, tcp: TcpHeader, ctx: EvalContext): void {
  const timestamp = d.timestamp && has(tcp, 8);
  const offered = {
    sackPerm: d.sackPerm && has(tcp, 4),
    wscale: d.wscale !== undefined && has(tcp, 3),
    ecn: d.ecn && (tcp.flags & (ECE | CWR)) === (ECE | CWR),
  };
  ctx.effects.push({
    kind: "synproxy", reply: "syn-ack", mss: d.mss ?? 0, timestamp,
    sackPerm: timestamp && offered.sackPerm, ecn: timestamp && offered.ecn,
    ...(timestamp && offered.wscale && d.wscale !== undefined ? { wscale: d.wscale } : {}),
  });
}

function options(d: SynproxyData, dashes: string): string[] {
  const out: string[] = [];
  if (d.sackPerm) out.push(`${dashes}sack-perm`);
  if (d.timestamp) out.push(`${dashes}timestamp`);
  if (d.wscale !== undefined) out.push(`${dashes}wscale ${String(d.wscale)}`);
  if (d.mss !== undefined) out.push(`${dashes}mss ${String(d.mss)}`);
  if (d.ecn) out.push(`${dashes}ecn`);
  return out;
}

export const synproxy = defineTarget<SynproxyData>({
  name: "SYNPROXY",
  options: [
    { name: "sack-perm", arg: "none" },
    { name: "timestamp", arg: "none" },
    { name: "wscale", arg: "required" },
    { name: "mss", arg: "required" },
    { name: "ecn", arg: "none" },
  ],
  init: () => ({ sackPerm: false, timestamp: false, ecn: false }),
  parse({ option, arg = "", data }) {
    switch (option) {
      case "sack-perm":
        return { ...data, sackPerm: true };
      case "timestamp":
        return { ...data, timestamp: true };
      case "wscale":
        return { ...data, wscale: parseIntX6("SYNPROXY", option, arg, 0, 0xffffffff) & 0xff };
      case "mss":
        return { ...data, mss: parseIntX6("SYNPROXY", option, arg, 0, 0xffffffff) & 0xffff };
      default:
        return { ...data, ecn: true };
    }
  },
  allowed: { hooks: ["INPUT", "FORWARD"] },
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.TCP),
  save: (d) => options(d, "--").map((o) => ` ${o}`).join(""),
  // SYNPROXY_print: each word followed by a blank.
  print: (d) => ` SYNPROXY ${options(d, "").map((o) => `${o} `).join("")}`,
  act(d, ctx) {
    const { l4 } = ctx.packet;
    // A TCP header nfsim could not parse is one whose options the kernel cannot read: dropped.
    if (l4.kind !== "tcp") return "drop";
    if ((l4.flags & SYN) !== 0 && (l4.flags & (ACK | FIN | RST)) === 0) {
      synAck(d, l4, ctx);
      return "stolen";
    }
    if ((l4.flags & ACK) !== 0 && (l4.flags & (FIN | RST | SYN)) === 0) {
      // synproxy_recv_client_ack checks the cookie against the kernel's secret; nfsim keeps
      // none, so it cannot tell a valid cookie and treats it as invalid (dropped).
      ctx.effects.push({ kind: "unmodelled", target: "SYNPROXY", what: "syncookie check of the client's ACK: dropped as invalid" });
      return "drop";
    }
    return "continue";
  },
});
