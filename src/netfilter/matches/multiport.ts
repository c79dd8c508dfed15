// -m multiport, revision 1 (libxt_multiport.c; kernel net/netfilter/xt_multiport.c):
// up to 15 port slots, a range taking two.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import type { IpPart } from "../rule.ts";
import { serviceToPort } from "../names.ts";
import { strtoul } from "../xtparse.ts";
import { portName, type PortRange } from "./ports.ts";
import { ports } from "../../wire/packet.ts";

type Which = "sports" | "dports" | "ports";

interface MultiportData {
  which: Which;
  /** Single ports have min === max; a range always has min < max (libxt_multiport refuses a:a). */
  ports: PortRange[];
  invert: boolean;
}

/** XT_MULTI_PORTS: slots in struct xt_multiport_v1. */
const MAX_SLOTS = 15;

/** libxt_multiport.c proto_to_name: the protocols with ports the kernel match knows. */
const PROTO_NAMES: ReadonlyMap<number, string> = new Map([[6, "tcp"], [17, "udp"], [136, "udplite"], [132, "sctp"], [33, "dccp"]]);

const OPTION_WHICH: Readonly<Record<string, Which>> = {
  "source-ports": "sports", sports: "sports", "destination-ports": "dports", dports: "dports", ports: "ports",
};

/** libxt_multiport.c check_proto: the `-p` given so far must be one of PROTO_NAMES. */
function checkProto(ip: IpPart): string {
  const proto = ip.proto;
  const name = proto === undefined ? undefined : PROTO_NAMES.get(proto.num);
  if (proto?.invert || (proto !== undefined && proto.num !== 0 && name === undefined)) {
    throw parameterProblem("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
  }
  if (name === undefined) {
    throw parameterProblem("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  }
  return name;
}

/** xtables_parse_port: the whole text a number 0-65535 (any base), else a service of `proto`. */
function parsePort(text: string, proto: string): number {
  const num = strtoul(text);
  if (num !== undefined && num.rest === "" && num.value <= 0xffff) return num.value;
  const service = serviceToPort(text, proto);
  if (service === undefined) throw parameterProblem(`invalid port/service \`${text}' specified`);
  return service;
}

/** parse_multi_ports_v1: comma-separated ports and `a:b` ranges, at most 15 slots. */
function parsePorts(text: string, proto: string): PortRange[] {
  const words = text.split(",");
  const out: PortRange[] = [];
  let slots = 0;
  for (; slots < MAX_SLOTS && out.length < words.length; slots++) {
    const word = words[out.length] ?? "";
    const colon = word.indexOf(":");
    if (colon < 0) {
      const port = parsePort(word, proto);
      out.push({ min: port, max: port });
      continue;
    }
    if (slots === MAX_SLOTS - 1) throw parameterProblem("too many ports specified");
    const min = parsePort(word.slice(0, colon), proto);
    const max = parsePort(word.slice(colon + 1), proto);
    if (min >= max) throw parameterProblem("invalid portrange specified");
    out.push({ min, max });
    slots++;
  }
  if (out.length < words.length) throw parameterProblem("too many ports specified");
  return out;
}

function formatPorts(list: readonly PortRange[], name: (port: number) => string): string {
  return list.map((r) => (r.min === r.max ? name(r.min) : `${name(r.min)}:${name(r.max)}`)).join(",");
}

/** xt_multiport.c ports_match_v1: the first slot that matches decides, else no match. */
function portsMatch(d: MultiportData, src: number, dst: number): boolean {
  const within = (port: number, r: PortRange) => port >= r.min && port <= r.max;
  const hit = d.ports.some((r) =>
    d.which === "sports" ? within(src, r) : d.which === "dports" ? within(dst, r) : within(src, r) || within(dst, r),
  );
  return hit !== d.invert;
}

export const multiport = defineMatch<MultiportData>({
  name: "multiport",
  options: [
    { name: "source-ports", id: "sports", arg: "required", invert: true, excl: ["sports", "dports", "ports"] },
    { name: "sports", arg: "required", invert: true, excl: ["sports", "dports", "ports"] },
    { name: "destination-ports", id: "dports", arg: "required", invert: true, excl: ["sports", "dports", "ports"] },
    { name: "dports", arg: "required", invert: true, excl: ["sports", "dports", "ports"] },
    { name: "ports", arg: "required", invert: true, excl: ["sports", "dports", "ports"] },
  ],
  init: () => ({ which: "ports", ports: [], invert: false }),
  parse({ option, arg = "", invert, env }) {
    const proto = checkProto(env.ip);
    return { which: OPTION_WHICH[option] ?? "ports", ports: parsePorts(arg, proto), invert };
  },
  finalCheck(d, seen) {
    if (seen.size === 0) throw parameterProblem("multiport expection an option");
    return d;
  },
  // xt_multiport.c check(): a protocol with ports, not inverted (userspace already insists).
  check: (_d, _where, ip) => (ip.proto !== undefined && !ip.proto.invert && PROTO_NAMES.has(ip.proto.num) ? undefined : "EINVAL"),
  save: (d) => `${d.invert ? " !" : ""} --${d.which} ${formatPorts(d.ports, String)}`,
  print(d, { numeric, ip }) {
    const proto = PROTO_NAMES.get(ip.proto?.num ?? 0) ?? "";
    return ` multiport ${d.which} ${d.invert ? " !" : ""}${formatPorts(d.ports, (p) => portName(p, proto, numeric))}`;
  },
  match(d, { packet }) {
    // xt_multiport.c multiport_mt: non-first fragments never match.
    if (packet.ip.fragOffset !== 0) return false;
    const p = ports(packet.l4);
    return p !== undefined && portsMatch(d, p.sport, p.dport);
  },
});
