// -m pkttype (libxt_pkttype.c; kernel xt_pkttype.c): link-layer packet type.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import type { PacketType } from "../context.ts";

const TYPES: readonly [string, PacketType][] = [
  ["unicast", "host"], ["broadcast", "broadcast"], ["multicast", "multicast"], ["host", "host"], ["otherhost", "otherhost"],
];

interface PkttypeData {
  type: PacketType;
  invert: boolean;
}

const name = (t: PacketType) => TYPES.find(([, v]) => v === t)?.[0] ?? t;

export const pkttype = defineMatch<PkttypeData>({
  name: "pkttype",
  options: [{ name: "pkt-type", arg: "required", invert: true, mandatory: true }],
  init: () => ({ type: "host", invert: false }),
  parse({ arg = "", invert }) {
    const found = TYPES.find(([n]) => n.toLowerCase() === arg.toLowerCase());
    if (found === undefined) throw parameterProblem(`Bad packet type '${arg}'`);
    return { type: found[1], invert };
  },
  save: (d) => `${d.invert ? " !" : ""} --pkt-type ${name(d.type)}`,
  print: (d) => ` PKTTYPE ${d.invert ? "!" : ""}= ${name(d.type)}`,
  match(d, { packet }) {
    // xt_pkttype.c: multicast is judged from the destination address on IPv4.
    const type = (packet.ip.dst >>> 28) === 0xe ? "multicast" : (packet.pktType ?? "host");
    return (type === d.type) !== d.invert;
  },
});
