// tcpdump's command line (tcpdump.c main, getopt_long with GNU argument permutation):
// clustered short flags, option arguments attached or separate, long options by unique
// prefix, and the filter expression from the words that are not options.

export interface TcpdumpArgs {
  read?: string;
  write?: string;
  iface?: string;
  count?: number;
  numeric: number;
  verbose: number;
  link: boolean;
  quiet: boolean;
  absoluteSeq: boolean;
  timestamps: number;
  hex: number;
  hexAscii: number;
  ascii: number;
  number: boolean;
  print: boolean;
  countOnly: boolean;
  /** -Q / --direction: only packets the device receives, sends, or both (pcap_setdirection). */
  direction?: Direction;
  help: boolean;
  version: boolean;
  expression: string;
}

export type Direction = "in" | "out" | "inout";

export type ParsedArgs = { ok: true; args: TcpdumpArgs } | { ok: false; error: string; usage: boolean };

/** Short options taking an argument (SHORTOPTS in tcpdump.c). */
const WITH_ARG = new Set("BcCEFGiMjmQrsTVwWyzZ".split(""));
const FLAGS = new Set("aAbdDefhHIJKlLnNOpqStuUvxXY#".split(""));

/** Long options: name, whether it takes an argument, and the short option it means. */
const LONG: readonly [string, boolean, string][] = [
  ["buffer-size", true, "B"], ["list-interfaces", false, "D"], ["help", false, "h"],
  ["interface", true, "i"], ["monitor-mode", false, "I"], ["time-stamp-type", true, "j"],
  ["list-time-stamp-types", false, "J"], ["micro", false, "micro"], ["nano", false, "nano"],
  ["time-stamp-precision", true, "precision"], ["dont-verify-checksums", false, "K"],
  ["list-data-link-types", false, "L"], ["no-optimize", false, "O"],
  ["no-promiscuous-mode", false, "p"], ["direction", true, "Q"], ["snapshot-length", true, "s"],
  ["absolute-tcp-sequence-numbers", false, "S"], ["packet-buffered", false, "U"],
  ["linktype", true, "y"], ["immediate-mode", false, "immediate"], ["debug-filter-parser", false, "Y"],
  ["relinquish-privileges", true, "Z"], ["count", false, "count"], ["fp-type", false, "fp-type"],
  ["number", false, "#"], ["print", false, "print"], ["version", false, "version"],
];

function emptyArgs(): TcpdumpArgs {
  return {
    numeric: 0, verbose: 0, link: false, quiet: false, absoluteSeq: false, timestamps: 0,
    hex: 0, hexAscii: 0, ascii: 0, number: false, print: false, countOnly: false,
    help: false, version: false, expression: "",
  };
}

class Usage extends Error {
  constructor(message: string, readonly usage = true) {
    super(message);
  }
}

/** -Q's word, in any case (ascii_strcasecmp in tcpdump.c); anything else is fatal. */
function direction(text: string): Direction {
  const d = text.toLowerCase();
  if (d === "in" || d === "out" || d === "inout") return d;
  throw new Usage(`unknown capture direction \`${text}'`, false);
}

/** strtol with the whole word a positive number, as tcpdump checks -c. */
function packetCount(text: string): number {
  if (!/^\s*[+-]?\d+$/.test(text) || Number(text) <= 0) throw new Usage(`invalid packet count ${text}`, false);
  return Math.min(Number(text), 0x7fffffff);
}

function apply(a: TcpdumpArgs, opt: string, value: string | undefined): void {
  const v = value ?? "";
  switch (opt) {
    case "A": a.ascii++; break;
    case "c": a.count = packetCount(v); break;
    case "e": a.link = true; break;
    case "h": a.help = true; break;
    case "i": a.iface = v; break;
    case "n": a.numeric++; break;
    case "Q": a.direction = direction(v); break;
    case "q": a.quiet = true; break;
    case "r": a.read = v; break;
    case "S": a.absoluteSeq = true; break;
    case "t": a.timestamps++; break;
    case "v": a.verbose++; break;
    case "w": a.write = v; break;
    case "x": a.hex++; break;
    case "X": a.hexAscii++; break;
    case "#": a.number = true; break;
    case "count": a.countOnly = true; break;
    case "print": a.print = true; break;
    case "version": a.version = true; break;
    default: break;
  }
}

function longOption(word: string, rest: string[], a: TcpdumpArgs): void {
  const [name = "", attached] = word.slice(2).split(/=(.*)/s, 2);
  const exact = LONG.find(([n]) => n === name);
  const prefixed = LONG.filter(([n]) => n.startsWith(name));
  const found = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
  if (found === undefined) {
    if (prefixed.length > 1) throw new Usage(`option '--${name}' is ambiguous; possibilities:${prefixed.map(([n]) => ` '--${n}'`).join("")}`);
    throw new Usage(`unrecognized option '--${name}'`);
  }
  const [full, takesArg, opt] = found;
  if (!takesArg) {
    if (attached !== undefined) throw new Usage(`option '--${full}' doesn't allow an argument`);
    apply(a, opt, undefined);
    return;
  }
  const value = attached ?? rest.shift();
  if (value === undefined) throw new Usage(`option '--${full}' requires an argument`);
  apply(a, opt, value);
}

function shortOptions(word: string, rest: string[], a: TcpdumpArgs): void {
  for (let i = 1; i < word.length; i++) {
    const c = word[i] ?? "";
    if (WITH_ARG.has(c)) {
      const value = i + 1 < word.length ? word.slice(i + 1) : rest.shift();
      if (value === undefined) throw new Usage(`option requires an argument -- '${c}'`);
      apply(a, c, value);
      return;
    }
    if (!FLAGS.has(c)) throw new Usage(`invalid option -- '${c}'`);
    apply(a, c, undefined);
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const a = emptyArgs();
  const rest = [...argv];
  const words: string[] = [];
  try {
    while (rest.length > 0) {
      const word = rest.shift() ?? "";
      if (word === "--") {
        words.push(...rest.splice(0));
      } else if (word.startsWith("--")) {
        longOption(word, rest, a);
      } else if (word.startsWith("-") && word !== "-") {
        shortOptions(word, rest, a);
      } else {
        words.push(word);
      }
    }
  } catch (e) {
    if (e instanceof Usage) return { ok: false, error: e.message, usage: e.usage };
    throw e;
  }
  if (a.timestamps > 5) return { ok: false, error: "only -t, -tt, -ttt, -tttt and -ttttt are supported", usage: false };
  a.expression = words.join(" ");
  return { ok: true, args: a };
}
