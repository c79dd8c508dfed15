// -m ipvs (libxt_ipvs.c; kernel net/netfilter/xt_ipvs.c ipvs_mt): packets IPVS handled,
// by virtual address, port, protocol, direction and forwarding method. nfsim has no IPVS,
// so no packet carries ipvs_property: --ipvs never matches, ! --ipvs always does, and the
// other options, which imply --ipvs, never match.
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { protocolByName } from "../names.ts";
import { formatHostMask, listHostMask, parseHostMask, type HostMask } from "./hostmask.ts";
import { portByName } from "./ports.ts";
import { xtStrtoul } from "./x6.ts";

/** XT_IPVS_* bits, in the order of the options (include/uapi/linux/netfilter/xt_ipvs.h). */
const BIT = { ipvs: 1, vproto: 2, vaddr: 4, vport: 8, vdir: 16, vmethod: 32, vportctl: 64 } as const;
const ONCE_MASK = 0x7f & ~BIT.ipvs;

/** IP_VS_CONN_F_* forwarding methods. */
const METHODS: readonly (readonly [string, number])[] = [["GATE", 3], ["IPIP", 2], ["MASQ", 0]];

interface IpvsData {
  readonly bitmask: number;
  readonly invert: number;
  readonly l4proto: number;
  readonly vaddr: HostMask;
  readonly vport: number;
  readonly fwdMethod: number;
  readonly vportctl: number;
}

const OPTIONS: readonly OptionSpec[] = [
  { name: "ipvs", arg: "none", invert: true },
  { name: "vproto", arg: "required", invert: true },
  { name: "vaddr", arg: "required", invert: true },
  { name: "vport", arg: "required", invert: true },
  { name: "vdir", arg: "required" },
  { name: "vmethod", arg: "required", invert: true },
  { name: "vportctl", arg: "required", invert: true },
];

/** xtables_chain_protos, then /etc/protocols (xtables_parse_protocol). */
const CHAIN_PROTOS: Readonly<Record<string, number>> = {
  tcp: 6, sctp: 132, udp: 17, udplite: 136, icmp: 1, "ipv6-icmp": 58, icmpv6: 58, esp: 50, ah: 51,
  "mobility-header": 135, "ipv6-mh": 135, mh: 135, all: 0,
};

export function parseProtocolName(text: string): number {
  const num = xtStrtoul(text, 0n, 255n);
  const value = num !== undefined ? Number(num.value) : CHAIN_PROTOS[text] ?? protocolByName(text);
  if (value === undefined) throw parameterProblem(`unknown protocol "${text}" specified`);
  return value;
}

function parsePort(arg: string): number {
  const port = portByName(arg);
  if (port === undefined) throw parameterProblem(`Port "${arg}" does not resolve to anything.\n`);
  return port;
}

const badValue = (option: string, arg: string) => parameterProblem(`ipvs: Bad value for "--${option}" option: "${arg}"`);

function parseOption(option: keyof typeof BIT, arg: string, d: IpvsData): IpvsData {
  switch (option) {
    case "vproto":
      return { ...d, l4proto: parseProtocolName(arg) };
    case "vaddr":
      return { ...d, vaddr: parseHostMask("ipvs", option, arg) };
    case "vport":
      return { ...d, vport: parsePort(arg) };
    case "vportctl":
      return { ...d, vportctl: parsePort(arg) };
    case "vdir": {
      const dir = arg.toUpperCase();
      if (dir !== "ORIGINAL" && dir !== "REPLY") throw badValue(option, arg);
      return { ...d, invert: dir === "REPLY" ? d.invert | BIT.vdir : d.invert & ~BIT.vdir };
    }
    case "vmethod": {
      const method = METHODS.find(([name]) => name === arg.toUpperCase());
      if (method === undefined) throw badValue(option, arg);
      return { ...d, fwdMethod: method[1] };
    }
    default:
      return d;
  }
}

/** ipvs_mt_dump: --ipvs alone, then each option set. */
function dump(d: IpvsData, numeric: boolean, prefix: string): string {
  const inv = (bit: number) => ((d.invert & bit) !== 0 ? " !" : "");
  const has = (bit: number) => (d.bitmask & bit) !== 0;
  let out = "";
  if (d.bitmask === BIT.ipvs) out += `${inv(BIT.ipvs)} ${prefix}ipvs`;
  if (has(BIT.vproto)) out += `${inv(BIT.vproto)} ${prefix}vproto ${String(d.l4proto)}`;
  if (has(BIT.vaddr)) out += `${inv(BIT.vaddr)} ${prefix}vaddr ${numeric ? formatHostMask(d.vaddr) : listHostMask(d.vaddr, false)}`;
  if (has(BIT.vport)) out += `${inv(BIT.vport)} ${prefix}vport ${String(d.vport)}`;
  if (has(BIT.vdir)) out += ` ${prefix}vdir ${(d.invert & BIT.vdir) !== 0 ? "REPLY" : "ORIGINAL"}`;
  if (has(BIT.vmethod)) out += `${inv(BIT.vmethod)} ${prefix}vmethod ${METHODS.find(([, v]) => v === d.fwdMethod)?.[0] ?? "UNKNOWN"}`;
  if (has(BIT.vportctl)) out += `${inv(BIT.vportctl)} ${prefix}vportctl ${String(d.vportctl)}`;
  return out;
}

export const ipvs = defineMatch<IpvsData>({
  name: "ipvs",
  options: OPTIONS,
  init: () => ({ bitmask: 0, invert: 0, l4proto: 0, vaddr: { addr: 0, mask: 0 }, vport: 0, fwdMethod: 0, vportctl: 0 }),
  parse({ option, arg = "", invert, data }) {
    const bit = BIT[option as keyof typeof BIT];
    const d = parseOption(option as keyof typeof BIT, arg, data);
    return { ...d, bitmask: d.bitmask | bit, invert: d.invert | (invert ? bit : 0) };
  },
  finalCheck(d, seen) {
    if (seen.size === 0) throw parameterProblem("IPVS: At least one option is required");
    if ((d.bitmask & ONCE_MASK) === 0) return d;
    if ((d.invert & BIT.ipvs) !== 0) throw parameterProblem("! --ipvs cannot be together with other options");
    return { ...d, bitmask: d.bitmask | BIT.ipvs };
  },
  save: (d) => dump(d, true, "--"),
  print: (d, { numeric }) => dump(d, numeric, ""),
  // No packet was handled by IPVS: only a lone inverted --ipvs matches.
  match: (d) => d.bitmask === BIT.ipvs && (d.invert & BIT.ipvs) !== 0,
});
