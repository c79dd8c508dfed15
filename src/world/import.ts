// Building a world from what a real host printed: a snapshot bundle (bundle.ts) or a bare
// `iptables-save` dump. The host becomes the initial namespace; its devices become
// "external" devices (no peer: what leaves by them has reached the world outside), and
// everything else is loaded through nfsim's own tools, so a dump is held to the same
// rules and error wording as commands typed by hand: `ip addr add`, `ip route add`,
// `ipset restore`, `iptables-restore -c`, and the sysctls through the stack's writer.
//
// Every kind of device becomes external, bridges and veths included: their other ends
// (containers, pods, other namespaces) are not in the dump, so that is where the world ends.
//
// Layering: iptables-restore, ipset and ip are tool frontends in src/cli; importing them
// here is the one place the world reaches outward, so that no second parser exists.
//
// Defaults for a bare iptables-save dump (nothing else is known of the host):
// - one host, `lo` up with 127.0.0.1/8;
// - every interface a rule names with -i/-o (not a `+` wildcard) exists (eth0 when none
//   is named), up, without addresses (nothing in a ruleset tells them reliably);
// - a default route `default dev IF scope link` through the first interface named by -o
//   (else by -i), so that forwarded packets have somewhere to go;
// - net.ipv4.ip_forward=1 when the filter FORWARD chain has rules or a DROP policy, or the
//   nat table has rules (the host is a router, a Docker host or a Kubernetes node).
import { TOOLS } from "../cli/tools.ts";
import { bufferIO } from "../cli/io.ts";
import { allTables } from "../netfilter/commands.ts";
import type { Ruleset } from "../netfilter/ruleset.ts";
import { linkUp } from "../stack/link.ts";
import { deviceByIndex, deviceByName } from "../stack/namespace.ts";
import { sysctlDeviceAdded, sysctlExists, sysctlSet, sysctlWritable } from "../stack/sysctl.ts";
import type { Device, NetNamespace } from "../stack/types.ts";
import { isBundle, parseBundle, type BundleSection } from "./bundle.ts";
import { ImportError } from "./import-error.ts";
import { randomMac } from "./random.ts";
import { INITIAL_NS, newWorld, type World } from "./world.ts";

export { ImportError } from "./import-error.ts";
export { BUNDLE_MAGIC, formatBundle, isBundle, parseBundle, type BundleSection } from "./bundle.ts";

export interface ImportSummary {
  readonly source: "bundle" | "iptables-save";
  devices: number;
  addresses: number;
  routes: number;
  rules: number;
  tables: number;
  ipsets: number;
  sysctls: number;
  /** What was in the input but is not modelled, in words. */
  readonly skipped: string[];
}

interface Ctx {
  readonly world: World;
  readonly ns: NetNamespace;
  readonly summary: ImportSummary;
}

/** Builds a world from a snapshot bundle or a bare iptables-save dump; throws ImportError. */
export function importWorld(text: string): World {
  return importWithSummary(text).world;
}

export function importWithSummary(text: string): { world: World; summary: ImportSummary } {
  const world = newWorld();
  const ns = world.namespaces[INITIAL_NS];
  if (ns === undefined) throw new Error("a new world has an initial namespace");
  const bundle = isBundle(text);
  const summary: ImportSummary = { source: bundle ? "bundle" : "iptables-save", devices: 0, addresses: 0, routes: 0, rules: 0, tables: 0, ipsets: 0, sysctls: 0, skipped: [] };
  const ctx: Ctx = { world, ns, summary };
  if (bundle) fromBundle(ctx, parseBundle(text));
  else fromIptablesSave(ctx, text);
  countRules(ctx);
  return { world, summary };
}

/** One line: what the world now holds, and what was left out. */
export function summaryLine(s: ImportSummary): string {
  const n = (v: number, one: string, many = `${one}s`) => `${String(v)} ${v === 1 ? one : many}`;
  const parts = [n(s.devices, "device"), n(s.addresses, "address", "addresses"), n(s.routes, "route"), `${n(s.rules, "rule")} in ${n(s.tables, "table")}`, n(s.ipsets, "ipset"), n(s.sysctls, "sysctl")];
  const skipped = s.skipped.length > 0 ? `; not modelled: ${s.skipped.join(", ")}` : "";
  return `imported ${s.source === "bundle" ? "snapshot bundle" : "iptables-save dump"}: ${parts.join(", ")}${skipped}`;
}

function countRules(ctx: Ctx): void {
  const rs: Ruleset = ctx.ns.ruleset;
  const tables = allTables(rs);
  ctx.summary.tables = tables.length;
  ctx.summary.rules = tables.reduce((sum, t) => sum + (rs.tables[t]?.chains.reduce((c, ch) => c + ch.rules.length, 0) ?? 0), 0);
}

// --- running nfsim's own tools ------------------------------------------------------------

/** The first "line N" a tool's error names, as a line of the whole file. */
function fileLine(stderr: string, base: number): number | undefined {
  const m = /\bline:? (\d+)/.exec(stderr);
  return m === null ? undefined : base + Number(m[1]) - 1;
}

/** Runs a tool of nfsim on the world being built; its failure is the import's failure. */
function runTool(ctx: Ctx, name: string, argv: readonly string[], stdin: string, where: { line: number; section?: string }): void {
  const tool = TOOLS[name];
  if (tool === undefined) throw new Error(`no tool ${name}`);
  const io = bufferIO(stdin, new Date(0));
  const exit = tool(argv, ctx.world, INITIAL_NS, io);
  if (exit === 0) return;
  const err = io.err.trim() || `${name} exited with status ${String(exit)}`;
  throw new ImportError(err, stdin === "" ? where.line : (fileLine(err, where.line) ?? where.line), where.section);
}

// --- a bare iptables-save dump ------------------------------------------------------------

const DEFAULT_DEVICE = "eth0";

function fromIptablesSave(ctx: Ctx, text: string): void {
  runTool(ctx, "iptables-restore", ["-c"], text, { line: 1 });
  const lo = deviceByName(ctx.ns, "lo");
  if (lo !== undefined) linkUp(ctx.world, INITIAL_NS, lo);
  const { ins, outs } = namedInterfaces(ctx.ns.ruleset);
  // A host has at least one interface: eth0 when the rules name none (kube-proxy's rules).
  if (ins.length === 0 && outs.length === 0) outs.push(DEFAULT_DEVICE);
  for (const name of [...new Set([...outs, ...ins])]) addExternal(ctx, name);
  ctx.summary.devices = ctx.ns.devices.length;
  const via = outs[0] ?? ins[0];
  if (via !== undefined) {
    runTool(ctx, "ip", ["route", "add", "default", "dev", via, "scope", "link"], "", { line: 1 });
    ctx.summary.routes = 1;
  }
  if (routerRules(ctx.ns.ruleset)) {
    sysctlSet(ctx.ns, "net.ipv4.ip_forward", "1");
    ctx.summary.sysctls = 1;
  }
}

/** The interfaces that rules name with -i and -o, in order of appearance; wildcards left out. */
function namedInterfaces(rs: Ruleset): { ins: string[]; outs: string[] } {
  const ins: string[] = [];
  const outs: string[] = [];
  for (const t of allTables(rs)) {
    for (const chain of rs.tables[t]?.chains ?? []) {
      for (const rule of chain.rules) {
        if (rule.ip.in !== undefined && !rule.ip.in.name.endsWith("+")) ins.push(rule.ip.in.name);
        if (rule.ip.out !== undefined && !rule.ip.out.name.endsWith("+")) outs.push(rule.ip.out.name);
      }
    }
  }
  return { ins: ins.filter((n) => n !== "lo"), outs: outs.filter((n) => n !== "lo") };
}

function routerRules(rs: Ruleset): boolean {
  const forward = rs.tables.filter?.chains.find((c) => c.name === "FORWARD");
  const nat = rs.tables.nat?.chains.some((c) => c.rules.length > 0) ?? false;
  return nat || (forward !== undefined && (forward.rules.length > 0 || forward.policy === "DROP"));
}

// --- devices ------------------------------------------------------------------------------

interface LinkSpec {
  readonly ifindex?: number;
  readonly mac?: string;
  readonly mtu?: number;
  readonly up?: boolean;
}

/** A device of the real host: external, with carrier, registered as the kernel would. */
function addExternal(ctx: Ctx, name: string, spec: LinkSpec = {}): Device {
  const ns = ctx.ns;
  const ifindex = spec.ifindex ?? ns.lastIfindex + 1;
  const dev: Device = { ifindex, name, kind: "external", mac: spec.mac ?? randomMac(ctx.world.random), mtu: spec.mtu ?? 1500, up: false, addrs: [] };
  ns.devices.push(dev);
  ns.lastIfindex = Math.max(ns.lastIfindex, ifindex);
  sysctlDeviceAdded(ns, dev);
  if (spec.up ?? true) linkUp(ctx.world, INITIAL_NS, dev);
  return dev;
}

// --- a snapshot bundle ----------------------------------------------------------------------

function fromBundle(ctx: Ctx, sections: readonly BundleSection[]): void {
  const find = (name: string) => sections.find((s) => s.name === name);
  const ok = (name: string) => {
    const s = find(name);
    if (s !== undefined && s.exit !== 0) ctx.summary.skipped.push(`section ${name} (its command failed with status ${String(s.exit)})`);
    return s !== undefined && s.exit === 0 ? s : undefined;
  };
  const links = ok("ip-link") ?? ok("ip-addr");
  if (links === undefined) throw new ImportError("the bundle has neither an ip-link nor an ip-addr section");
  importLinks(ctx, links);
  const addrs = ok("ip-addr");
  if (addrs !== undefined) importAddresses(ctx, addrs);
  const routes = ok("ip-route");
  if (routes !== undefined) importRoutes(ctx, routes);
  const rules = ok("ip-rule");
  if (rules !== undefined) noteRules(ctx, rules);
  const sysctl = ok("sysctl");
  if (sysctl !== undefined) importSysctls(ctx, sysctl);
  const ipset = ok("ipset");
  if (ipset !== undefined && ipset.text.trim() !== "") importIpsets(ctx, ipset);
  importRulesets(ctx, ok("iptables-save"), ok("iptables-legacy-save"));
}

type Json = Record<string, unknown>;

/** The JSON array an `ip -j` section holds. */
function jsonEntries(sec: BundleSection): Json[] {
  if (sec.text.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(sec.text);
  } catch (e) {
    throw new ImportError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`, sec.line, sec.name);
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== "object" || v === null || Array.isArray(v))) {
    throw new ImportError("expected a JSON array of objects, as `ip -j` prints", sec.line, sec.name);
  }
  return value as Json[];
}

/** Where an entry of a JSON section is, for messages: its line (one per entry when pretty-printed) and its name. */
function entryError(sec: BundleSection, i: number, e: Json, reason: string): ImportError {
  const label = typeof e.ifname === "string" ? ` (${e.ifname})` : typeof e.dst === "string" ? ` (${e.dst})` : "";
  return new ImportError(`entry ${String(i + 1)}${label}: ${reason}`, sec.line, sec.name);
}

const str = (e: Json, key: string): string | undefined => (typeof e[key] === "string" ? e[key] : undefined);
const num = (e: Json, key: string): number | undefined => (typeof e[key] === "number" ? e[key] : undefined);
const flagsOf = (e: Json): string[] => (Array.isArray(e.flags) ? e.flags.filter((f): f is string => typeof f === "string") : []);

/** dev_valid_name (net/core/dev.c): 1 to 15 bytes, not "." or "..", no '/', ':' or white space. */
function validDevName(name: string): boolean {
  return name.length > 0 && name.length < 16 && name !== "." && name !== ".." && !/[/:\s]/.test(name);
}

function importLinks(ctx: Ctx, sec: BundleSection): void {
  const seen = new Set<number>();
  jsonEntries(sec).forEach((e, i) => {
    const name = str(e, "ifname");
    const ifindex = num(e, "ifindex");
    if (name === undefined || ifindex === undefined || !Number.isInteger(ifindex) || ifindex < 1) throw entryError(sec, i, e, "an interface needs \"ifname\" and a positive \"ifindex\"");
    if (!validDevName(name)) throw entryError(sec, i, e, `${JSON.stringify(name)} is not a name the kernel gives an interface`);
    if (seen.has(ifindex) || (name !== "lo" && deviceByName(ctx.ns, name) !== undefined)) throw entryError(sec, i, e, "the interface appears twice");
    seen.add(ifindex);
    const up = flagsOf(e).includes("UP");
    if (str(e, "link_type") === "loopback" || name === "lo") return loopback(ctx, up);
    if (deviceByIndex(ctx.ns, ifindex) !== undefined) throw entryError(sec, i, e, `ifindex ${String(ifindex)} is taken`);
    const mac = str(e, "address");
    const mtu = num(e, "mtu");
    addExternal(ctx, name, { ifindex, up, ...(mac !== undefined && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) ? { mac } : {}), ...(mtu !== undefined ? { mtu } : {}) });
  });
  ctx.summary.devices = ctx.ns.devices.length;
}

function loopback(ctx: Ctx, up: boolean): void {
  const lo = deviceByName(ctx.ns, "lo");
  if (lo !== undefined && up) linkUp(ctx.world, INITIAL_NS, lo);
}

function importAddresses(ctx: Ctx, sec: BundleSection): void {
  let v6 = 0;
  jsonEntries(sec).forEach((e, i) => {
    const dev = str(e, "ifname");
    const infos = Array.isArray(e.addr_info) ? (e.addr_info as unknown[]) : [];
    for (const info of infos) {
      if (typeof info !== "object" || info === null) throw entryError(sec, i, e, "addr_info holds a non-object");
      const a = info as Json;
      if (str(a, "family") === "inet6") {
        v6 += 1;
        continue;
      }
      if (str(a, "family") !== "inet" || dev === undefined) continue;
      addAddress(ctx, sec, i, e, dev, a);
    }
  });
  if (v6 > 0) ctx.summary.skipped.push(`${String(v6)} IPv6 address${v6 === 1 ? "" : "es"}`);
}

function addAddress(ctx: Ctx, sec: BundleSection, i: number, e: Json, dev: string, a: Json): void {
  const local = str(a, "local");
  const prefix = num(a, "prefixlen");
  if (local === undefined || prefix === undefined) throw entryError(sec, i, e, "an inet address needs \"local\" and \"prefixlen\"");
  const device = deviceByName(ctx.ns, dev);
  if (device === undefined) throw entryError(sec, i, e, `no interface ${dev} in the link section`);
  if (device.addrs.some((x) => formatDotted(x.addr) === local && x.prefixLen === prefix)) return;
  const peer = str(a, "address");
  const argv = ["addr", "add", `${local}/${String(prefix)}`];
  if (peer !== undefined && peer !== local) argv.push("peer", `${peer}/${String(prefix)}`);
  const brd = str(a, "broadcast");
  if (brd !== undefined) argv.push("broadcast", brd);
  const scope = str(a, "scope");
  if (scope !== undefined) argv.push("scope", scope);
  const label = str(a, "label");
  if (label !== undefined && label !== dev) argv.push("label", label);
  const metric = num(a, "metric");
  if (metric !== undefined) argv.push("metric", String(metric));
  if (a.noprefixroute === true) argv.push("noprefixroute");
  argv.push("dev", dev);
  runTool(ctx, "ip", argv, "", { line: sec.line, section: sec.name });
  ctx.summary.addresses += 1;
}

function formatDotted(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join(".");
}

/** The `ip route add` words for a route as `ip -j route` printed it. */
function routeArgv(e: Json): string[] {
  const argv = ["route", "add"];
  const type = str(e, "type");
  if (type !== undefined && type !== "unicast") argv.push(type);
  argv.push(str(e, "dst") ?? "");
  const pairs: [string, string][] = [["gateway", "via"], ["dev", "dev"], ["protocol", "proto"], ["scope", "scope"], ["prefsrc", "src"], ["table", "table"]];
  for (const [key, word] of pairs) {
    const v = str(e, key);
    if (v !== undefined && !(key === "table" && v === "main")) argv.push(word, v);
  }
  const metric = num(e, "metric");
  if (metric !== undefined) argv.push("metric", String(metric));
  if (flagsOf(e).includes("onlink")) argv.push("onlink");
  return argv;
}

const isV6Route = (e: Json): boolean => (str(e, "dst") ?? "").includes(":") || (str(e, "gateway") ?? "").includes(":");

/**
 * Routes the kernel made for addresses (proto kernel) are already there. The others are
 * added in rounds: a gateway may be reachable only through a route listed after it.
 */
function importRoutes(ctx: Ctx, sec: BundleSection): void {
  const entries = jsonEntries(sec);
  let pending: { e: Json; i: number }[] = [];
  let v6 = 0;
  let multipath = 0;
  entries.forEach((e, i) => {
    if (str(e, "dst") === undefined) throw entryError(sec, i, e, "a route needs \"dst\"");
    if (isV6Route(e)) v6 += 1;
    else if (Array.isArray(e.nexthops)) multipath += 1;
    else if (str(e, "protocol") !== "kernel") pending.push({ e, i });
  });
  let failure: ImportError | undefined;
  while (pending.length > 0) {
    const left: typeof pending = [];
    failure = undefined;
    for (const p of pending) {
      try {
        runTool(ctx, "ip", routeArgv(p.e), "", { line: sec.line, section: sec.name });
        ctx.summary.routes += 1;
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        failure ??= entryError(sec, p.i, p.e, err.reason);
        left.push(p);
      }
    }
    if (left.length === pending.length) throw failure ?? new ImportError("routes cannot be added", sec.line, sec.name);
    pending = left;
  }
  if (v6 > 0) ctx.summary.skipped.push(`${String(v6)} IPv6 route${v6 === 1 ? "" : "s"}`);
  if (multipath > 0) ctx.summary.skipped.push(`${String(multipath)} multipath route${multipath === 1 ? "" : "s"}`);
}

const DEFAULT_RULES = new Set(["0 local", "32766 main", "32767 default"]);

/** nfsim routes by the local and main tables only: other policy rules are reported, not applied. */
function noteRules(ctx: Ctx, sec: BundleSection): void {
  const extra = jsonEntries(sec).filter((e) => {
    const keys = Object.keys(e).sort().join(",");
    return !(keys === "priority,src,table" && str(e, "src") === "all" && DEFAULT_RULES.has(`${String(num(e, "priority"))} ${str(e, "table") ?? ""}`));
  });
  if (extra.length > 0) ctx.summary.skipped.push(`${String(extra.length)} policy routing rule${extra.length === 1 ? "" : "s"}`);
}

/** `key = value` lines; forwarding first, since turning it on rewrites every device's value. */
function importSysctls(ctx: Ctx, sec: BundleSection): void {
  const lines = sec.text.split("\n").map((text, i) => ({ text, line: sec.line + i })).filter((l) => l.text.trim() !== "");
  const parsed = lines.map((l) => {
    const m = /^([A-Za-z0-9_.\-/:@]+) = (.*)$/.exec(l.text);
    if (m === null) throw new ImportError(`not a "key = value" line: ${JSON.stringify(l.text.slice(0, 60))}`, l.line, sec.name);
    return { key: m[1] ?? "", value: m[2] ?? "", line: l.line };
  });
  const first = (k: string) => k === "net.ipv4.ip_forward" || k === "net.ipv4.conf.all.forwarding";
  let unknown = 0;
  for (const s of [...parsed.filter((p) => first(p.key)), ...parsed.filter((p) => !first(p.key))]) {
    if (!sysctlExists(ctx.ns, s.key) || !sysctlWritable(ctx.ns, s.key)) {
      unknown += 1;
      continue;
    }
    try {
      sysctlSet(ctx.ns, s.key, s.value);
    } catch {
      throw new ImportError(`${s.key}: invalid value ${JSON.stringify(s.value)}`, s.line, sec.name);
    }
    ctx.summary.sysctls += 1;
  }
  if (unknown > 0) ctx.summary.skipped.push(`${String(unknown)} sysctl${unknown === 1 ? "" : "s"}`);
}

function importIpsets(ctx: Ctx, sec: BundleSection): void {
  runTool(ctx, "ipset", ["restore"], sec.text, { line: sec.line, section: sec.name });
  ctx.summary.ipsets = ctx.ns.ipsets === undefined ? 0 : ctx.ns.ipsets.slots.filter((s) => s !== null).length;
}

const hasRules = (s: BundleSection | undefined): boolean => s !== undefined && /^-A /m.test(s.text);

/**
 * The nf_tables ruleset, or the legacy one when only it has rules. Both at once (a host
 * where two tools disagree) cannot be one nfsim ruleset: the legacy rules are reported.
 */
function importRulesets(ctx: Ctx, nft: BundleSection | undefined, legacy: BundleSection | undefined): void {
  const use = hasRules(nft) || !hasRules(legacy) ? nft : legacy;
  if (use !== undefined) runTool(ctx, "iptables-restore", ["-c"], use.text, { line: use.line, section: use.name });
  if (use === nft && hasRules(legacy)) ctx.summary.skipped.push("the iptables-legacy ruleset (the nf_tables one was loaded)");
}
