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

/** iprange_parse_range: "a[-b]", each by xtables_numeric_to_ipaddr (so "10.1" is 10.1.0.0). */
function parseRange(option: string, text: string, invert: boolean, warn: (text: string) => void): Range {
  const dash = text.indexOf("-");
  const lo = dash < 0 ? text : text.slice(0, dash);
  const hi = dash < 0 ? text : text.slice(dash + 1);
  const [min, max] = [lo, hi].map((spec) => {
    const addr = parseIpv4(spec);
    // xtables_param_act(XTF_BAD_VALUE, ...)
    if (addr === undefined) throw parameterProblem(`iprange: Bad value for "--${option}" option: "${spec}"`);
    return addr;
  });
  if (min === undefined || max === undefined) throw parameterProblem(`iprange: Bad value for "--${option}" option: "${text}"`);
  if (min > max) warn(`xt_iprange: range ${lo}-${hi} is reversed and will never match\n`);
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
  parse: ({ option, arg = "", invert, data, warn = () => undefined }) =>
    option === "src-range" ? { ...data, src: parseRange(option, arg, invert, warn) } : { ...data, dst: parseRange(option, arg, invert, warn) },
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
