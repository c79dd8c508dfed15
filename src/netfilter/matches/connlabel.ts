// -m connlabel (libxt_connlabel.c; kernel net/netfilter/xt_connlabel.c connlabel_mt): one
// of the 128 label bits of the connection, tested (and with --set, set). Names come from
// /etc/xtables/connlabel.conf, which Debian does not ship: every lookup of a name warns
// that the file is missing, including the one done each time a rule is printed.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { trackedEntry } from "./ctstate.ts";
import { cStrtoul } from "./x6.ts";

interface ConnlabelData {
  readonly bit: number;
  readonly invert: boolean;
  readonly set: boolean;
}

const MISSING = "Warning: cannot open /etc/xtables/connlabel.conf: No such file or directory\n";
/** XT_CONNLABEL_MAXBIT. */
const MAX_BIT = 127;

/** connlabel_value_parse: strtoul(in, &end, 0) over the whole text, returned as an int (-1: none). */
function valueOf(text: string): number {
  const r = cStrtoul(text);
  if (text === "" || r === undefined || r.rest !== "") return -1;
  return Number(BigInt.asIntN(32, r.value));
}

export const connlabel = defineMatch<ConnlabelData>({
  name: "connlabel",
  options: [
    { name: "label", arg: "required", invert: true, mandatory: true },
    { name: "set", arg: "none" },
  ],
  init: () => ({ bit: 0, invert: false, set: false }),
  parse({ option, arg = "", invert, data, warn }) {
    if (option === "set") return { ...data, set: true };
    if (arg.length < 1) throw parameterProblem("Argument must have a minimum length of 1 characters\n");
    const bit = valueOf(arg);
    if (bit < 0) {
      // No number: the name would come from the label file, which cannot be opened.
      warn?.(MISSING);
      throw parameterProblem(`label '${arg}' not found or invalid value`);
    }
    // struct xt_connlabel_mtinfo keeps the bit in a u16.
    return { ...data, bit: bit & 0xffff, invert: data.invert || invert };
  },
  // connlabel_mt_check: nf_connlabels_get refuses a bit past the last.
  check: (d) => (d.bit > MAX_BIT ? "ERANGE" : undefined),
  notice: () => MISSING,
  save: (d) => `${d.invert ? " !" : ""} --label "${String(d.bit)}"${d.set ? " --set" : ""}`,
  print: (d) => ` connlabel${d.invert ? " !" : ""} ${String(d.bit)}${d.set ? " set" : ""}`,
  match(d, { packet }) {
    const ct = trackedEntry(packet);
    if (ct === undefined) return d.invert;
    const labels = (ct.labels ??= []);
    if (d.set && !labels.includes(d.bit)) labels.push(d.bit);
    return labels.includes(d.bit) !== d.invert;
  },
});
