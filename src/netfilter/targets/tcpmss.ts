// -j TCPMSS (libxt_TCPMSS.c; kernel net/netfilter/xt_TCPMSS.c tcpmss_tg4): lower the MSS
// option of TCP segments to a value, or to the path MTU less 40 (--clamp-mss-to-pmtu); a
// segment without the option and without data gets one (at most 536). Under nf_tables the
// kernel skips its "needs a --syn match" check (par->nft_compat), so any TCP rule will do.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import type { EvalContext, PacketState } from "../context.ts";
import type { TcpOption } from "../../wire/packet.ts";
import { rewriteIp, rewriteTcp } from "./rewrite.ts";
import { optionSize, tcpHeaderLength } from "./tcpopts.ts";

interface TcpmssData {
  /** XT_TCPMSS_CLAMP_PMTU (0xffff) for --clamp-mss-to-pmtu. */
  mss: number;
}

const CLAMP = 0xffff;
/** sizeof(struct iphdr) + sizeof(struct tcphdr). */
const MIN_LEN = 40;
/** RFC 1122: the MSS a sender must assume when the SYN has none. */
const DEFAULT_MSS = 536;

/** The new MSS, or "drop" for a path MTU too small, or undefined when nfsim has no routes to ask. */
function targetMss(d: TcpmssData, ctx: EvalContext): number | "drop" | undefined {
  if (d.mss !== CLAMP) return d.mss;
  const { routeMtu } = ctx.env;
  if (routeMtu === undefined) return undefined;
  // dst_mtu of the packet's route, and tcpmss_reverse_mtu: the route back to its source.
  const mtus = [routeMtu(ctx.packet.ip.dst), routeMtu(ctx.packet.ip.src)].filter((m): m is number => m !== undefined);
  const mtu = mtus.length === 0 ? 0 : Math.min(...mtus);
  return mtu <= MIN_LEN ? "drop" : mtu - MIN_LEN;
}

const mssOf = (o: TcpOption) => ((o.data[0] ?? 0) << 8) | (o.data[1] ?? 0);

/** tcpmss_mangle_packet on a parsed TCP segment. */
function mangle(packet: PacketState, options: readonly TcpOption[], newMss: number): void {
  const hdrLen = tcpHeaderLength(options);
  let at = 20;
  for (const [i, o] of options.entries()) {
    if (at > hdrLen - 4) break;
    if (o.kind === 2 && !o.malformed && o.data.length === 2) {
      // Never increase the MSS, even when setting it.
      if (mssOf(o) <= newMss) return;
      rewriteTcp(packet, { options: options.map((x, j) => (j === i ? { kind: 2, data: [newMss >> 8, newMss & 0xff] } : x)) });
      return;
    }
    at += optionSize(o);
  }
  // No MSS option: add one in front, unless data follows the header or the header is full.
  if (packet.payload.length > 0 || hdrLen >= 60) return;
  const mss = Math.min(newMss, DEFAULT_MSS);
  rewriteTcp(packet, { options: [{ kind: 2, data: [mss >> 8, mss & 0xff] }, ...options] });
  rewriteIp(packet, { length: packet.ip.length + 4 });
}

export const tcpmssTarget = defineTarget<TcpmssData>({
  name: "TCPMSS",
  options: [
    { name: "set-mss", arg: "required" },
    { name: "clamp-mss-to-pmtu", arg: "none" },
  ],
  init: () => ({ mss: 0 }),
  parse: ({ option, arg = "" }) => ({ mss: option === "clamp-mss-to-pmtu" ? CLAMP : parseIntX6("TCPMSS", option, arg, 0, 0xffff - 20) }),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("TCPMSS target: At least one parameter is required");
    return data;
  },
  check(d, where, ip) {
    // tcpmss_tg4_check: clamping only where a route is known; the hook is the base chain's (0 in user chains).
    if (d.mss === CLAMP && where.chainHook !== undefined && !["FORWARD", "OUTPUT", "POSTROUTING"].includes(where.chainHook)) return "EINVAL";
    return protoRefusal(ip, PROTO.TCP);
  },
  save: (d) => (d.mss === CLAMP ? " --clamp-mss-to-pmtu" : ` --set-mss ${String(d.mss)}`),
  print: (d) => (d.mss === CLAMP ? " TCPMSS clamp to PMTU" : ` TCPMSS set ${String(d.mss)}`),
  act(d, ctx) {
    const { packet } = ctx;
    if (packet.ip.fragOffset !== 0) return "continue";
    // A TCP header nfsim could not parse is one the kernel finds too short: dropped.
    if (packet.l4.kind !== "tcp") return "drop";
    const mss = targetMss(d, ctx);
    if (mss === "drop") return "drop";
    if (mss === undefined) {
      ctx.effects.push({ kind: "unmodelled", target: "TCPMSS", what: "path MTU (no routes given): MSS left as it is" });
      return "continue";
    }
    mangle(packet, packet.l4.options, mss);
    return "continue";
  },
});
