// -m conntrack, revision 3 (libxt_conntrack.c of iptables 1.8.9; kernel net/netfilter/xt_conntrack.c).
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import type { ConntrackView } from "../context.ts";
import { protocolByName } from "../names.ts";
import { parseRangeX6, xtablesStrtoui } from "../xtparse.ts";
import {
  ctstateErrors, ctstatusErrors, formatBits, packetStateBits, parseNameList, STATE_PARSE, STATE_PRINT, STATUS_BITS, STATUS_PARSE,
  trackedEntry,
} from "./ctstate.ts";
import { formatHostMask, listHostMask, parseHostMask, type HostMask } from "./hostmask.ts";
import { parsePortRangeX6, type PortRange } from "./ports.ts";

interface Inverted<T> {
  readonly value: T;
  readonly invert: boolean;
}

const ADDRS = ["origsrc", "origdst", "replsrc", "repldst"] as const;
const PORTS = ["origsrcport", "origdstport", "replsrcport", "repldstport"] as const;
type AddrKey = (typeof ADDRS)[number];
type PortKey = (typeof PORTS)[number];

type ConntrackData = {
  readonly state?: Inverted<number>;
  readonly proto?: Inverted<number>;
  readonly status?: Inverted<number>;
  readonly expire?: Inverted<{ readonly min: number; readonly max: number }>;
  readonly dir?: "ORIGINAL" | "REPLY";
} & { readonly [K in AddrKey]?: Inverted<HostMask> } & { readonly [K in PortKey]?: Inverted<PortRange> };

const UINT32_MAX = 0xffffffff;

/** xtables_chain_protos: names known before /etc/protocols is asked. */
const CHAIN_PROTOS: Readonly<Record<string, number>> = {
  tcp: 6, sctp: 132, udp: 17, udplite: 136, icmp: 1, "ipv6-icmp": 58, icmpv6: 58, esp: 50, ah: 51,
  "mobility-header": 135, "ipv6-mh": 135, mh: 135, all: 0,
};

/**
 * xtables_parse_protocol: a number, a built-in name, then /etc/protocols (case matters).
 * Not parse.ts's parseProtocol: importing parse.ts here would close an import cycle
 * (parse.ts -> registry -> matches/index.ts -> this file).
 */
function parseProto(text: string): number {
  const num = xtablesStrtoui(text, 0, 255) ?? CHAIN_PROTOS[text] ?? protocolByName(text);
  if (num === undefined) throw parameterProblem(`unknown protocol "${text}" specified`);
  return num;
}

/** XTTYPE_UINT32RC: "a", "a:b", ":b", "a:"; 1.8.9 takes "4:3" as it is. */
function parseExpire(text: string): { min: number; max: number } {
  const [min = 0, max = min] = parseRangeX6("conntrack", "ctexpire", text, 0, UINT32_MAX);
  return { min, max };
}

function parseDir(arg: string): "ORIGINAL" | "REPLY" {
  const upper = arg.toUpperCase();
  if (upper === "ORIGINAL" || upper === "REPLY") return upper;
  throw parameterProblem(`conntrack: Bad value for "--ctdir" option: "${arg}"`);
}

const OPTIONS: readonly OptionSpec[] = [
  ...["ctstate", "ctproto", "ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst", "ctstatus", "ctexpire"],
  ...["ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport"],
].map((name) => ({ name, arg: "required" as const, invert: true }));

function parseOption(option: string, arg: string, invert: boolean, data: ConntrackData): ConntrackData {
  const key = option.slice(2);
  if ((ADDRS as readonly string[]).includes(key)) return { ...data, [key]: { value: parseHostMask("conntrack", option, arg), invert } };
  if ((PORTS as readonly string[]).includes(key)) return { ...data, [key]: { value: parsePortRangeX6("conntrack", option, arg), invert } };
  switch (option) {
    case "ctstate":
      return { ...data, state: { value: parseNameList(arg, STATE_PARSE, ctstateErrors), invert } };
    case "ctproto": {
      const value = parseProto(arg);
      // libxt_conntrack.c tests XT_INV_PROTO (0x40) in invert_flags, which is the bit of
      // an inverted --ctstatus: only a preceding `! --ctstatus` makes proto 0 an error.
      if (value === 0 && data.status?.invert) throw parameterProblem("conntrack: rule would never match protocol");
      return { ...data, proto: { value, invert } };
    }
    case "ctstatus":
      return { ...data, status: { value: parseNameList(arg, STATUS_PARSE, ctstatusErrors), invert } };
    case "ctexpire":
      return { ...data, expire: { value: parseExpire(arg), invert } };
    default:
      return { ...data, dir: parseDir(arg) };
  }
}

/** conntrack_dump's parts in its order; `addr` formats addresses for save or -L. */
function dump(d: ConntrackData, prefix: string, addr: (hm: HostMask) => string): string {
  const inv = (x: { invert: boolean }) => (x.invert ? " !" : "");
  let out = "";
  if (d.state) out += `${inv(d.state)} ${prefix}ctstate ${formatBits(d.state.value, STATE_PRINT)}`;
  if (d.proto) out += `${inv(d.proto)} ${prefix}ctproto ${String(d.proto.value)}`;
  for (const key of ADDRS) {
    const a = d[key];
    if (a) out += `${inv(a)} ${prefix}ct${key} ${addr(a.value)}`;
  }
  for (const key of PORTS) {
    const p = d[key];
    if (p) out += `${inv(p)} ${prefix}ct${key} ${formatPorts(p.value)}`;
  }
  if (d.status) out += `${inv(d.status)} ${prefix}ctstatus ${formatBits(d.status.value, STATUS_BITS) || "NONE"}`;
  if (d.expire) {
    const { min, max } = d.expire.value;
    out += `${inv(d.expire)} ${prefix}ctexpire ${min === max ? String(min) : `${String(min)}:${String(max)}`}`;
  }
  if (d.dir) out += ` ${prefix}ctdir ${d.dir}`;
  return out;
}

/** conntrack_dump_ports: one port when the range is one port (or its top is 0). */
function formatPorts(p: PortRange): string {
  return p.max === 0 || p.min === p.max ? String(p.min) : `${String(p.min)}:${String(p.max)}`;
}

// ---- run time (xt_conntrack.c conntrack_mt, ct_proto_port_check_v3) ----

/** Fields of the entry's tuples the match compares, ports 0 for protocols without them. */
function tupleAddr(ct: ConntrackView, key: AddrKey): number {
  const tuple = key.startsWith("orig") ? ct.orig : ct.reply;
  return (key.endsWith("src") ? tuple?.src : tuple?.dst) ?? 0;
}

function tuplePort(ct: ConntrackView, key: PortKey): number {
  const tuple = key.startsWith("orig") ? ct.orig : ct.reply;
  return (key.startsWith("origsrc") || key.startsWith("replsrc") ? tuple?.sport : tuple?.dport) ?? 0;
}

function statusBits(ct: ConntrackView): number {
  return STATUS_BITS.reduce((acc, [name, bit]) => (ct.status.includes(name) ? acc | bit : acc), 0);
}

/** Each given test holds (xor its "!"): a failing one ends the match. */
function entryMatches(d: ConntrackData, ct: ConntrackView): boolean {
  if (d.dir && (ct.dir === "ORIGINAL") !== (d.dir === "ORIGINAL")) return false;
  for (const key of ADDRS) {
    const a = d[key];
    if (a && (((tupleAddr(ct, key) ^ a.value.addr) & a.value.mask) === 0) === a.invert) return false;
  }
  if (d.proto && ((ct.orig?.proto ?? 0) === d.proto.value) === d.proto.invert) return false;
  for (const key of PORTS) {
    const p = d[key];
    const port = tuplePort(ct, key);
    if (p && (port >= p.value.min && port <= p.value.max) === p.invert) return false;
  }
  if (d.status && ((statusBits(ct) & d.status.value) !== 0) === d.status.invert) return false;
  if (d.expire) {
    const left = Math.floor(ct.expires);
    if ((left >= d.expire.value.min && left <= d.expire.value.max) === d.expire.invert) return false;
  }
  return true;
}

export const conntrack = defineMatch<ConntrackData>({
  name: "conntrack",
  options: [...OPTIONS, { name: "ctdir", arg: "required" }],
  init: () => ({}),
  parse: ({ option, arg = "", invert, data }) => parseOption(option, arg, invert, data),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("conntrack: At least one option is required");
    return data;
  },
  save: (d) => dump(d, "--", formatHostMask),
  print: (d, { numeric }) => dump(d, "", (hm) => listHostMask(hm, numeric)),
  match(d, { packet }) {
    if (d.state && ((packetStateBits(packet) & d.state.value) !== 0) === d.state.invert) return false;
    const ct = trackedEntry(packet);
    // Without an entry only a --ctstate test can have matched.
    if (ct === undefined) return d.state !== undefined;
    return entryMatches(d, ct);
  },
});
