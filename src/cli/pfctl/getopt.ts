// BSD getopt(3) as macOS's libc has it: clustered flags, arguments attached or in the next
// word, parsing stops at the first word that is not an option (or after "--"), and the
// two messages it prints ("illegal option", "option requires an argument").

export interface GetoptResult {
  readonly opts: readonly { readonly ch: string; readonly arg?: string }[];
  /** The words after the options. */
  readonly rest: readonly string[];
  /** getopt's own message when it returned '?'. */
  readonly error?: string;
}

export function getopt(argv: readonly string[], spec: string, prog: string): GetoptResult {
  const opts: { ch: string; arg?: string }[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i] ?? "";
    if (word === "--") {
      i++;
      break;
    }
    if (!word.startsWith("-") || word === "-") break;
    for (let j = 1; j < word.length; j++) {
      const ch = word[j] ?? "";
      const at = spec.indexOf(ch);
      if (at < 0 || ch === ":") return { opts, rest: [], error: `${prog}: illegal option -- ${ch}\n` };
      if (spec[at + 1] !== ":") {
        opts.push({ ch });
        continue;
      }
      let arg = word.slice(j + 1);
      if (arg === "") {
        i++;
        const next = argv[i];
        if (next === undefined) return { opts, rest: [], error: `${prog}: option requires an argument -- ${ch}\n` };
        arg = next;
      }
      opts.push({ ch, arg });
      break;
    }
  }
  return { opts, rest: argv.slice(i) };
}
