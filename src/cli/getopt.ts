// GNU getopt_long as glibc 2.36 runs it for the Linux tools (iptables-save and -restore,
// ping, nc): options permuted ahead of operands, unique prefixes of long names, and glibc's
// own messages ("iptables-save: invalid option -- 'x'") printed by getopt itself (opterr is 1).

export interface LongOption {
  readonly name: string;
  /** 0: none, 1: required, 2: optional (only as --name=value). */
  readonly hasArg: 0 | 1 | 2;
  /** The letter the option stands for. */
  readonly val: string;
}

export interface GetoptResult {
  /** The options in the order given, up to the first error. */
  readonly opts: readonly { readonly val: string; readonly arg?: string }[];
  readonly operands: readonly string[];
  /** What getopt printed for a bad option (getopt_long then returned '?'). */
  readonly error?: string;
}

/**
 * Parses `argv` (without the program name) against `optstring` ("bct:M:") and `longopts`.
 * Letters in `eatsWord` take the next word as well when it starts with neither "-" nor "!"
 * (xtables-restore's -w / -W, which do `optind++` themselves).
 */
export function getoptLong(
  program: string,
  argv: readonly string[],
  optstring: string,
  longopts: readonly LongOption[],
  eatsWord = "",
): GetoptResult {
  const opts: { val: string; arg?: string }[] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? "";
    if (word === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      operands.push(word);
      continue;
    }
    const next = () => argv[++i];
    const failure = word.startsWith("--") ? longOption(program, word, longopts, opts, next) : shortOptions(program, word, optstring, opts, next);
    if (failure !== undefined) return { opts, operands, error: failure };
    const last = opts[opts.length - 1];
    const following = argv[i + 1];
    if (last && last.arg === undefined && eatsWord.includes(last.val) && following !== undefined && !/^[-!]/.test(following)) i++;
  }
  return { opts, operands };
}

function longOption(
  program: string,
  word: string,
  longopts: readonly LongOption[],
  opts: { val: string; arg?: string }[],
  next: () => string | undefined,
): string | undefined {
  const eq = word.indexOf("=");
  const name = word.slice(2, eq >= 0 ? eq : undefined);
  const inline = eq >= 0 ? word.slice(eq + 1) : undefined;
  const exact = longopts.find((o) => o.name === name);
  const matches = exact ? [exact] : longopts.filter((o) => o.name.startsWith(name));
  const first = matches[0];
  if (first === undefined) return `${program}: unrecognized option '${word}'\n`;
  if (matches.some((o) => o.hasArg !== first.hasArg || o.val !== first.val)) {
    return `${program}: option '--${name}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join("")}\n`;
  }
  if (first.hasArg === 0) {
    if (inline !== undefined) return `${program}: option '--${first.name}' doesn't allow an argument\n`;
    opts.push({ val: first.val });
    return undefined;
  }
  if (inline !== undefined || first.hasArg === 2) {
    opts.push(inline === undefined ? { val: first.val } : { val: first.val, arg: inline });
    return undefined;
  }
  const arg = next();
  if (arg === undefined) return `${program}: option '--${first.name}' requires an argument\n`;
  opts.push({ val: first.val, arg });
  return undefined;
}

function shortOptions(
  program: string,
  word: string,
  optstring: string,
  opts: { val: string; arg?: string }[],
  next: () => string | undefined,
): string | undefined {
  for (let j = 1; j < word.length; j++) {
    const letter = word[j] ?? "";
    const at = optstring.indexOf(letter);
    if (at < 0 || letter === ":") return `${program}: invalid option -- '${letter}'\n`;
    const takes = optstring[at + 1] === ":" ? (optstring[at + 2] === ":" ? 2 : 1) : 0;
    if (takes === 0) {
      opts.push({ val: letter });
      continue;
    }
    const rest = word.slice(j + 1);
    if (rest !== "" || takes === 2) {
      opts.push(rest === "" ? { val: letter } : { val: letter, arg: rest });
      return undefined;
    }
    const arg = next();
    if (arg === undefined) return `${program}: option requires an argument -- '${letter}'\n`;
    opts.push({ val: letter, arg });
    return undefined;
  }
  return undefined;
}
