// -m udp (libxt_udp.c; kernel net/netfilter/xt_tcpudp.c).
import { defineMatch } from "../extension.ts";
import { inRange, isAnyPort, isFullRange, parsePortRangeX6, printPortRange, requireProto, savePortRange, type PortRange } from "./ports.ts";

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
    // The x6 entry is found by id: messages name the first option of the pair.
    const range = parsePortRangeX6("udp", option === "sport" ? "source-port" : option === "dport" ? "destination-port" : option, arg);
    return option === "sport" || option === "source-port" ? { ...data, spts: range, invSpts: invert } : { ...data, dpts: range, invDpts: invert };
  },
  check(d, _where, ip) {
    // nft.c add_nft_udp: anything but the all-zero match becomes native payload matching.
    if (!isAnyPort(d.spts, d.invSpts) || !isAnyPort(d.dpts, d.invDpts)) requireProto(ip, 17, "UDP match requires '-p udp'");
    return undefined;
  },
  stored(d, ip) {
    // nft.c add_nft_udp: a native match skips each full port range, inverted or not; when
    // nothing is left (and -p udp makes the native form legal) the match is gone.
    if (isAnyPort(d.spts, d.invSpts) && isAnyPort(d.dpts, d.invDpts)) return d;
    const n = {
      spts: d.spts, dpts: d.dpts,
      invSpts: d.invSpts && !isFullRange(d.spts), invDpts: d.invDpts && !isFullRange(d.dpts),
    };
    if (!isAnyPort(n.spts, n.invSpts) || !isAnyPort(n.dpts, n.invDpts)) return n;
    return ip.proto?.num === 17 && !ip.proto.invert ? undefined : d;
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
