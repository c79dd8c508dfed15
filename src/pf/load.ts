// `pfctl -f FILE` (pfctl.c pfctl_rules, pfctl_load_ruleset, pfctl_load_anchors): parse,
// print the rules with -v as they are loaded (scrub, nat, rdr, binat, filter, dummynet;
// inline anchors in braces), read the files `load anchor` names, and commit everything in
// one transaction unless -n: a file that fails to parse changes nothing.
import { maskAddr } from "./addr.ts";
import type { HostInterface } from "./hosts.ts";
import {
  collectAnchors, collectTables, commitRules, createCalledAnchors, DEFAULT_LIMITS, DEFAULT_TIMEOUTS, findOrCreate, newTable,
} from "./kernel.ts";
import { emptyKinds, parseConfig, type ParsedConfig, type TableDef } from "./parse.ts";
import { PARSE_COUNTS, printRule } from "./print.ts";
import { RULESET_KINDS, type PfRule, type PfState, type RulesetKind, type TableEntry } from "./types.ts";

export interface LoadOptions {
  readonly verbose: 0 | 1 | 2;
  /** -n: parse and print only. */
  readonly noAction: boolean;
  /** -a: the anchor the file is loaded into ("" main). */
  readonly anchor: string;
  /** Reads a file; "-" is standard input. Undefined when it cannot be read. */
  readonly readFile: (path: string) => string | undefined;
  readonly interfaces: readonly HostInterface[];
  readonly defines?: Readonly<Record<string, string>>;
  readonly random?: () => number;
  /** Virtual ms: when tables were defined. */
  readonly now: number;
  /** The loading pfctl's pid, recorded in the rules. */
  readonly pid?: number;
}

export interface LoadResult {
  readonly ok: boolean;
  readonly out: string;
  readonly err: string;
}

interface Pending {
  readonly path: string;
  readonly parsed: ParsedConfig;
}

/** The name pfctl gives a anchor call while loading: what follows its last '/' (pfctl_add_rule). */
function loadingName(r: PfRule): string {
  const call = r.anchor?.call ?? "";
  const slash = call.lastIndexOf("/");
  return slash >= 0 ? call.slice(slash) : call;
}

/** pfctl_load_ruleset() with -v: the rules of one kind, inline anchors nested in braces. */
function printRuleset(parsed: ParsedConfig, path: string, kind: RulesetKind, depth: number, verbose: 0 | 1 | 2): string {
  const rules = parsed.rulesets[path]?.[kind] ?? [];
  let s = "";
  if (depth > 0) s += rules.length > 0 ? " {\n" : "\n";
  const indent = (d: number) => (verbose > 1 ? "" : "  ".repeat(d));
  for (const r of rules) {
    const inline = r.anchor !== undefined && parsed.rulesets[r.anchor.path] !== undefined && !r.anchor.wildcard;
    s += indent(depth) + printRule(r, inline ? (r.anchor?.call.split("/").pop() ?? "") : loadingName(r), verbose > 1 ? PARSE_COUNTS : undefined);
    if (r.anchor !== undefined) s += inline ? printRuleset(parsed, r.anchor.path, kind, depth + 1, verbose) : "\n";
    else s += "\n";
  }
  if (depth > 0 && rules.length > 0) s += `${indent(depth - 1)}}\n`;
  return s;
}

function printLoaded(parsed: ParsedConfig, path: string, verbose: 0 | 1 | 2): string {
  return RULESET_KINDS.map((k) => printRuleset(parsed, path, k, 0, verbose)).join("");
}

/** Parses one file as anchor `path` and queues it; false (with pfctl's messages) on failure. */
function parseOne(opts: LoadOptions, file: string, path: string, pending: Pending[], io: { out: string; err: string }): ParsedConfig | undefined {
  const text = opts.readFile(file);
  if (text === undefined) {
    io.err += `pfctl: ${file}: No such file or directory\npfctl: cannot open the main config file!: No such file or directory\n`;
    if (!opts.noAction) io.err += "pfctl: Syntax error in config file: pf rules not loaded\n";
    return undefined;
  }
  const parsed = parseConfig({
    name: file === "-" && path === opts.anchor ? "stdin" : file,
    text,
    readFile: opts.readFile,
    verbose: opts.verbose,
    interfaces: opts.interfaces,
    anchor: path,
    ...(opts.defines ? { defines: opts.defines } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  io.out += parsed.out;
  io.err += parsed.err;
  if (!parsed.ok) {
    if (!opts.noAction) io.err += "pfctl: Syntax error in config file: pf rules not loaded\n";
    return undefined;
  }
  if (opts.verbose > 0) io.out += printLoaded(parsed, path, opts.verbose);
  pending.push({ path, parsed });
  return parsed;
}

/** Loads `file` into `pf` as pfctl -f does; `pf` changes only when everything parsed. */
export function loadRules(pf: PfState, file: string, opts: LoadOptions): LoadResult {
  const io = { out: "", err: "" };
  const pending: Pending[] = [];
  const main = parseOne(opts, file, opts.anchor, pending, io);
  if (main === undefined) return { ok: false, ...io };
  const queue = opts.anchor === "" ? [...main.loadAnchors] : [];
  for (let i = 0; i < queue.length; i++) {
    const la = queue[i];
    if (la === undefined) continue;
    if (opts.verbose > 0) io.err += `\nLoading anchor ${la.anchor} from ${la.file}\n`;
    const sub = parseOne(opts, la.file, la.anchor, pending, io);
    if (sub === undefined) {
      io.err += "pfctl: load anchors\n";
      return { ok: false, ...io };
    }
    queue.push(...sub.loadAnchors);
  }
  if (!opts.noAction) commit(pf, pending, opts);
  return { ok: true, ...io };
}

function commit(pf: PfState, pending: readonly Pending[], opts: LoadOptions): void {
  const replaced = new Set(pending.flatMap(({ path, parsed }) => [path, ...Object.keys(parsed.rulesets)]));
  for (const s of pf.states) if (replaced.has(s.anchor)) s.rule = -1;
  for (const s of pf.states) if (s.natRule !== undefined && replaced.has(s.natRule.anchor)) s.natRule.nr = -1;
  for (const { path, parsed } of pending) {
    for (const [p, rules] of Object.entries(parsed.rulesets)) commitRules(pf, p, RULESET_KINDS, rules, opts.pid);
    if (parsed.rulesets[path] === undefined) commitRules(pf, path, RULESET_KINDS, emptyKinds(), opts.pid);
    for (const def of parsed.tables) defineTable(pf, path, def, opts.now);
    if (path === "" && opts.anchor === "") applyOptions(pf, parsed);
  }
  createCalledAnchors(pf);
  collectTables(pf);
  collectAnchors(pf);
}

/** pfr_ina_define + commit: the table takes the file's flags and addresses, keeping the counters of addresses it already had. */
function defineTable(pf: PfState, path: string, def: TableDef, now: number): void {
  const rs = findOrCreate(pf, path);
  const old = rs.tables[def.name];
  const t = old ?? newTable(def.name, now);
  t.persist = def.persist;
  t.isConst = def.isConst;
  const entries: TableEntry[] = [];
  for (const e of def.entries) {
    const a = e.addr;
    if (a.type !== "addrmask") continue;
    const addr = maskAddr(a.addr, a.bits);
    const same = (x: TableEntry) => x.addr.hex === addr.hex && x.addr.af === addr.af && x.bits === a.bits && x.not === e.not;
    // pfr_ina_define(): an address already in the list is a duplicate, whatever its `!`.
    if (entries.some((x) => x.addr.hex === addr.hex && x.addr.af === addr.af && x.bits === a.bits)) continue;
    entries.push(t.entries.find(same) ?? { addr, bits: a.bits, not: e.not, tzero: now, packets: [0, 0, 0, 0], bytes: [0, 0, 0, 0] });
  }
  t.entries = entries;
  rs.tables[def.name] = t;
}

/** pfctl_load_options(): timeouts and limits back to pfctl's defaults unless set. */
function applyOptions(pf: PfState, parsed: ParsedConfig): void {
  const o = parsed.options;
  pf.timeouts = { ...DEFAULT_TIMEOUTS, ...o.timeouts };
  pf.limits = { ...DEFAULT_LIMITS, ...o.limits };
  const states = o.limits["states"];
  if (states !== undefined && o.timeouts["adaptive.start"] === undefined && o.timeouts["adaptive.end"] === undefined) {
    pf.timeouts["adaptive.start"] = Math.floor(states / 10) * 6;
    pf.timeouts["adaptive.end"] = Math.floor(states / 10) * 12;
  }
  pf.debug = o.debug ?? "urgent";
  pf.hostid = o.hostid ?? pf.hostid;
  if (o.loginterface) pf.loginterface = o.loginterface;
  else delete pf.loginterface;
  pf.skip = o.skip ?? [];
}
