// -m icmp (libipt_icmp.c with the type table and parser of libxt_icmp.h; kernel
// net/ipv4/netfilter/ip_tables.c icmp_match / icmp_checkentry).
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { strtoul } from "../xtparse.ts";

interface IcmpData {
  /** 0xFF is "any": every ICMP packet (libipt_icmp.c initialises to it). */
  type: number;
  codeMin: number;
  codeMax: number;
  invert: boolean;
}

/** libxt_icmp.h icmp_codes: names in the order the parser and printer search them. */
export const ICMP_NAMES: readonly (readonly [string, number, number, number])[] = [
  ["any", 0xff, 0, 0xff],
  ["echo-reply", 0, 0, 0xff],
  ["pong", 0, 0, 0xff],
  ["destination-unreachable", 3, 0, 0xff],
  ["network-unreachable", 3, 0, 0],
  ["host-unreachable", 3, 1, 1],
  ["protocol-unreachable", 3, 2, 2],
  ["port-unreachable", 3, 3, 3],
  ["fragmentation-needed", 3, 4, 4],
  ["source-route-failed", 3, 5, 5],
  ["network-unknown", 3, 6, 6],
  ["host-unknown", 3, 7, 7],
  ["network-prohibited", 3, 9, 9],
  ["host-prohibited", 3, 10, 10],
  ["TOS-network-unreachable", 3, 11, 11],
  ["TOS-host-unreachable", 3, 12, 12],
  ["communication-prohibited", 3, 13, 13],
  ["host-precedence-violation", 3, 14, 14],
  ["precedence-cutoff", 3, 15, 15],
  ["source-quench", 4, 0, 0xff],
  ["redirect", 5, 0, 0xff],
  ["network-redirect", 5, 0, 0],
  ["host-redirect", 5, 1, 1],
  ["TOS-network-redirect", 5, 2, 2],
  ["TOS-host-redirect", 5, 3, 3],
  ["echo-request", 8, 0, 0xff],
  ["ping", 8, 0, 0xff],
  ["router-advertisement", 9, 0, 0xff],
  ["router-solicitation", 10, 0, 0xff],
  ["time-exceeded", 11, 0, 0xff],
  ["ttl-exceeded", 11, 0, 0xff],
  ["ttl-zero-during-transit", 11, 0, 0],
  ["ttl-zero-during-reassembly", 11, 1, 1],
  ["parameter-problem", 12, 0, 0xff],
  ["ip-header-bad", 12, 0, 0],
  ["required-option-missing", 12, 1, 1],
  ["timestamp-request", 13, 0, 0xff],
  ["timestamp-reply", 14, 0, 0xff],
  ["address-mask-request", 17, 0, 0xff],
  ["address-mask-reply", 18, 0, 0xff],
];

/** libxt_icmp.h parse_range: "n" or "n:m", each 0-255; the rest of the text, or undefined. */
function parseByteRange(text: string): { min: number; max: number; rest: string } | undefined {
  const lo = strtoul(text);
  if (lo === undefined || lo.value > 255) return undefined;
  if (!lo.rest.startsWith(":")) return { min: lo.value, max: lo.value, rest: lo.rest };
  const hi = strtoul(lo.rest.slice(1));
  if (hi === undefined || hi.value > 255) return undefined;
  return { min: lo.value, max: hi.value, rest: hi.rest };
}

/** A name, matched case-insensitively by prefix; two names sharing the prefix are ambiguous. */
function byName(text: string): readonly [string, number, number, number] | undefined {
  const hits = ICMP_NAMES.filter(([name]) => name.toLowerCase().startsWith(text.toLowerCase()));
  const [first, second] = hits;
  if (first !== undefined && second !== undefined) {
    throw parameterProblem(`Ambiguous ICMP type \`${text}': \`${first[0]}' or \`${second[0]}'?`);
  }
  return first;
}

/** ipt_parse_icmp: a name, or "type[/code[:code]]" in numbers. */
function parseIcmpType(text: string): Omit<IcmpData, "invert"> {
  const named = byName(text);
  if (named !== undefined) return { type: named[1], codeMin: named[2], codeMax: named[3] };
  const type = parseByteRange(text);
  if (type === undefined) throw parameterProblem(`Unknown ICMP type \`${text}'`);
  let code = { min: 0, max: 0xff, rest: "" };
  if (type.rest.startsWith("/")) {
    const parsed = parseByteRange(type.rest.slice(1));
    if (parsed === undefined) throw parameterProblem(`Unknown ICMP code \`${text}'`);
    code = parsed;
  } else if (type.rest !== "") {
    code.rest = type.rest;
  }
  if (code.rest !== "") throw parameterProblem(`unknown character ${code.rest[0] ?? ""}`);
  if (type.min !== type.max) throw parameterProblem("ICMP type range not supported");
  return { type: type.min, codeMin: code.min, codeMax: code.max };
}

/** print_icmptype: the table's name unless -n, else `type T[ code C| codes A-B]`. */
function printType(d: IcmpData, numeric: boolean): string {
  const named = numeric ? undefined : ICMP_NAMES.find(([, t, lo, hi]) => t === d.type && lo === d.codeMin && hi === d.codeMax);
  if (named !== undefined) return ` ${d.invert ? "!" : ""}${named[0]}`;
  let out = `${d.invert ? " !" : ""}type ${String(d.type)}`;
  if (d.codeMin === d.codeMax) out += ` code ${String(d.codeMin)}`;
  else if (d.codeMin !== 0 || d.codeMax !== 0xff) out += ` codes ${String(d.codeMin)}-${String(d.codeMax)}`;
  return out;
}

export const icmp = defineMatch<IcmpData>({
  name: "icmp",
  options: [{ name: "icmp-type", arg: "required", invert: true, mandatory: true }],
  init: () => ({ type: 0xff, codeMin: 0, codeMax: 0xff, invert: false }),
  parse: ({ arg = "", invert }) => ({ ...parseIcmpType(arg), invert }),
  // x_tables.c xt_check_match: the match is registered for IPPROTO_ICMP, so the rule
  // needs `-p icmp`, not inverted.
  check: (_d, _where, ip) => (ip.proto?.num === 1 && !ip.proto.invert ? undefined : "EINVAL"),
  save(d) {
    const inv = d.invert ? " !" : "";
    // libipt_icmp.c icmp_save: type 0xFF is saved as "any" whatever its codes; only the
    // lower code bound is saved.
    if (d.type === 0xff) return `${inv} --icmp-type any`;
    const code = d.codeMin !== 0 || d.codeMax !== 0xff ? `/${String(d.codeMin)}` : "";
    return `${inv} --icmp-type ${String(d.type)}${code}`;
  },
  print: (d, { numeric }) => ` icmp${printType(d, numeric)}`,
  match(d, { packet }) {
    // ip_tables.c icmp_match: non-first fragments never match.
    if (packet.ip.fragOffset !== 0 || packet.l4.kind !== "icmp") return false;
    const { type, code } = packet.l4;
    const hit = d.type === 0xff || (type === d.type && code >= d.codeMin && code <= d.codeMax);
    return hit !== d.invert;
  },
});
