// Port arguments shared by tcp, udp, multiport and friends (libxtables'
// xtables_parse_port and the extensions' port-range printers).
import { parameterProblem } from "../errors.ts";
import type { IpPart } from "../rule.ts";
import { parseUintBase0 } from "../../wire/ipv4.ts";
import { portToService, serviceToPort } from "../names.ts";

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** A port number (any base) or a service name of `proto`. */
export function parsePort(text: string, proto: string): number {
  const num = parseUintBase0(text, 65535);
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

/** xtables_getportbyname: a number (any base) or a service of any protocol. */
export function portByName(text: string): number | undefined {
  return parseUintBase0(text, 65535) ?? serviceToPort(text, undefined);
}

/** XTTYPE_PORTRC (xtopt_parse_mport): "p", "lo:hi", ":hi", "lo:", ":" with libxtables' errors. */
export function parsePortRangeX6(ext: string, option: string, text: string): PortRange {
  const parts = text.split(":");
  if (parts.length > 2) {
    throw parameterProblem(`${ext}: Too many components for option "--${option}" (max: 2)\n`);
  }
  const values: number[] = [0, 0xffff];
  let prev = 0;
  parts.forEach((part, i) => {
    if (part === "") return;
    const value = portByName(part);
    if (value === undefined) throw parameterProblem(`Port "${part}" does not resolve to anything.\n`);
    if (value < prev) throw parameterProblem(`Port range ${String(prev)}-${String(value)} is negative.\n`);
    prev = value;
    values[i] = value;
  });
  const [min = 0, max = 0xffff] = values;
  return parts.length === 1 ? { min, max: min } : { min, max };
}

/** nft.c: a tcp/udp match translated to native payload matching needs `-p PROTO`. */
export function requireProto(ip: IpPart, proto: number, message: string): void {
  if (ip.proto?.num !== proto || ip.proto.invert) throw parameterProblem(message);
}
