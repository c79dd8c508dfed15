// pf.conf as macOS's pfctl parses it (parse.y): macros, tables, `set` options, scrub,
// nat/rdr/binat, anchors (inline, `load anchor`, and macOS's scrub-/dummynet-anchor),
// and pass/block rules. Errors are reported as pfctl reports them ("FILE:LINE: message"),
// the statement is skipped to the end of its line, and parsing goes on.
import type { Af } from "./addr.ts";
import { expandRule, type RuleDraft } from "./expand.ts";
import type { HostInterface, HostNode } from "./hosts.ts";
import { ActionFail, SyntaxFail, TokenStream } from "./stream.ts";
import { Terms, type FromTo } from "./terms.ts";
import { filterOpts, keepStateOf, scrubOpts, type FilterOpts } from "./opts.ts";
import { parseTranslation, parseBinat } from "./translate.ts";
import { finishRoute, parseRoute } from "./route.ts";
import { parseOption } from "./setopts.ts";
import { parseTableDef } from "./tabledef.ts";
import { parseAnchorRule, parseAntispoof, parseLoadRule } from "./anchors.ts";
import type { PfRule, RulesetKind } from "./types.ts";
import { atoul } from "./terms.ts";

export interface ParseOptions {
  /** The name errors carry: the path given, or "stdin" for "-". */
  readonly name: string;
  readonly text: string;
  /** `include` and table `file`: the text, or undefined when it cannot be read. */
  readonly readFile?: (path: string) => string | undefined;
  readonly verbose: 0 | 1 | 2;
  readonly interfaces: readonly HostInterface[];
  /** The anchor being loaded, "" for the main ruleset. */
  readonly anchor: string;
  /** -D macro=value: macros the file cannot redefine. */
  readonly defines?: Readonly<Record<string, string>>;
  /** arc4random() for source-hash keys pfctl makes up. */
  readonly random?: () => number;
}

export interface TableDef {
  readonly name: string;
  readonly persist: boolean;
  readonly isConst: boolean;
  readonly entries: readonly { readonly addr: HostNode["addr"]; readonly not: boolean }[];
}

export interface ParsedOptions {
  timeouts: Record<string, number>;
  limits: Record<string, number>;
  debug?: "none" | "urgent" | "misc" | "loud";
  hostid?: number;
  loginterface?: string;
  /** `set skip on ...`; [] for `set skip on none`. */
  skip?: string[];
}

export interface ParsedConfig {
  readonly ok: boolean;
  /** What pfctl -v prints while parsing (macros, options, table definitions). */
  readonly out: string;
  readonly err: string;
  /** Rules by anchor path: the loaded anchor's, and its inline anchors' ("foo" of `anchor foo { }`). */
  readonly rulesets: Record<string, Record<RulesetKind, PfRule[]>>;
  readonly tables: TableDef[];
  readonly loadAnchors: { readonly anchor: string; readonly file: string }[];
  readonly options: ParsedOptions;
}

/** PFCTL_STATE_*: the order `set require-order` enforces. */
export const STATE = { none: 0, option: 1, scrub: 2, queue: 3, nat: 4, filter: 5 } as const;

export function emptyKinds(): Record<RulesetKind, PfRule[]> {
  return { scrub: [], nat: [], rdr: [], binat: [], filter: [], dummynet: [] };
}

interface Macro {
  value: string;
  readonly persist: boolean;
  used: boolean;
}

export class Parser {
  readonly ts: TokenStream;
  readonly terms: Terms;
  private readonly macros = new Map<string, Macro>();
  out = "";
  private rulestate: number = STATE.none;
  requireOrder = true;
  blockPolicy: "drop" | "return" = "drop";
  /** returnicmpdefault / returnicmp6default: port unreachable. */
  readonly returnIcmp = (3 << 8) | 3;
  readonly returnIcmp6 = (1 << 8) | 4;
  statePolicyIfBound = false;
  stateDefaults: FilterOpts["keep"] | undefined;
  /** The anchor stack: paths of the inline anchors being read, the loaded anchor at the bottom. */
  readonly astack: string[];
  private readonly match = new Map<string, number>();
  braceCount = 0;
  readonly rulesets: Record<string, Record<RulesetKind, PfRule[]>>;
  readonly tables: TableDef[] = [];
  readonly loadAnchors: { anchor: string; file: string }[] = [];
  readonly options: ParsedOptions = { timeouts: {}, limits: {} };

  constructor(readonly opts: ParseOptions) {
    this.astack = [opts.anchor];
    this.rulesets = { [opts.anchor]: emptyKinds() };
    for (const [k, v] of Object.entries(opts.defines ?? {})) this.macros.set(k, { value: v, persist: true, used: false });
    this.ts = new TokenStream((name) => this.symget(name));
    this.ts.push(opts.name, opts.text);
    this.terms = new Terms(this.ts, opts.interfaces);
  }

  random(): number {
    return this.opts.random?.() ?? 0;
  }

  get verbose(): boolean {
    return this.opts.verbose > 0;
  }

  private symget(name: string): string | undefined {
    const m = this.macros.get(name);
    if (m === undefined) return undefined;
    m.used = true;
    return m.value;
  }

  run(): ParsedConfig {
    while (this.ts.peek().kind !== "eof") this.statementLine();
    if (this.opts.verbose > 1) {
      for (const [name, m] of this.macros) if (!m.used) this.ts.warn(`warning: macro '${name}' not used`);
    }
    return {
      ok: this.ts.errors === 0,
      out: this.out,
      err: this.ts.err,
      rulesets: this.rulesets,
      tables: this.tables,
      loadAnchors: this.loadAnchors,
      options: this.options,
    };
  }

  /** One `ruleset X '\n'` step, with yacc's `error '\n'` recovery. */
  private statementLine(): void {
    try {
      this.statement();
      const t = this.ts.peek();
      if (t.kind !== "nl" && t.kind !== "eof") throw new SyntaxFail(t);
      this.ts.next();
    } catch (e) {
      if (e instanceof SyntaxFail) {
        this.ts.reportAt(this.ts.fileName, e.token.line, "syntax error");
        if (e.token.kind !== "nl") this.ts.recover();
        else this.ts.next();
      } else if (e instanceof ActionFail) {
        this.ts.errors++;
        this.ts.recover();
      } else throw e;
    }
  }

  checkRulestate(state: number): void {
    if (this.requireOrder && this.rulestate > state) {
      this.ts.fail("Rules must be in order: options, normalization, queueing, translation, filtering");
    }
    this.rulestate = state;
  }

  private statement(): void {
    const t = this.ts.peek();
    if (t.kind === "nl" || t.kind === "eof") return;
    if (t.kind === "string") return this.varset();
    if (t.kind !== "keyword") throw new SyntaxFail(t);
    switch (t.text) {
      case "include":
        return this.include();
      case "set":
        return parseOption(this);
      case "table":
        return parseTableDef(this);
      case "pass":
      case "block":
        return this.pfrule();
      case "scrub":
        return this.scrubrule(false);
      case "nat":
      case "rdr":
        return parseTranslation(this, false);
      case "binat":
        return parseBinat(this, false);
      case "no":
        return this.noRule();
      case "anchor":
      case "nat-anchor":
      case "rdr-anchor":
      case "binat-anchor":
      case "scrub-anchor":
      case "dummynet-anchor":
        return parseAnchorRule(this);
      case "load":
        return parseLoadRule(this);
      case "antispoof":
        return parseAntispoof(this);
      default:
        throw new SyntaxFail(t);
    }
  }

  private noRule(): void {
    this.ts.next();
    const t = this.ts.peek();
    if (this.ts.isKw("scrub")) return this.scrubrule(true);
    if (this.ts.isKw("nat") || this.ts.isKw("rdr")) return parseTranslation(this, true);
    if (this.ts.isKw("binat")) return parseBinat(this, true);
    throw new SyntaxFail(t);
  }

  private varset(): void {
    const name = this.ts.expectString();
    this.ts.expectPunct("=");
    const parts = [this.terms.numberstring()];
    while (this.ts.peek().kind === "string" || this.ts.peek().kind === "number") parts.push(this.terms.numberstring());
    const value = parts.join(" ");
    if (this.verbose) this.out += `${name} = "${value}"\n`;
    if (this.macros.get(name)?.persist) return;
    this.macros.delete(name);
    this.macros.set(name, { value, persist: false, used: false });
  }

  private include(): void {
    this.ts.next();
    const line = this.ts.peek().line;
    const path = this.ts.expectString();
    const text = this.opts.readFile?.(path);
    if (text === undefined) {
      this.ts.warn(`pfctl: ${path}: No such file or directory`);
      this.ts.fail(`failed to include file ${path}`);
    }
    if (this.ts.peek().kind !== "nl" && this.ts.peek().kind !== "eof") throw new SyntaxFail(this.ts.peek());
    this.ts.next();
    this.ts.push(path, text);
    this.ts.pushNewline(line);
  }

  /** The next rule number of the anchor being read (r->nr = astack[asd]->match++). */
  nextNr(): number {
    const key = this.currentAnchor;
    const n = this.match.get(key) ?? 0;
    this.match.set(key, n + 1);
    return n;
  }

  get currentAnchor(): string {
    return this.astack[this.astack.length - 1] ?? this.opts.anchor;
  }

  addRules(kind: RulesetKind, rules: PfRule[]): void {
    (this.rulesets[this.currentAnchor] ??= emptyKinds())[kind].push(...rules);
  }

  pfrule(): void {
    const t = this.ts.next();
    const block = t.text === "block" ? this.blockspec() : undefined;
    const dir = this.dir();
    const lq = this.logquick();
    const ifs = this.terms.interfaces();
    const route = parseRoute(this);
    const af = this.terms.af();
    const protos = this.terms.protos();
    const ft = this.terms.fromto();
    const fo = filterOpts(this);
    this.checkRulestate(STATE.filter);
    if (route !== undefined && dir === "inout") this.ts.fail("direction must be explicit with rules that specify routing");
    let draft = this.filterDraft(block === undefined ? "pass" : "block", block, dir, lq, af, protos, ft, fo);
    let pool: HostNode[] | undefined;
    if (route !== undefined) {
      const fin = finishRoute(this, route, draft.af);
      draft = { ...draft, af: fin.af, rt: route.rt, rpool: fin.rpool };
      pool = fin.hosts;
    }
    const rules = expandRule(this.ts, draft, { ifs, protos, icmp: fo.icmp, src: ft.src, dst: ft.dst, uids: fo.uids, gids: fo.gids, pool }, () => this.nextNr());
    this.addRules("filter", rules);
  }

  blockspec(): RuleDraft["block"] {
    const t = this.ts.peek();
    if (this.ts.acceptKw("drop")) return { kind: "drop" };
    if (this.ts.acceptKw("return")) return { kind: "return" };
    if (this.ts.acceptKw("return-rst")) {
      if (!this.ts.acceptPunct("(")) return { kind: "return-rst", ttl: 0 };
      this.ts.expectKw("ttl");
      const ttl = this.ts.expectNumber();
      this.ts.expectPunct(")");
      if (ttl < 0 || ttl > 255) this.ts.fail(`illegal ttl value ${String(ttl)}`);
      return { kind: "return-rst", ttl };
    }
    if (this.ts.isKw("return-icmp") || this.ts.isKw("return-icmp6")) return this.returnIcmpSpec(t.text === "return-icmp6");
    return this.blockPolicy === "drop" ? { kind: "drop" } : { kind: "return" };
  }

  private returnIcmpSpec(six: boolean): RuleDraft["block"] {
    this.ts.next();
    if (!this.ts.acceptPunct("(")) return { kind: "return-icmp", icmp: this.returnIcmp, icmp6: this.returnIcmp6 };
    const first = this.icmpReturnCode(six ? 6 : 4);
    if (six) {
      this.ts.expectPunct(")");
      return { kind: "return-icmp", icmp: this.returnIcmp, icmp6: first };
    }
    this.ts.comma();
    if (this.ts.acceptPunct(")")) return { kind: "return-icmp", icmp: first, icmp6: this.returnIcmp };
    const second = this.icmpReturnCode(6);
    this.ts.expectPunct(")");
    return { kind: "return-icmp", icmp: first, icmp6: second };
  }

  /** reticmpspec: a code name or number under the default type (unreachable). */
  private icmpReturnCode(af: 4 | 6): number {
    const type = (af === 4 ? this.returnIcmp : this.returnIcmp6) >> 8;
    const t = this.ts.next();
    let code: number | undefined;
    if (t.kind === "number") code = Number(t.text);
    else if (t.kind === "string") {
      code = atoul(t.text) ?? this.terms.icmpCodeOf(type, t.text, af);
      if (code === undefined) this.ts.fail(`unknown icmp code ${t.text}`);
    } else throw new SyntaxFail(t);
    if (code < 0 || code > 255) this.ts.fail(`invalid icmp code ${String(code)}`);
    return (type << 8) | code;
  }

  dir(): "inout" | "in" | "out" {
    if (this.ts.acceptKw("in")) return "in";
    if (this.ts.acceptKw("out")) return "out";
    return "inout";
  }

  /** logquick: log and quick in either order. */
  logquick(): { log?: NonNullable<PfRule["log"]>; quick: boolean } {
    let quick = this.ts.acceptKw("quick");
    const log = this.log();
    if (!quick) quick = this.ts.acceptKw("quick");
    return { ...(log ? { log } : {}), quick };
  }

  log(): NonNullable<PfRule["log"]> | undefined {
    if (!this.ts.acceptKw("log")) return undefined;
    const out = { all: false, user: false, logif: 0 };
    if (!this.ts.acceptPunct("(")) return out;
    for (let first = true; first || !this.ts.acceptPunct(")"); first = false) {
      if (!first) this.ts.comma();
      if (this.ts.acceptKw("all")) out.all = true;
      else if (this.ts.acceptKw("user") || this.ts.acceptKw("group")) out.user = true;
      else if (this.ts.acceptKw("to")) out.logif = this.pflog(this.ts.expectString());
      else throw new SyntaxFail(this.ts.peek());
    }
    return out;
  }

  private pflog(name: string): number {
    if (!name.startsWith("pflog")) this.ts.fail(`${name}: should be a pflog interface`);
    const n = name.slice(5);
    if (!/^\d+$/.test(n)) this.ts.fail(`${name}: invalid`);
    if (Number(n) > 255) this.ts.fail(`${name}: too large`);
    return Number(n);
  }

  /** The pfrule action: defaults, state options, and the checks made before expansion. */
  private filterDraft(action: "pass" | "block", block: RuleDraft["block"], dir: RuleDraft["direction"], lq: ReturnType<Parser["logquick"]>, af: Af, protos: number[] | undefined, ft: FromTo, fo: FilterOpts): RuleDraft {
    this.checkTcpOnly(fo, protos, ft);
    const keep = keepStateOf(this, action, fo);
    let flags = fo.flags?.[0] ?? 0;
    let flagset = fo.flags?.[1] ?? 0;
    if (action === "pass" && !flags && !flagset && !fo.fragment && fo.flags === undefined && keep.keepState !== "none") {
      flags = 0x02;
      flagset = 0x12;
    }
    const ruleAf = decideAf(decideAf(af, ft.src.hosts), ft.dst.hosts);
    return {
      action,
      ...(block ? { block } : {}),
      direction: dir,
      ...(lq.log ? { log: lq.log } : {}),
      quick: lq.quick,
      af: ruleAf,
      flags,
      flagset,
      tos: fo.tos ?? 0,
      keepState: keep.keepState,
      ...(keep.stateOpts ? { stateOpts: keep.stateOpts } : {}),
      ...(fo.label !== undefined ? { label: fo.label } : {}),
      ...(fo.tag !== undefined ? { tag: fo.tag } : {}),
      ...(fo.tagged ? { tagged: fo.tagged } : {}),
      ...(fo.prob !== undefined ? { prob: fo.prob } : {}),
      ...(fo.fragment ? { fragment: true } : {}),
      ...(fo.allowOpts ? { allowOpts: true } : {}),
      ...(ft.os ? { os: ft.os[0] ?? "" } : {}),
    };
  }

  /** "flags only apply to tcp" when a proto list without tcp is given with flags or os. */
  checkTcpOnly(fo: FilterOpts, protos: number[] | undefined, ft: FromTo): void {
    const flagged = fo.flags !== undefined && (fo.flags[0] !== 0 || fo.flags[1] !== 0);
    if (fo.flags && (fo.flags[0] & fo.flags[1]) !== fo.flags[0]) this.ts.fail("flags always false");
    if (!(flagged || ft.os) || protos === undefined || protos.includes(6)) return;
    if (flagged) this.ts.yyerror("flags only apply to tcp");
    if (ft.os) this.ts.yyerror("OS fingerprinting only apply to tcp");
    throw new ActionFail();
  }

  private scrubrule(no: boolean): void {
    this.ts.next();
    const dir = this.dir();
    const lq = this.logquick();
    const ifs = this.terms.interfaces();
    const af = this.terms.af();
    const protos = this.terms.protos();
    const ft = this.terms.fromto();
    const so = scrubOpts(this);
    this.checkRulestate(STATE.scrub);
    if (lq.quick) this.ts.fail("scrub rules do not support 'quick'");
    if (so.reassembleTcp && dir !== "inout") this.ts.fail("reassemble tcp rules can not specify direction");
    const draft: RuleDraft = {
      action: no ? "no scrub" : "scrub",
      direction: dir,
      ...(lq.log ? { log: lq.log } : {}),
      quick: false,
      af,
      flags: 0,
      flagset: 0,
      tos: 0,
      keepState: "none",
      scrub: so.scrub,
      ...(so.tagged ? { tagged: so.tagged } : {}),
    };
    this.addRules("scrub", expandRule(this.ts, draft, { ifs, protos, src: ft.src, dst: ft.dst }, () => this.nextNr()));
  }

  /** pf_anchor_setup(): the path an anchor call names, relative to the anchor it is in. */
  anchorCall(call: string, relativeTo = this.currentAnchor): NonNullable<RuleDraft["anchor"]> {
    let path: string;
    if (call.startsWith("/")) path = call.slice(1);
    else {
      const parts = relativeTo === "" ? [] : relativeTo.split("/");
      let name = call;
      while (name.startsWith("../")) {
        if (parts.length === 0) this.ts.fail(`anchor name '${call}' goes beyond root`);
        parts.pop();
        name = name.slice(3);
      }
      path = [...parts, name].join("/");
    }
    const wildcard = path === "*" || path.endsWith("/*");
    if (wildcard) path = path === "*" ? "" : path.slice(0, -2);
    return { call, path, wildcard };
  }
}

export function joinPath(base: string, name: string): string {
  return base === "" ? name : `${base}/${name}`;
}

/** decide_address_family(): the family all hosts of a list share, else the given one. */
export function decideAf(af: Af, hosts: readonly HostNode[] | undefined): Af {
  if (af !== 0 || hosts === undefined || hosts.length === 0) return af;
  const first = hosts[0]?.af ?? 0;
  return hosts.every((h) => h.af === first) ? first : 0;
}

/** Parses one file (or stdin) as pfctl -f does; `out` and `err` are what it printed on the way. */
export function parseConfig(opts: ParseOptions): ParsedConfig {
  return new Parser(opts).run();
}
