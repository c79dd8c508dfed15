// -m iprange (libxt_iprange.c, revision 1; kernel xt_iprange.c): inclusive address ranges.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { formatIpv4, parseIpv4 } from "../../wire/ipv4.ts";

interface Range {
  min: number;
  max: number;
  invert: boolean;
}

interface IprangeData {
  src?: Range;
  dst?: Range;
}

function parseRange(text: string, invert: boolean): Range {
  const dash = text.indexOf("-");
  const lo = dash < 0 ? text : text.slice(0, dash);
  const hi = dash < 0 ? text : text.slice(dash + 1);
  const min = parseIpv4(lo);
  if (min === undefined || lo.split(".").length !== 4) throw parameterProblem(`iprange match: Bad IP address "${lo}"`);
  const max = parseIpv4(hi);
  if (max === undefined || hi.split(".").length !== 4) throw parameterProblem(`iprange match: Bad IP address "${hi}"`);
  return { min, max, invert };
}

const text = (r: Range) => `${formatIpv4(r.min)}-${formatIpv4(r.max)}`;
const within = (addr: number, r: Range) => (addr >= r.min && addr <= r.max) !== r.invert;

export const iprange = defineMatch<IprangeData>({
  name: "iprange",
  options: [
    { name: "src-range", arg: "required", invert: true },
    { name: "dst-range", arg: "required", invert: true },
  ],
  init: () => ({}),
  parse: ({ option, arg = "", invert, data }) =>
    option === "src-range" ? { ...data, src: parseRange(arg, invert) } : { ...data, dst: parseRange(arg, invert) },
  finalCheck(d, seen) {
    if (seen.size === 0) throw parameterProblem("iprange match: You must specify `--src-range' or `--dst-range'");
    return d;
  },
  save: (d) =>
    (d.src ? `${d.src.invert ? " !" : ""} --src-range ${text(d.src)}` : "") +
    (d.dst ? `${d.dst.invert ? " !" : ""} --dst-range ${text(d.dst)}` : ""),
  print: (d) =>
    (d.src ? ` source IP range${d.src.invert ? " !" : ""} ${text(d.src)}` : "") +
    (d.dst ? ` destination IP range${d.dst.invert ? " !" : ""} ${text(d.dst)}` : ""),
  match: (d, { packet }) => (!d.src || within(packet.ip.src, d.src)) && (!d.dst || within(packet.ip.dst, d.dst)),
});
