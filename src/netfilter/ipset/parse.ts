// libipset's userspace parsers (lib/parse.c of ipset 7.17) with their wording: numbers,
// IPv4 addresses (resolved as getaddrinfo resolves them on a host without DNS), ports and
// protocols, and an element split into its parts for a set type. They fill an AdtData, the
// "data blob" that the kernel side (adt.ts) then turns into elements.
import { protocolByName, protocolName, serviceToPort } from "../names.ts";
import { ICMP_NAMES, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, protoWithPorts } from "./element.ts";
import { ReportError, syntaxError } from "./errors.ts";
import { MAX_NAME, toCount, type Count, type TypeInfo } from "./types.ts";

/** The parsed parts of an add/del/test command (enum ipset_opt members that are set). */
export interface AdtData {
  ip?: number;
  ipTo?: number;
  cidr?: number;
  proto?: number;
  port?: number;
  portTo?: number;
  ip2?: number;
  /** "/32" written after the third part: parsed, then refused by check_allowed. */
  cidr2?: number;
  name?: string;
  nameref?: string;
  before?: boolean;
  timeout?: number;
  packets?: Count;
  bytes?: Count;
  comment?: string;
  nomatch?: boolean;
  skbmark?: { mark: number; mask: number };
  skbprio?: number;
  skbqueue?: number;
}

const ULLONG_MAX = 2n ** 64n - 1n;

/** strtoull(str, &end, 0): the value, whether it overflowed, and whether the whole text was a number. */
function strtoull(text: string): { value: bigint; overflow: boolean; whole: boolean } {
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (m === null) return { value: 0n, overflow: false, whole: false };
  const digits = m[2] ?? "0";
  let value = /^0[xX]/.test(digits) ? BigInt(digits) : /^0[0-7]/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const overflow = value > ULLONG_MAX;
  if (overflow) value = ULLONG_MAX;
  else if (m[1] === "-" && value !== 0n) value = 2n ** 64n - value;
  return { value, overflow, whole: m[0].length === text.length };
}

/** string_to_number_ll: the whole text one number in [min, max], or the message it fails with. */
export function toNumber(text: string, min: bigint, max: bigint): bigint | string {
  const r = strtoull(text);
  if (r.whole && !r.overflow && r.value >= min && r.value <= max) return r.value;
  if (r.whole || r.overflow) return `'${text}' is out of range ${String(min)}-${String(max)}`;
  return `'${text}' is invalid as number`;
}

/** A number option, failing as a syntax error. */
export function parseNumber(text: string, max: number, min = 0): number {
  const r = toNumber(text, BigInt(min), BigInt(max));
  if (typeof r === "string") throw syntaxError(r);
  return Number(r);
}

/** ipset_parse_uint64 (packets, bytes). */
export function parseCounter(text: string): Count {
  const r = toNumber(text, 0n, ULLONG_MAX - 1n);
  if (typeof r === "string") throw syntaxError(r);
  return toCount(r);
}

/**
 * gethostbyname2(name, AF_INET) on a host whose only name is in /etc/hosts: the
 * inet_aton forms (one to four parts, decimal or octal; glibc refuses hex here) and localhost.
 */
export function resolveIpv4(text: string): number | undefined {
  if (text === "localhost") return 0x7f000001;
  const parts = text.split(".");
  if (parts.length > 4 || !parts.every((p) => /^(0[0-7]*|[1-9][0-9]*)$/.test(p))) return undefined;
  const nums = parts.map((p) => (p.length > 1 && p.startsWith("0") ? parseInt(p, 8) : parseInt(p, 10)));
  const last = nums.pop() ?? 0;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  return nums.reduce((acc, n, i) => acc + n * 2 ** (8 * (3 - i)), 0) + last;
}

/** ipset_strchr: a separator that neither starts nor ends the text. */
function separatorAt(text: string, sep: string): number {
  const at = text.indexOf(sep);
  return at >= 0 && !text.startsWith(sep) && !text.endsWith(sep) ? at : -1;
}

/** strip_escape: "[name-with-dash]" stands for the name. */
function stripEscape(text: string): string {
  if (!text.startsWith("[")) return text;
  if (!text.endsWith("]")) throw syntaxError(`cannot find closing escape character ']' in ${text}`);
  return text.slice(1, -1);
}

/** find_range_separator: the "-" of a range, past an escaped first part. */
function rangeSeparator(text: string): number {
  if (!text.startsWith("[")) return separatorAt(text, "-");
  const close = text.indexOf("]");
  if (close < 0) throw syntaxError(`cannot find closing escape character ']' in ${text}`);
  if (close === text.length - 1) return -1;
  if (text[close + 1] !== "-") throw syntaxError(`range separator expected after '${text.slice(0, close + 1)}'`);
  return close + 1;
}

function hostAddress(text: string): number {
  const addr = resolveIpv4(stripEscape(text));
  if (addr === undefined) throw syntaxError(`cannot parse ${stripEscape(text)}: resolving to IPv4 address failed`);
  return addr;
}

/** string_to_cidr: a u8 first, then the family's range. */
function parseCidr(text: string, min: number, max: number): number {
  const cidr = parseNumber(text, 255);
  if (cidr < min || cidr > max) throw syntaxError(`'${text}' is out of range ${String(min)}-${String(max)}`);
  return cidr;
}

/** parse_ip with IPADDR_ANY: "a.b.c.d", "a.b.c.d/cidr" or "a.b.c.d-e.f.g.h" into the first address part. */
export function parseIpAny(data: AdtData, text: string): void {
  const slash = separatorAt(text, "/");
  if (slash >= 0) {
    data.cidr = parseCidr(text.slice(slash + 1), 0, 32);
    data.ip = hostAddress(text.slice(0, slash));
    return;
  }
  const dash = rangeSeparator(text);
  if (dash < 0) {
    data.ip = hostAddress(text);
    return;
  }
  data.ip = hostAddress(text.slice(0, dash));
  data.ipTo = hostAddress(text.slice(dash + 1));
}

/** ipset_parse_single_ip (IPADDR_PLAIN) for the third part of hash:ip,port,ip. */
export function parseSingleIp(text: string): number {
  const slash = separatorAt(text, "/");
  if (rangeSeparatorSafe(text) >= 0 || (slash >= 0 && text.slice(slash) !== "/32")) {
    throw syntaxError(`plain IP address must be supplied: ${text}`);
  }
  return hostAddress(slash >= 0 ? text.slice(0, slash) : text);
}

function rangeSeparatorSafe(text: string): number {
  try {
    return rangeSeparator(text);
  } catch {
    return -1;
  }
}

/**
 * ipset_parse_port: a number, else a service name of `proto` (a protocol name or number).
 * Each failed attempt leaves a warning in the report; all of them show when none succeeds.
 */
function parsePort(text: string, proto: string, report: string[]): number {
  const num = toNumber(text, 0n, 65535n);
  if (typeof num !== "string") return Number(num);
  report.push(`Syntax error: ${num}`);
  let protoName: string | undefined = proto;
  const protoNum = toNumber(proto, 0n, 255n);
  if (typeof protoNum === "string") report.push(`Syntax error: ${protoNum}`);
  else protoName = protocolName(Number(protoNum));
  const service = protoName === undefined ? undefined : serviceToPort(stripEscapeQuiet(text), protoName);
  if (service !== undefined) return service;
  report.push(`cannot parse '${text}' as a ${proto} port`);
  throw new ReportError(report, "warning");
}

function stripEscapeQuiet(text: string): string {
  return text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
}

/** ipset_parse_tcpudp_port: "port" or "from-to", the end parsed first as libipset does. */
function parsePortRange(data: AdtData, text: string, proto: string): void {
  const dash = rangeSeparator(text);
  if (dash >= 0) data.portTo = parsePort(text.slice(dash + 1), proto, []);
  data.port = parsePort(dash >= 0 ? text.slice(0, dash) : text, proto, []);
}

/** ipset_parse_proto: a number, or a name of /etc/protocols ("icmpv6" is "ipv6-icmp"). */
function parseProto(text: string): number {
  const num = toNumber(text, 0n, 255n);
  if (typeof num !== "string") return Number(num);
  const proto = protocolByName(text.toLowerCase() === "icmpv6" ? "ipv6-icmp" : text);
  if (proto === undefined) throw syntaxError(`cannot parse '${text}' as a protocol`);
  if (proto === 0) throw syntaxError(`Unsupported protocol '${text}'`);
  return proto;
}

/** ipset_parse_icmp: a name (a case-insensitive prefix of one) or "type/code". */
function parseIcmp(text: string): number {
  const named = ICMP_NAMES.find(([name]) => name.toLowerCase().startsWith(text.toLowerCase()));
  if (named !== undefined) return (named[1] << 8) | named[2];
  const slash = separatorAt(text, "/");
  if (slash < 0) throw new ReportError([`Cannot parse ${text} as an ICMP type/code.`]);
  const type = parseNumber(text.slice(0, slash), 255);
  const code = parseNumber(text.slice(slash + 1), 255);
  return (type << 8) | code;
}

/** ipset_parse_proto_port: "[proto:]port[-port]", "icmp:type", "proto:0". */
export function parseProtoPort(data: AdtData, text: string, cmd: string): void {
  const colon = separatorAt(text, ":");
  if (colon < 0) {
    data.proto = IPPROTO_TCP;
    parsePortRange(data, text, "tcp");
    return;
  }
  const protoText = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const proto = parseProto(protoText);
  data.proto = proto;
  if (protoWithPorts(proto)) {
    parsePortRange(data, rest, protoText);
  } else if (proto === IPPROTO_ICMP) {
    data.port = parseIcmp(rest);
  } else if (proto === 58) {
    // libipset reports the family error, then goes on with the data reset by that error.
    throw new ReportError([
      "Syntax error: Protocol ICMPv6 can be used with family inet6 only",
      `Invalid ${cmd === "del" ? "del" : "add"} command: missing setname`,
    ]);
  } else {
    if (rest !== "0") throw syntaxError(`Protocol ${protoText} can be used with pseudo port value 0 only.`);
    data.port = 0;
  }
}

/** ipset_parse_tcp_udp_port: bitmap:port elements and ranges, TCP or UDP ports only. */
export function parseBitmapPort(data: AdtData, text: string, cmd: string): void {
  const parsed: AdtData = {};
  parseProtoPort(parsed, text, cmd);
  if (parsed.proto !== IPPROTO_TCP && parsed.proto !== IPPROTO_UDP) throw syntaxError("Only protocols TCP and UDP are valid");
  if (parsed.port !== undefined) data.port = parsed.port;
  if (parsed.portTo !== undefined) data.portTo = parsed.portTo;
}

/** check_setname. */
export function checkSetname(name: string): string {
  if (name.length > MAX_NAME) throw syntaxError(`setname '${name}' is longer than ${String(MAX_NAME)} characters`);
  return name;
}

/** ipset_parse_name_compat: "name" or "name,before|after,ref". */
function parseListName(data: AdtData, text: string): void {
  const comma = separatorAt(text, ",");
  if (comma < 0) {
    data.name = checkSetname(text);
    return;
  }
  const [name = "", where = "", ref] = text.split(",");
  if (ref === undefined || (where !== "before" && where !== "after")) {
    throw new ReportError(["you must specify elements as setname,[before|after],setname"]);
  }
  data.name = checkSetname(name);
  data.nameref = checkSetname(ref);
  if (where === "before") data.before = true;
}

/** ipset_parse_elem: split on "," by the type's dimension, then parse each part. */
export function parseElem(type: TypeInfo, text: string, cmd: string): AdtData {
  const data: AdtData = {};
  const parts = splitElem(type, text);
  type.parts.forEach((kind, i) => {
    const part = parts[i];
    if (part !== undefined) parsePart(data, kind, part, cmd);
  });
  return data;
}

function splitElem(type: TypeInfo, text: string): string[] {
  const a = separatorAt(text, ",");
  if (type.dimension === 1) {
    if (a < 0 || type.name === "list:set") return [text];
    throw syntaxError(`Elem separator in ${text}, but settype ${type.name} supports none.`);
  }
  if (a < 0) throw syntaxError(`Second element is missing from ${text}.`);
  const first = text.slice(0, a);
  const rest = text.slice(a + 1);
  const b = separatorAt(rest, ",");
  if (type.dimension === 2) {
    if (b >= 0) throw syntaxError(`Two elem separators in ${text}, but settype ${type.name} supports one.`);
    return [first, rest];
  }
  if (b < 0) throw syntaxError(`Third element is missing from ${text}.`);
  const third = rest.slice(b + 1);
  if (separatorAt(third, ",") >= 0) throw syntaxError(`Three elem separators in ${text}, but settype ${type.name} supports two.`);
  return [first, rest.slice(0, b), third];
}

function parsePart(data: AdtData, kind: TypeInfo["parts"][number], text: string, cmd: string): void {
  switch (kind) {
    case "ip":
    case "net":
      return parseIpAny(data, text);
    case "proto-port":
      return parseProtoPort(data, text, cmd);
    case "single-ip":
      data.ip2 = parseSingleIp(text);
      if (text.includes("/")) data.cidr2 = 32;
      return;
    case "port":
      return parseBitmapPort(data, text, cmd);
    case "name":
      return parseListName(data, text);
  }
}

/** ipset_parse_comment. */
export function parseComment(text: string): string {
  if (text.includes('"')) throw syntaxError('" character is not permitted in comments');
  if (text.length > 255) throw syntaxError("Comment is longer than the maximum allowed 255 characters");
  return text;
}

/** ipset_parse_skbmark: "0xMARK" or "0xMARK/0xMASK" (sscanf "0x%lx"). */
export function parseSkbmark(text: string): { mark: number; mask: number } {
  const m = /^0x([0-9a-fA-F]+)(?:\/0x([0-9a-fA-F]+))?/.exec(text);
  if (m === null) throw syntaxError("Invalid skbmark format, it should be:  MARK/MASK or MARK (see manpage)");
  const mark = Number(BigInt(`0x${m[1] ?? "0"}`) & 0xffffffffn);
  const mask = m[2] === undefined ? 0xffffffff : Number(BigInt(`0x${m[2]}`) & 0xffffffffn);
  return { mark, mask };
}

/** ipset_parse_skbprio: "MAJOR:MINOR" in hex. */
export function parseSkbprio(text: string): number {
  const m = /^\s*([0-9a-fA-F]+):\s*([0-9a-fA-F]+)/.exec(text);
  if (m === null) throw syntaxError("Invalid skbprio format, it should be:MAJOR:MINOR (see manpage)");
  return ((parseInt(m[1] ?? "0", 16) << 16) | (parseInt(m[2] ?? "0", 16) & 0xffff)) >>> 0;
}
