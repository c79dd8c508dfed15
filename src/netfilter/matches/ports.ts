// Port arguments shared by tcp, udp, multiport and friends (libxtables'
// xtables_parse_port and the extensions' port-range printers).
import { parameterProblem } from "../errors.ts";
import type { IpPart } from "../rule.ts";
import { xtablesStrtoui } from "../xtparse.ts";
import { portToService, serviceToPort } from "../names.ts";

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** xtables_parse_port: a port number (xtables_strtoui, any base) or a service name of `proto`. */
export function parsePort(text: string, proto: string): number {
  const num = xtablesStrtoui(text, 0, 65535);
  if (num !== undefined) return num;
  const service = serviceToPort(text, proto);
  if (service !== undefined) return service;
  throw parameterProblem(`invalid port/service \`${text}' specified`);
}

/** "p", "min:max", ":max" or "min:" (libxt_tcp's parse_tcp_ports). */
export function parsePortRange(text: string, proto: string): PortRange {
  const colon = text.indexOf(":");
  if (colon < 0) {
    const port = parsePort(text, proto);
    return { min: port, max: port };
  }
  const lo = text.slice(0, colon);
  const hi = text.slice(colon + 1);
  const min = lo === "" ? 0 : parsePort(lo, proto);
  const max = hi === "" ? 0xffff : parsePort(hi, proto);
  if (min > max) throw parameterProblem("invalid portrange (min > max)");
  return { min, max };
}

/** The whole port space, inverted or not: nft.c's native port matching emits nothing for it. */
export function isFullRange(range: PortRange): boolean {
  return range.min === 0 && range.max === 0xffff;
}

export function isAnyPort(range: PortRange, invert: boolean): boolean {
  return range.min === 0 && range.max === 0xffff && !invert;
}

export function portName(port: number, proto: string, numeric: boolean): string {
  return (numeric ? undefined : portToService(port, proto)) ?? String(port);
}

export function inRange(port: number, range: PortRange): boolean {
  return port >= range.min && port <= range.max;
}

/** -L form of a port range: ` dpt:ssh`, ` dpts:!1000:2000`. */
export function printPortRange(label: string, range: PortRange, invert: boolean, proto: string, numeric: boolean): string {
  if (isAnyPort(range, invert)) return "";
  const inv = invert ? "!" : "";
  if (range.min === range.max) return ` ${label}:${inv}${portName(range.min, proto, numeric)}`;
  return ` ${label}s:${inv}${portName(range.min, proto, numeric)}:${portName(range.max, proto, numeric)}`;
}

/** Save form of a port range: ` ! --dport 1000:2000`. */
export function savePortRange(option: string, range: PortRange, invert: boolean): string {
  if (isAnyPort(range, invert)) return "";
  const value = range.min === range.max ? String(range.min) : `${String(range.min)}:${String(range.max)}`;
  return `${invert ? " !" : ""} --${option} ${value}`;
}

/**
 * xtables_getportbyname, i.e. getaddrinfo(NULL, text): a decimal number (strtoul, so
 * leading blanks and a sign pass) cut to 16 bits when it fits an int, else a service name.
 */
export function portByName(text: string): number | undefined {
  const m = /^\s*([-+]?)(\d+)$/.exec(text);
  if (m?.[2] === undefined) return serviceToPort(text, undefined);
  const ulong = 2n ** 64n;
  let value = BigInt(m[2]);
  if (value >= ulong) value = ulong - 1n;
  if (m[1] === "-" && value !== 0n) value = ulong - value;
  const int = Number(BigInt.asIntN(32, value));
  return int < 0 ? serviceToPort(text, undefined) : int & 0xffff;
}

/** XTTYPE_PORTRC (xtopt_parse_mport): "p", "lo:hi", ":hi", "lo:", ":" with libxtables' errors, part by part. */
export function parsePortRangeX6(ext: string, option: string, text: string): PortRange {
  const parts = text.split(":");
  const values: number[] = [0, 0xffff];
  parts.forEach((part, i) => {
    if (i === 2) throw parameterProblem(`${ext}: Too many components for option "--${option}" (max: 2)\n`);
    if (part === "") return;
    const value = portByName(part);
    // 1.8.9 takes a reversed range as it is (the "is negative" check came later).
    if (value === undefined) throw parameterProblem(`Port "${part}" does not resolve to anything.\n`);
    values[i] = value;
  });
  const [min = 0, max = 0xffff] = values;
  return parts.length === 1 ? { min, max: min } : { min, max };
}

/** nft.c add_nft_tcp/udp: native payload matching needs the rule's protocol (inverted or not) to be PROTO. */
export function requireProto(ip: IpPart, proto: number, message: string): void {
  if (ip.proto?.num !== proto) throw parameterProblem(message);
}
