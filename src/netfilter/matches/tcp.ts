// -m tcp (libxt_tcp.c; kernel net/netfilter/xt_tcpudp.c).
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseUintBase0 } from "../../wire/ipv4.ts";
import { inRange, isAnyPort, isFullRange, parsePortRange, printPortRange, requireProto, savePortRange, type PortRange } from "./ports.ts";

interface TcpData {
  spts: PortRange;
  dpts: PortRange;
  invSpts: boolean;
  invDpts: boolean;
  option: number;
  invOption: boolean;
  flagMask: number;
  flagCmp: number;
  invFlags: boolean;
}

const ANY: PortRange = { min: 0, max: 0xffff };

const FLAG_NAMES: readonly [string, number][] = [
  ["FIN", 0x01], ["SYN", 0x02], ["RST", 0x04], ["PSH", 0x08], ["ACK", 0x10], ["URG", 0x20], ["ALL", 0x3f], ["NONE", 0],
];

function parseFlags(text: string): number {
  let bits = 0;
  for (const word of text.split(",").filter((w) => w !== "")) {
    const flag = FLAG_NAMES.find(([name]) => name.toLowerCase() === word.toLowerCase());
    if (flag === undefined) throw parameterProblem(`Unknown TCP flag \`${word}'`);
    bits |= flag[1];
  }
  return bits;
}

/** "SYN,ACK": each set bit by its single-flag name, lowest first; NONE when empty. */
export function formatTcpFlags(flags: number): string {
  const names = FLAG_NAMES.slice(0, 6).filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
  return names.length === 0 ? "NONE" : names.join(",");
}

function hex2(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(2, "0")}`;
}

function isAllZero(d: TcpData): boolean {
  return isAnyPort(d.spts, d.invSpts) && isAnyPort(d.dpts, d.invDpts) && d.flagMask === 0 && !d.invFlags;
}

const onlyOne = (what: string) => parameterProblem(`Only one \`--${what}' allowed`);
const oneFlags = () => parameterProblem("Only one of `--syn' or `--tcp-flags'  allowed");

export const tcp = defineMatch<TcpData>({
  name: "tcp",
  genericChecks: false,
  options: [
    { name: "source-port", id: "sport", arg: "required", invert: true },
    { name: "sport", arg: "required", invert: true },
    { name: "destination-port", id: "dport", arg: "required", invert: true },
    { name: "dport", arg: "required", invert: true },
    { name: "syn", arg: "none", invert: true },
    { name: "tcp-flags", arg: "required", invert: true },
    { name: "tcp-option", arg: "required", invert: true },
  ],
  init: () => ({
    spts: ANY, dpts: ANY, invSpts: false, invDpts: false,
    option: 0, invOption: false, flagMask: 0, flagCmp: 0, invFlags: false,
  }),
  parse({ option, arg = "", invert, data, seen, nextArg }) {
    switch (option) {
      case "source-port":
      case "sport":
        if (seen.has("sport")) throw onlyOne("source-port");
        return { ...data, spts: parsePortRange(arg, "tcp"), invSpts: invert };
      case "destination-port":
      case "dport":
        if (seen.has("dport")) throw onlyOne("destination-port");
        return { ...data, dpts: parsePortRange(arg, "tcp"), invDpts: invert };
      case "syn":
        if (seen.has("syn") || seen.has("tcp-flags")) throw oneFlags();
        return { ...data, flagMask: parseFlags("SYN,RST,ACK,FIN"), flagCmp: parseFlags("SYN"), invFlags: invert };
      case "tcp-flags": {
        if (seen.has("syn") || seen.has("tcp-flags")) throw oneFlags();
        const cmp = nextArg();
        if (cmp === undefined || cmp.startsWith("-") || cmp.startsWith("!")) {
          throw parameterProblem("--tcp-flags requires two args.");
        }
        return { ...data, flagMask: parseFlags(arg), flagCmp: parseFlags(cmp), invFlags: invert };
      }
      default: {
        if (seen.has("tcp-option")) throw onlyOne("tcp-option");
        const kind = parseUintBase0(arg, 255);
        if (kind === undefined || kind < 1) throw parameterProblem(`Bad TCP option "${arg}"`);
        return { ...data, option: kind, invOption: invert };
      }
    }
  },
  stored(d, ip) {
    // nft.c add_nft_tcp: a native match skips each full port range, inverted or not; when
    // nothing is left (and -p tcp makes the native form legal) the match is gone.
    if (isAllZero(d) || d.option !== 0 || d.invOption) return d;
    const n = { ...d, invSpts: d.invSpts && !isFullRange(d.spts), invDpts: d.invDpts && !isFullRange(d.dpts) };
    if (!isAllZero(n)) return n;
    return ip.proto?.num === 6 && !ip.proto.invert ? undefined : d;
  },
  check(d, _where, ip) {
    // nft.c add_nft_tcp: without --tcp-option and unless all-zero, the match becomes native
    // payload matching, which needs -p tcp.
    if (d.option === 0 && !d.invOption && !isAllZero(d)) requireProto(ip, 6, "TCP match requires '-p tcp'");
    return undefined;
  },
  save(d) {
    let out = savePortRange("sport", d.spts, d.invSpts) + savePortRange("dport", d.dpts, d.invDpts);
    if (d.option !== 0 || d.invOption) out += `${d.invOption ? " !" : ""} --tcp-option ${String(d.option)}`;
    if (d.flagMask !== 0 || d.invFlags) {
      out += `${d.invFlags ? " !" : ""} --tcp-flags ${formatTcpFlags(d.flagMask)} ${formatTcpFlags(d.flagCmp)}`;
    }
    return out;
  },
  print(d, { numeric }) {
    let out = " tcp";
    out += printPortRange("spt", d.spts, d.invSpts, "tcp", numeric);
    out += printPortRange("dpt", d.dpts, d.invDpts, "tcp", numeric);
    if (d.option !== 0 || d.invOption) out += ` option=${d.invOption ? "!" : ""}${String(d.option)}`;
    if (d.flagMask !== 0 || d.invFlags) {
      const flags = numeric ? `${hex2(d.flagMask)}/${hex2(d.flagCmp)}` : `${formatTcpFlags(d.flagMask)}/${formatTcpFlags(d.flagCmp)}`;
      out += ` flags:${d.invFlags ? "!" : ""}${flags}`;
    }
    return out;
  },
  match(d, { packet }) {
    const { ip, l4 } = packet;
    // xt_tcpudp.c: non-first fragments never match (offset 1 is dropped as evil).
    if (ip.fragOffset !== 0 || l4.kind !== "tcp") return false;
    if (inRange(l4.sport, d.spts) === d.invSpts) return false;
    if (inRange(l4.dport, d.dpts) === d.invDpts) return false;
    if (((l4.flags & d.flagMask) === d.flagCmp) === d.invFlags) return false;
    if (d.option !== 0 || d.invOption) {
      const has = l4.options.some((o) => o.kind === d.option);
      if (has === d.invOption) return false;
    }
    return true;
  },
});
