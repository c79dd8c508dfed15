// -m policy (libxt_policy.c; kernel net/netfilter/xt_policy.c policy_mt): the IPsec policy
// a packet was decapsulated with (--dir in) or will be encapsulated with (--dir out).
// nfsim has no IPsec: no packet has a policy, which matches exactly --pol none.
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { protocolName } from "../names.ts";
import type { Hook } from "../tables.ts";
import { formatHostMask, parseHostMask, type HostMask } from "./hostmask.ts";
import { parseProtocolName } from "./ipvs.ts";
import { parseIntX6 } from "../xtparse.ts";

interface Inv<T> {
  readonly value: T;
  readonly invert: boolean;
}

interface PolicyElem {
  readonly reqid?: Inv<number>;
  readonly spi?: Inv<number>;
  readonly proto?: Inv<number>;
  readonly mode?: Inv<"transport" | "tunnel">;
  readonly daddr?: Inv<HostMask>;
  readonly saddr?: Inv<HostMask>;
}

interface PolicyData {
  readonly dir?: "in" | "out";
  readonly none: boolean;
  readonly strict: boolean;
  readonly elems: readonly PolicyElem[];
}

/** XT_POLICY_MAX_ELEM. */
const MAX_ELEM = 4;

const OPTIONS: readonly OptionSpec[] = [
  { name: "dir", arg: "required" },
  { name: "pol", arg: "required" },
  { name: "strict", arg: "none" },
  { name: "reqid", arg: "required", multi: true, invert: true },
  { name: "spi", arg: "required", multi: true, invert: true },
  { name: "tunnel-src", arg: "required", multi: true, invert: true },
  { name: "tunnel-dst", arg: "required", multi: true, invert: true },
  { name: "proto", arg: "required", multi: true, invert: true },
  { name: "mode", arg: "required", multi: true, invert: true },
  { name: "next", arg: "none", multi: true, also: ["strict"] },
];

const KEY: Readonly<Record<string, keyof PolicyElem>> = {
  reqid: "reqid", spi: "spi", proto: "proto", mode: "mode", "tunnel-src": "saddr", "tunnel-dst": "daddr",
};

/** What xtables_option_parse reads for the option (XTTYPE_UINT32, _HOSTMASK, _PROTOCOL, _STRING). */
function rawValue(option: string, arg: string): unknown {
  if (option === "reqid" || option === "spi") return parseIntX6("policy", option, arg, 0, 0xffffffff);
  if (option === "tunnel-src" || option === "tunnel-dst") return parseHostMask("policy", option, arg);
  if (option === "proto") return parseProtocolName(arg);
  return arg;
}

/** policy_parse's own checks, after the one against a second use in the element. */
function elemValue(option: string, raw: unknown): unknown {
  if (option === "proto" && raw !== 50 && raw !== 51 && raw !== 108) throw parameterProblem("policy match: protocol must be ah/esp/ipcomp");
  if (option === "mode" && raw !== "transport" && raw !== "tunnel") throw parameterProblem(`policy match: invalid mode "${String(raw)}"`);
  return raw;
}

function parseOption(option: string, arg: string, invert: boolean, d: PolicyData): PolicyData {
  switch (option) {
    case "dir":
      if (arg !== "in" && arg !== "out") throw parameterProblem(`policy_match: invalid dir "${arg}"`);
      return { ...d, dir: arg };
    case "pol":
      if (arg !== "none" && arg !== "ipsec") throw parameterProblem(`policy match: invalid policy "${arg}"`);
      return { ...d, none: arg === "none" };
    case "strict":
      return { ...d, strict: true };
    case "next":
      if (d.elems.length === MAX_ELEM) throw parameterProblem("policy match: maximum policy depth reached");
      return { ...d, elems: [...d.elems, {}] };
    default: {
      const key = KEY[option] ?? "reqid";
      const raw = rawValue(option, arg);
      const elems = [...d.elems];
      const e = elems[elems.length - 1] ?? {};
      if (e[key] !== undefined) throw parameterProblem(`policy match: double --${option} option`);
      elems[elems.length - 1] = { ...e, [key]: { value: elemValue(option, raw), invert } };
      return { ...d, elems };
    }
  }
}

/** policy_check, after the parse: a direction, "none" alone, each element something to match. */
function finalCheck(d: PolicyData): PolicyData {
  if (d.dir === undefined) throw parameterProblem("policy match: neither --dir in nor --dir out specified");
  // The element being written is always counted once --next grew the list; none has no elements.
  const elems = d.none ? [] : d.elems;
  if (d.none) {
    if (d.strict) throw parameterProblem("policy match: policy none but --strict given");
    if (d.elems.length > 1) throw parameterProblem("policy match: policy none but policy given");
  }
  elems.forEach((e, i) => {
    const any = e.reqid ?? e.spi ?? e.saddr ?? e.daddr ?? e.proto ?? e.mode;
    if (d.strict && any === undefined) {
      throw parameterProblem(
        `policy match: empty policy element ${String(i)}. --strict is in effect, but at least one of reqid, spi, tunnel-src, tunnel-dst, proto or mode is required.`,
      );
    }
    const mode = e.mode?.value ?? "transport";
    const inv = e.mode?.invert ?? false;
    if ((e.saddr || e.daddr) && ((mode === "tunnel" && inv) || (mode === "transport" && !inv))) {
      throw parameterProblem("policy match: --tunnel-src/--tunnel-dst is only valid in tunnel mode");
    }
  });
  return { ...d, elems };
}

function entry(e: PolicyElem, prefix: string, numeric: boolean): string {
  const inv = (x: { invert: boolean } | undefined) => (x?.invert ? " !" : "");
  let out = "";
  if (e.reqid) out += `${inv(e.reqid)} ${prefix}reqid ${String(e.reqid.value)}`;
  if (e.spi) out += `${inv(e.spi)} ${prefix}spi 0x${e.spi.value.toString(16)}`;
  if (e.proto) out += `${inv(e.proto)} ${prefix}proto ${(numeric ? undefined : protocolName(e.proto.value)) ?? String(e.proto.value)}`;
  if (e.mode) out += `${inv(e.mode)} ${prefix}mode ${e.mode.value}`;
  if (e.daddr) out += `${inv(e.daddr)} ${prefix}tunnel-dst ${formatHostMask(e.daddr.value)}`;
  if (e.saddr) out += `${inv(e.saddr)} ${prefix}tunnel-src ${formatHostMask(e.saddr.value)}`;
  return out;
}

function flags(d: PolicyData, prefix: string): string {
  return ` ${prefix}dir ${d.dir ?? "out"} ${prefix}pol ${d.none ? "none" : "ipsec"}${d.strict ? ` ${prefix}strict` : ""}`;
}

const IN_HOOKS: readonly Hook[] = ["PREROUTING", "INPUT"];
const OUT_HOOKS: readonly Hook[] = ["POSTROUTING", "OUTPUT"];

export const policy = defineMatch<PolicyData>({
  name: "policy",
  options: OPTIONS,
  init: () => ({ none: false, strict: false, elems: [{}] }),
  parse: ({ option, arg = "", invert, data }) => parseOption(option, arg, invert, data),
  finalCheck,
  // policy_mt_check: an output policy is not known before routing, nor an input one on the way out.
  check(d, where) {
    const hook = where.chainHook;
    if (hook === undefined) return undefined;
    if (d.dir === "out" && IN_HOOKS.includes(hook)) return "EINVAL";
    if (d.dir === "in" && OUT_HOOKS.includes(hook)) return "EINVAL";
    return undefined;
  },
  save: (d) => flags(d, "--") + d.elems.map((e) => entry(e, "--", false)).join(" --next"),
  print: (d, { numeric }) =>
    ` policy match${flags(d, "")}${d.elems.map((e, i) => `${d.elems.length > 1 ? ` [${String(i)}]` : ""}${entry(e, "", numeric)}`).join("")}`,
  // No packet has a security path or an xfrm route here.
  match: (d) => d.none,
});
