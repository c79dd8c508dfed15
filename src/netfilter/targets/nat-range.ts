// The range syntax shared by SNAT, DNAT, MASQUERADE and REDIRECT, as iptables 1.8.9 reads
// and prints it (extensions/libxt_NAT.c: parse_to, parse_ports, sprint_range, __NAT_print).
// `--to-source a.b.c.d[-e.f.g.h][:port[-port[/base]]]`, `--to-ports port[-port]`.
import type { NatRange } from "../context.ts";
import { parameterProblem } from "../errors.ts";
import type { OptionCall, OptionSpec } from "../extension.ts";
import { serviceToPort } from "../names.ts";
import type { IpPart } from "../rule.ts";
import { strtoul } from "../xtparse.ts";
import { formatIpv4, type Ipv4 } from "../../wire/ipv4.ts";

type Ports = NonNullable<NatRange["ports"]>;

export function emptyRange(): NatRange {
  return { random: false, randomFully: false, persistent: false };
}

/** The flag options every NAT target has (XTTYPE_NONE, so once each and never inverted). */
export const FLAG_OPTIONS = {
  random: { name: "random", arg: "none" },
  randomFully: { name: "random-fully", arg: "none" },
  persistent: { name: "persistent", arg: "none" },
} as const satisfies Record<string, OptionSpec>;

/**
 * __NAT_parse's portok: ports need -p tcp, udp, sctp, dccp or icmp (its echo id) given
 * before the option, even inverted (it reads entry->ip.proto as it stands). udplite is
 * refused although the kernel could map it.
 */
const PORT_PROTOS: ReadonlySet<number> = new Set([6, 17, 132, 33, 1]);

function portsAllowed(ip: IpPart): boolean {
  return PORT_PROTOS.has(ip.proto?.num ?? 0);
}

/** xtables_strtoui: strtoumax base 0 within [min, max]; trailing text is the caller's. */
function strtoui(text: string, min: number, max: number): { value: number; rest: string } | undefined {
  const r = strtoul(text);
  return r !== undefined && r.value >= min && r.value <= max ? r : undefined;
}

const notValid = (text: string) => parameterProblem(`Port \`${text}' not valid`);

/** xtables_service_to_port(name, NULL): a service of any protocol. */
function service(text: string): number {
  const port = serviceToPort(text, undefined);
  if (port === undefined) throw notValid(text);
  return port;
}

/** parse_ports: "p" (number or service), "lo-hi" (numbers only), "lo-hi/base" (base: number >= 1 or service). */
export function parsePorts(arg: string, ip: IpPart): Ports {
  if (!portsAllowed(ip)) throw parameterProblem("Need TCP, UDP, SCTP or DCCP with port specification");
  const lo = strtoui(arg, 0, 0xffff);
  if (lo === undefined) {
    const port = service(arg);
    return { min: port, max: port };
  }
  if (lo.rest === "") return { min: lo.value, max: lo.value };
  if (lo.rest.startsWith(":")) throw parameterProblem("Invalid port:port syntax - use dash");
  if (!lo.rest.startsWith("-")) throw parameterProblem(`Garbage after port value: \`${lo.rest}'`);
  const hiText = lo.rest.slice(1);
  const hi = strtoui(hiText, 0, 0xffff);
  if (hi === undefined) throw notValid(hiText);
  if (hi.value < lo.value) throw parameterProblem(`Port range \`${hiText}' funky`);
  if (hi.rest === "") return { min: lo.value, max: hi.value };
  if (!hi.rest.startsWith("/")) throw parameterProblem(`Garbage after port range: \`${hi.rest}'`);
  // The base is read like the first port, but anything after its digits is ignored.
  const baseText = hi.rest.slice(1);
  const base = strtoui(baseText, 1, 0xffff)?.value ?? service(baseText);
  return { min: lo.value, max: hi.value, base };
}

/** glibc inet_pton(AF_INET): exactly four decimal parts, no leading zeros, each <= 255. */
function inetPton4(text: string): Ipv4 | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function address(text: string): Ipv4 {
  const addr = inetPton4(text);
  if (addr === undefined) throw parameterProblem(`Bad IP address "${text}"`);
  return addr;
}

/**
 * parse_to: "[addr[-addr]][:ports]". One colon splits off the ports (two make it an IPv6
 * address, hence a bad IPv4 one); ports are read before the address. A colon at index 0,
 * or at index 2 (meant for "[]:port"), leaves the address untouched.
 */
export function parseTo(arg: string, ip: IpPart): Pick<NatRange, "addrs" | "ports"> {
  if (arg.includes("[")) throw parameterProblem("Invalid address format");
  let colon = arg.indexOf(":");
  if (colon >= 0 && arg.includes(":", colon + 1)) colon = -1;
  const ports = colon >= 0 ? parsePorts(arg.slice(colon + 1), ip) : undefined;
  if (ports !== undefined && (colon === 0 || colon === 2)) return { ports };
  const host = colon >= 0 ? arg.slice(0, colon) : arg;
  const dash = host.indexOf("-");
  const min = address(dash >= 0 ? host.slice(0, dash) : host);
  const max = dash >= 0 ? address(host.slice(dash + 1)) : min;
  return { addrs: { min, max }, ...(ports !== undefined ? { ports } : {}) };
}

/**
 * The IPv4 SNAT, MASQUERADE and REDIRECT targets are revision 0 (nf_nat_ipv4_multi_range_compat),
 * which has no base port: the PROTO_OFFSET flag survives, the base reads back as 0.
 */
export function compatRange(range: NatRange): NatRange {
  if (range.ports?.base === undefined) return range;
  return { ...range, ports: { ...range.ports, base: 0 } };
}

/** NAT_parse: the range options and the three flags. */
export function parseNatOption(call: OptionCall<NatRange>): NatRange {
  const { option, arg = "", data, env } = call;
  switch (option) {
    case "to-source":
    case "to-destination":
      return { ...data, ...parseTo(arg, env.ip) };
    case "to-ports":
      return { ...data, ports: parsePorts(arg, env.ip) };
    case "random":
      return { ...data, random: true };
    case "random-fully":
      return { ...data, randomFully: true };
    default:
      return { ...data, persistent: true };
  }
}

/** sprint_range: "a[-b]" when addresses are mapped, then ":p[-q][/base]" when ports are. */
export function sprintRange(r: NatRange): string {
  let out = "";
  if (r.addrs) {
    out += formatIpv4(r.addrs.min);
    if (r.addrs.max !== r.addrs.min) out += `-${formatIpv4(r.addrs.max)}`;
  }
  if (r.ports) {
    out += `:${String(r.ports.min)}`;
    if (r.ports.max !== r.ports.min) out += `-${String(r.ports.max)}`;
    if (r.ports.base !== undefined) out += `/${String(r.ports.base)}`;
  }
  return out;
}

/**
 * __NAT_print: ` LABELrange` then the flags, prefixed "--" in the save form. Targets
 * without addresses (MASQUERADE, REDIRECT) drop the range's leading colon.
 */
export function printNat(r: NatRange, label: string, flagPrefix: "" | "--", skipColon: boolean): string {
  let range = sprintRange(r);
  if (skipColon && range.startsWith(":")) range = range.slice(1);
  let out = range === "" ? "" : ` ${label}${range}`;
  if (r.random) out += ` ${flagPrefix}random`;
  if (r.randomFully) out += ` ${flagPrefix}random-fully`;
  if (r.persistent) out += ` ${flagPrefix}persistent`;
  return out;
}
