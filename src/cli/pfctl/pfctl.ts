// `pfctl` as macOS has it (pfctl.c main): options parsed by BSD getopt, then in this order
// -d, -s, -F, -k, -T, -f, -e, -x, each printing what pfctl prints. Without -n the device
// is opened first, and macOS's kernel has no ALTQ, which pfctl reports every time.
import { loadRules } from "../../pf/index.ts";
import { namespaceOf } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";
import { flush, killStates } from "./flush.ts";
import { getopt } from "./getopt.ts";
import { isMacos, pfctlContext, type PfctlCtx } from "./host.ts";
import {
  showAnchors, showDummynet, showFingerprints, showInterfaces, showLabels, showLimits, showNat, showReferences,
  showRules, showStates, showStatus, showTimeouts, Titles, type ShowOpts,
} from "./show.ts";
import { showTables, tableCommand, type TableOpts } from "./tables.ts";

const SPEC = "a:AdD:eEqf:F:ghi:k:K:mnNOo:p:rRs:t:T:vx:X:z";

const USAGE =
  "usage: pfctl [-AdeghmNnOqRrvz] [-a anchor] [-D macro=value] [-F modifier]\n" +
  "\t[-f file] [-i interface] [-K host | network] [-k host | network]\n" +
  "\t[-o level] [-p device] [-s modifier] [-w interval]\n" +
  "\t[-t table -T command [address ...]] [-x level]\n";

const CLEAR_OPTS = ["nat", "queue", "rules", "Sources", "states", "info", "Tables", "osfp", "dummynet", "all"];
const SHOW_OPTS = ["nat", "queue", "rules", "Anchors", "Sources", "states", "info", "Interfaces", "labels", "timeouts", "memory", "Tables", "osfp", "References", "dummynet", "all"];
const TABLE_CMDS = ["kill", "flush", "add", "delete", "load", "replace", "show", "test", "zero", "expire"];
const DEBUG_OPTS = ["none", "urgent", "misc", "loud"];
const OPTI_OPTS = ["none", "basic", "profile"];

/** The warning macOS's pfctl gives for every -f. */
const F_WARNING =
  "pfctl: Use of -f option, could result in flushing of rules\n" +
  "present in the main ruleset added by the system at startup.\n" +
  "See /etc/pf.conf for further details.\n\n";

const ALTQ_NOTE = "No ALTQ support in kernel\nALTQ related functions disabled\n";

/** pfctl_lookup_option(): the first option the word is a prefix of. */
function lookup(word: string, list: readonly string[]): string | undefined {
  return word === "" ? undefined : list.find((o) => o.startsWith(word));
}

interface Args {
  anchor?: string;
  disable: boolean;
  enable: boolean;
  enableRef: boolean;
  releaseToken?: string;
  quiet: boolean;
  noAction: boolean;
  verbose: number;
  clear?: string;
  show?: string;
  rules?: string;
  iface?: string;
  table?: string;
  tableCmd?: string;
  kill: string[];
  debug?: string;
  clearCounters: boolean;
  defines: Record<string, string>;
  rest: readonly string[];
}

class Exit {
  constructor(readonly status: number) {}
}

function usage(io: ToolIO): never {
  io.stderr(USAGE);
  throw new Exit(1);
}

/** errx(1, ...) */
function errx(io: ToolIO, message: string): never {
  io.stderr(`pfctl: ${message}\n`);
  throw new Exit(1);
}

function modifier(io: ToolIO, word: string, list: readonly string[], what: string): string {
  const m = lookup(word, list);
  if (m === undefined) {
    io.stderr(`pfctl: Unknown ${what} '${word}'\n`);
    usage(io);
  }
  return m;
}

function parseArgs(argv: readonly string[], io: ToolIO): Args {
  if (argv.length === 0) usage(io);
  const g = getopt(argv, SPEC, "pfctl");
  if (g.error !== undefined) {
    io.stderr(g.error);
    usage(io);
  }
  const a: Args = { disable: false, enable: false, enableRef: false, quiet: false, noAction: false, verbose: 0, kill: [], clearCounters: false, defines: {}, rest: g.rest };
  for (const { ch, arg = "" } of g.opts) applyOpt(a, ch, arg, io);
  if (a.tableCmd === undefined && a.rest.length > 0) {
    io.stderr(`pfctl: unknown command line argument: ${a.rest[0] ?? ""} ...\n`);
    usage(io);
  }
  return a;
}

function applyOpt(a: Args, ch: string, arg: string, io: ToolIO): void {
  switch (ch) {
    case "a": a.anchor = arg; break;
    case "d": a.disable = true; break;
    case "e": a.enable = true; break;
    case "E": a.enableRef = true; break;
    case "X": a.releaseToken = arg; break;
    case "q": a.quiet = true; break;
    case "n": a.noAction = true; break;
    case "f": a.rules = arg; break;
    case "i": a.iface = arg; break;
    case "t": a.table = arg; break;
    case "z": a.clearCounters = true; break;
    case "v": a.verbose++; break;
    case "D": defineMacro(a, arg, io); break;
    case "F": a.clear = modifier(io, arg, CLEAR_OPTS, "flush modifier"); break;
    case "s": a.show = modifier(io, arg, SHOW_OPTS, "show modifier"); break;
    case "T": a.tableCmd = modifier(io, arg, TABLE_CMDS, "table command"); break;
    case "x": a.debug = modifier(io, arg, DEBUG_OPTS, "debug level"); break;
    case "o": modifier(io, arg, OPTI_OPTS, "optimization"); break;
    case "k":
      if (a.kill.length >= 2) {
        io.stderr("pfctl: can only specify -k twice\n");
        usage(io);
      }
      a.kill.push(arg);
      break;
    case "h": return usage(io);
    default: break;
  }
}

/** -D macro=value, split at the last '=' (pfctl_cmdline_symset). */
function defineMacro(a: Args, arg: string, io: ToolIO): void {
  const eq = arg.lastIndexOf("=");
  if (eq < 0) io.stderr(`pfctl: could not parse macro definition ${arg}\n`);
  else a.defines[arg.slice(0, eq)] = arg.slice(eq + 1);
}

/** -a NAME, NAME/* (recursive printing). */
function anchorOf(a: Args): { anchor: string; recurse: boolean } {
  const raw = a.anchor ?? "";
  if (!raw.endsWith("*")) return { anchor: raw, recurse: false };
  return { anchor: raw.endsWith("/*") ? raw.slice(0, -2) : raw.slice(0, -1), recurse: true };
}

export const pfctl: Tool = (argv, world, ns, io) => {
  if (!isMacos(namespaceOf(world, ns))) {
    io.stderr("bash: pfctl: command not found\n");
    return 127;
  }
  const ctx = pfctlContext(world, ns, io);
  try {
    return run(ctx, parseArgs(argv, io));
  } catch (e) {
    if (e instanceof Exit) return e.status;
    throw e;
  }
};

function run(ctx: PfctlCtx, a: Args): number {
  const io = ctx.io;
  const { anchor, recurse } = anchorOf(a);
  if (a.rules !== undefined) io.stderr(F_WARNING);
  if (!a.noAction && !a.quiet) io.stderr(ALTQ_NOTE);
  const live = !a.noAction;
  let error = 0;
  if (live && a.disable) disable(ctx, a);
  if (live && a.releaseToken !== undefined) release(ctx, a, a.releaseToken);
  const so: ShowOpts = { verbose: a.verbose, showAll: false, recurse, iface: a.iface };
  if (live && a.show !== undefined) show(ctx, a.show, anchor, so, a);
  if (live && a.clearCounters && a.show === undefined) zeroCounters(ctx, anchor);
  const to: TableOpts = { verbose: a.verbose, quiet: a.quiet, noAction: a.noAction, showAll: false, anchor };
  if (live && a.clear !== undefined) {
    if (anchor.startsWith("_") || anchor.includes("/_")) errx(io, "anchor names beginning with '_' cannot be modified from the command line");
    flush(ctx, a.clear, to, a.iface);
  }
  if (a.kill.length > 0) error = killStates(ctx, a.kill, a.quiet, a.iface) || error;
  if (a.tableCmd !== undefined && a.tableCmd !== "load") error = tables(ctx, a, to);
  if (a.rules !== undefined && load(ctx, a, anchor) !== 0) return 1;
  if (live && a.enable) enable(ctx, a);
  if (live && a.enableRef) enableRef(ctx, a);
  if (live && a.debug !== undefined) {
    ctx.pf.debug = a.debug === "loud" ? "loud" : (a.debug as typeof ctx.pf.debug);
    if (!a.quiet) io.stderr(`debug level set to '${a.debug}'\n`);
  }
  return error & 255;
}

function disable(ctx: PfctlCtx, a: Args): void {
  if (!ctx.pf.running) errx(ctx.io, "pf not enabled");
  ctx.pf.running = false;
  ctx.pf.since = ctx.now;
  ctx.pf.tokens = [];
  if (!a.quiet) ctx.io.stderr("pf disabled\n");
}

function enable(ctx: PfctlCtx, a: Args): void {
  if (ctx.pf.running) errx(ctx.io, "pf already enabled");
  ctx.pf.running = true;
  ctx.pf.since = ctx.now;
  if (!a.quiet) ctx.io.stderr("pf enabled\n");
}

/** -E: enable and take a reference; the token is what -X gives back. */
function enableRef(ctx: PfctlCtx, a: Args): void {
  if (!ctx.pf.running) {
    ctx.pf.running = true;
    ctx.pf.since = ctx.now;
  }
  const hi = BigInt(Math.floor(ctx.random() * 0x80000000));
  const lo = BigInt(Math.floor(ctx.random() * 0x100000000));
  const token = ((hi << 32n) | lo).toString();
  ctx.pf.tokens.push({ token, pid: nextPid(ctx), name: "pfctl", at: ctx.now });
  if (!a.quiet) ctx.io.stderr("pf enabled\n");
  ctx.io.stdout(`Token : ${token}\n`);
}

/** -X token: release a reference; pf stops with the last one. */
function release(ctx: PfctlCtx, a: Args, token: string): void {
  if (!ctx.pf.running) errx(ctx.io, "pf not enabled");
  const i = ctx.pf.tokens.findIndex((t) => t.token === token);
  if (i < 0) errx(ctx.io, "DIOCSTOPREF: Invalid argument");
  ctx.pf.tokens.splice(i, 1);
  if (ctx.pf.tokens.length > 0) return;
  ctx.pf.running = false;
  ctx.pf.since = ctx.now;
  if (!a.quiet) ctx.io.stderr("pf disabled\n");
}

function nextPid(ctx: PfctlCtx): number {
  ctx.pf.lastPid = (ctx.pf.lastPid ?? 300) + 1 + Math.floor(ctx.random() * 40);
  return ctx.pf.lastPid;
}

function zeroCounters(ctx: PfctlCtx, anchor: string): void {
  const rs = ctx.pf.anchors[anchor];
  for (const r of [...(rs?.rules.scrub ?? []), ...(rs?.rules.filter ?? [])]) {
    r.counters = { ...r.counters, evaluations: 0, packets: [0, 0], bytes: [0, 0] };
  }
}

function show(ctx: PfctlCtx, what: string, anchor: string, o: ShowOpts, a: Args): void {
  const titles = new Titles();
  const to: TableOpts = { verbose: o.verbose, quiet: a.quiet, noAction: false, showAll: false, anchor };
  switch (what) {
    case "rules": showRules(ctx, anchor, o, titles); break;
    case "nat": showNat(ctx, anchor, o, titles); break;
    case "dummynet": showDummynet(ctx, anchor, o, titles); break;
    case "states": showStates(ctx, o, titles); break;
    case "info": showStatus(ctx, o, titles); break;
    case "timeouts": showTimeouts(ctx, o, titles); break;
    case "memory": showLimits(ctx, o, titles); break;
    case "Tables": showTables(ctx, to, titles); break;
    case "Anchors": showAnchors(ctx, anchor, o.verbose); break;
    case "labels": showLabels(ctx, anchor); break;
    case "Interfaces": showInterfaces(ctx, o, titles); break;
    case "References": showReferences(ctx); break;
    case "osfp": showFingerprints(ctx, o, titles); break;
    case "all": showAll(ctx, anchor, { ...o, showAll: true }, { ...to, showAll: true }, titles); break;
    default: break;
  }
}

function showAll(ctx: PfctlCtx, anchor: string, o: ShowOpts, to: TableOpts, titles: Titles): void {
  showNat(ctx, anchor, o, titles);
  showRules(ctx, anchor, o, titles);
  showDummynet(ctx, anchor, o, titles);
  showStates(ctx, o, titles);
  showStatus(ctx, o, titles);
  const labelled = ctx.pf.anchors[anchor]?.rules.filter.some((r) => r.label !== undefined) ?? false;
  if (labelled) {
    titles.title(ctx, "LABEL COUNTERS:");
    showLabels(ctx, anchor);
  }
  showTimeouts(ctx, o, titles);
  showLimits(ctx, o, titles);
  showTables(ctx, to, titles);
  showFingerprints(ctx, o, titles);
}

function tables(ctx: PfctlCtx, a: Args, to: TableOpts): number {
  if (a.table === undefined || a.tableCmd === undefined) usage(ctx.io);
  const status = tableCommand(ctx, to, a.table, a.tableCmd, a.rest, a.rules);
  delete a.rules;
  if (status === -2) usage(ctx.io);
  return status;
}

/** -f FILE: load (or with -n check) a ruleset into the anchor. */
function load(ctx: PfctlCtx, a: Args, anchor: string): number {
  if (anchor.startsWith("_") || anchor.includes("/_")) errx(ctx.io, "anchor names beginning with '_' cannot be modified from the command line");
  const r = loadRules(ctx.pf, a.rules ?? "", {
    verbose: a.verbose > 1 ? 2 : a.verbose > 0 ? 1 : 0,
    noAction: a.noAction,
    anchor,
    readFile: (p) => ctx.readFile(p),
    interfaces: ctx.interfaces,
    defines: a.defines,
    random: () => ctx.random(),
    now: ctx.now,
    pid: a.noAction ? 0 : nextPid(ctx),
  });
  ctx.io.stdout(r.out);
  ctx.io.stderr(r.err);
  return r.ok ? 0 : 1;
}
