// -j TCPOPTSTRIP (libxt_TCPOPTSTRIP.c; kernel net/netfilter/xt_TCPOPTSTRIP.c), mangle table,
// TCP rules only: overwrite the listed TCP options with NOPs, byte for byte.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { xtablesStrtoui } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import type { PacketState } from "../context.ts";
import type { TcpOption } from "../../wire/packet.ts";
import { rewriteTcp } from "./rewrite.ts";
import { optionSize, tcpHeaderLength } from "./tcpopts.ts";

interface TcpoptstripData {
  /** Option kinds to strip, ascending. */
  strip: number[];
}

/** tcp_optionmap: the names --strip-options knows (exact case). */
const NAMES: readonly (readonly [string, number])[] = [
  ["wscale", 3], ["mss", 2], ["sack-permitted", 4], ["sack", 5], ["timestamp", 8], ["md5", 19],
];

/** parse_list: names or numbers 2-255, comma-separated, each once. */
function parseList(arg: string): number[] {
  const kinds = new Set<number>();
  for (const item of arg.split(",")) {
    const kind = NAMES.find(([name]) => name === item)?.[1] ?? xtablesStrtoui(item, 0, 255);
    if (kind === undefined) throw parameterProblem(`Bad TCP option value "${item}"`);
    if (kind < 2) throw parameterProblem("Option value may not be 0 or 1");
    if (kinds.has(kind)) throw parameterProblem(`Option "${item}" already specified`);
    kinds.add(kind);
  }
  return [...kinds].sort((a, b) => a - b);
}

/** tcpoptstrip_print_list: names unless numeric (the last name of a kind wins; each has one). */
function list(d: TcpoptstripData, numeric: boolean): string {
  return d.strip.map((k) => (numeric ? undefined : NAMES.find(([, v]) => v === k)?.[0]) ?? String(k)).join(",");
}

const NOP: TcpOption = { kind: 1, data: [] };

/**
 * tcpoptstrip_mangle_packet: walk the options (not the header's last byte); each one listed
 * becomes as many NOPs as it had bytes. A malformed tail ends the walk.
 */
function strip(d: TcpoptstripData, packet: PacketState, options: readonly TcpOption[]): void {
  const hdrLen = tcpHeaderLength(options);
  const out: TcpOption[] = [];
  let at = 20;
  let changed = false;
  for (const o of options) {
    const size = optionSize(o);
    if (at >= hdrLen - 1 || o.malformed || !d.strip.includes(o.kind)) {
      out.push(o);
    } else {
      out.push(...Array.from({ length: size }, () => NOP));
      changed = true;
    }
    at += size;
  }
  if (changed) rewriteTcp(packet, { options: out });
}

export const tcpoptstrip = defineTarget<TcpoptstripData>({
  name: "TCPOPTSTRIP",
  options: [{ name: "strip-options", arg: "required" }],
  init: () => ({ strip: [] }),
  parse: ({ arg = "" }) => ({ strip: parseList(arg) }),
  allowed: { tables: ["mangle"] },
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.TCP),
  save: (d) => (d.strip.length === 0 ? "" : ` --strip-options ${list(d, true)}`),
  print: (d, { numeric }) => (d.strip.length === 0 ? "" : ` TCPOPTSTRIP options ${list(d, numeric)}`),
  act(d, { packet }) {
    if (packet.ip.fragOffset !== 0) return "continue";
    // A TCP header nfsim could not parse is one the kernel cannot read: dropped.
    if (packet.l4.kind !== "tcp") return "drop";
    strip(d, packet, packet.l4.options);
    return "continue";
  },
});
