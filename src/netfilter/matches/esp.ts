// -m esp (libxt_esp.c; kernel net/netfilter/xt_esp.c esp_mt): the ESP header's SPI in a range.
import { defineMatch } from "../extension.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { espSpi } from "../../wire/ipsec.ts";
import { parseSpis, printSpis, saveSpis, spiMatches, type SpiRange } from "./spi.ts";

export const esp = defineMatch<SpiRange>({
  name: "esp",
  options: [{ name: "espspi", arg: "required", invert: true }],
  // esp_init: the whole range until --espspi narrows it.
  init: () => ({ min: 0, max: 0xffffffff, invert: false }),
  parse: ({ arg = "", invert }) => parseSpis("esp", "espspi", arg, invert),
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.ESP),
  save: (d) => saveSpis("espspi", d),
  print: (d) => {
    const spis = printSpis(d);
    return ` esp${spis === "" ? "" : ` ${spis}`}`;
  },
  match(d, { packet }) {
    // Not for fragments after the first; a header too short for the SPI: hotdrop in the kernel, no match here.
    if (packet.ip.fragOffset !== 0) return false;
    const spi = espSpi(packet.payload);
    return spi !== undefined && spiMatches(d, spi);
  },
});
