// The iptables command line, read as iptables 1.8.9 reads it (iptables/xshared.c do_parse):
// GNU getopt_long in return-in-order mode over a table of options that grows as matches
// and targets are loaded, `!` as its own word, implicit loading of the protocol match.
import { parseAddressList } from "./address.ts";
import { parameterProblem, XtError } from "./errors.ts";
import { checkFinal, checkOption, optionId, type Extension, type OptionSpec, type ParseEnv } from "./extension.ts";
import { protocolByName, protocolName } from "./names.ts";
import { findMatch, findTarget } from "./registry.ts";
import type { AddrMatch, ExtData, IfaceMatch, IpPart, MatchCall, Rule, StandardVerdict, TargetCall } from "./rule.ts";
import { isTableName, type TableName } from "./tables.ts";
import { xtablesStrtoui } from "./xtparse.ts";

export type Command =
  | "APPEND" | "DELETE" | "DELETE_NUM" | "CHECK" | "INSERT" | "REPLACE" | "LIST" | "LIST_RULES"
  | "FLUSH" | "ZERO" | "ZERO_NUM" | "NEW_CHAIN" | "DELETE_CHAIN" | "RENAME_CHAIN" | "SET_POLICY";

export interface ParsedCommand {
  readonly commands: readonly Command[];
  readonly table: TableName;
  readonly chain?: string;
  readonly rulenum?: number;
  readonly newName?: string;
  readonly policy?: string;
  readonly numeric: boolean;
  readonly verbose: number;
  readonly exact: boolean;
  readonly lineNumbers: boolean;
  /** One rule per source x destination address (only for rule commands). */
  readonly rules: readonly Rule[];
  /** Set with -c. */
  readonly counters?: { packets: number; bytes: number };
}

/** Options of a flag word: has_arg 0 none, 1 required, 2 optional (getopt_long). */
interface LongOpt {
  readonly name: string;
  readonly hasArg: 0 | 1 | 2;
  /** A main option's letter, or the owning extension. */
  readonly owner: string | { readonly kind: "match" | "target"; readonly ext: string };
  /** Synonyms share an id (one getopt value). */
  readonly id?: string;
}

const MAIN_OPTS: readonly LongOpt[] = [
  ["append", 1, "A"], ["delete", 1, "D"], ["check", 1, "C"], ["insert", 1, "I"], ["replace", 1, "R"],
  ["list", 2, "L"], ["list-rules", 2, "S"], ["flush", 2, "F"], ["zero", 2, "Z"], ["new-chain", 1, "N"],
  ["delete-chain", 2, "X"], ["rename-chain", 1, "E"], ["policy", 1, "P"], ["source", 1, "s"],
  ["destination", 1, "d"], ["src", 1, "s"], ["dst", 1, "d"], ["protocol", 1, "p"], ["in-interface", 1, "i"],
  ["jump", 1, "j"], ["table", 1, "t"], ["match", 1, "m"], ["numeric", 0, "n"], ["out-interface", 1, "o"],
  ["verbose", 0, "v"], ["wait", 2, "w"], ["wait-interval", 2, "W"], ["exact", 0, "x"], ["fragments", 0, "f"],
  ["version", 0, "V"], ["help", 2, "h"], ["line-numbers", 0, "0"], ["modprobe", 1, "M"],
  ["set-counters", 1, "c"], ["goto", 1, "g"], ["ipv4", 0, "4"], ["ipv6", 0, "6"],
].map(([name, hasArg, owner]) => ({ name, hasArg, owner }) as LongOpt);

/** IPT_OPTSTRING: letters with ":" (argument) or "::" (optional argument). */
const SHORT: Readonly<Record<string, 0 | 1 | 2>> = {
  A: 1, C: 1, D: 1, E: 1, F: 2, I: 1, L: 2, M: 1, N: 1, P: 1, R: 1, S: 2, V: 0, X: 2, Z: 2,
  c: 1, d: 1, i: 1, j: 1, o: 1, p: 1, s: 1, t: 1, v: 0, W: 2, "4": 0, "6": 0, f: 0, g: 1,
  h: 2, m: 1, n: 0, w: 2, x: 0,
};

const COMMAND_LETTER: Readonly<Record<Command, string>> = {
  INSERT: "I", DELETE: "D", DELETE_NUM: "D", REPLACE: "R", APPEND: "A", LIST: "L", FLUSH: "F", ZERO: "Z",
  NEW_CHAIN: "N", DELETE_CHAIN: "X", SET_POLICY: "P", RENAME_CHAIN: "E", LIST_RULES: "S", ZERO_NUM: "Z",
  CHECK: "C",
};

/** The option flags of iptables (OPT_*), in the order generic_opt_check tests them. */
type Opt = "n" | "s" | "d" | "p" | "j" | "v" | "x" | "i" | "o" | "0" | "c" | "f";
const OPTS: readonly Opt[] = ["n", "s", "d", "p", "j", "v", "x", "i", "o", "0", "c", "f"];
const RULE_CMDS: readonly Command[] = ["INSERT", "DELETE", "REPLACE", "APPEND", "CHECK"];
/** xshared.c commands_v_options: the options each command allows (an option legal with any given command is legal). */
const LEGAL: Readonly<Record<Command, string>> = {
  INSERT: "sdpjviocf", DELETE: "sdpjviof", DELETE_NUM: "v", REPLACE: "sdpjviocf", APPEND: "sdpjviocf",
  LIST: "nvx0", FLUSH: "v", ZERO: "v", NEW_CHAIN: "v", DELETE_CHAIN: "v", SET_POLICY: "vc", RENAME_CHAIN: "v",
  LIST_RULES: "v", ZERO_NUM: "v", CHECK: "sdpjviof",
};
const INVERTIBLE: ReadonlySet<Opt> = new Set<Opt>(["s", "d", "p", "i", "o", "f"]);

interface ExtInstance {
  readonly kind: "match" | "target";
  readonly ext: Extension<unknown>;
  data: unknown;
  readonly seen: Set<string>;
  completed: boolean;
}

/** Errors printed without the "iptables vX (nf_tables): " prefix (do_parse's fprintf + exit_tryhelp). */
export class BareError extends XtError {}

export interface ParseOptions {
  /** Parsing a line of iptables-restore (-t, -w and -W are refused). */
  readonly restore?: boolean;
  /** Where notices go that the real tool prints to stderr while parsing, without failing. */
  readonly warn?: (text: string) => void;
  /** The namespace's ipsets by name, for `-m set` / `-j SET` (ParseEnv.ipset). */
  readonly ipset?: ParseEnv["ipset"];
}

export function parseCommand(argv: readonly string[], options: ParseOptions = {}): ParsedCommand {
  return new Parser(argv, options.restore ?? false, options.warn ?? (() => undefined), options.ipset).run();
}

class Parser {
  private optind = 0;
  private opts: LongOpt[] = [...MAIN_OPTS];
  private readonly commands: Command[] = [];
  private table: string = "filter";
  private tableSet = false;
  private chain: string | undefined;
  private rulenum: number | undefined;
  private newName: string | undefined;
  private policy: string | undefined;
  private readonly given = new Set<Opt>();
  private readonly inverted = new Set<Opt>();
  private verbose = 0;
  private protocol: string | undefined;
  private protoNum = 0;
  private protoUsed = false;
  private src: string | undefined;
  private dst: string | undefined;
  private iniface: string | undefined;
  private outiface: string | undefined;
  private jumpto: string | undefined;
  private goto = false;
  private counters: { packets: number; bytes: number } | undefined;
  private readonly matches: ExtInstance[] = [];
  private target: ExtInstance | undefined;
  /** -w's value (parse_wait_time: -1 without one) and whether -W was given, for their joint check. */
  private wait = 0;
  private waitInterval = false;

  constructor(
    private readonly argv: readonly string[],
    private readonly restore: boolean,
    private readonly warn: (text: string) => void,
    private readonly ipset?: ParseEnv["ipset"],
  ) {}

  run(): ParsedCommand {
    let invert = false;
    for (;;) {
      const opt = this.next();
      if (opt === undefined) break;
      if (opt.kind === "nonopt") {
        if (opt.arg === "!") {
          if (invert) throw parameterProblem("multiple consecutive ! not allowed");
          invert = true;
          continue;
        }
        throw new BareError(`Bad argument \`${opt.arg}'`);
      }
      if (opt.kind === "error") {
        if (this.loadProto()) {
          this.optind = opt.start;
          this.cluster = "";
          continue;
        }
        throw parameterProblem(opt.message);
      }
      const { owner } = opt.spec;
      if (typeof owner === "string") this.mainOption(owner, opt.arg, invert);
      else this.extensionOption(owner, opt.spec.name, opt.arg, invert);
      invert = false;
    }
    return this.finish(invert);
  }

  // ---- getopt_long, return-in-order ("-:" at the front of the option string) ----

  private next():
    | { kind: "opt"; spec: LongOpt; arg: string | undefined }
    | { kind: "nonopt"; arg: string }
    | { kind: "error"; message: string; start: number }
    | undefined {
    if (this.cluster !== "") return this.nextShort(this.cluster, this.optind - 1);
    const word = this.argv[this.optind];
    if (word === undefined) return undefined;
    const start = this.optind;
    this.optind++;
    if (word === "--") return undefined;
    if (!word.startsWith("-") || word === "-") return { kind: "nonopt", arg: word };
    if (word.startsWith("--")) return this.nextLong(word, start);
    return this.nextShort(word.slice(1), start);
  }

  /** Letters still to be read from a word of short options ("-nvL"). */
  private cluster = "";

  private nextShort(letters: string, start: number) {
    const letter = letters[0] ?? "";
    const rest = letters.slice(1);
    this.cluster = "";
    const hasArg = SHORT[letter];
    if (hasArg === undefined) {
      return { kind: "error" as const, message: `unknown option "-${letter}"`, start };
    }
    const spec = this.opts.find((o) => o.owner === letter) ?? { name: letter, hasArg, owner: letter };
    if (hasArg === 0) {
      this.cluster = rest;
      return { kind: "opt" as const, spec, arg: undefined };
    }
    if (rest !== "") return { kind: "opt" as const, spec, arg: rest };
    if (hasArg === 2) return { kind: "opt" as const, spec, arg: undefined };
    const arg = this.argv[this.optind];
    if (arg === undefined) {
      return { kind: "error" as const, message: `option "-${letter}" requires an argument`, start };
    }
    this.optind++;
    return { kind: "opt" as const, spec, arg };
  }

  private nextLong(word: string, start: number) {
    const eq = word.indexOf("=");
    const name = word.slice(2, eq >= 0 ? eq : undefined);
    const inline = eq >= 0 ? word.slice(eq + 1) : undefined;
    const spec = this.lookupLong(name);
    if (spec === undefined) return { kind: "error" as const, message: `unknown option "${word}"`, start };
    if (spec.hasArg === 0) {
      if (inline !== undefined) return { kind: "error" as const, message: `unknown option "${word}"`, start };
      return { kind: "opt" as const, spec, arg: undefined };
    }
    if (inline !== undefined || spec.hasArg === 2) return { kind: "opt" as const, spec, arg: inline };
    const arg = this.argv[this.optind];
    if (arg === undefined) {
      return { kind: "error" as const, message: `option "${word}" requires an argument`, start };
    }
    this.optind++;
    return { kind: "opt" as const, spec, arg };
  }

  /** Exact name first; else a unique prefix (prefixes naming one option of one owner agree). */
  private lookupLong(name: string): LongOpt | undefined {
    const exact = this.opts.find((o) => o.name === name);
    if (exact !== undefined) return exact;
    const candidates = this.opts.filter((o) => o.name.startsWith(name));
    const first = candidates[0];
    if (first === undefined) return undefined;
    const same = candidates.every((o) => o.hasArg === first.hasArg && sameOwner(o.owner, first.owner) && this.sameOption(o, first));
    return same ? first : undefined;
  }

  /** Two long names of one extension are the same getopt entry when they share a value (synonyms). */
  private sameOption(a: LongOpt, b: LongOpt): boolean {
    if (typeof a.owner === "string") return true;
    return a.id === b.id;
  }

  /** xs_has_arg: the next word exists and starts with neither "-" nor "!". */
  private hasArg(): boolean {
    const word = this.argv[this.optind];
    return word !== undefined && !word.startsWith("-") && !word.startsWith("!");
  }

  // ---- main options ----

  private addCommand(cmd: Command, others: readonly Command[], invert: boolean): void {
    if (invert) throw parameterProblem("unexpected '!' flag");
    const clash = this.commands.find((c) => !others.includes(c));
    if (clash !== undefined) {
      throw parameterProblem(`Cannot use -${COMMAND_LETTER[cmd]} with -${COMMAND_LETTER[clash]}`);
    }
    this.commands.push(cmd);
  }

  private setOption(opt: Opt, invert: boolean): void {
    if (this.given.has(opt)) throw parameterProblem(`multiple -${opt} flags not allowed`);
    this.given.add(opt);
    if (invert) {
      if (!INVERTIBLE.has(opt)) throw parameterProblem(`cannot have ! before -${opt}`);
      this.inverted.add(opt);
    }
  }

  private optionalChain(arg: string | undefined): void {
    if (arg !== undefined) this.chain = arg;
    else if (this.hasArg()) this.chain = this.argv[this.optind++];
  }

  private ruleNumber(text: string): number {
    const n = xtablesStrtoui(text, 1, 0x7fffffff);
    if (n === undefined) throw parameterProblem(`Invalid rule number \`${text}'`);
    return n;
  }

  private mainOption(letter: string, arg: string | undefined, invert: boolean): void {
    const value = arg ?? "";
    switch (letter) {
      case "A":
        this.addCommand("APPEND", [], invert);
        this.chain = value;
        return;
      case "C":
        this.addCommand("CHECK", [], invert);
        this.chain = value;
        return;
      case "D":
        this.addCommand("DELETE", [], invert);
        this.chain = value;
        if (this.hasArg()) {
          this.rulenum = this.ruleNumber(this.argv[this.optind++] ?? "");
          this.commands[this.commands.length - 1] = "DELETE_NUM";
        }
        return;
      case "R":
        this.addCommand("REPLACE", [], invert);
        this.chain = value;
        if (!this.hasArg()) throw parameterProblem("-R requires a rule number");
        this.rulenum = this.ruleNumber(this.argv[this.optind++] ?? "");
        return;
      case "I":
        this.addCommand("INSERT", [], invert);
        this.chain = value;
        this.rulenum = this.hasArg() ? this.ruleNumber(this.argv[this.optind++] ?? "") : 1;
        return;
      case "L":
        this.addCommand("LIST", ["ZERO", "ZERO_NUM"], invert);
        this.optionalChain(arg);
        if (this.hasArg()) this.rulenum = this.ruleNumber(this.argv[this.optind++] ?? "");
        return;
      case "S":
        this.addCommand("LIST_RULES", ["ZERO", "ZERO_NUM"], invert);
        this.optionalChain(arg);
        if (this.hasArg()) this.rulenum = this.ruleNumber(this.argv[this.optind++] ?? "");
        return;
      case "F":
        this.addCommand("FLUSH", [], invert);
        this.optionalChain(arg);
        return;
      case "Z":
        this.addCommand("ZERO", ["LIST", "LIST_RULES"], invert);
        this.optionalChain(arg);
        if (this.hasArg()) {
          this.rulenum = this.ruleNumber(this.argv[this.optind++] ?? "");
          // do_parse assigns the command outright: a -L or -S given before is dropped.
          this.commands.splice(0, this.commands.length, "ZERO_NUM");
        }
        return;
      case "N":
        assertValidChainName(value);
        this.addCommand("NEW_CHAIN", [], invert);
        this.chain = value;
        return;
      case "X":
        this.addCommand("DELETE_CHAIN", [], invert);
        this.optionalChain(arg);
        return;
      case "E":
        this.addCommand("RENAME_CHAIN", [], invert);
        this.chain = value;
        if (!this.hasArg()) throw parameterProblem("-E requires old-chain-name and new-chain-name");
        this.newName = this.argv[this.optind++] ?? "";
        assertValidChainName(this.newName);
        return;
      case "P":
        this.addCommand("SET_POLICY", [], invert);
        if (!this.hasArg()) throw parameterProblem("-P requires a chain and a policy");
        this.chain = value;
        this.policy = this.argv[this.optind++];
        return;
      case "h":
        throw new HelpRequest();
      case "p":
        this.setOption("p", invert);
        // xshared.c (1.8.9) takes the protocol from argv[optind - 1], not optarg: for
        // `-ptcp` and `--protocol=tcp` that is the whole word, an unknown protocol.
        this.protocol = (this.argv[this.optind - 1] ?? value).toLowerCase();
        this.protoNum = parseProtocol(this.protocol);
        if (this.protoNum === 0 && invert) throw parameterProblem("rule would never match protocol");
        return;
      case "s":
        this.setOption("s", invert);
        this.src = value;
        return;
      case "d":
        this.setOption("d", invert);
        this.dst = value;
        return;
      case "g":
        this.setOption("j", invert);
        this.goto = true;
        this.jumpto = parseTargetName(value);
        return;
      case "j":
        this.setOption("j", invert);
        if (value !== "CONTINUE") this.jump(value);
        return;
      case "i":
      case "o":
        if (value === "") throw parameterProblem("Empty interface is likely to be undesired");
        this.setOption(letter, invert);
        this.checkInterface(value);
        if (letter === "i") this.iniface = value;
        else this.outiface = value;
        return;
      case "f":
        this.setOption("f", invert);
        return;
      case "v":
        if (this.verbose === 0) this.setOption("v", invert);
        this.verbose++;
        return;
      case "m":
        this.loadMatch(value, invert);
        return;
      case "n":
      case "x":
      case "0":
        this.setOption(letter, invert);
        return;
      case "t":
        if (invert) throw parameterProblem("unexpected ! flag before --table");
        if (this.restore && this.tableSet) {
          throw parameterProblem("The -t option cannot be used in iptables-restore.\n");
        }
        this.table = value;
        this.tableSet = true;
        return;
      case "V":
        throw new VersionRequest(invert);
      case "w":
      case "W":
        this.waitOption(letter, arg);
        return;
      case "M":
        return;
      case "c":
        this.setCounters(value, invert);
        return;
      case "4":
        return;
      case "6":
        throw new BareError("");
      default:
        throw parameterProblem(`unknown option "-${letter}"`);
    }
  }

  /** parse_wait_time / parse_wait_interval: nf_tables takes no lock, so only the words are checked. */
  private waitOption(letter: string, arg: string | undefined): void {
    if (this.restore) throw parameterProblem(`You cannot use \`-${letter}' from iptables-restore`);
    let text = arg;
    if (text === undefined && this.hasArg()) text = this.argv[this.optind++];
    if (letter === "w") {
      const seconds = text === undefined ? -1 : scanInt(text);
      if (seconds === undefined) throw parameterProblem("wait seconds not numeric");
      this.wait = seconds;
      return;
    }
    if (text === undefined) throw parameterProblem("wait interval value required");
    const usec = scanU32(text);
    if (usec === undefined) throw parameterProblem("wait interval not numeric");
    if (usec > 999999) throw parameterProblem(`too long usec wait ${String(usec)} > 999999 usec`);
    this.warn("Ignoring deprecated --wait-interval option.\n");
    this.waitInterval = true;
  }

  private setCounters(value: string, invert: boolean): void {
    this.setOption("c", invert);
    const comma = value.indexOf(",");
    const pcnt = comma >= 0 ? value.slice(0, comma) : value;
    let bcnt = comma >= 0 ? value.slice(comma + 1) : undefined;
    if (bcnt === undefined && this.hasArg()) bcnt = this.argv[this.optind++];
    if (bcnt === undefined) throw parameterProblem("-c requires packet and byte counter");
    const packets = scanU64(pcnt);
    if (packets === undefined) throw parameterProblem("-c packet counter not numeric");
    const bytes = scanU64(bcnt);
    if (bytes === undefined) throw parameterProblem("-c byte counter not numeric");
    this.counters = { packets, bytes };
  }

  private checkInterface(name: string): void {
    if (name.length >= 16) {
      throw parameterProblem(`interface name \`${name}' must be shorter than IFNAMSIZ (15)`);
    }
    if (name.includes("/") || name.includes(" ")) {
      this.warn(`Warning: weird character in interface \`${name}' ('/' and ' ' are not allowed by the kernel).\n`);
    }
  }

  // ---- extensions ----

  private env(): ParseEnv {
    const env = { table: (isTableName(this.table) ? this.table : "filter"), ip: this.ipPart(undefined, undefined), warn: this.warn };
    return this.ipset === undefined ? env : { ...env, ipset: this.ipset };
  }

  private instantiate(kind: "match" | "target", ext: Extension<unknown>): ExtInstance {
    return { kind, ext, data: ext.init(this.env()), seen: new Set(), completed: false };
  }

  /** Merge an extension's options after the main ones, ahead of those loaded before. */
  private mergeOptions(kind: "match" | "target", ext: Extension<unknown>): void {
    const added: LongOpt[] = ext.options.map((o: OptionSpec) => ({
      name: o.name,
      hasArg: o.arg === "none" ? 0 : o.arg === "required" ? 1 : 2,
      owner: { kind, ext: ext.name },
      id: optionId(o),
    }));
    this.opts = [...MAIN_OPTS, ...added, ...this.opts.slice(MAIN_OPTS.length)];
  }

  private addMatch(ext: Extension<unknown>): void {
    const clone = this.matches.some((m) => m.ext === ext);
    for (const m of this.matches) if (m.ext === ext) m.completed = true;
    this.matches.push(this.instantiate("match", ext));
    if (!clone) this.mergeOptions("match", ext);
  }

  private loadMatch(name: string, invert: boolean): void {
    if (invert) throw parameterProblem("unexpected ! flag before --match");
    if (name.length >= 29) throw parameterProblem(`Invalid match name "${name}" (28 chars max)`);
    const ext = findMatch(name);
    if (ext === undefined) throw parameterProblem(`Couldn't load match \`${name}':No such file or directory\n`);
    this.addMatch(ext);
  }

  /** load_proto: an unknown option loads the match named by -p, once. */
  private loadProto(): boolean {
    if (this.protocol === undefined || this.protoUsed) return false;
    this.protoUsed = true;
    const numeric = xtablesStrtoui(this.protocol, 0, 255);
    const name = numeric === undefined ? this.protocol : protoToName(numeric, this.given.has("n"));
    const ext = name === undefined || numeric === 0 ? undefined : findMatch(name);
    if (ext === undefined) return false;
    this.addMatch(ext);
    return true;
  }

  private jump(name: string): void {
    this.jumpto = parseTargetName(name);
    const ext = findTarget(name);
    if (ext === undefined) return;
    this.target = this.instantiate("target", ext);
    this.mergeOptions("target", ext);
  }

  private extensionOption(owner: { kind: "match" | "target"; ext: string }, option: string, arg: string | undefined, invert: boolean): void {
    const inst =
      owner.kind === "target"
        ? this.target
        : [...this.matches].reverse().find((m) => !m.completed && m.ext.name === owner.ext);
    if (inst === undefined) throw parameterProblem(`unknown option "--${option}"`);
    const spec = inst.ext.options.find((o) => o.name === option);
    if (spec === undefined) throw parameterProblem(`unknown option "--${option}"`);
    let value = arg;
    if (spec.arg === "optional" && value === undefined && this.hasArg()) value = this.argv[this.optind++];
    checkOption(inst.ext, spec, inst.seen, invert, value);
    inst.data = inst.ext.parse({
      option,
      arg: value,
      invert,
      data: inst.data,
      seen: inst.seen,
      env: this.env(),
      nextArg: () => {
        const word = this.argv[this.optind];
        if (word !== undefined) this.optind++;
        return word;
      },
      warn: this.warn,
    });
    inst.seen.add(optionId(spec));
  }

  // ---- after the loop ----

  private finish(invert: boolean): ParsedCommand {
    if (this.table === "nat" && (this.policy === "DROP" || this.jumpto === "DROP")) {
      throw parameterProblem('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
    }
    if (this.wait === 0 && this.waitInterval) throw parameterProblem("--wait-interval only makes sense with --wait\n");
    for (const inst of [...this.matches, ...(this.target ? [this.target] : [])]) {
      // xtables_option_mfcall: the extension's x6_fcheck runs before the generic checks.
      if (inst.ext.finalCheck) inst.data = inst.ext.finalCheck(inst.data, inst.seen, this.env());
      checkFinal(inst.ext, inst.seen);
    }
    if (this.optind < this.argv.length) throw parameterProblem("unknown arguments found on commandline");
    const command = this.commands.reduce((acc, c) => acc | COMMAND_BIT[c], 0);
    if (command === 0) throw parameterProblem("no command specified");
    if (invert) throw parameterProblem("nothing appropriate following !");
    const isRuleCmd = this.commands.some((c) => (RULE_CMDS as readonly string[]).includes(c));
    const srcs = parseAddressList(this.src ?? (isRuleCmd ? "0.0.0.0/0" : "0.0.0.0/0"));
    const dsts = parseAddressList(this.dst ?? "0.0.0.0/0");
    if ((srcs.length > 1 || dsts.length > 1) && (this.inverted.has("s") || this.inverted.has("d"))) {
      throw parameterProblem("! not allowed with multiple source or destination IP addresses");
    }
    if (this.commands.includes("REPLACE") && (srcs.length !== 1 || dsts.length !== 1)) {
      throw parameterProblem("Replacement rule does not specify a unique address");
    }
    this.checkOptionsLegal();
    if (this.chain !== undefined && this.chain.length >= 29) {
      throw parameterProblem(`chain name \`${this.chain}' too long (must be under 29 chars)`);
    }
    if (isRuleCmd) this.checkDirection();
    if (!isTableName(this.table)) {
      throw new XtError(`table '${this.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 3);
    }
    const rules = isRuleCmd
      ? srcs.flatMap((s) =>
          dsts.map((d) =>
            this.buildRule(
              { ...s, invert: this.inverted.has("s") },
              { ...d, invert: this.inverted.has("d") },
            ),
          ),
        )
      : [];
    return {
      commands: this.commands,
      table: this.table,
      ...(this.chain !== undefined ? { chain: this.chain } : {}),
      ...(this.rulenum !== undefined ? { rulenum: this.rulenum } : {}),
      ...(this.newName !== undefined ? { newName: this.newName } : {}),
      ...(this.policy !== undefined ? { policy: this.policy } : {}),
      numeric: this.given.has("n"),
      verbose: this.verbose,
      exact: this.given.has("x"),
      lineNumbers: this.given.has("0"),
      rules,
      ...(this.counters !== undefined ? { counters: this.counters } : {}),
    };
  }

  /** generic_opt_check: an option is illegal when no command given allows it. */
  private checkOptionsLegal(): void {
    for (const opt of OPTS) {
      if (this.given.has(opt) && !this.commands.some((c) => LEGAL[c].includes(opt))) {
        throw parameterProblem(`Illegal option \`-${opt}' with this command`);
      }
    }
  }

  private checkDirection(): void {
    if ((this.chain === "PREROUTING" || this.chain === "INPUT") && this.given.has("o")) {
      throw parameterProblem(`Can't use -o with ${this.chain}\n`);
    }
    if ((this.chain === "POSTROUTING" || this.chain === "OUTPUT") && this.given.has("i")) {
      throw parameterProblem(`Can't use -i with ${this.chain}\n`);
    }
  }

  private ipPart(src: AddrMatch | undefined, dst: AddrMatch | undefined): IpPart {
    // A lone "+" matches every interface: the rule then has no interface at all.
    const iface = (name: string | undefined, opt: Opt): IfaceMatch | undefined =>
      name === undefined || (name === "+" && !this.inverted.has(opt)) ? undefined : { name, invert: this.inverted.has(opt) };
    const inIf = iface(this.iniface, "i");
    const outIf = iface(this.outiface, "o");
    return {
      ...(src !== undefined && (src.mask !== 0 || src.invert) ? { src } : {}),
      ...(dst !== undefined && (dst.mask !== 0 || dst.invert) ? { dst } : {}),
      ...(inIf !== undefined ? { in: inIf } : {}),
      ...(outIf !== undefined ? { out: outIf } : {}),
      ...(this.protocol !== undefined && (this.protoNum !== 0 || this.inverted.has("p"))
        ? { proto: { num: this.protoNum, invert: this.inverted.has("p") } }
        : {}),
      ...(this.given.has("f") ? { frag: { invert: this.inverted.has("f") } } : {}),
    };
  }

  private buildRule(src: AddrMatch, dst: AddrMatch): Rule {
    const ip = this.ipPart(src, dst);
    const matches: MatchCall[] = this.matches.flatMap((m) => {
      const data = m.ext.stored ? m.ext.stored(m.data, ip) : m.data;
      return data === undefined ? [] : [{ name: m.ext.name, data: data as ExtData }];
    });
    return {
      ip,
      matches,
      target: this.targetCall(),
      counters: this.counters ? { ...this.counters } : { packets: 0, bytes: 0 },
    };
  }

  private targetCall(): TargetCall {
    const name = this.jumpto;
    if (name === undefined) return { kind: "none" };
    if (this.goto) return { kind: "goto", chain: name };
    if (this.target !== undefined) {
      return { kind: "extension", name: this.target.ext.realName ?? this.target.ext.name, data: this.target.data as ExtData };
    }
    if (STANDARD.has(name)) return { kind: "standard", verdict: name as StandardVerdict };
    return { kind: "jump", chain: name };
  }
}

/** `iptables -h`: the frontend prints its usage. */
export class HelpRequest extends Error {
  constructor() {
    super("help");
  }
}

/** `iptables -V` is not an error; the frontend prints the version. */
export class VersionRequest extends Error {
  constructor(readonly inverted: boolean) {
    super("version");
  }
}

const STANDARD: ReadonlySet<string> = new Set(["ACCEPT", "DROP", "RETURN"]);

const COMMAND_BIT: Readonly<Record<Command, number>> = {
  INSERT: 1, DELETE: 2, DELETE_NUM: 4, REPLACE: 8, APPEND: 16, LIST: 32, FLUSH: 64, ZERO: 128,
  NEW_CHAIN: 256, DELETE_CHAIN: 512, SET_POLICY: 1024, RENAME_CHAIN: 2048, LIST_RULES: 4096,
  ZERO_NUM: 8192, CHECK: 16384,
};

function sameOwner(a: LongOpt["owner"], b: LongOpt["owner"]): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.kind === b.kind && a.ext === b.ext;
}

/** xtables_chain_protos (libxtables 1.8.9): the names iptables knows without /etc/protocols, in its order. */
const CHAIN_PROTOS: readonly [string, number][] = [
  ["tcp", 6], ["sctp", 132], ["udp", 17], ["udplite", 136], ["icmp", 1], ["ipv6-icmp", 58], ["icmpv6", 58],
  ["esp", 50], ["ah", 51], ["mobility-header", 135], ["ipv6-mh", 135], ["mh", 135], ["all", 0],
];

export function chainProtoName(num: number): string | undefined {
  return CHAIN_PROTOS.find(([, n]) => n === num)?.[0];
}

/** xshared.c proto_to_name: the built-in names first, then getprotobynumber unless numeric (never for 0). */
export function protoToName(num: number, numeric: boolean): string | undefined {
  return chainProtoName(num) ?? (num !== 0 && !numeric ? protocolName(num) : undefined);
}

/** xtables_parse_protocol: a number, a built-in name, or a name from /etc/protocols. */
export function parseProtocol(text: string): number {
  const num = xtablesStrtoui(text, 0, 255);
  if (num !== undefined) return num;
  const builtin = CHAIN_PROTOS.find(([name]) => name === text);
  if (builtin !== undefined) return builtin[1];
  const known = protocolByName(text);
  if (known !== undefined) return known;
  throw parameterProblem(`unknown protocol "${text}" specified`);
}

function parseTargetName(name: string): string {
  if (name.length < 1) throw parameterProblem("Invalid target name (too short)");
  if (name.length >= 29) throw parameterProblem(`Invalid target name \`${name}' (28 chars max)`);
  if (/\s/.test(name)) throw parameterProblem(`Invalid target name \`${name}'`);
  return name;
}

export function assertValidChainName(name: string): void {
  if (name.length >= 29) throw parameterProblem(`chain name \`${name}' too long (must be under 29 chars)`);
  if (name.startsWith("-") || name.startsWith("!")) {
    throw parameterProblem(`chain name not allowed to start with \`${name[0] ?? ""}'`);
  }
  if (STANDARD.has(name) || name === "QUEUE" || findTarget(name) !== undefined) {
    throw parameterProblem("chain name may not clash with target name");
  }
  if (/\s/.test(name)) throw parameterProblem(`Invalid chain name \`${name}'`);
}

/**
 * sscanf("%llu"): leading blanks, a sign, decimal digits; a minus wraps modulo 2^64 and an
 * overflow saturates, as strtoull does. Counters are kept as numbers: exact up to 2^53.
 */
export function scanU64(text: string): number | undefined {
  const m = /^\s*([-+]?)(\d+)/.exec(text);
  if (m?.[2] === undefined) return undefined;
  const max = 2n ** 64n - 1n;
  let value = BigInt(m[2]);
  if (value > max) value = max;
  if (m[1] === "-" && value !== 0n) value = max + 1n - value;
  return Number(value);
}

/** sscanf("%u"): as %llu, modulo 2^32. */
function scanU32(text: string): number | undefined {
  const m = /^\s*([-+]?)(\d+)/.exec(text);
  if (m?.[2] === undefined) return undefined;
  const value = BigInt(m[2]) % 2n ** 32n;
  return Number(m[1] === "-" && value !== 0n ? 2n ** 32n - value : value);
}

/** sscanf("%i"): a signed integer in decimal, 0x hex or 0 octal. */
function scanInt(text: string): number | undefined {
  const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(text);
  if (m?.[2] === undefined) return undefined;
  const digits = m[2];
  const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.startsWith("0") ? parseInt(digits, 8) : Number(digits);
  return m[1] === "-" ? -value : value;
}
