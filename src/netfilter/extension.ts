// One shape for every match and target extension (libxtables' struct xtables_match /
// xtables_target with its x6_options), and the generic option checks of
// libxtables/xtoptions.c: xtables_option_parse and xtables_options_fcheck.
import { parameterProblem } from "./errors.ts";
import type { EvalContext } from "./context.ts";
import type { ExtData, IpPart } from "./rule.ts";
import type { Hook, TableName } from "./tables.ts";

export interface OptionSpec {
  /** Long option name without the dashes. */
  readonly name: string;
  /** Options sharing an id are synonyms (`--sport` / `--source-port`): one entry of the x6 table. */
  readonly id?: string;
  /** "none": a flag; "required": one argument; "optional": takes the next word unless it starts with "-". */
  readonly arg: "none" | "required" | "optional";
  /** XTOPT_INVERT: `! --opt` is allowed. */
  readonly invert?: boolean;
  /** XTOPT_MULTI: may be given more than once. */
  readonly multi?: boolean;
  /** XTOPT_MAND: must be given. */
  readonly mandatory?: boolean;
  /** Options this one cannot be combined with. */
  readonly excl?: readonly string[];
  /** Options this one needs. */
  readonly also?: readonly string[];
}

/** What an extension may consult while parsing: the rule being built and where it goes. */
export interface ParseEnv {
  readonly table: TableName;
  readonly ip: IpPart;
  /**
   * The namespace's ipsets, as libxt_set asks the kernel for them by name while parsing
   * (IP_SET_OP_GET_FNAME); absent means no set exists.
   */
  readonly ipset?: (name: string) => { readonly family: "inet" | "inet6" | "any" } | undefined;
  /** Prints a notice to stderr without failing, from a final check (libxt_NFLOG's --nflog-range warning). */
  readonly warn?: (text: string) => void;
}

export interface OptionCall<D> {
  readonly option: string;
  /** The option's argument, or undefined for flags (and absent optional arguments). */
  readonly arg: string | undefined;
  readonly invert: boolean;
  readonly data: D;
  /** Ids (or names) of this extension instance's options given before this one. */
  readonly seen: ReadonlySet<string>;
  readonly env: ParseEnv;
  /** Takes the next word of argv, for options with two arguments (`--tcp-flags MASK COMP`). */
  nextArg(): string | undefined;
  /** Prints a notice to stderr without failing (libxt_iprange's "range ... is reversed"). */
  warn?(text: string): void;
}

export interface PrintEnv {
  /** `-n`: addresses, ports and protocols as numbers. */
  readonly numeric: boolean;
  readonly ip: IpPart;
}

/** Where a rule sits: its table and every built-in hook that can reach its chain. */
export interface Placement {
  readonly table: TableName;
  readonly hooks: ReadonlySet<Hook>;
  /**
   * The hook of the rule's own chain when that is a built-in chain: the only hook_mask a
   * checkentry sees under nf_tables (nft_compat.c passes 0 for rules in user chains).
   */
  readonly chainHook?: Hook;
}

export interface Extension<D> {
  readonly name: string;
  /** Revision shown nowhere but kept for -m NAME lookups that name an alias. */
  readonly aliases?: readonly string[];
  /**
   * libxtables' real_name: the kernel extension this name stands for (`-j NOTRACK` is CT).
   * The rule stores that name, so -L shows it and its printers handle the data.
   */
  readonly realName?: string;
  /** libxtables' alias(): the name iptables-save writes after -j for this data (CT rev 2 writes NOTRACK). */
  alias?(data: D): string;
  readonly options: readonly OptionSpec[];
  /**
   * False for extensions that still use libxtables' old parse API and so skip the
   * generic "can only be used once" / "cannot be inverted" checks, doing their own.
   */
  readonly genericChecks?: boolean;
  init(env: ParseEnv): D;
  parse(call: OptionCall<D>): D;
  /** Runs after the whole command line, with the set of options given (x6_fcheck). */
  finalCheck?(data: D, seen: ReadonlySet<string>, env: ParseEnv): D;
  /**
   * The form the kernel keeps and lists back, when it differs from what was parsed: nft.c
   * turns some matches into native expressions and drops what they cannot express.
   * Undefined when nothing of the match is left. Rules are compared (-C, -D) in this form.
   */
  stored?(data: D, ip: IpPart): D | undefined;
  /** The kernel's checkentry: tables and hooks this extension may be used in. */
  readonly allowed?: { readonly tables?: readonly TableName[]; readonly hooks?: readonly Hook[] };
  /** Further kernel checks at insert time; returns an errno name (e.g. "EINVAL") to refuse. */
  check?(data: D, where: Placement, ip: IpPart): string | undefined;
  /** iptables-save / -S form, each option with a leading space: ` --dport 22`. */
  save(data: D, env: PrintEnv): string;
  /** -L form, with a leading space: ` tcp dpt:ssh`. */
  print(data: D, env: PrintEnv): string;
  /**
   * What the real tool writes to stderr each time it prints this extension, in any form
   * (libxt_connlabel warns that its label file is missing); the frontends pass it on.
   */
  notice?(data: D): string | undefined;
  /** The ipsets this rule part holds a reference on (xt_set's checkentry takes one per set). */
  ipsets?(data: D): readonly string[];
}

export interface MatchExtension<D = ExtData> extends Extension<D> {
  match(data: D, ctx: EvalContext): boolean;
  /**
   * Why this packet's answer depends on something nfsim does not model (a socket's owner,
   * a CPU, a cgroup), or undefined when match() is exact. The evaluator asks first: the
   * rule then does not match, and the trace says why instead of guessing.
   */
  unmodelled?(data: D, ctx: EvalContext): string | undefined;
}

export type TargetOutcome = "continue" | "accept" | "drop" | "return" | "stolen" | "queue";

export interface TargetExtension<D = ExtData> extends Extension<D> {
  act(data: D, ctx: EvalContext): TargetOutcome;
}

/** Erase an extension's data type for the registry; its own functions keep their types. */
export function defineMatch<D>(ext: MatchExtension<D>): MatchExtension {
  return ext as unknown as MatchExtension;
}

export function defineTarget<D>(ext: TargetExtension<D>): TargetExtension {
  return ext as unknown as TargetExtension;
}

/** xtables_option_parse's checks, run before the extension's own parser. */
export function checkOption(ext: Extension<unknown>, spec: OptionSpec, seen: ReadonlySet<string>, invert: boolean, arg: string | undefined): void {
  if (ext.genericChecks === false) return;
  // The x6 entry is looked up by id, so messages name the first option of a synonym group.
  const name = (ext.options.find((o) => optionId(o) === optionId(spec)) ?? spec).name;
  const once = !spec.multi || (spec.excl ?? []).includes(spec.name);
  if (once && seen.has(optionId(spec))) {
    throw parameterProblem(`${ext.name}: option "--${name}" can only be used once.\n`);
  }
  if (invert && !spec.invert) {
    throw parameterProblem(`${ext.name}: option "--${name}" cannot be inverted.\n`);
  }
  if (spec.arg === "required" && arg === undefined) {
    throw parameterProblem(`${ext.name}: option "--${name}" requires an argument.\n`);
  }
}

export function optionId(spec: OptionSpec): string {
  return spec.id ?? spec.name;
}

/** xtables_options_fcheck: mandatory options, "also requires", "cannot be used together". */
export function checkFinal(ext: Extension<unknown>, seen: ReadonlySet<string>): void {
  if (ext.genericChecks === false) return;
  const primary = ext.options.filter((o, i) => ext.options.findIndex((p) => optionId(p) === optionId(o)) === i);
  for (const spec of primary) {
    if (spec.mandatory && !seen.has(optionId(spec))) {
      throw parameterProblem(`${ext.name}: option "--${spec.name}" must be specified\n`);
    }
    if (!seen.has(optionId(spec))) continue;
    for (const other of primary) {
      if (other === spec) continue;
      if (spec.also?.includes(optionId(other)) && !seen.has(optionId(other))) {
        throw parameterProblem(`${ext.name}: option "--${spec.name}" also requires "--${other.name}".\n`);
      }
      if (spec.excl?.includes(optionId(other)) && seen.has(optionId(other))) {
        throw parameterProblem(`${ext.name}: option "--${spec.name}" cannot be used together with "--${other.name}".\n`);
      }
    }
  }
}
