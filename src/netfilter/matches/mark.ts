// -m mark (libxt_mark.c; kernel xt_mark.c): (skb mark & mask) == value.
import { defineMatch } from "../extension.ts";
import { markMask, parseMarkMask } from "../xtparse.ts";

interface MarkData {
  mark: number;
  mask: number;
  invert: boolean;
}

export const mark = defineMatch<MarkData>({
  name: "mark",
  options: [{ name: "mark", arg: "required", invert: true, mandatory: true }],
  init: () => ({ mark: 0, mask: 0xffffffff, invert: false }),
  parse({ arg = "", invert, data }) {
    const { value, mask } = parseMarkMask("mark", "mark", arg);
    return { ...data, mark: value, mask, invert };
  },
  save: (d) => `${d.invert ? " !" : ""} --mark${markMask(d.mark, d.mask)}`,
  print: (d) => ` mark match${d.invert ? " !" : ""}${markMask(d.mark, d.mask)}`,
  match: (d, { packet }) => (((packet.mark & d.mask) >>> 0) === d.mark) !== d.invert,
});
