// expand_rule() of parse.y: one rule per combination of the lists a rule was written
// with (interfaces, protocols, ICMP types, source and destination hosts and ports, users,
// groups), skipping combinations whose address families disagree, with the consistency
// checks of rule_consistent() on each.
import { bitsOf, formatAddr, type Af } from "./addr.ts";
import { protoName } from "./names.ts";
import type { HostNode } from "./hosts.ts";
import type { TokenStream } from "./stream.ts";
import type { Endpoint, IcmpNode, IfNode } from "./terms.ts";
import type { PfRule, PoolAddr, PortSpec, UgidSpec } from "./types.ts";

/** A rule before expansion: every field but the ones the lists fill in. */
export type RuleDraft = Omit<PfRule, "nr" | "ifname" | "ifnot" | "proto" | "src" | "dst" | "uid" | "gid" | "type" | "code" | "counters">;

export interface RuleLists {
  readonly ifs?: readonly IfNode[] | undefined;
  readonly protos?: readonly number[] | undefined;
  readonly icmp?: readonly IcmpNode[] | undefined;
  readonly src?: Endpoint;
  readonly dst?: Endpoint;
  readonly uids?: readonly UgidSpec[] | undefined;
  readonly gids?: readonly UgidSpec[] | undefined;
  /** Routing or translation pool addresses. */
  readonly pool?: readonly HostNode[] | undefined;
  /** Fixed ports of an rdr-anchor (not expanded). */
  readonly fixedDstPort?: PortSpec;
}

const ANY: HostNode = { addr: { type: "any" }, not: false, af: 0 };

function each<T>(list: readonly T[] | undefined, empty: T): readonly T[] {
  return list === undefined || list.length === 0 ? [empty] : list;
}

function cross<T>(acc: T[][], list: readonly T[]): T[][] {
  return acc.flatMap((prefix) => list.map((x) => [...prefix, x]));
}

/** check_netmask(): a mask wider than 32 bits on an IPv4 rule. */
function badNetmask(ts: TokenStream, h: HostNode, af: Af): boolean {
  if (af !== 4 || h.addr.type !== "addrmask" || h.addr.bits <= 32) return false;
  ts.warn(`netmask ${String(h.addr.bits)} invalid for IPv4 address`);
  return true;
}

/** filter_consistent() and its kin: the messages, in parse.y's order. */
export function consistencyProblems(r: PfRule): string[] {
  const p: string[] = [];
  const filter = r.action === "pass" || r.action === "block" || r.action === "scrub" || r.action === "no scrub";
  const rdr = r.action === "rdr" || r.action === "no rdr";
  if (filter) {
    if (r.proto !== 6 && r.proto !== 17 && (r.src.port || r.dst.port)) p.push("port only applies to tcp/udp");
    if (r.proto !== 1 && r.proto !== 58 && (r.type || r.code)) p.push("icmp-type/code only applies to icmp");
    if (!r.af && (r.type || r.code)) p.push("must indicate address family with icmp-type/code");
    if (r.stateOpts?.overload && !r.stateOpts.maxSrcConn && !r.stateOpts.maxSrcConnRate) {
      p.push("'overload' requires 'max-src-conn' or 'max-src-conn-rate'");
    }
    if ((r.proto === 1 && r.af === 6) || (r.proto === 58 && r.af === 4)) {
      p.push(`proto ${r.proto === 1 ? "icmp" : "icmp6"} doesn't match address family ${r.af === 4 ? "inet" : "inet6"}`);
    }
    if (r.allowOpts && r.action !== "pass") p.push("allow-opts can only be specified for pass rules");
    if (r.fragment && (r.src.port || r.dst.port || r.flagset || r.type || r.code)) {
      p.push("fragments can be filtered only on IP header fields");
    }
    if (r.block?.kind === "return-rst" && r.proto !== 6) p.push("return-rst can only be applied to TCP rules");
    if (r.stateOpts?.maxSrcNodes && r.stateOpts.srcTrack !== "rule") p.push("max-src-nodes requires 'source-track rule'");
    if (r.action === "block" && r.keepState !== "none") p.push("keep state on block rules doesn't make sense");
    if (r.stateOpts?.sloppy && (r.keepState === "modulate" || r.keepState === "synproxy")) {
      p.push("sloppy state matching cannot be used with synproxy state or modulate state");
    }
  }
  if (rdr && r.proto !== 6 && r.proto !== 17) {
    if (r.src.port) p.push("src port only applies to tcp/udp");
    if (r.dst.port) p.push("dst port only applies to tcp/udp");
    if (r.rpool?.proxyPort[0]) p.push("rpool port only applies to tcp/udp");
  }
  if (rdr && r.dst.port && r.dst.port.op !== "=" && r.dst.port.op !== ":") p.push("invalid port operator for rdr destination port");
  return p;
}

function poolOf(draft: RuleDraft, pool: readonly HostNode[] | undefined): RuleDraft {
  if (pool === undefined || draft.rpool === undefined) return draft;
  const addrs: PoolAddr[] = pool.map((h) => ({ addr: h.addr, ...(h.ifname !== undefined ? { ifname: h.ifname } : {}) }));
  return { ...draft, rpool: { ...draft.rpool, addrs } };
}

/** The rules a draft expands to; reports and returns [] when none is valid. */
export function expandRule(ts: TokenStream, draft: RuleDraft, lists: RuleLists, nextNr: () => number): PfRule[] {
  const out: PfRule[] = [];
  let combos: unknown[][] = [[]];
  combos = cross(combos, each(lists.ifs, undefined as IfNode | undefined));
  combos = cross(combos, each(lists.protos, 0));
  combos = cross(combos, each(lists.icmp, undefined as IcmpNode | undefined));
  combos = cross(combos, each(lists.src?.hosts, ANY));
  combos = cross(combos, each(lists.src?.ports, undefined as PortSpec | undefined));
  combos = cross(combos, each(lists.dst?.hosts, ANY));
  combos = cross(combos, each(lists.dst?.ports, undefined as PortSpec | undefined));
  combos = cross(combos, each(lists.uids, undefined as UgidSpec | undefined));
  combos = cross(combos, each(lists.gids, undefined as UgidSpec | undefined));
  for (const c of combos) {
    const [ifn, proto, icmp, sh, sp, dh, dp, uid, gid] = c as [IfNode | undefined, number, IcmpNode | undefined, HostNode, PortSpec | undefined, HostNode, PortSpec | undefined, UgidSpec | undefined, UgidSpec | undefined];
    const rule = combine(ts, poolOf(draft, lists.pool), { ifn, proto, icmp, sh, sp, dh, dp, uid, gid }, lists.fixedDstPort);
    if (rule === undefined) continue;
    const problems = consistencyProblems(rule.rule);
    for (const m of problems) ts.yyerror(m);
    if (problems.length > 0 || rule.error) {
      ts.yyerror("skipping rule due to errors");
      continue;
    }
    rule.rule.nr = nextNr();
    out.push(withLabels(rule.rule));
  }
  if (out.length === 0) ts.yyerror("rule expands to no valid combination");
  return out;
}

interface Combo {
  readonly ifn: IfNode | undefined;
  readonly proto: number;
  readonly icmp: IcmpNode | undefined;
  readonly sh: HostNode;
  readonly sp: PortSpec | undefined;
  readonly dh: HostNode;
  readonly dp: PortSpec | undefined;
  readonly uid: UgidSpec | undefined;
  readonly gid: UgidSpec | undefined;
}

function familiesClash(af: Af, c: Combo): boolean {
  const { sh, dh } = c;
  if ((af && sh.af && af !== sh.af) || (af && dh.af && af !== dh.af) || (sh.af && dh.af && sh.af !== dh.af)) return true;
  if (sh.scope && dh.scope && sh.scope !== dh.scope) return true;
  const ifname = c.ifn?.name;
  return (sh.scope !== undefined && ifname !== undefined && sh.scope !== ifname) || (dh.scope !== undefined && ifname !== undefined && dh.scope !== ifname);
}

function combine(ts: TokenStream, d: RuleDraft, c: Combo, fixedDstPort: PortSpec | undefined): { rule: PfRule; error: boolean } | undefined {
  if (familiesClash(d.af, c)) return undefined;
  const af: Af = d.af || c.sh.af || c.dh.af;
  const ifname = c.ifn?.name ?? c.sh.scope ?? c.dh.scope;
  const error = badNetmask(ts, c.sh, af) || badNetmask(ts, c.dh, af);
  const tcpish = c.proto === 0 || c.proto === 6;
  const keepState = (d.keepState === "modulate" || d.keepState === "synproxy") && !tcpish ? "keep" : d.keepState;
  const dstPort = c.dp ?? fixedDstPort;
  const rule: PfRule = {
    ...d,
    nr: 0,
    af,
    ...(ifname !== undefined ? { ifname } : {}),
    ...(c.ifn?.not ? { ifnot: true } : {}),
    proto: c.proto,
    src: { addr: c.sh.addr, neg: c.sh.not, ...(c.sp ? { port: c.sp } : {}) },
    dst: { addr: c.dh.addr, neg: c.dh.not, ...(dstPort ? { port: dstPort } : {}) },
    ...(c.uid ? { uid: c.uid } : {}),
    ...(c.gid ? { gid: c.gid } : {}),
    type: c.icmp?.type ?? 0,
    code: c.icmp?.code ?? 0,
    keepState,
    flags: tcpish ? d.flags : 0,
    flagset: tcpish ? d.flagset : 0,
    counters: { evaluations: 0, packets: [0, 0], bytes: [0, 0], statesCur: 0, statesTot: 0 },
  };
  if (c.icmp && rule.proto !== c.icmp.proto) {
    ts.yyerror("icmp-type mismatch");
    return { rule, error: true };
  }
  return { rule, error };
}

function addrLabel(h: PfRule["src"]): string {
  const a = h.addr;
  const text =
    a.type === "any" ? "any"
    : a.type === "addrmask" ? `${formatAddr(a.addr)}${a.bits === bitsOf(a.addr.af) ? "" : `/${String(a.bits)}`}`
    : a.type === "range" ? `${formatAddr(a.from)} - ${formatAddr(a.to)}`
    : a.type === "table" ? `<${a.name}>`
    : a.type === "dynif" ? `(${a.ifname})`
    : a.type === "noroute" ? "no-route" : "urpf-failed";
  return (h.neg ? "! " : "") + text;
}

function portLabel(p: PortSpec | undefined): string {
  if (p === undefined) return "";
  const a = String(p.a);
  const b = String(p.b);
  const forms: Record<string, string> = { "=": a, "!=": `!=${a}`, "<": `<${a}`, "<=": `<=${a}`, ">": `>${a}`, ">=": `>=${a}`, "><": `${a}><${b}`, "<>": `${a}<>${b}`, ":": `${a}:${b}` };
  return forms[p.op] ?? "";
}

/** expand_label(): $if $srcaddr $dstaddr $srcport $dstport $proto $nr in labels and tags. */
function expandLabel(text: string, r: PfRule): string {
  return text
    .replaceAll("$if", r.ifname ?? "any")
    .replaceAll("$srcaddr", addrLabel(r.src))
    .replaceAll("$dstaddr", addrLabel(r.dst))
    .replaceAll("$srcport", portLabel(r.src.port))
    .replaceAll("$dstport", portLabel(r.dst.port))
    .replaceAll("$proto", r.proto === 0 ? "" : (protoName(r.proto) ?? String(r.proto)))
    .replaceAll("$nr", String(r.nr));
}

function withLabels(r: PfRule): PfRule {
  return {
    ...r,
    ...(r.label !== undefined ? { label: expandLabel(r.label, r) } : {}),
    ...(r.tag !== undefined ? { tag: expandLabel(r.tag, r) } : {}),
  };
}
