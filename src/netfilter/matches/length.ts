// -m length (libxt_length.c; kernel xt_length.c): the IPv4 total length within a range.
import { defineMatch } from "../extension.ts";
import { parseRangeX6 } from "../xtparse.ts";

interface LengthData {
  min: number;
  max: number;
  invert: boolean;
}

const range = (d: LengthData) => (d.min === d.max ? String(d.min) : `${String(d.min)}:${String(d.max)}`);

export const length = defineMatch<LengthData>({
  name: "length",
  options: [{ name: "length", arg: "required", invert: true, mandatory: true }],
  init: () => ({ min: 0, max: 0xffff, invert: false }),
  parse({ arg = "", invert, data }) {
    const [min = 0, max = min] = parseRangeX6("length", "length", arg, 0, 0xffff);
    return { ...data, min, max, invert };
  },
  save: (d) => `${d.invert ? " !" : ""} --length ${range(d)}`,
  print: (d) => ` length ${d.invert ? "!" : ""}${range(d)}`,
  match: (d, { packet }) => (packet.ip.length >= d.min && packet.ip.length <= d.max) !== d.invert,
});
