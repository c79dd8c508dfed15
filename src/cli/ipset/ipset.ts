// `ipset` (ipset 7.17, Debian 12): one command, or `restore` reading commands from
// standard input, against the sets of the namespace it runs in. Unlike iptables, ipset
// is not all-or-nothing: what a failing range or restore did before the failure stays.
import {
  createSet, destroySets, emptyStore, findSet, flushSets, KernelError, liveSets, listSets, OtherError, ParameterError,
  purgeExpired, referencesOf, renameSet, ReportError, requireSet, swapSets, typeInfo, uadt, type IpsetStore, type IpSet,
} from "../../netfilter/ipset/index.ts";
import type { NetNamespace } from "../../stack/types.ts";
import { nextRandom } from "../../world/random.ts";
import { namespaceOf, type World } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";
import { parseArgs, type AdtCmd, type CreateCmd, type EnvOptions, type PairCmd, type Parsed, type SetsCmd } from "./args.ts";
import { buildArgv, restoreLines } from "./restore.ts";
import { formatData } from "./show.ts";

const PREFIX = "ipset v7.17: ";

/** nfsim's own short usage (the real help text is in ipset(8)). */
const USAGE = `ipset v7.17

Usage: ipset [options] COMMAND

nfsim emulates: create add del test destroy list save restore flush rename swap version
options: -o plain|save|xml -s -q -! (-exist) -n -t
types: hash:ip hash:net hash:ip,port hash:net,port hash:ip,port,ip bitmap:port list:set
`;

/** How a run ends: its exit status, after whatever was printed. */
class Exit extends Error {
  constructor(readonly status: number) {
    super(`exit ${String(status)}`);
  }
}

type AddDel = AdtCmd & { readonly kind: "add" | "del" };

/** Adds and deletes of one set queued by restore until another command (may_aggregate_ad). */
interface Pending {
  readonly cmd: "add" | "del";
  readonly set: string;
  readonly items: { readonly line: number; readonly parsed: AddDel }[];
}

class Session {
  readonly env: EnvOptions = { sorted: false, quiet: false, resolve: false, exist: false, names: false, terse: false };
  private pending: Pending | undefined;

  constructor(
    private readonly world: World,
    private readonly ns: NetNamespace,
    private readonly store: IpsetStore,
    private readonly io: ToolIO,
  ) {}

  private get now(): number {
    return this.world.clock;
  }

  private refs(): (name: string) => number {
    return referencesOf(this.ns.ruleset, this.store);
  }

  /** default_custom_error / default_standard_error: the message (unless -q) and the status. */
  fail(e: unknown, line = 0): never {
    const say = (text: string) => {
      if (!this.env.quiet) this.io.stderr(text);
    };
    if (e instanceof ParameterError) {
      say(`${PREFIX}${e.message}\nTry \`ipset help' for more information.\n`);
      throw new Exit(2);
    }
    if (e instanceof ReportError) say(`${PREFIX}${e.text(line)}`);
    else if (e instanceof KernelError) say(`${PREFIX}${line !== 0 ? `Error in line ${String(line)}: ` : ""}${e.message}\n`);
    else if (e instanceof OtherError) say(`${PREFIX}${e.message}\n`);
    else throw e;
    throw new Exit(1);
  }

  run(argv: readonly string[]): number {
    // The kernel's garbage collector has removed what timed out (list:set members included).
    for (const s of liveSets(this.store)) purgeExpired(s, this.now);
    try {
      this.command(argv, 0);
      return 0;
    } catch (e) {
      if (e instanceof Exit) return e.status;
      throw e;
    }
  }

  private parse(argv: readonly string[], line: number): Parsed {
    try {
      return parseArgs(argv, this.env, { restoreLine: line, typeOf: (name) => { const s = findSet(this.store, name); return s && typeInfo(s.type); } });
    } catch (e) {
      return this.fail(e, line);
    }
  }

  /** One command line (line 0) or one restore line. */
  command(argv: readonly string[], line: number): void {
    const parsed = this.parse(argv, line);
    if (this.env.file !== undefined) this.fail(new OtherError("nfsim reads and writes standard input and output only (-file)"));
    if (line !== 0 && (parsed.kind === "add" || parsed.kind === "del")) {
      this.queue(parsed as AddDel, line);
      return;
    }
    this.commit();
    this.execute(parsed, line);
  }

  private queue(parsed: AddDel, line: number): void {
    const p = this.pending;
    if (p !== undefined && p.cmd === parsed.kind && p.set === parsed.name) {
      p.items.push({ line, parsed });
      return;
    }
    this.commit();
    this.pending = { cmd: parsed.kind, set: parsed.name, items: [{ line, parsed }] };
  }

  /** ipset_commit: the kernel runs the queued elements in order and stops at the first refusal. */
  commit(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p === undefined) return;
    for (const { line, parsed } of p.items) this.adt(parsed, line);
  }

  private execute(p: Parsed, line: number): void {
    switch (p.kind) {
      case "version":
        this.io.stdout("ipset v7.17, protocol version: 7\n");
        throw new Exit(0);
      case "help":
        this.io.stdout(USAGE);
        throw new Exit(0);
      case "quit":
        throw new Exit(0);
      case "interactive":
        return this.fail(new OtherError("nfsim does not emulate the interactive mode"));
      case "restore":
        return this.restore();
      case "create":
        return this.create(p, line);
      case "add":
      case "del":
      case "test":
        return this.adt(p as AdtCmd, line);
      case "list":
      case "save":
        return this.list(p.kind, (p as SetsCmd).name, line);
      default:
        return this.kernel(() => this.setCommand(p as SetsCmd | PairCmd), line);
    }
  }

  /** A kernel command: its refusal is reported with the restore line. */
  private kernel(f: () => void, line: number): void {
    try {
      f();
    } catch (e) {
      this.fail(e, line);
    }
  }

  private setCommand(p: SetsCmd | PairCmd): void {
    for (const s of liveSets(this.store)) purgeExpired(s, this.now);
    if (p.kind === "destroy") destroySets(this.store, p.name, this.refs());
    else if (p.kind === "flush") flushSets(this.store, p.name);
    else if (p.kind === "rename") renameSet(this.store, p.from, p.to, this.refs());
    else if (p.kind === "swap") swapSets(this.store, p.from, p.to);
  }

  private create(p: CreateCmd, line: number): void {
    const initval = p.header.initval ?? Math.floor(nextRandom(this.world.random) * 2 ** 32);
    const header = p.type.name.startsWith("hash:") ? { ...p.header, initval } : p.header;
    this.kernel(() => createSet(this.store, p.name, p.type.name, header, this.env.exist), line);
    if (p.warnings.length > 0) this.warn(p.warnings);
  }

  /** A warning ends the command (and a restore) with status 0, as default_standard_error does. */
  private warn(messages: readonly string[]): never {
    if (!this.env.quiet) this.io.stderr(`Warning: ${messages.map((m) => `${m}\n`).join("")}`);
    throw new Exit(0);
  }

  private adt(p: AdtCmd, line: number): void {
    const set = findSet(this.store, p.name);
    if (set === undefined) return this.fail(new KernelError("ENOENT", p.kind), line);
    purgeExpired(set, this.now);
    let found = false;
    this.kernel(() => {
      found = uadt(set, p.data, p.kind, { store: this.store, now: this.now, exist: this.env.exist });
    }, line);
    if (p.kind !== "test") return;
    const elem = formatData(set.type, p.data);
    if (found) this.warn([`${elem} is in set ${p.name}.`]);
    if (!this.env.quiet) this.io.stderr(`${elem} is NOT in set ${p.name}.\n`);
    throw new Exit(1);
  }

  private list(kind: "list" | "save", name: string | undefined, line: number): void {
    let sets: IpSet[] = [];
    this.kernel(() => {
      sets = name === undefined ? liveSets(this.store) : [requireSet(this.store, name, kind)];
    }, line);
    for (const s of sets) purgeExpired(s, this.now);
    this.env.mode ??= kind === "list" ? "plain" : "save";
    const save = this.env.mode === "save";
    this.io.stdout(
      listSets(sets, {
        mode: this.env.mode,
        terse: this.env.terse && !save,
        names: this.env.names && !save,
        sorted: this.env.sorted,
        now: this.now,
        references: this.refs(),
      }),
    );
  }

  /** ipset_parse_stream: each line a command; COMMIT and the end flush the queued adds and deletes. */
  private restore(): void {
    for (const { text, line } of restoreLines(this.io.stdin)) {
      const body = text.replace(/^\s+/, "");
      if (body === "" || body.startsWith("#")) continue;
      if (body === "COMMIT\n" || body === "COMMIT\r\n") {
        this.commit();
        continue;
      }
      let argv: string[] = [];
      try {
        argv = buildArgv(body);
      } catch (e) {
        this.fail(e, line);
      }
      this.command(argv, line);
    }
    this.commit();
  }
}

export const ipset: Tool = (argv, world, ns, io) => {
  const namespace = namespaceOf(world, ns);
  const store = namespace.ipsets ?? emptyStore();
  const status = new Session(world, namespace, store, io).run(argv);
  if (store.slots.length > 0) namespace.ipsets = store;
  else delete namespace.ipsets;
  return status;
};
