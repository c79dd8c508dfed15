// The text filters a user pipes tool output into: grep, head, tail, wc, sort, uniq, cat,
// with the options people use on them (GNU coreutils / grep wording for errors).

export interface FilterIO {
  readonly stdin: string;
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export type Filter = (args: readonly string[], io: FilterIO) => number;

function lines(text: string): string[] {
  if (text === "") return [];
  const all = text.split("\n");
  if (all[all.length - 1] === "") all.pop();
  return all;
}

function joinLines(list: readonly string[]): string {
  return list.map((l) => `${l}\n`).join("");
}

/** Short options may be clustered (-vi); `-n5` and `-n 5` both work for options with values. */
function parseOptions(args: readonly string[], withValue: string): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (/^-\d+$/.test(arg)) {
      flags.set("n", arg.slice(1));
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      rest.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] ?? "";
      if (withValue.includes(letter)) {
        const value = arg.slice(j + 1) || args[++i] || "";
        flags.set(letter, value);
        break;
      }
      flags.set(letter, "");
    }
  }
  return { flags, rest };
}

function input(rest: readonly string[], io: FilterIO): string {
  return rest.length === 0 ? io.stdin : rest.map((f) => io.readFile(f)).join("");
}

const grep: Filter = (args, io) => {
  const { flags, rest } = parseOptions(args, "em");
  const pattern = flags.get("e") ?? rest.shift();
  if (pattern === undefined) {
    io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const ignoreCase = flags.has("i");
  let source = flags.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern;
  // Basic regular expressions: \| \( \) \{ \} are the operators, bare ones are literal.
  if (!flags.has("E") && !flags.has("F")) {
    source = source.replace(/\\([|(){}+?])|([|(){}+?])/g, (_m, esc: string | undefined, bare: string | undefined) => (esc ? esc : `\\${bare ?? ""}`));
  }
  if (flags.has("w")) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  if (flags.has("x")) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, ignoreCase ? "i" : "");
  } catch {
    io.err("grep: Invalid regular expression\n");
    return 2;
  }
  const invert = flags.has("v");
  const selected = lines(input(rest, io))
    .map((line, i) => ({ line, num: i + 1 }))
    .filter(({ line }) => re.test(line) !== invert);
  const max = flags.has("m") ? Number(flags.get("m")) : Infinity;
  const shown = selected.slice(0, max);
  if (flags.has("q")) return shown.length > 0 ? 0 : 1;
  if (flags.has("c")) io.out(`${String(shown.length)}\n`);
  else if (flags.has("o") && !invert) {
    const global = new RegExp(re.source, `${re.flags}g`);
    for (const { line } of shown) for (const m of line.match(global) ?? []) io.out(`${m}\n`);
  } else io.out(joinLines(shown.map(({ line, num }) => (flags.has("n") ? `${String(num)}:${line}` : line))));
  return shown.length > 0 ? 0 : 1;
};

function count(flags: Map<string, string>, fallback: number): number {
  const n = flags.get("n");
  return n === undefined ? fallback : Number(n.replace(/^\+/, ""));
}

const head: Filter = (args, io) => {
  const { flags, rest } = parseOptions(args, "nc");
  const text = input(rest, io);
  if (flags.has("c")) {
    io.out(text.slice(0, Number(flags.get("c"))));
    return 0;
  }
  const n = count(flags, 10);
  const all = lines(text);
  io.out(joinLines(n >= 0 ? all.slice(0, n) : all.slice(0, Math.max(0, all.length + n))));
  return 0;
};

const tail: Filter = (args, io) => {
  const { flags, rest } = parseOptions(args, "nc");
  const all = lines(input(rest, io));
  const spec = flags.get("n");
  if (spec?.startsWith("+")) io.out(joinLines(all.slice(Math.max(0, Number(spec.slice(1)) - 1))));
  else io.out(joinLines(all.slice(Math.max(0, all.length - count(flags, 10)))));
  return 0;
};

const wc: Filter = (args, io) => {
  const { flags, rest } = parseOptions(args, "");
  const text = input(rest, io);
  const counts = {
    l: (text.match(/\n/g) ?? []).length,
    w: text.split(/\s+/).filter((w) => w !== "").length,
    c: new TextEncoder().encode(text).length,
  };
  const chosen = (["l", "w", "c"] as const).filter((k) => flags.has(k));
  const shown = chosen.length > 0 ? chosen : (["l", "w", "c"] as const);
  const width = shown.length === 1 ? 0 : Math.max(...shown.map((k) => String(counts[k]).length), 1);
  io.out(`${shown.map((k) => String(counts[k]).padStart(width)).join(" ")}\n`);
  return 0;
};

const sort: Filter = (args, io) => {
  const { flags, rest } = parseOptions(args, "kt");
  let all = lines(input(rest, io));
  const key = (l: string) => {
    const k = flags.get("k");
    if (k === undefined) return l;
    const field = Number(k.split(",")[0]);
    const sep = flags.get("t");
    return (sep ? l.split(sep) : l.trim().split(/\s+/))[field - 1] ?? "";
  };
  all.sort((a, b) => {
    if (flags.has("n")) return (parseFloat(key(a)) || 0) - (parseFloat(key(b)) || 0);
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (flags.has("r")) all.reverse();
  if (flags.has("u")) all = all.filter((l, i) => i === 0 || l !== all[i - 1]);
  io.out(joinLines(all));
  return 0;
};

const uniq: Filter = (args, io) => {
  const { flags, rest } = parseOptions(args, "");
  const groups: { line: string; n: number }[] = [];
  for (const line of lines(input(rest, io))) {
    const last = groups[groups.length - 1];
    if (last && last.line === line) last.n++;
    else groups.push({ line, n: 1 });
  }
  io.out(joinLines(groups.map((g) => (flags.has("c") ? `${String(g.n).padStart(7)} ${g.line}` : g.line))));
  return 0;
};

const cat: Filter = (args, io) => {
  io.out(input(args.filter((a) => a !== "-"), io));
  return 0;
};

/**
 * A file that cannot be read is reported as coreutils and grep report it, and the filter
 * goes on with the rest; it then exits 1 (grep: 2).
 */
function reportingMissingFiles(name: string, filter: Filter): Filter {
  return (args, io) => {
    let missing = false;
    const readFile = (path: string): string => {
      try {
        return io.readFile(path);
      } catch {
        io.err(`${name}: ${path}: No such file or directory\n`);
        missing = true;
        return "";
      }
    };
    const status = filter(args, { ...io, readFile });
    return missing ? Math.max(status, name === "grep" ? 2 : 1) : status;
  };
}

export const FILTERS: Readonly<Record<string, Filter>> = Object.fromEntries(
  Object.entries({ grep, head, tail, wc, sort, uniq, cat }).map(([name, f]) => [name, reportingMissingFiles(name, f)]),
);
