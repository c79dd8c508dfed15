// -m tcpmss (libxt_tcpmss.c; kernel net/netfilter/xt_tcpmss.c tcpmss_mt): the value of the
// TCP MSS option lies in [min, max]; a segment without the option matches only when inverted.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseRangeX6 } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import type { PacketState } from "../context.ts";

interface TcpmssData {
  min: number;
  max: number;
  invert: boolean;
}

/** TCPOPT_MSS and TCPOLEN_MSS. */
const MSS_KIND = 2;
const MSS_LEN = 4;

/** The first MSS option of the right length, as the kernel walks the options. */
function mssOption(packet: PacketState): number | undefined {
  if (packet.l4.kind !== "tcp") return undefined;
  const opt = packet.l4.options.find((o) => o.kind === MSS_KIND && !o.malformed && o.data.length === MSS_LEN - 2);
  return opt === undefined ? undefined : ((opt.data[0] ?? 0) << 8) | (opt.data[1] ?? 0);
}

function range(d: TcpmssData): string {
  return d.min === d.max ? String(d.min) : `${String(d.min)}:${String(d.max)}`;
}

export const tcpmss = defineMatch<TcpmssData>({
  name: "tcpmss",
  options: [{ name: "mss", arg: "required", invert: true, mandatory: true }],
  init: () => ({ min: 0, max: 0, invert: false }),
  parse({ arg = "", invert }) {
    const [min = 0, max] = parseRangeX6("tcpmss", "mss", arg, 0, 0xffff);
    if (max !== undefined && max < min) throw parameterProblem("tcpmss: invalid range given");
    return { min, max: max ?? min, invert };
  },
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.TCP),
  save: (d) => `${d.invert ? " !" : ""} --mss ${range(d)}`,
  print: (d) => ` tcpmss match ${d.invert ? "!" : ""}${range(d)}`,
  match(d, { packet }) {
    // A header nfsim could not parse as TCP: hotdrop in the kernel, no match here.
    if (packet.l4.kind !== "tcp") return false;
    const mss = mssOption(packet);
    return mss === undefined ? d.invert : (mss >= d.min && mss <= d.max) !== d.invert;
  },
});
