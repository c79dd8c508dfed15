// -m set (libxt_set.c revision 4; kernel net/netfilter/xt_set.c set_match_v4): the
// packet's addresses and ports, taken from the source or destination per dimension, are
// looked up in an ipset of the namespace (net/netfilter/ipset/ip_set_core.c ip_set_test).
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { findSet, packetTest, type CounterMatch, type CounterOp } from "../ipset/index.ts";
import { formatSetRef, parseSetRef, type SetRef } from "./setinfo.ts";

/** A counter condition as written: the value is kept as text so that 64-bit values print exactly. */
interface CounterCond {
  readonly op: CounterOp;
  readonly value: string;
}

interface SetMatchData {
  readonly set?: SetRef;
  readonly invert: boolean;
  readonly returnNomatch: boolean;
  /** `! --update-counters` (IPSET_FLAG_SKIP_COUNTER_UPDATE). */
  readonly skipCounters: boolean;
  /** `! --update-subcounters`. */
  readonly skipSubcounters: boolean;
  readonly packets?: CounterCond;
  readonly bytes?: CounterCond;
}

/** parse_counter: xtables_strtoul over the whole argument, up to UINT64_MAX, no sign. */
function parseCounterValue(text: string): string {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  const value = m?.[1] === undefined ? undefined : /^0[0-7]/.test(m[1]) ? BigInt(`0o${m[1].slice(1)}`) : BigInt(m[1]);
  if (value === undefined || value > 2n ** 64n - 1n) throw parameterProblem(`Cannot parse ${text} as a counter value`);
  return value.toString();
}

/** --packets-eq/lt/gt and --bytes-eq/lt/gt: one per counter; only -eq may be inverted. */
function counterOption(option: string, arg: string, invert: boolean, d: SetMatchData): SetMatchData {
  const [which, cmp] = option.split("-") as ["packets" | "bytes", "eq" | "lt" | "gt"];
  if (d[which] !== undefined) throw parameterProblem(`only one of the --${which}-[eq|lt|gt] is allowed`);
  if (invert && cmp !== "eq") throw parameterProblem(`--${option} option cannot be inverted`);
  const op: CounterOp = cmp === "eq" && invert ? "ne" : cmp;
  return { ...d, [which]: { op, value: parseCounterValue(arg) } };
}

function counterText(name: string, c: CounterCond | undefined, sep: string): string {
  if (c === undefined) return "";
  return c.op === "ne" ? ` ! ${sep}${name}-eq ${c.value}` : ` ${sep}${name}-${c.op} ${c.value}`;
}

/** set_print_v4_matchinfo with the "--" of save or without it for -L. */
function describe(d: SetMatchData, sep: string): string {
  let out = `${d.invert ? " !" : ""} ${sep}match-set${d.set ? formatSetRef(d.set) : ""}`;
  if (d.returnNomatch) out += ` ${sep}return-nomatch`;
  if (d.skipCounters) out += ` ! ${sep}update-counters`;
  if (d.skipSubcounters) out += ` ! ${sep}update-subcounters`;
  return out + counterText("packets", d.packets, sep) + counterText("bytes", d.bytes, sep);
}

function counterMatch(c: CounterCond | undefined): CounterMatch | undefined {
  return c === undefined ? undefined : { op: c.op, value: c.value };
}

export const set = defineMatch<SetMatchData>({
  name: "set",
  genericChecks: false,
  options: [
    { name: "match-set", arg: "required", invert: true },
    { name: "set", arg: "required", invert: true },
    { name: "return-nomatch", arg: "none", invert: true },
    { name: "update-counters", arg: "none", invert: true },
    { name: "packets-eq", arg: "required", invert: true },
    { name: "packets-lt", arg: "required", invert: true },
    { name: "packets-gt", arg: "required", invert: true },
    { name: "bytes-eq", arg: "required", invert: true },
    { name: "bytes-lt", arg: "required", invert: true },
    { name: "bytes-gt", arg: "required", invert: true },
    { name: "update-subcounters", arg: "none", invert: true },
  ],
  init: () => ({ invert: false, returnNomatch: false, skipCounters: false, skipSubcounters: false }),
  parse({ option, arg = "", invert, data, env, nextArg, warn }) {
    switch (option) {
      case "update-subcounters":
        return invert ? { ...data, skipSubcounters: true } : data;
      case "update-counters":
        return invert ? { ...data, skipCounters: true } : data;
      case "return-nomatch":
        if (invert) throw parameterProblem("--return-nomatch flag cannot be inverted");
        return { ...data, returnNomatch: true };
      case "set":
      case "match-set": {
        if (option === "set") warn?.("--set option deprecated, please use --match-set\n");
        if (data.set !== undefined) throw parameterProblem("--match-set can be specified only once");
        return { ...data, invert: data.invert || invert, set: parseSetRef("match-set", arg, nextArg(), env) };
      }
      default:
        return counterOption(option, arg, invert, data);
    }
  },
  finalCheck(d) {
    if (d.set === undefined) throw parameterProblem("You must specify `--match-set' with proper arguments");
    return d;
  },
  save: (d) => describe(d, "--"),
  print: (d) => describe(d, ""),
  ipsets: (d) => (d.set === undefined ? [] : [d.set.name]),
  match(d, { env, packet }) {
    const store = env.ipsets?.();
    const target = d.set === undefined ? undefined : findSet(store, d.set.name);
    if (store === undefined || target === undefined || d.set === undefined) return d.invert;
    const packets = counterMatch(d.packets);
    const bytes = counterMatch(d.bytes);
    const { matched } = packetTest(store, target, packet, {
      dirs: d.set.dirs,
      now: env.now(),
      returnNomatch: d.returnNomatch,
      skipCounterUpdate: d.skipCounters,
      skipSubcounterUpdate: d.skipSubcounters,
      ...(packets !== undefined ? { packets } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    });
    return matched !== d.invert;
  },
});
