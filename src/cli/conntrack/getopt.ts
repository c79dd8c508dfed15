// The option scanner conntrack uses: glibc's getopt_long over conntrack.c's getopt_str
// and option table ("-s ADDR", "-sADDR", "--src ADDR", "--src=ADDR", unique prefixes of
// long names), with opterr off so that conntrack words the errors itself. Non-options are
// skipped (glibc permutes them to the end); what a protocol adds (--sport, --state, ...)
// is known only once -p has been read, as merge_options does.

/** has_arg of struct option: 0 none, 1 required, 2 optional (only glued: -Lexpect, --dump=expect). */
export type HasArg = 0 | 1 | 2;

export interface LongOption {
  readonly name: string;
  readonly has: HasArg;
  /** The short letter it stands for, or the name of a protocol option. */
  readonly val: string;
}

export type Scanned =
  | { readonly kind: "opt"; readonly val: string; readonly arg: string | undefined }
  /** getopt's ':' and '?': the word conntrack quotes (argv[optind-1]). */
  | { readonly kind: "missing" | "unknown"; readonly word: string };

/** A scanner over argv; `longs` may grow while scanning (merge_options after -p). */
export class Getopt {
  private i = 0;
  /** The rest of a cluster of short options being read ("-zL" after "z"). */
  private cluster = "";
  private clusterWord = "";

  constructor(
    private readonly argv: readonly string[],
    private readonly shorts: ReadonlyMap<string, HasArg>,
    readonly longs: LongOption[],
  ) {}

  /** get_optional_arg: the next word when it is not an option (conntrack's fix for optional arguments). */
  optionalNext(): string | undefined {
    const next = this.argv[this.i];
    if (next === undefined || next.startsWith("-") || next.startsWith("!")) return undefined;
    this.i++;
    return next;
  }

  next(): Scanned | undefined {
    if (this.cluster !== "") return this.short();
    for (;;) {
      const word = this.argv[this.i];
      if (word === undefined || word === "--") return undefined;
      this.i++;
      if (word.startsWith("--")) return this.long(word);
      if (word.startsWith("-") && word.length > 1) {
        this.cluster = word.slice(1);
        this.clusterWord = word;
        return this.short();
      }
    }
  }

  private short(): Scanned {
    const c = this.cluster[0] ?? "";
    this.cluster = this.cluster.slice(1);
    const has = this.shorts.get(c);
    const last = this.cluster === "";
    // glibc moves past the word only at its last letter: a bad letter inside quotes the word before.
    const quoted = last ? this.clusterWord : (this.argv[this.i - 2] ?? "conntrack");
    if (has === undefined) return { kind: "unknown", word: quoted };
    if (has === 0) return { kind: "opt", val: c, arg: undefined };
    const glued = this.cluster;
    this.cluster = "";
    if (glued !== "") return { kind: "opt", val: c, arg: glued };
    if (has === 2) return { kind: "opt", val: c, arg: undefined };
    const arg = this.argv[this.i];
    if (arg === undefined) return { kind: "missing", word: this.clusterWord };
    this.i++;
    return { kind: "opt", val: c, arg };
  }

  private long(word: string): Scanned {
    const eq = word.indexOf("=");
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const option = this.lookup(name);
    if (option === undefined) return { kind: "unknown", word };
    const glued = eq < 0 ? undefined : word.slice(eq + 1);
    if (option.has === 0) return glued === undefined ? { kind: "opt", val: option.val, arg: undefined } : { kind: "unknown", word };
    if (option.has === 2 || glued !== undefined) return { kind: "opt", val: option.val, arg: glued };
    const arg = this.argv[this.i];
    if (arg === undefined) return { kind: "missing", word };
    this.i++;
    return { kind: "opt", val: option.val, arg };
  }

  /** An exact name, else the one option a prefix names (several with the same meaning count as one). */
  private lookup(name: string): LongOption | undefined {
    if (name === "") return undefined;
    const exact = this.longs.find((o) => o.name === name);
    if (exact !== undefined) return exact;
    const prefixed = this.longs.filter((o) => o.name.startsWith(name));
    const first = prefixed[0];
    if (first === undefined) return undefined;
    return prefixed.every((o) => o.val === first.val && o.has === first.has) ? first : undefined;
  }
}
