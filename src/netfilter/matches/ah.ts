// -m ah (libipt_ah.c; kernel net/ipv4/netfilter/ipt_ah.c ah_mt): the AH header's SPI in a range.
import { defineMatch } from "../extension.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { ahSpi } from "../../wire/ipsec.ts";
import { parseSpis, printSpis, saveSpis, spiMatches, type SpiRange } from "./spi.ts";

export const ah = defineMatch<SpiRange>({
  name: "ah",
  options: [{ name: "ahspi", arg: "required", invert: true }],
  // ah_init: the whole range until --ahspi narrows it.
  init: () => ({ min: 0, max: 0xffffffff, invert: false }),
  parse: ({ arg = "", invert }) => parseSpis("ah", "ahspi", arg, invert),
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.AH),
  save: (d) => saveSpis("ahspi", d),
  // ah_print: " ah " with its space even when nothing follows.
  print: (d) => ` ah ${printSpis(d)}`,
  match(d, { packet }) {
    // Not for fragments after the first; a header cut short: hotdrop in the kernel, no match here.
    if (packet.ip.fragOffset !== 0) return false;
    const spi = ahSpi(packet.payload);
    return spi !== undefined && spiMatches(d, spi);
  },
});
