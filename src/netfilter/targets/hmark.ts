// -j HMARK (libxt_HMARK.c; kernel net/netfilter/xt_HMARK.c hmark_tg_v4): set the packet
// mark to a hash of (masked) addresses, ports or SPI and protocol, taken from the packet or
// from its conntrack tuples (--hmark-tuple ct): mark = hash % mod + offset, exactly as the
// kernel computes it (jhash_3words with --hmark-rnd, then reciprocal_scale).
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { parseIntX6, xtablesStrtoui } from "../xtparse.ts";
import { jhash3, reciprocalScale } from "../jhash.ts";
import { inetAton } from "../matches/hostmask.ts";
import type { EvalContext } from "../context.ts";
import { maskToPrefix, prefixToMask } from "../../wire/ipv4.ts";
import { hmarkTuple, type HmarkTuple } from "./hmark-tuple.ts";

/** XT_HMARK_* bits of info->flags; libxt_HMARK's option ids have the same numbers. */
export const F = {
  SADDR_MASK: 1 << 0, DADDR_MASK: 1 << 1, SPI: 1 << 2, SPI_MASK: 1 << 3, SPORT: 1 << 4, DPORT: 1 << 5,
  SPORT_MASK: 1 << 6, DPORT_MASK: 1 << 7, PROTO_MASK: 1 << 8, RND: 1 << 9, MODULUS: 1 << 10, OFFSET: 1 << 11, CT: 1 << 12,
} as const;

export interface HmarkData {
  flags: number;
  srcMask: number;
  dstMask: number;
  /** port_mask and port_set: one 32-bit word, the source port in the high half or the whole SPI. */
  portMask: number;
  portSet: number;
  protoMask: number;
  rnd: number;
  mod: number;
  offset: number;
}

/** HMARK_OPT_PKT_MASK: what counts as saying what to hash. */
const PKT_MASK = F.SADDR_MASK | F.DADDR_MASK | F.SPI_MASK | F.SPORT_MASK | F.DPORT_MASK | F.PROTO_MASK | F.SPORT | F.DPORT | F.SPI;

const OPTION_BITS: Readonly<Record<string, number>> = {
  "hmark-src-prefix": F.SADDR_MASK, "hmark-dst-prefix": F.DADDR_MASK, "hmark-sport-mask": F.SPORT_MASK,
  "hmark-dport-mask": F.DPORT_MASK, "hmark-spi-mask": F.SPI_MASK, "hmark-sport": F.SPORT, "hmark-dport": F.DPORT,
  "hmark-spi": F.SPI, "hmark-proto-mask": F.PROTO_MASK, "hmark-rnd": F.RND, "hmark-mod": F.MODULUS, "hmark-offset": F.OFFSET,
};

/** hmark_parse: the words --hmark-tuple takes (case-insensitive, any prefix), first match wins. */
const TUPLE_WORDS: readonly (readonly [string, (d: HmarkData) => HmarkData])[] = [
  ["ct", (d) => ({ ...d, flags: d.flags | F.CT })],
  ["src", (d) => ({ ...d, srcMask: 0xffffffff, flags: d.flags | F.SADDR_MASK })],
  ["dst", (d) => ({ ...d, dstMask: 0xffffffff, flags: d.flags | F.DADDR_MASK })],
  ["sport", (d) => ({ ...d, portMask: (d.portMask | 0xffff0000) >>> 0, flags: d.flags | F.SPORT_MASK })],
  ["dport", (d) => ({ ...d, portMask: (d.portMask | 0xffff) >>> 0, flags: d.flags | F.DPORT_MASK })],
  ["proto", (d) => ({ ...d, protoMask: 0xffff, flags: d.flags | F.PROTO_MASK })],
  ["spi", (d) => ({ ...d, portMask: 0xffffffff, flags: d.flags | F.SPI_MASK })],
];

function tupleWord(word: string, d: HmarkData): HmarkData | undefined {
  const hit = TUPLE_WORDS.find(([name]) => word !== "" && name.startsWith(word.toLowerCase()));
  return hit?.[1](d);
}

/** hmark_parse_type: "a,b,c" without empty items. */
function parseTuple(arg: string, d: HmarkData): HmarkData {
  const words = arg.split(",");
  const last = words.pop() ?? "";
  let out = d;
  words.forEach((word, i) => {
    const next = tupleWord(word, out);
    if (next === undefined) throw parameterProblem(`Bad type "${words.slice(i).join(",")},${last}"`);
    out = next;
  });
  if (last === "") throw parameterProblem('"--hmark-tuple" requires a list of types with no spaces, e.g. src,dst,sport,dport,proto');
  const next = tupleWord(last, out);
  if (next === undefined) throw parameterProblem(`Bad type "${last}"`);
  return next;
}

/** XTTYPE_PLENMASK: a length 0-32, else a dotted mask (one with holes becomes all ones). */
function parsePrefix(option: string, arg: string): number {
  const len = xtablesStrtoui(arg, 0, 32);
  if (len !== undefined) return prefixToMask(len);
  const dotted = inetAton(arg);
  if (dotted === undefined) {
    throw parameterProblem(`HMARK: bad value for option "--${option}", neither a valid network mask nor valid CIDR (0-32).\n`);
  }
  const bits = maskToPrefix(dotted);
  return bits >= 0 ? prefixToMask(bits) : 0xffffffff;
}

function setHalf(word: number, high: boolean, value: number): number {
  return (high ? (word & 0xffff) | (value << 16) : (word & 0xffff0000) | value) >>> 0;
}

function parseValue(option: string, arg: string, d: HmarkData): HmarkData {
  const u16 = () => parseIntX6("HMARK", option, arg, 0, 0xffff);
  const u32 = () => parseIntX6("HMARK", option, arg, 0, 0xffffffff);
  switch (option) {
    case "hmark-src-prefix": return { ...d, srcMask: parsePrefix(option, arg) };
    case "hmark-dst-prefix": return { ...d, dstMask: parsePrefix(option, arg) };
    case "hmark-sport-mask": return { ...d, portMask: setHalf(d.portMask, true, u16()) };
    case "hmark-dport-mask": return { ...d, portMask: setHalf(d.portMask, false, u16()) };
    case "hmark-spi-mask": return { ...d, portMask: u32() };
    case "hmark-sport": return { ...d, portSet: setHalf(d.portSet, true, u16()) };
    case "hmark-dport": return { ...d, portSet: setHalf(d.portSet, false, u16()) };
    case "hmark-spi": return { ...d, portSet: u32() };
    case "hmark-proto-mask": return { ...d, protoMask: u16() };
    case "hmark-rnd": return { ...d, rnd: u32() };
    case "hmark-mod": return { ...d, mod: parseIntX6("HMARK", option, arg, 1, 0xffffffff) };
    default: return { ...d, offset: u32() };
  }
}

/** HMARK_check. */
function finalCheck(d: HmarkData): HmarkData {
  if ((d.flags & F.MODULUS) === 0) throw parameterProblem("--hmark-mod is mandatory");
  if ((d.flags & F.RND) === 0) throw parameterProblem("--hmark-rnd is mandatory");
  if (d.flags & F.SPI_MASK && d.flags & (F.SPORT_MASK | F.DPORT_MASK)) {
    throw parameterProblem("you cannot use --hmark-spi-mask and --hmark-?port-mask,at the same time");
  }
  if ((d.flags & (PKT_MASK | F.CT)) === 0) throw parameterProblem("you have to specify --hmark-tuple at least");
  return d;
}

const x = (n: number, width = 0) => `0x${(n >>> 0).toString(16).padStart(width, "0")}`;

/** HMARK_print's value words, in its order. */
function values(d: HmarkData, label: (name: string) => string, hex: (n: number, w: number) => string): string[] {
  const out: string[] = [];
  const add = (bit: number, name: string, value: number, width: number) => {
    if (d.flags & bit) out.push(`${label(name)} ${hex(value, width)}`);
  };
  add(F.SPORT_MASK, "sport-mask", d.portMask >>> 16, 4);
  add(F.DPORT_MASK, "dport-mask", d.portMask & 0xffff, 4);
  add(F.SPI_MASK, "spi-mask", d.portMask, 8);
  add(F.SPORT, "sport", d.portSet >>> 16, 4);
  add(F.DPORT, "dport", d.portSet & 0xffff, 4);
  add(F.SPI, "spi", d.portSet, 8);
  add(F.PROTO_MASK, "proto-mask", d.protoMask, 2);
  add(F.RND, "rnd", d.rnd, 8);
  return out;
}

function save(d: HmarkData): string {
  const out: string[] = [];
  if (d.flags & F.SADDR_MASK) out.push(`--hmark-src-prefix ${String(maskToPrefix(d.srcMask))}`);
  if (d.flags & F.DADDR_MASK) out.push(`--hmark-dst-prefix ${String(maskToPrefix(d.dstMask))}`);
  out.push(...values(d, (n) => `--hmark-${n}`, x));
  if (d.flags & F.MODULUS) out.push(`--hmark-mod ${String(d.mod)}`);
  if (d.flags & F.OFFSET) out.push(`--hmark-offset ${String(d.offset)}`);
  if (d.flags & F.CT) out.push("--hmark-tuple ct");
  return out.map((w) => ` ${w}`).join("");
}

/** HMARK_ip4_print: every word followed by a blank. */
function print(d: HmarkData): string {
  const out: string[] = [];
  if (d.flags & F.MODULUS) out.push(`mod ${String(d.mod)}`);
  if (d.flags & F.OFFSET) out.push(`+ ${x(d.offset)}`);
  if (d.flags & F.CT) out.push("ct,");
  if (d.flags & F.SADDR_MASK) out.push(`src-prefix ${String(maskToPrefix(d.srcMask))}`);
  if (d.flags & F.DADDR_MASK) out.push(`dst-prefix ${String(maskToPrefix(d.dstMask))}`);
  out.push(...values(d, (n) => n, (n) => x(n)));
  return ` HMARK ${out.map((w) => `${w} `).join("")}`;
}

/** hmark_hash: addresses in order, the port word, the protocol under its mask. */
function hash(t: HmarkTuple, d: HmarkData): number {
  const [a, b] = t.dst < t.src ? [t.dst, t.src] : [t.src, t.dst];
  const h = (jhash3(a, b, t.ports, d.rnd) ^ (t.proto & d.protoMask)) >>> 0;
  return (reciprocalScale(h, d.mod) + d.offset) >>> 0;
}

export const hmark = defineTarget<HmarkData>({
  name: "HMARK",
  options: [
    { name: "hmark-tuple", arg: "required" },
    ...Object.keys(OPTION_BITS).map((name) => ({ name, arg: "required" as const })),
  ],
  init: () => ({ flags: 0, srcMask: 0, dstMask: 0, portMask: 0, portSet: 0, protoMask: 0, rnd: 0, mod: 0, offset: 0 }),
  parse({ option, arg = "", data }) {
    if (option === "hmark-tuple") return parseTuple(arg, data);
    const bit = OPTION_BITS[option] ?? 0;
    // A word of --hmark-tuple given before counts as this option (libxtables' xflags).
    if (data.flags & bit) throw parameterProblem(`HMARK: option "--${option}" can only be used once.\n`);
    return { ...parseValue(option, arg, data), flags: data.flags | bit };
  },
  finalCheck: (d) => finalCheck(d),
  check(d) {
    // hmark_tg_check: a modulus, and SPI masks or values not mixed with port ones.
    if (d.mod === 0) return "EINVAL";
    if (d.flags & F.SPI_MASK && d.flags & (F.SPORT_MASK | F.DPORT_MASK)) return "EINVAL";
    if (d.flags & F.SPI && d.flags & (F.SPORT | F.DPORT)) return "EINVAL";
    return undefined;
  },
  save,
  print,
  act(d, ctx: EvalContext) {
    const t = hmarkTuple(d, ctx);
    if (t !== undefined) ctx.packet.mark = hash(t, d);
    return "continue";
  },
});
