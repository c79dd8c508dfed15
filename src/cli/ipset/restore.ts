// Reading `ipset restore` input as lib/ipset.c does: fgets-sized lines, and build_argv's
// splitting of a line into words, double quotes grouping (and vanishing), at most 30 words.
import { ParameterError } from "../../netfilter/ipset/index.ts";

/** MAX_CMDLINE_CHARS: fgets reads at most 1023 characters of a line at a time. */
const FGETS = 1023;

/** The lines of the input as fgets returns them (newline kept), with their line numbers. */
export function* restoreLines(text: string): Generator<{ text: string; line: number }> {
  let line = 0;
  let rest = text;
  while (rest !== "") {
    const nl = rest.indexOf("\n");
    const end = Math.min(nl < 0 ? rest.length : nl + 1, FGETS);
    line++;
    yield { text: rest.slice(0, end), line };
    rest = rest.slice(end);
  }
}

/** build_argv: words separated by blanks outside quotes; an empty word is dropped. */
export function buildArgv(line: string): string[] {
  const words: string[] = [];
  let arg = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    // newargv holds the program name and at most 30 words.
    if (words.length + 2 === 32) throw new ParameterError("Line is too long to parse.");
    const c = line[i] ?? "";
    const last = i === line.length - 1;
    if (c === '"') {
      quoted = !quoted;
      if (!last) continue;
    } else if (c === " " || c === "\r" || c === "\n" || c === "\t") {
      if (quoted) {
        arg += c;
        continue;
      }
    } else {
      arg += c;
      if (!last) continue;
    }
    if (last && quoted) throw new ParameterError("Missing close quote!");
    if (arg === "") continue;
    words.push(arg);
    arg = "";
  }
  return words;
}
