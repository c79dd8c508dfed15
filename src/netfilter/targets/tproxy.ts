// -j TPROXY, revision 1 (libxt_TPROXY.c; kernel net/netfilter/xt_TPROXY.c tproxy_tg4), mangle
// PREROUTING only, for TCP or UDP rules: hand the packet to a local socket with
// IP_TRANSPARENT, either one the packet's own addresses already reach or one listening on
// --on-ip:--on-port, mark it and accept it; with no such socket the kernel drops it.
// nfsim's sockets are never transparent (IP_TRANSPARENT is not modelled), so the lookup
// finds none and the packet is dropped, as on a host where no proxy has bound such a socket;
// the effect records where the proxy would have received it.
import { defineTarget } from "../extension.ts";
import { parseMarkMask } from "../xtparse.ts";
import { PROTO } from "../xtproto.ts";
import { portByName } from "../matches/ports.ts";
import { parameterProblem } from "../errors.ts";
import { formatIpv4, type Ipv4 } from "../../wire/ipv4.ts";
import { ports } from "../../wire/packet.ts";
import { parseXtHost } from "./xthost.ts";

interface TproxyData {
  port: number;
  addr: Ipv4;
  mark: number;
  mask: number;
}

/** XTTYPE_PORT: a number (cut to 16 bits) or a service name. */
function parsePort(arg: string): number {
  const port = portByName(arg);
  if (port === undefined) throw parameterProblem(`Port "${arg}" does not resolve to anything.\n`);
  return port;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

export const tproxy = defineTarget<TproxyData>({
  name: "TPROXY",
  options: [
    { name: "on-port", arg: "required", mandatory: true },
    { name: "on-ip", arg: "required" },
    { name: "tproxy-mark", arg: "required" },
  ],
  init: () => ({ port: 0, addr: 0, mark: 0, mask: 0 }),
  parse({ option, arg = "", data }) {
    if (option === "on-port") return { ...data, port: parsePort(arg) };
    if (option === "on-ip") return { ...data, addr: parseXtHost(arg) };
    const { value, mask } = parseMarkMask("TPROXY", option, arg);
    return { ...data, mark: value, mask };
  },
  allowed: { tables: ["mangle"], hooks: ["PREROUTING"] },
  // tproxy_tg4_check: "Can be used only with -p tcp or -p udp".
  check: (_d, _where, ip) =>
    (ip.proto?.num === PROTO.TCP || ip.proto?.num === PROTO.UDP) && !ip.proto.invert ? undefined : "EINVAL",
  save: (d) => ` --on-port ${String(d.port)} --on-ip ${formatIpv4(d.addr)} --tproxy-mark ${hex(d.mark)}/${hex(d.mask)}`,
  print: (d) => ` TPROXY redirect ${formatIpv4(d.addr)}:${String(d.port)} mark ${hex(d.mark)}/${hex(d.mask)}`,
  act(d, ctx) {
    const port = d.port !== 0 ? d.port : (ports(ctx.packet.l4)?.dport ?? 0);
    ctx.effects.push({ kind: "tproxy", ...(d.addr !== 0 ? { addr: d.addr } : {}), port, mark: d.mark, mask: d.mask });
    ctx.effects.push({ kind: "unmodelled", target: "TPROXY", what: "transparent (IP_TRANSPARENT) sockets: none found, dropped" });
    return "drop";
  },
});
