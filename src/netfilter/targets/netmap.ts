// -j NETMAP (libipt_NETMAP.c in iptables 1.8.9; kernel net/netfilter/xt_NETMAP.c): map a
// whole network onto another one, host bits kept. Destination at PREROUTING and OUTPUT,
// source at POSTROUTING and INPUT.
import type { NatRange } from "../context.ts";
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { strtoul } from "../xtparse.ts";
import { maskToPrefix, prefixToMask, formatIpv4, type Ipv4 } from "../../wire/ipv4.ts";
import { emptyRange } from "./nat-range.ts";

/** The largest value of the last part when an address has n parts ("1.2" = 1.0.0.2). */
const LAST_PART_MAX = [0, 0xffffffff, 0xffffff, 0xffff, 0xff];

/** One part of inet_aton: 0x hex, 0 octal or decimal; a bare "0x" is no number. */
function atonPart(text: string): number | undefined {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(text);
  if (m === null) return undefined;
  if (m[1] !== undefined) return parseInt(m[1], 16);
  return m[2] !== undefined ? parseInt(m[2], 8) : parseInt(m[3] ?? "", 10);
}

/** glibc __inet_aton_exact, what getaddrinfo reads numeric IPv4 hosts with: 1 to 4 parts. */
function inetAton(text: string): Ipv4 | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const values = parts.map(atonPart);
  const last = values[values.length - 1];
  if (last === undefined || last > (LAST_PART_MAX[parts.length] ?? 0)) return undefined;
  let addr = 0;
  for (const [i, v] of values.slice(0, -1).entries()) {
    if (v === undefined || v > 0xff) return undefined;
    addr += v * 2 ** (24 - 8 * i);
  }
  return addr + last;
}

/**
 * getaddrinfo(AF_INET): a numeric address, else /etc/hosts of a fresh Debian, else DNS,
 * which this offline host cannot reach (a name that is not a valid host name never gets
 * that far).
 */
function resolve(text: string): Ipv4 {
  const numeric = inetAton(text);
  if (numeric !== undefined) return numeric;
  if (text.toLowerCase() === "localhost") return 0x7f000001;
  const valid = /^[A-Za-z0-9._-]+$/.test(text);
  throw parameterProblem(`getaddrinfo: ${valid ? "Temporary failure in name resolution" : "Name or service not known"}\n`);
}

/**
 * xtopt_parse_plenmask: a prefix length 0-32, else a numeric mask; a mask with holes makes
 * the prefix length -1 (255 as a u8), which then gives a mask of all ones.
 */
function parseMask(text: string): Ipv4 {
  const plen = strtoul(text);
  if (plen !== undefined && plen.rest === "" && plen.value <= 32) return prefixToMask(plen.value);
  const mask = inetAton(text);
  if (mask === undefined) {
    throw parameterProblem('NETMAP: bad value for option "--to", neither a valid network mask nor valid CIDR (0-32).\n');
  }
  const bits = maskToPrefix(mask);
  return bits >= 0 ? prefixToMask(bits) : 0xffffffff;
}

/** XTTYPE_HOSTMASK: "host[/mask]", split at the first "/". */
function parseNetwork(arg: string): { min: Ipv4; max: Ipv4 } {
  const slash = arg.indexOf("/");
  const host = resolve(slash >= 0 ? arg.slice(0, slash) : arg);
  const mask = slash >= 0 ? parseMask(arg.slice(slash + 1)) : 0xffffffff;
  const min = (host & mask) >>> 0;
  return { min, max: (min | ~mask) >>> 0 };
}

/** __NETMAP_print: the network and the length of ~(min ^ max). */
function network(d: NatRange): string {
  const min = d.addrs?.min ?? 0;
  const mask = ~(min ^ (d.addrs?.max ?? 0)) >>> 0;
  const bits = maskToPrefix(mask);
  return `${formatIpv4(min)}/${bits >= 0 ? String(bits) : formatIpv4(mask)}`;
}

export const netmap = defineTarget<NatRange>({
  name: "NETMAP",
  options: [{ name: "to", arg: "required", mandatory: true }],
  init: emptyRange,
  parse: ({ arg = "", data }) => ({ ...data, addrs: parseNetwork(arg) }),
  // xt_NETMAP.c: table "nat", all four of its hooks.
  allowed: { tables: ["nat"], hooks: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"] },
  save: (d) => ` --to ${network(d)}`,
  print: (d) => ` to:${network(d)}`,
  act(d, ctx) {
    // netmap_tg4: keep the host bits of the address being rewritten, take the network's.
    const dst = ctx.hook === "PREROUTING" || ctx.hook === "OUTPUT";
    const min = d.addrs?.min ?? 0;
    const netmask = ~(min ^ (d.addrs?.max ?? 0)) >>> 0;
    const old = dst ? ctx.packet.ip.dst : ctx.packet.ip.src;
    const mapped = ((old & ~netmask) | min) >>> 0;
    ctx.effects.push({ kind: "nat", type: "NETMAP", manip: dst ? "DST" : "SRC", data: { ...d, addrs: { min: mapped, max: mapped } } });
    return "accept";
  },
});
