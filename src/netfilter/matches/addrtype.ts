// -m addrtype, revision 1 (libxt_addrtype.c; kernel net/netfilter/xt_addrtype.c): the
// routing type of the source and/or destination address, optionally as seen on the
// packet's in or out device only.
import { parameterProblem } from "../errors.ts";
import { ADDR_TYPES, type EvalContext } from "../context.ts";
import { defineMatch } from "../extension.ts";
import type { Hook } from "../tables.ts";
import type { Ipv4 } from "../../wire/ipv4.ts";

interface AddrtypeData {
  /** Bit i set: ADDR_TYPES[i] (RTN_* order), as the kernel's u16 masks. */
  src: number;
  dst: number;
  invSrc: boolean;
  invDst: boolean;
  limit: "none" | "in" | "out";
}

/** parse_type: the first type whose name starts with `word`, case-insensitively. */
function typeBit(word: string): number | undefined {
  const i = ADDR_TYPES.findIndex((t) => t.toLowerCase().startsWith(word.toLowerCase()));
  return i < 0 ? undefined : 1 << i;
}

/** parse_types: a comma list; a bad word before a comma is quoted with the rest of the list. */
function parseTypes(text: string): number {
  let mask = 0;
  let rest = text;
  for (let comma = rest.indexOf(","); comma >= 0; comma = rest.indexOf(",")) {
    const bit = comma === 0 ? undefined : typeBit(rest.slice(0, comma));
    if (bit === undefined) throw parameterProblem(`addrtype: bad type \`${rest}'`);
    mask |= bit;
    rest = rest.slice(comma + 1);
  }
  const bit = rest === "" ? undefined : typeBit(rest);
  if (bit === undefined) throw parameterProblem(`addrtype: bad type "${rest}"`);
  return mask | bit;
}

function typeNames(mask: number): string {
  return ADDR_TYPES.filter((_t, i) => (mask & (1 << i)) !== 0).join(",");
}

/** match_type: the address's type (on `dev` only, when limited) is one of `mask`. */
function typeIn(ctx: EvalContext, addr: Ipv4, mask: number, dev: string | undefined): boolean {
  return (mask & (1 << ADDR_TYPES.indexOf(ctx.env.addrType(addr, dev)))) !== 0;
}

const LIMIT_IN_HOOKS: readonly Hook[] = ["PREROUTING", "INPUT", "FORWARD"];
const LIMIT_OUT_HOOKS: readonly Hook[] = ["FORWARD", "OUTPUT", "POSTROUTING"];

export const addrtype = defineMatch<AddrtypeData>({
  name: "addrtype",
  options: [
    { name: "src-type", arg: "required", invert: true },
    { name: "dst-type", arg: "required", invert: true },
    { name: "limit-iface-in", arg: "none", excl: ["limit-iface-out"] },
    { name: "limit-iface-out", arg: "none", excl: ["limit-iface-in"] },
  ],
  init: () => ({ src: 0, dst: 0, invSrc: false, invDst: false, limit: "none" }),
  parse({ option, arg = "", invert, data }) {
    switch (option) {
      case "src-type":
        return { ...data, src: data.src | parseTypes(arg), invSrc: data.invSrc || invert };
      case "dst-type":
        return { ...data, dst: data.dst | parseTypes(arg), invDst: data.invDst || invert };
      default:
        return { ...data, limit: option === "limit-iface-in" ? "in" : "out" };
    }
  },
  finalCheck(d, seen) {
    if (!seen.has("src-type") && !seen.has("dst-type")) {
      throw parameterProblem("addrtype: you must specify --src-type or --dst-type");
    }
    return d;
  },
  // xt_addrtype.c addrtype_mt_checkentry_v1: no device limit that the rule's hook lacks.
  // Under nf_tables only a base chain gives checkentry a hook; user chains pass anything.
  check(d, { chainHook }) {
    if (chainHook === undefined || d.limit === "none") return undefined;
    return (d.limit === "in" ? LIMIT_IN_HOOKS : LIMIT_OUT_HOOKS).includes(chainHook) ? undefined : "EINVAL";
  },
  save(d) {
    let out = "";
    if (d.src !== 0) out += `${d.invSrc ? " !" : ""} --src-type ${typeNames(d.src)}`;
    if (d.dst !== 0) out += `${d.invDst ? " !" : ""} --dst-type ${typeNames(d.dst)}`;
    if (d.limit !== "none") out += ` --limit-iface-${d.limit}`;
    return out;
  },
  print(d) {
    let out = " ADDRTYPE match";
    if (d.src !== 0) out += ` src-type ${d.invSrc ? "!" : ""}${typeNames(d.src)}`;
    if (d.dst !== 0) out += ` dst-type ${d.invDst ? "!" : ""}${typeNames(d.dst)}`;
    if (d.limit !== "none") out += ` limit-${d.limit}`;
    return out;
  },
  match(d, ctx) {
    // addrtype_mt_v1: the device is the packet's in or out device when limited (none at a
    // hook that has none: a user chain reached from OUTPUT with --limit-iface-in).
    const dev = d.limit === "in" ? ctx.inIface : d.limit === "out" ? ctx.outIface : undefined;
    const { src, dst } = ctx.packet.ip;
    if (d.src !== 0 && typeIn(ctx, src, d.src, dev) === d.invSrc) return false;
    if (d.dst !== 0 && typeIn(ctx, dst, d.dst, dev) === d.invDst) return false;
    return true;
  },
});
