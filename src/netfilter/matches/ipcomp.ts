// -m ipcomp (libxt_ipcomp.c; kernel net/netfilter/xt_ipcomp.c comp_mt): the IPComp header's
// CPI in a range. --compres is kept and printed, and ignored by the kernel.
import { defineMatch } from "../extension.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { ipcompCpi } from "../../wire/ipsec.ts";
import { parseSpis, printSpis, saveSpis, spiMatches, type SpiRange } from "./spi.ts";

interface IpcompData extends SpiRange {
  reserved: boolean;
}

export const ipcomp = defineMatch<IpcompData>({
  name: "ipcomp",
  options: [
    { name: "ipcompspi", arg: "required", invert: true },
    { name: "compres", arg: "none" },
  ],
  // No init function in libxt_ipcomp.c: the range starts as 0:0, so a bare -m ipcomp saves --ipcompspi 0.
  init: () => ({ min: 0, max: 0, invert: false, reserved: false }),
  parse({ option, arg = "", invert, data }) {
    if (option === "compres") return { ...data, reserved: true };
    return { ...data, ...parseSpis("ipcomp", "ipcompspi", arg, invert) };
  },
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.COMP),
  save: (d) => saveSpis("ipcompspi", d) + (d.reserved ? " --compres" : ""),
  print: (d) => ` comp ${printSpis(d)}${d.reserved ? " reserved" : ""}`,
  match(d, { packet }) {
    // Not for fragments after the first; a header cut short: hotdrop in the kernel, no match here.
    if (packet.ip.fragOffset !== 0) return false;
    const cpi = ipcompCpi(packet.payload);
    return cpi !== undefined && spiMatches(d, cpi);
  },
});
