// -m cpu (libxt_cpu.c; kernel net/netfilter/xt_cpu.c): the CPU handling the packet, which
// nfsim does not model.
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

interface CpuData {
  readonly cpu: number;
  readonly invert: boolean;
}

export const cpu = defineMatch<CpuData>({
  name: "cpu",
  options: [{ name: "cpu", arg: "required", invert: true, mandatory: true }],
  init: () => ({ cpu: 0, invert: false }),
  parse: ({ arg = "", invert, data }) => ({ cpu: parseIntX6("cpu", "cpu", arg, 0, 0xffffffff), invert: data.invert || invert }),
  save: (d) => `${d.invert ? " !" : ""} --cpu ${String(d.cpu)}`,
  print: (d) => ` cpu ${d.invert ? "! " : ""}${String(d.cpu)}`,
  unmodelled: () => "nfsim does not model which CPU handles a packet",
  match: () => false,
});
