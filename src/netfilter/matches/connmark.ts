// -m connmark, revision 1 (libxt_connmark.c connmark_mt_*; kernel net/netfilter/xt_connmark.c
// connmark_mt): (ct mark & mask) == value; a packet without an entry never matches.
import { defineMatch } from "../extension.ts";
import { markMask, parseMarkMask } from "../xtparse.ts";
import { trackedEntry } from "./ctstate.ts";

interface ConnmarkData {
  readonly mark: number;
  readonly mask: number;
  readonly invert: boolean;
}

export const connmark = defineMatch<ConnmarkData>({
  name: "connmark",
  options: [{ name: "mark", arg: "required", invert: true, mandatory: true }],
  init: () => ({ mark: 0, mask: 0xffffffff, invert: false }),
  parse({ arg = "", invert, data }) {
    const { value, mask } = parseMarkMask("connmark", "mark", arg);
    return { ...data, mark: value, mask, invert: data.invert || invert };
  },
  save: (d) => `${d.invert ? " !" : ""} --mark${markMask(d.mark, d.mask)}`,
  print: (d) => ` connmark match ${d.invert ? "!" : ""}${markMask(d.mark, d.mask)}`,
  match(d, { packet }) {
    const ct = trackedEntry(packet);
    if (ct === undefined) return false;
    return (((ct.mark & d.mask) >>> 0) === d.mark) !== d.invert;
  },
});
