// The pf.conf tokenizer, as parse.y's yylex()/lgetc() read a file: `#` comments, `\`
// line continuations, quoted strings, numbers only where a number may end, keywords
// looked up in one sorted table, and `$macro` expanded in place while reading (a macro's
// value is read as if it stood there, once: macros inside it are not expanded again).

/** "error" is yylex's ERROR: an undefined macro, after the rest of its line was skipped. */
export type TokenKind = "string" | "keyword" | "number" | "punct" | "portbinary" | "arrow" | "nl" | "eof" | "error";

export interface Token {
  readonly kind: TokenKind;
  /** The text: the string, the keyword, the digits, or the punctuation character. */
  readonly text: string;
  /** 1-based line the token is on (yylval.lineno). */
  readonly line: number;
  /** A quoted string: never a keyword. */
  readonly quoted?: boolean;
}

/** parse.y's keyword table (lookup()), with macOS's additions. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  "all", "allow-opts", "altq", "anchor", "antispoof", "any", "bandwidth", "binat", "binat-anchor",
  "bitmask", "block", "block-policy", "cbq", "code", "crop", "debug", "drop", "drop-ovl", "dummynet",
  "dummynet-anchor", "dup-to", "fastroute", "file", "fingerprints", "flags", "floating", "flush",
  "for", "fragment", "from", "global", "group", "hfsc", "hostid", "icmp-type", "icmp6-type",
  "if-bound", "in", "include", "inet", "inet6", "keep", "label", "limit", "linkshare", "load", "log",
  "loginterface", "max", "max-mss", "max-src-conn", "max-src-conn-rate", "max-src-nodes",
  "max-src-states", "min-ttl", "modulate", "nat", "nat-anchor", "no", "no-df", "no-route", "no-sync",
  "on", "optimization", "os", "out", "overload", "pass", "pipe", "port", "priority", "priq",
  "probability", "proto", "qlimit", "queue", "quick", "random", "random-id", "rdr", "rdr-anchor",
  "realtime", "reassemble", "reply-to", "require-order", "return", "return-icmp", "return-icmp6",
  "return-rst", "round-robin", "route", "route-to", "rule", "ruleset-optimization", "scrub",
  "scrub-anchor", "set", "set-tos", "skip", "sloppy", "source-hash", "source-track", "state",
  "state-policy", "static-port", "sticky-address", "synproxy", "table", "tag", "tagged", "tbrsize",
  "timeout", "to", "tos", "ttl", "upperlimit", "urpf-failed", "user",
]);

export interface LexError {
  readonly line: number;
  readonly message: string;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isAlnum(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";
}

/** allowed_in_string(): alphanumerics and punctuation but the characters the grammar uses. */
function allowedInString(c: string): boolean {
  return isAlnum(c) || (/^[!-/:-@[-`{-~]$/.test(c) && !"(){}<>!=/#,".includes(c));
}

/** allowed_to_end_number() */
function endsNumber(c: string | undefined): boolean {
  return c === undefined || isSpace(c) || ")/,}=".includes(c);
}

/**
 * A lexer over one file. `macro` resolves `$name`; an unknown macro is reported and the
 * rest of the line is skipped (findeol()), as yylex does.
 */
export class Lexer {
  private pos = 0;
  /** The characters of a macro value being read (parsebuf). */
  private buf: string | undefined;
  private bufPos = 0;
  private back: string[] = [];
  line = 1;

  constructor(
    private readonly text: string,
    private readonly macro: (name: string) => string | undefined,
    private readonly onError: (e: LexError) => void,
  ) {}

  /** lgetc(): a character, with `\`-newline continuations removed outside quotes. */
  private getc(quoted = false): string | undefined {
    if (this.buf !== undefined) {
      const c = this.buf[this.bufPos++];
      if (c !== undefined) return c;
      this.buf = undefined;
    }
    const pushed = this.back.pop();
    if (pushed !== undefined) return pushed;
    if (quoted) return this.text[this.pos++];
    let c = this.text[this.pos++];
    while (c === "\\") {
      const next = this.text[this.pos];
      if (next !== "\n") break;
      this.pos++;
      this.line++;
      c = this.text[this.pos++];
    }
    return c;
  }

  private ungetc(c: string | undefined): void {
    if (c === undefined) return;
    if (this.buf !== undefined && this.bufPos > 0) {
      this.bufPos--;
      return;
    }
    this.back.push(c);
  }

  /** findeol(): drop the rest of the line. */
  skipLine(): void {
    this.buf = undefined;
    this.back = [];
    for (;;) {
      const c = this.getc();
      if (c === undefined) return;
      if (c === "\n") {
        this.line++;
        return;
      }
    }
  }

  next(): Token {
    for (;;) {
      const t = this.token();
      if (t !== undefined) return t;
    }
  }

  /** One token, or undefined when a macro was expanded or a line skipped (read again). */
  private token(): Token | undefined {
    let c = this.getc();
    while (c === " " || c === "\t") c = this.getc();
    const line = this.line;
    if (c === "#") while ((c = this.getc()) !== "\n" && c !== undefined);
    if (c === "$" && this.buf === undefined) return this.expand(line);
    if (c === undefined) return { kind: "eof", text: "", line };
    if (c === "'" || c === '"') return this.quoted(c, line);
    const two = this.twoChar(c, line);
    if (two !== undefined) return two;
    if (c === "-" || isDigit(c)) {
      const n = this.number(c, line);
      if (n !== undefined) return n;
    }
    if (isAlnum(c) || c === ":" || c === "_") return this.word(c, line);
    if (c === "\n") this.line++;
    return c === "\n" ? { kind: "nl", text: "\n", line } : { kind: "punct", text: c, line };
  }

  private expand(line: number): Token | undefined {
    let name = "";
    let c = this.getc();
    while (c !== undefined && (isAlnum(c) || c === "_")) {
      name += c;
      c = this.getc();
    }
    this.ungetc(c);
    const value = this.macro(name);
    if (value === undefined) {
      this.onError({ line, message: `macro '${name}' not defined` });
      this.skipLine();
      return { kind: "error", text: "", line };
    }
    this.buf = value;
    this.bufPos = 0;
    return undefined;
  }

  private quoted(q: string, line: number): Token {
    let s = "";
    for (;;) {
      let c = this.getc(true);
      if (c === undefined) {
        this.onError({ line: this.line, message: "reached end of file while parsing quoted string" });
        return { kind: "string", text: s, line, quoted: true };
      }
      if (c === "\n") {
        this.line++;
        continue;
      }
      if (c === "\\") {
        const next = this.getc(true);
        if (next === q) c = next;
        else if (next === "\n") {
          this.line++;
          continue;
        } else this.ungetc(next);
      } else if (c === q) return { kind: "string", text: s, line, quoted: true };
      s += c;
    }
  }

  private twoChar(c: string, line: number): Token | undefined {
    const pairs: Record<string, [string, TokenKind]> = { "<": [">", "portbinary"], ">": ["<", "portbinary"], "-": [">", "arrow"] };
    const pair = pairs[c];
    if (pair === undefined) return undefined;
    const next = this.getc();
    if (next === pair[0]) return { kind: pair[1], text: c + next, line };
    this.ungetc(next);
    return undefined;
  }

  private number(first: string, line: number): Token | undefined {
    let s = first;
    let c = this.getc();
    while (c !== undefined && isDigit(c)) {
      s += c;
      c = this.getc();
    }
    if (s !== "-" && endsNumber(c)) {
      this.ungetc(c);
      return { kind: "number", text: s, line };
    }
    this.ungetc(c);
    for (let i = s.length - 1; i >= 1; i--) this.ungetc(s[i]);
    if (first === "-") return { kind: "punct", text: "-", line };
    return undefined;
  }

  private word(first: string, line: number): Token {
    let s = first;
    let c = this.getc();
    while (c !== undefined && allowedInString(c)) {
      s += c;
      c = this.getc();
    }
    this.ungetc(c);
    return { kind: KEYWORDS.has(s) ? "keyword" : "string", text: s, line };
  }
}
