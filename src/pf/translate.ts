// Translation rules (parse.y natrule, binatrule): nat and rdr with their redirection
// pools and port ranges, binat with its one-to-one mapping.
import type { Af } from "./addr.ts";
import { expandRule, type RuleDraft } from "./expand.ts";
import type { HostNode } from "./hosts.ts";
import type { Parser } from "./parse.ts";
import { multiAddr, poolOpts, removeInvalidHosts } from "./route.ts";
import type { PfPool, PfRule } from "./types.ts";

/** PF_NAT_PROXY_PORT_LOW / HIGH: the ports nat picks from by default. */
export const NAT_PORT_LOW = 50001;
export const NAT_PORT_HIGH = 65535;

interface NatPassLog {
  readonly pass: boolean;
  readonly log?: NonNullable<PfRule["log"]>;
}

/** natpasslog: [pass] [log ...]. */
function natPassLog(p: Parser, no: boolean): NatPassLog {
  const pass = p.ts.acceptKw("pass");
  const log = p.log();
  if (no && pass) p.ts.fail('"pass" not valid with "no"');
  return { pass, ...(log ? { log } : {}) };
}

function tagAndTagged(p: Parser): { tag?: string; tagged?: { name: string; not: boolean } } {
  const tag = p.ts.acceptKw("tag") ? p.ts.expectString() : undefined;
  let tagged: { name: string; not: boolean } | undefined;
  if (p.ts.isPunct("!") || p.ts.isKw("tagged")) {
    const not = p.ts.acceptPunct("!");
    p.ts.expectKw("tagged");
    tagged = { name: p.ts.expectString(), not };
  }
  if (p.ts.acceptKw("rtable")) p.ts.expectNumber();
  return { ...(tag !== undefined ? { tag } : {}), ...(tagged ? { tagged } : {}) };
}

interface Redirection {
  readonly hosts: HostNode[];
  /** rport: a, b, and `a:*` (t = PF_OP_IRG in parseport). */
  readonly port: { readonly a: number; readonly b: number; readonly star: boolean };
}

/** redirpool: `-> host | { hosts }` [port portstar]. */
function redirpool(p: Parser, list: boolean): Redirection | undefined {
  const t = p.ts.peek();
  if (t.kind !== "arrow") return undefined;
  p.ts.next();
  const hosts = list ? p.terms.list(() => p.terms.host()).flat() : p.terms.host();
  if (!p.ts.acceptKw("port")) return { hosts, port: { a: 0, b: 0, star: false } };
  const r = p.terms.portrange(true);
  return { hosts, port: { a: r.a, b: r.b, star: r.star ?? false } };
}

/** invalid_redirect(): a family must be known unless all are tables or interfaces. */
function checkRedirect(p: Parser, hosts: readonly HostNode[], af: Af): void {
  if (!af && hosts.some((h) => h.addr.type !== "table" && h.addr.type !== "dynif")) {
    p.ts.fail("address family not given and translation address expands to multiple address families");
  }
  if (hosts.length === 0) p.ts.fail("no translation address with matching address family found.");
  if (af === 4) for (const h of hosts) if (h.addr.type === "addrmask" && h.addr.bits > 32) p.ts.fail(`netmask ${String(h.addr.bits)} invalid for IPv4 address`);
}

/** [no] nat|rdr [pass] [log] [on ...] [af] [proto] fromto [tag] [tagged] [-> pool [port]] [pool_opts] */
export function parseTranslation(p: Parser, no: boolean): void {
  const kind = p.ts.next().text === "nat" ? "nat" : "rdr";
  const npl = natPassLog(p, no);
  const ifs = p.terms.interfaces();
  let af = p.terms.af();
  const protos = p.terms.protos();
  const ft = p.terms.fromto();
  const tags = tagAndTagged(p);
  const redir = redirpool(p, true);
  const po = poolOpts(p);
  p.checkRulestate(4);
  if (!af) {
    const src = ft.src.hosts?.[0];
    const dst = ft.dst.hosts?.[0];
    af = src?.af && !src.scope ? src.af : dst?.af && !dst.scope ? dst.af : 0;
  }
  let rpool: PfPool | undefined;
  let hosts: HostNode[] | undefined;
  if (no) {
    if (redir !== undefined) p.ts.fail("translation rule with 'no' does not need '->'");
  } else {
    if (redir === undefined || redir.hosts.length === 0) p.ts.fail("translation rule requires '-> address'");
    if (!af && !redir.hosts[0]?.scope) af = redir.hosts[0]?.af ?? 0;
    const r = removeInvalidHosts(redir.hosts, af);
    af = r.af;
    checkRedirect(p, r.hosts, af);
    hosts = r.hosts;
    rpool = translationPool(p, kind, r.hosts, redir, po, ft.dst.ports?.[0]);
  }
  if (po.staticPort && (no || kind !== "nat")) p.ts.fail("the 'static-port' option is only valid with nat rules");
  const draft: RuleDraft = {
    action: no ? (kind === "nat" ? "no nat" : "no rdr") : kind,
    ...(npl.pass ? { natpass: true } : {}),
    ...(npl.log ? { log: npl.log } : {}),
    direction: "inout",
    quick: false,
    af,
    flags: 0,
    flagset: 0,
    tos: 0,
    keepState: "none",
    ...tags,
    ...(rpool ? { rpool } : {}),
  };
  p.addRules(kind, expandRule(p.ts, draft, { ifs, protos, src: ft.src, dst: ft.dst, pool: hosts }, () => p.nextNr()));
}

function translationPool(p: Parser, kind: "nat" | "rdr", hosts: HostNode[], redir: Redirection, po: ReturnType<typeof poolOpts>, dstPort: { a: number; b: number; op: string } | undefined): PfPool {
  let low = redir.port.a;
  let high: number;
  if (kind === "rdr") {
    high = !redir.port.b && redir.port.star && dstPort !== undefined ? low + (dstPort.b - dstPort.a) : redir.port.b;
  } else {
    high = redir.port.b;
    if (!low && !high) [low, high] = [NAT_PORT_LOW, NAT_PORT_HIGH];
    else if (!high) high = low;
  }
  let type = po.type;
  const first = hosts[0];
  if (type === "none" && first !== undefined && (hosts.length > 1 || first.addr.type === "table" || multiAddr(first))) type = "round-robin";
  if (type !== "round-robin") {
    if (hosts.some((h) => h.addr.type === "table")) p.ts.fail(`tables are only supported in round-robin redirection pools`);
    const alias = hosts.find(multiAddr);
    if (alias?.addr.type === "dynif") p.ts.fail(`interface (${alias.addr.ifname}) is only supported in round-robin redirection pools`);
    if (hosts.length > 1) p.ts.fail("only round-robin valid for multiple redirection addresses");
  }
  if (po.staticPort) {
    if (kind !== "nat") p.ts.fail("the 'static-port' option is only valid with nat rules");
    if (low !== NAT_PORT_LOW && high !== NAT_PORT_HIGH) p.ts.fail("the 'static-port' option can't be used when specifying a port range");
    [low, high] = [0, 0];
  }
  return { addrs: [], type, sticky: po.sticky, ...(po.key ? { key: po.key } : {}), proxyPort: [low, high] };
}

/** [no] binat [pass] [log] [on if] [af] [proto p] from host [to host] [tag] [tagged] [-> host] */
export function parseBinat(p: Parser, no: boolean): void {
  p.ts.next();
  const npl = natPassLog(p, no);
  const ifs = p.terms.interfaces();
  let af = p.terms.af();
  const protos = p.terms.protos();
  p.ts.expectKw("from");
  const src = p.terms.host();
  const dst = p.ts.acceptKw("to") ? p.terms.ipspec() : undefined;
  const tags = tagAndTagged(p);
  const redir = redirpool(p, false);
  p.checkRulestate(4);
  if (dst?.some((h) => h.addr.type === "urpf-failed")) p.ts.fail('"urpf-failed" is not permitted as a binat destination');
  af = af || src[0]?.af || dst?.[0]?.af || redir?.hosts[0]?.af || 0;
  if (!af) p.ts.fail("address family (inet/inet6) undefined");
  const s = binatEnd(p, src, af, "source");
  const d = dst === undefined ? undefined : binatEnd(p, dst, af, "destination");
  const rpool = no ? noRedirect(p, redir) : binatPool(p, redir, s, af);
  const rule: PfRule = {
    action: no ? "no binat" : "binat",
    nr: 0,
    ...(npl.pass ? { natpass: true } : {}),
    ...(npl.log ? { log: npl.log } : {}),
    direction: "inout",
    quick: false,
    ...(ifs?.[0] ? { ifname: ifs[0].name, ...(ifs[0].not ? { ifnot: true } : {}) } : {}),
    af,
    proto: protos?.[0] ?? 0,
    src: { addr: s?.addr ?? { type: "any" }, neg: false },
    dst: { addr: d?.addr ?? { type: "any" }, neg: d?.not ?? false },
    flags: 0,
    flagset: 0,
    type: 0,
    code: 0,
    tos: 0,
    keepState: "none",
    ...tags,
    ...(rpool ? { rpool } : {}),
    counters: { evaluations: 0, packets: [0, 0], bytes: [0, 0], statesCur: 0, statesTot: 0 },
  };
  p.addRules("binat", [rule]);
}

function binatEnd(p: Parser, hosts: HostNode[], af: Af, which: "source" | "destination"): HostNode | undefined {
  const h = hosts[0];
  if (h === undefined) return undefined;
  if (which === "source" && h.addr.type === "table") p.ts.fail(`invalid use of table <${h.addr.name}> as the source address of a binat rule`);
  if (which === "source" && multiAddr(h) && h.addr.type === "dynif") p.ts.fail(`invalid use of interface (${h.addr.ifname}) as the source address of a binat rule`);
  if (hosts.length > 1) p.ts.fail("multiple binat ip addresses");
  if (which === "source" ? h.addr.type !== "dynif" && h.af !== af : h.af && h.af !== af) p.ts.fail("binat ip versions must match");
  if (af === 4 && h.addr.type === "addrmask" && h.addr.bits > 32) p.ts.fail(`netmask ${String(h.addr.bits)} invalid for IPv4 address`);
  return h;
}

function noRedirect(p: Parser, redir: Redirection | undefined): undefined {
  if (redir !== undefined) p.ts.fail("'no binat' rule does not need '->'");
  return undefined;
}

function binatPool(p: Parser, redir: Redirection | undefined, src: HostNode | undefined, af: Af): PfPool {
  if (redir === undefined || redir.hosts.length === 0) p.ts.fail("'binat' rule requires '-> address'");
  const r = removeInvalidHosts(redir.hosts, af);
  checkRedirect(p, r.hosts, r.af);
  const to = r.hosts[0];
  if (to?.addr.type === "table") p.ts.fail(`invalid use of table <${to.addr.name}> as the redirect address of a binat rule`);
  if (to && multiAddr(to) && to.addr.type === "dynif") p.ts.fail(`invalid use of interface (${to.addr.ifname}) as the redirect address of a binat rule`);
  if (r.hosts.length > 1) p.ts.fail("binat rule must redirect to a single address");
  const srcBits = src?.addr.type === "addrmask" ? src.addr.bits : 0;
  const toBits = to?.addr.type === "addrmask" ? to.addr.bits : undefined;
  if (srcBits !== 0 && toBits !== undefined && srcBits !== toBits) p.ts.fail("'binat' source mask and redirect mask must be the same");
  return { addrs: to ? [{ addr: to.addr }] : [], type: "none", sticky: false, proxyPort: [0, 0] };
}
