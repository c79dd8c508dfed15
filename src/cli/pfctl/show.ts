// pfctl -s: rules, nat, states, info, timeouts, memory, Anchors, labels, Interfaces,
// References, osfp and all (pfctl.c pfctl_show_*, pfctl_parser.c print_status,
// pf_print_state.c print_state), in the layout macOS prints them.
import {
  childAnchors, expiresAt, formatAddr, LCOUNTER_NAMES, LIMIT_NAMES, printRule, protoName, REASON_NAMES, resolveTable,
  TCP_STATES, TIMEOUT_NAMES, UDP_STATES, type AddrCounts, type PfRule, type PfStateEntry, type RulesetKind,
} from "../../pf/index.ts";
import type { PfctlCtx } from "./host.ts";

export interface ShowOpts {
  readonly verbose: number;
  readonly showAll: boolean;
  readonly recurse: boolean;
  readonly iface?: string | undefined;
}

/** pfctl_print_title(): a blank line before every title but the first. */
export class Titles {
  private first = true;
  title(ctx: PfctlCtx, text: string): void {
    ctx.io.stdout(`${this.first ? "" : "\n"}${text}\n`);
    this.first = false;
  }
}

function counts(ctx: PfctlCtx, anchor: string): AddrCounts {
  return {
    table: (name) => resolveTable(ctx.pf, anchor, name)?.entries.length ?? -1,
    dynif: (ifname) => ctx.interfaces.find((i) => i.name === ifname)?.addrs.length ?? -1,
  };
}

/** pfctl_print_rule_counters() */
function ruleCounters(r: PfRule, verbose: number): string {
  if (verbose === 0) return "";
  const c = r.counters;
  const pad = (n: number, w: number) => String(n).padEnd(w);
  return (
    `  [ Evaluations: ${pad(c.evaluations, 8)}  Packets: ${pad(c.packets[0] + c.packets[1], 8)}  ` +
    `Bytes: ${pad(c.bytes[0] + c.bytes[1], 10)}  States: ${pad(c.statesCur, 6)}]\n` +
    `  [ Inserted: uid 0 pid ${String(r.cpid ?? 0)} ]\n`
  );
}

function ruleLine(ctx: PfctlCtx, r: PfRule, call: string, anchor: string, verbose: number): string {
  return printRule(r, call, verbose > 1 ? counts(ctx, anchor) : undefined);
}

const GETRULES_EINVAL = "pfctl: DIOCGETRULES: Invalid argument\n";

/** pfctl_show_rules(): scrub rules, then filter rules, anchors in braces when recursing. */
export function showRules(ctx: PfctlCtx, path: string, o: ShowOpts, titles: Titles, depth = 0): boolean {
  const rs = ctx.pf.anchors[path];
  if (rs === undefined || path.split("/").includes("*")) {
    ctx.io.stderr(GETRULES_EINVAL);
    return false;
  }
  if (o.showAll) titles.title(ctx, "FILTER RULES:");
  for (const r of rs.rules.scrub) ctx.io.stdout(`${ruleLine(ctx, r, r.anchor?.call ?? "", path, o.verbose)}\n${ruleCounters(r, o.verbose)}`);
  const indent = o.verbose > 0 ? "" : "  ".repeat(depth);
  for (const r of rs.rules.filter) {
    const call = r.anchor?.call ?? "";
    const last = call.slice(call.lastIndexOf("/") + 1);
    const brace = call !== "" && (last.startsWith("_") || o.recurse);
    ctx.io.stdout(indent + ruleLine(ctx, r, brace ? last : call, path, o.verbose) + (brace ? " {\n" : "\n") + ruleCounters(r, o.verbose));
    if (!brace) continue;
    showRules(ctx, path === "" ? last : `${path}/${last}`, { ...o, showAll: false }, titles, depth + 1);
    ctx.io.stdout(`${indent}}\n`);
  }
  return true;
}

/** pfctl_show_nat(): nat, rdr and binat rules, titled at the first one with -sa. */
export function showNat(ctx: PfctlCtx, path: string, o: ShowOpts, titles: Titles): void {
  showKinds(ctx, path, o, titles, ["nat", "rdr", "binat"], "TRANSLATION RULES:");
}

/** macOS's dummynet rules (-s dummynet, DUMMYNET RULES: with -sa). */
export function showDummynet(ctx: PfctlCtx, path: string, o: ShowOpts, titles: Titles): void {
  showKinds(ctx, path, o, titles, ["dummynet"], "DUMMYNET RULES:");
}

function showKinds(ctx: PfctlCtx, path: string, o: ShowOpts, titles: Titles, kinds: readonly RulesetKind[], title: string): void {
  const rs = ctx.pf.anchors[path];
  if (rs === undefined) {
    ctx.io.stderr(GETRULES_EINVAL);
    return;
  }
  let dotitle = o.showAll;
  for (const k of kinds) {
    for (const r of rs.rules[k]) {
      if (dotitle) titles.title(ctx, title);
      dotitle = false;
      ctx.io.stdout(`${ruleLine(ctx, r, r.anchor?.call ?? "", path, o.verbose)}\n${ruleCounters(r, o.verbose)}`);
    }
  }
}

/** -s labels: one line of counters per labelled rule. */
export function showLabels(ctx: PfctlCtx, path: string): void {
  for (const r of ctx.pf.anchors[path]?.rules.filter ?? []) {
    if (r.label === undefined) continue;
    const c = r.counters;
    const n = [c.evaluations, c.packets[0] + c.packets[1], c.bytes[0] + c.bytes[1], c.packets[0], c.bytes[0], c.packets[1], c.bytes[1], c.statesTot];
    ctx.io.stdout(`${r.label} ${n.join(" ")}\n`);
  }
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

function hms(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function hostText(s: PfStateEntry, h: PfStateEntry["lan"]): string {
  const addr = formatAddr(h.addr);
  // print_host(): the port only when there is one (an ICMP state's ext end has none).
  if (![6, 17, 1, 58].includes(s.proto) || h.port === 0) return addr;
  return s.af === 4 ? `${addr}:${String(h.port)}` : `${addr}[${String(h.port)}]`;
}

function peerText(s: PfStateEntry, state: number): string {
  if (s.proto === 6) return TCP_STATES[state] ?? String(state);
  if (s.proto === 1 || s.proto === 58) return String(state);
  return UDP_STATES[state] ?? String(state);
}

/** print_state() of the xnu-era pfctl: ifname proto lan (gwy) -> ext, the peers' levels. */
export function stateLines(ctx: PfctlCtx, s: PfStateEntry, verbose: number): string {
  const [src, dst] = s.direction === "out" ? [s.src, s.dst] : [s.dst, s.src];
  const gwy = s.lan.addr.hex !== s.gwy.addr.hex || s.lan.port !== s.gwy.port ? ` (${hostText(s, s.gwy)})` : "";
  let line = `${s.ifname} ${protoName(s.proto) ?? String(s.proto)} ${hostText(s, s.lan)}${gwy}`;
  line += `${s.direction === "out" ? " -> " : " <- "}${hostText(s, s.ext)}`;
  line += `       ${peerText(s, src.state)}:${peerText(s, dst.state)}\n`;
  if (verbose > 0) {
    if (s.proto === 6) line += "   [0 + 0]  [0 + 0]\n";
    const age = (ctx.now - s.creation) / 1000;
    const left = (expiresAt(ctx.pf, s) - ctx.now) / 1000;
    line += `   age ${hms(age)}, expires in ${hms(left)}, ${String(s.packets[0])}:${String(s.packets[1])} pkts, ${String(s.bytes[0])}:${String(s.bytes[1])} bytes`;
    line += `${s.rule >= 0 ? `, rule ${String(s.rule)}` : ""}\n`;
  }
  if (verbose > 1) line += `   id: ${s.id.toString(16).padStart(16, "0")} creatorid: ${ctx.pf.hostid.toString(16).padStart(8, "0")}\n`;
  return line;
}

export function showStates(ctx: PfctlCtx, o: ShowOpts, titles: Titles): void {
  let dotitle = o.showAll;
  for (const s of ctx.pf.states) {
    if (o.iface !== undefined && s.ifname !== o.iface) continue;
    if (dotitle) titles.title(ctx, "STATES:");
    dotitle = false;
    ctx.io.stdout(stateLines(ctx, s, o.verbose));
  }
}

function rate(n: number, runtime: number): string {
  return runtime > 0 ? `${(n / runtime).toFixed(1).padStart(14)}/s` : " ".repeat(14);
}

/** print_status() */
export function showStatus(ctx: PfctlCtx, o: ShowOpts, titles: Titles): void {
  const pf = ctx.pf;
  if (o.showAll) titles.title(ctx, "INFO:");
  // Never started: since is 0 in the kernel and pfctl divides by the whole epoch.
  const runtime = pf.since === undefined ? Math.floor(ctx.wallDate(ctx.now).getTime() / 1000) : Math.floor((ctx.now - pf.since) / 1000);
  const running = pf.running ? "Enabled" : "Disabled";
  let statline = `Status: ${running}`;
  if (pf.since !== undefined) {
    const day = Math.floor(runtime / 86400);
    statline += ` for ${String(day)} days ${hms(runtime - day * 86400)}`;
  }
  const debug = { none: "None", urgent: "Urgent", misc: "Misc", loud: "Loud" }[pf.debug];
  let s = `${statline.padEnd(44)}${`Debug: ${debug}`.padStart(15)}\n\n`;
  if (o.verbose > 0) s += `Hostid:   0x${pf.hostid.toString(16).padStart(8, "0")}\nChecksum: 0x${checksum(ctx)}\n\n`;
  if (pf.loginterface) s += loginterfaceStats(pf.loginterface);
  s += `${"State Table".padEnd(27)} ${"Total".padStart(14)} ${"Rate".padStart(16)}\n`;
  s += `  ${"current entries".padEnd(25)} ${String(pf.states.length).padStart(14)} ${"".padStart(14)}\n`;
  ["searches", "inserts", "removals"].forEach((name, i) => {
    const n = pf.counters.fcounters[i] ?? 0;
    s += `  ${name.padEnd(25)} ${String(n).padStart(14)} ${rate(n, runtime)}\n`;
  });
  if (o.verbose > 0) {
    s += "Source Tracking Table\n";
    s += `  ${"current entries".padEnd(25)} ${"0".padStart(14)} ${"".padStart(14)}\n`;
    for (const name of ["searches", "inserts", "removals"]) s += `  ${name.padEnd(25)} ${"0".padStart(14)} ${rate(0, runtime)}\n`;
  }
  s += "Counters\n";
  REASON_NAMES.forEach((name, i) => {
    const n = pf.counters.reasons[i] ?? 0;
    s += `  ${name.padEnd(25)} ${String(n).padStart(14)} ${rate(n, runtime)}\n`;
  });
  if (o.verbose > 0) {
    s += "Limit Counters\n";
    LCOUNTER_NAMES.forEach((name, i) => {
      const n = pf.counters.lcounters[i] ?? 0;
      s += `  ${name.padEnd(25)} ${String(n).padStart(14)} ${rate(n, runtime)}\n`;
    });
  }
  ctx.io.stdout(s);
}

function loginterfaceStats(ifname: string): string {
  const row = (label: string, indent: number) => `${" ".repeat(indent)}${label.padEnd(27 - indent)} ${"0".padStart(14)} ${"0".padStart(16)}\n`;
  return (
    `Interface Stats for ${ifname.padEnd(16)} ${"IPv4".padStart(5)} ${"IPv6".padStart(16)}\n` +
    row("Bytes In", 2) + row("Bytes Out", 2) + "  Packets In\n" + row("Passed", 4) + row("Blocked", 4) +
    "  Packets Out\n" + row("Passed", 4) + row("Blocked", 4).replace(/\n$/, "\n\n")
  );
}

/** The ruleset checksum pf keeps (an MD5 in the kernel; here a stable digest of the rules). */
function checksum(ctx: PfctlCtx): string {
  let h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const text = Object.values(ctx.pf.anchors[""]?.rules ?? {}).flat().map((r) => printRule(r, r.anchor?.call ?? "")).join("\n");
  for (let i = 0; i < text.length; i++) h = h.map((x, j) => Math.imul(x ^ (text.charCodeAt(i) + j), 0x01000193) >>> 0);
  return h.map((x) => x.toString(16).padStart(8, "0")).join("");
}

/** pfctl_show_timeouts() */
export function showTimeouts(ctx: PfctlCtx, o: ShowOpts, titles: Titles): void {
  if (o.showAll) titles.title(ctx, "TIMEOUTS:");
  for (const name of TIMEOUT_NAMES) {
    const v = ctx.pf.timeouts[name] ?? 0;
    const unit = name.startsWith("adaptive.") ? " states" : "s";
    ctx.io.stdout(`${name.padEnd(20)} ${String(v).padStart(10)}${unit}\n`);
  }
}

/** pfctl_show_limits() */
export function showLimits(ctx: PfctlCtx, o: ShowOpts, titles: Titles): void {
  if (o.showAll) titles.title(ctx, "LIMITS:");
  for (const name of LIMIT_NAMES) {
    const v = ctx.pf.limits[name] ?? 0;
    ctx.io.stdout(`${name.padEnd(13)} ${v === 0xffffffff ? "unlimited" : `hard limit ${String(v).padStart(8)}`}\n`);
  }
}

/** pfctl_show_anchors(): the anchors under a path, recursively with -v. */
export function showAnchors(ctx: PfctlCtx, path: string, verbose: number): boolean {
  if (ctx.pf.anchors[path] === undefined) {
    ctx.io.stderr(`Anchor '${path}' not found.\n`);
    return false;
  }
  for (const sub of childAnchors(ctx.pf, path)) {
    const name = sub.slice(sub.lastIndexOf("/") + 1);
    if (!name.startsWith("_") || verbose > 0) ctx.io.stdout(`  ${sub}\n`);
    if (verbose > 0) showAnchors(ctx, sub, verbose);
  }
  return true;
}

/** -s Interfaces: the interfaces pf knows, "(skip)" with -v. */
export function showInterfaces(ctx: PfctlCtx, o: ShowOpts, titles: Titles): void {
  if (o.showAll) titles.title(ctx, "INTERFACES:");
  const names = ["ALL", ...ctx.interfaces.map((i) => i.name).sort()];
  for (const n of names) {
    if (o.iface !== undefined && n !== o.iface) continue;
    ctx.io.stdout(`${n}${o.verbose > 0 && ctx.pf.skip.includes(n) ? " (skip)" : ""}\n`);
  }
}

/** -s References: the enable tokens -E handed out. */
export function showReferences(ctx: PfctlCtx): void {
  let s = `TOKENS:\n${"PID".padEnd(9)}${"Process Name".padEnd(29)}${"TOKEN".padEnd(25)}TIMESTAMP\n`;
  for (const t of ctx.pf.tokens) {
    const age = (ctx.now - t.at) / 1000;
    const day = Math.floor(age / 86400);
    s += `${String(t.pid).padEnd(9)}${t.name.padEnd(29)}${t.token.padEnd(25)}${String(day)} days ${hms(age - day * 86400)}\n`;
  }
  ctx.io.stdout(s);
}

export function showFingerprints(ctx: PfctlCtx, o: ShowOpts, titles: Titles): void {
  if (o.showAll) titles.title(ctx, "OS FINGERPRINTS:");
  ctx.io.stdout("696 fingerprints loaded\n");
}

