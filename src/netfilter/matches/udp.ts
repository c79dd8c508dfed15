// -m udp (libxt_udp.c; kernel net/netfilter/xt_tcpudp.c).
import { defineMatch } from "../extension.ts";
import { inRange, isAnyPort, parsePortRangeX6, printPortRange, requireProto, savePortRange, type PortRange } from "./ports.ts";

interface UdpData {
  spts: PortRange;
  dpts: PortRange;
  invSpts: boolean;
  invDpts: boolean;
}

const ANY: PortRange = { min: 0, max: 0xffff };

export const udp = defineMatch<UdpData>({
  name: "udp",
  options: [
    { name: "source-port", id: "sport", arg: "required", invert: true },
    { name: "sport", arg: "required", invert: true },
    { name: "destination-port", id: "dport", arg: "required", invert: true },
    { name: "dport", arg: "required", invert: true },
  ],
  init: () => ({ spts: ANY, dpts: ANY, invSpts: false, invDpts: false }),
  parse({ option, arg = "", invert, data }) {
    const range = parsePortRangeX6("udp", option, arg);
    return option === "sport" || option === "source-port" ? { ...data, spts: range, invSpts: invert } : { ...data, dpts: range, invDpts: invert };
  },
  check(d, _where, ip) {
    // nft.c add_nft_udp: anything but the all-zero match becomes native payload matching.
    if (!isAnyPort(d.spts, d.invSpts) || !isAnyPort(d.dpts, d.invDpts)) requireProto(ip, 17, "UDP match requires '-p udp'");
    return undefined;
  },
  save: (d) => savePortRange("sport", d.spts, d.invSpts) + savePortRange("dport", d.dpts, d.invDpts),
  print: (d, { numeric }) =>
    ` udp${printPortRange("spt", d.spts, d.invSpts, "udp", numeric)}${printPortRange("dpt", d.dpts, d.invDpts, "udp", numeric)}`,
  match(d, { packet }) {
    const { ip, l4 } = packet;
    if (ip.fragOffset !== 0 || l4.kind !== "udp") return false;
    return inRange(l4.sport, d.spts) !== d.invSpts && inRange(l4.dport, d.dpts) !== d.invDpts;
  },
});
