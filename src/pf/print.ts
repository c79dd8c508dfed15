// The normalised rule text of pfctl (pfctl_parser.c print_rule, print_fromto, print_pool,
// print_tabledef; pf_print_state.c print_addr): what `pfctl -nvf` and `pfctl -s rules`
// write. macOS prints ports by number and writes scrub and dummynet anchors by their kind.
import { bitsOf, formatAddr, type Af } from "./addr.ts";
import type { HostNode } from "./hosts.ts";
import { icmpCodeName, icmpTypeName, protoName, TIMEOUT_INDEX_ORDER } from "./names.ts";
import { NAT_PORT_HIGH, NAT_PORT_LOW } from "./translate.ts";
import type { PfAddrWrap, PfPool, PfRule, PortSpec, UgidSpec } from "./types.ts";

/** With -vv, how many addresses a table or an interface holds (<t:N>, (if:N)); -1 unknown. */
export interface AddrCounts {
  table(name: string): number;
  dynif(ifname: string): number;
}

/** At parse time nothing is counted yet: tables print as <t:0>, interfaces as (if:*). */
export const PARSE_COUNTS: AddrCounts = { table: () => 0, dynif: () => 0 };

/** print_addr(); `verbose` adds the table/interface address counts. */
export function printAddr(a: PfAddrWrap, af: Af, verbose?: AddrCounts): string {
  switch (a.type) {
    case "any":
      return "any";
    case "addrmask": {
      const text = formatAddr(a.addr);
      return a.bits === bitsOf(a.addr.af) ? text : `${text}/${String(a.bits)}`;
    }
    case "range":
      return `${formatAddr(a.from)} - ${formatAddr(a.to)}`;
    case "table": {
      if (verbose === undefined) return `<${a.name}>`;
      const n = verbose.table(a.name);
      return `<${a.name}:${n === -1 ? "*" : String(n)}>`;
    }
    case "dynif": {
      const mods = a.mods.map((m) => `:${m}`).join("");
      const bits = a.bits !== undefined && a.bits !== (af === 4 ? 32 : 128) ? `/${String(a.bits)}` : "";
      const n = verbose?.dynif(a.ifname) ?? 0;
      const count = verbose === undefined ? "" : n <= 0 ? ":*" : `:${String(n)}`;
      return `(${a.ifname}${mods}${count})${bits}`;
    }
    case "noroute":
      return "no-route";
    case "urpf-failed":
      return "urpf-failed";
  }
}

/** print_op() */
function printOp(op: PortSpec["op"], a1: string, a2: string): string {
  if (op === "><" || op === "<>") return ` ${a1} ${op} ${a2}`;
  if (op === ":") return ` ${a1}:${a2}`;
  return ` ${op} ${a1}`;
}

function printPort(p: PortSpec): string {
  return ` port${printOp(p.op, String(p.a), String(p.b))}`;
}

function printUgid(u: UgidSpec, what: string): string {
  const unknown = u.a === 0xffffffff && (u.op === "=" || u.op === "!=");
  return ` ${what}${printOp(u.op, unknown ? "unknown" : String(u.a), String(u.b))}`;
}

export function printFlags(f: number): string {
  return [..."FSRPAUEW"].filter((_, i) => (f & (1 << i)) !== 0).join("");
}

function isAll(r: PfRule): boolean {
  return r.src.addr.type === "any" && r.dst.addr.type === "any" && !r.src.neg && !r.dst.neg && !r.src.port && !r.dst.port && r.os === undefined;
}

/** print_fromto() */
function printFromTo(r: PfRule, verbose: AddrCounts | undefined): string {
  if (isAll(r)) return " all";
  let s = ` from ${r.src.neg ? "! " : ""}${printAddr(r.src.addr, r.af, verbose)}`;
  if (r.src.port) s += printPort(r.src.port);
  if (r.os !== undefined) s += ` os "${r.os}"`;
  s += ` to ${r.dst.neg ? "! " : ""}${printAddr(r.dst.addr, r.af, verbose)}`;
  if (r.dst.port) s += printPort(r.dst.port);
  return s;
}

/** print_pool() */
export function printPool(pool: PfPool, af: Af, action: PfRule["action"] | "route"): string {
  let s = pool.addrs.length > 1 ? "{ " : "";
  s += pool.addrs
    .map((pa) => {
      if (action !== "route") return printAddr(pa.addr, af);
      const zero = pa.addr.type === "any";
      return zero ? (pa.ifname ?? "") : `(${pa.ifname ?? ""} ${printAddr(pa.addr, af)})`;
    })
    .join(", ");
  if (pool.addrs.length > 1) s += " }";
  const [p1, p2] = pool.proxyPort;
  if (action === "nat" && (p1 !== NAT_PORT_LOW || p2 !== NAT_PORT_HIGH) && (p1 !== 0 || p2 !== 0)) {
    s += p1 === p2 ? ` port ${String(p1)}` : ` port ${String(p1)}:${String(p2)}`;
  }
  if (action === "rdr" && p1) s += ` port ${String(p1)}${p2 && p2 !== p1 ? `:${String(p2)}` : ""}`;
  if (pool.type === "source-hash") {
    s += ` source-hash 0x${pool.key ?? "00000000000000000000000000000000"}`;
  } else if (pool.type !== "none") s += ` ${pool.type}`;
  if (pool.sticky) s += " sticky-address";
  if (action === "nat" && p1 === 0 && p2 === 0) s += " static-port";
  return s;
}

const ANCHOR_TYPES: Record<PfRule["action"], string> = {
  pass: "anchor", block: "anchor", scrub: "scrub-anchor", "no scrub": "scrub-anchor",
  nat: "nat-anchor", "no nat": "nat-anchor", binat: "binat-anchor", "no binat": "binat-anchor",
  rdr: "rdr-anchor", "no rdr": "rdr-anchor", dummynet: "dummynet-anchor", "no dummynet": "dummynet-anchor",
};

function printHead(r: PfRule, anchorCall: string): string {
  if (anchorCall !== "") return anchorCall.startsWith("_") ? ANCHOR_TYPES[r.action] : `${ANCHOR_TYPES[r.action]} "${anchorCall}"`;
  return r.action + (r.natpass ? " pass" : "");
}

function printBlock(r: PfRule): string {
  const b = r.block;
  if (r.action !== "block" || b === undefined) return "";
  if (b.kind === "drop") return " drop";
  if (b.kind === "return") return " return";
  if (b.kind === "return-rst") return b.ttl ? ` return-rst(ttl ${String(b.ttl)})` : " return-rst";
  const name4 = icmpCodeName(b.icmp >> 8, b.icmp & 255, 4) ?? String(b.icmp & 255);
  const name6 = icmpCodeName(b.icmp6 >> 8, b.icmp6 & 255, 6) ?? String(b.icmp6 & 255);
  if (r.af === 4) return ` return-icmp(${name4})`;
  if (r.af === 6) return ` return-icmp6(${name6})`;
  return ` return-icmp(${name4}, ${name6})`;
}

function printLog(r: PfRule): string {
  if (!r.log) return "";
  const parts = [...(r.log.all ? ["all"] : []), ...(r.log.user ? ["user"] : []), ...(r.log.logif ? [`to pflog${String(r.log.logif)}`] : [])];
  return parts.length > 0 ? ` log (${parts.join(", ")})` : " log";
}

function printIcmp(r: PfRule): string {
  if (!r.type) return "";
  const af = r.af === 6 ? 6 : 4;
  let s = `${r.af !== 6 ? " icmp-type" : " icmp6-type"} ${icmpTypeName(r.type - 1, af) ?? String(r.type - 1)}`;
  if (r.code) s += ` code ${icmpCodeName(r.type - 1, r.code - 1, af) ?? String(r.code - 1)}`;
  return s;
}

function printState(r: PfRule, anchorCall: string): string {
  if (r.keepState === "none") return r.action === "pass" && anchorCall === "" ? " no state" : "";
  return { keep: " keep state", modulate: " modulate state", synproxy: " synproxy state" }[r.keepState];
}

/** probability: r->prob*100/(UINT_MAX+1) with "%f" and its trailing zeros cut. */
function printProb(prob: number): string {
  let text = ((prob * 100) / 4294967296).toFixed(6);
  text = text.replace(/0+$/, "").replace(/\.$/, "");
  return ` probability ${text}%`;
}

function stateOptions(r: PfRule): string {
  const o = r.stateOpts;
  if (o === undefined) return "";
  const parts: string[] = [];
  if (o.max) parts.push(`max ${String(o.max)}`);
  if (o.noSync) parts.push("no-sync");
  if (o.srcTrack) parts.push(`source-track ${o.srcTrack}`);
  if (o.maxSrcStates) parts.push(`max-src-states ${String(o.maxSrcStates)}`);
  if (o.maxSrcConn) parts.push(`max-src-conn ${String(o.maxSrcConn)}`);
  if (o.maxSrcConnRate) parts.push(`max-src-conn-rate ${String(o.maxSrcConnRate.limit)}/${String(o.maxSrcConnRate.seconds)}`);
  if (o.maxSrcNodes) parts.push(`max-src-nodes ${String(o.maxSrcNodes)}`);
  if (o.overload) parts.push(`overload <${o.overload.table}>${o.overload.flush ? " flush" : ""}${o.overload.global ? " global" : ""}`);
  if (o.ifBound) parts.push("if-bound");
  if (o.sloppy) parts.push("sloppy");
  for (const name of TIMEOUT_INDEX_ORDER) {
    const v = o.timeouts?.[name];
    if (v) parts.push(`${name} ${String(v)}`);
  }
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function printScrub(r: PfRule): string {
  const so = r.scrub ?? {};
  let s = "";
  if (r.fragment) s += " fragment";
  if (so.noDf) s += " no-df";
  if (so.randomId) s += " random-id";
  if (so.minTtl) s += ` min-ttl ${String(so.minTtl)}`;
  if (so.maxMss) s += ` max-mss ${String(so.maxMss)}`;
  if (so.setTos !== undefined) s += ` set-tos 0x${so.setTos.toString(16).padStart(2, "0")}`;
  if (r.allowOpts) s += " allow-opts";
  if (r.action === "scrub") {
    if (so.reassembleTcp) s += " reassemble tcp";
    s += so.fragcache === "drop-ovl" ? " fragment drop-ovl" : so.fragcache === "crop" ? " fragment crop" : " fragment reassemble";
  }
  return s;
}

function printTags(r: PfRule): string {
  let s = r.label !== undefined ? ` label "${r.label}"` : "";
  if (r.tag !== undefined) s += ` tag ${r.tag}`;
  if (r.tagged) s += `${r.tagged.not ? " !" : ""} tagged ${r.tagged.name}`;
  return s;
}

function printMatch(r: PfRule, verbose: AddrCounts | undefined): string {
  let s = "";
  if (r.af) s += r.af === 4 ? " inet" : " inet6";
  if (r.proto) s += ` proto ${protoName(r.proto) ?? String(r.proto)}`;
  s += printFromTo(r, verbose);
  if (r.uid) s += printUgid(r.uid, "user");
  if (r.gid) s += printUgid(r.gid, "group");
  return s;
}

function printFlagsPart(r: PfRule, anchorCall: string): string {
  if (r.flags || r.flagset) return ` flags ${printFlags(r.flags)}/${printFlags(r.flagset)}`;
  if (r.action === "pass" && (!r.proto || r.proto === 6) && !r.fragment && anchorCall === "" && r.keepState !== "none") return " flags any";
  return "";
}

/**
 * print_rule(): `anchorCall` is what pfctl passes (the anchor's name while loading, the
 * kernel's anchor call when showing); with `verbose` (-vv) "@nr " and address counts.
 */
export function printRule(r: PfRule, anchorCall: string, verbose?: AddrCounts): string {
  let s = verbose ? `@${String(r.nr)} ` : "";
  s += printHead(r, anchorCall) + printBlock(r);
  if (r.direction !== "inout") s += ` ${r.direction}`;
  s += printLog(r);
  if (r.quick) s += " quick";
  if (r.ifname !== undefined) s += r.ifnot ? ` on ! ${r.ifname}` : ` on ${r.ifname}`;
  if (r.rt !== undefined) s += ` ${r.rt}${r.rt !== "fastroute" && r.rpool ? ` ${printPool(r.rpool, r.af, "route")}` : ""}`;
  s += printMatch(r, verbose);
  s += printFlagsPart(r, anchorCall) + printIcmp(r);
  if (r.tos) s += ` tos 0x${r.tos.toString(16).padStart(2, "0")}`;
  s += printState(r, anchorCall);
  if (r.prob) s += printProb(r.prob);
  s += stateOptions(r) + printScrub(r) + printTags(r);
  const translates = r.action === "nat" || r.action === "binat" || r.action === "rdr";
  if (anchorCall === "" && translates && r.rpool) s += ` -> ${printPool(r.rpool, r.af, r.action)}`;
  return s;
}

/** print_tabledef() while parsing with -v: table <name> [const] [persist] { addrs } | file "x". */
export function printTableDef(name: string, flags: { persist: boolean; isConst: boolean }, initAddr: boolean, groups: readonly { hosts?: readonly HostNode[]; file?: string }[]): string {
  let s = `table <${name}>`;
  if (flags.isConst) s += " const";
  if (flags.persist) s += " persist";
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g?.file !== undefined) {
      s += ` file "${g.file}"`;
      continue;
    }
    s += " {";
    for (; i < groups.length && groups[i]?.file === undefined; i++) {
      for (const h of groups[i]?.hosts ?? []) s += `${h.not ? " !" : " "}${printAddr(h.addr, h.af)}`;
    }
    i--;
    s += " }";
  }
  if (initAddr && groups.length === 0) s += " { }";
  return `${s}\n`;
}
