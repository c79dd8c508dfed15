// The token stream the grammar reads: a stack of lexers (`include` pushes a file), one
// token of lookahead, and the two ways a statement fails, as yacc has them: a syntax
// error (reported as "syntax error" at the lookahead's line) and a rule action's own error
// (yyerror with its message, then YYERROR); both recover at the end of the line.
import { Lexer, type Token } from "./lexer.ts";

export class SyntaxFail {
  constructor(readonly token: Token) {}
}

/** YYERROR after a message was already reported. */
export class ActionFail {}

interface Source {
  readonly name: string;
  readonly lexer: Lexer;
}

export class TokenStream {
  private readonly sources: Source[] = [];
  private look: Token | undefined;
  /** Tokens pushed back in front of the input (include's lungetc('\n')). */
  private pushed: Token[] = [];
  errors = 0;
  err = "";

  constructor(private readonly macro: (name: string) => string | undefined) {}

  push(name: string, text: string): void {
    const lexer = new Lexer(text, this.macro, (e) => this.reportAt(name, e.line, e.message));
    this.sources.push({ name, lexer });
  }

  get fileName(): string {
    return this.sources[this.sources.length - 1]?.name ?? "";
  }

  private read(): Token {
    const p = this.pushed.pop();
    if (p !== undefined) return p;
    for (;;) {
      const src = this.sources[this.sources.length - 1];
      if (src === undefined) return { kind: "eof", text: "", line: 0 };
      const t = src.lexer.next();
      if (t.kind !== "eof" || this.sources.length === 1) return t;
      this.sources.pop();
    }
  }

  peek(): Token {
    return (this.look ??= this.read());
  }

  next(): Token {
    const t = this.peek();
    this.look = undefined;
    return t;
  }

  /** lungetc('\n') after an include: the statement ends before the new file's text. */
  pushNewline(line: number): void {
    this.pushed.push({ kind: "nl", text: "\n", line });
  }

  isKw(word: string, t: Token = this.peek()): boolean {
    return t.kind === "keyword" && t.text === word;
  }

  isPunct(c: string, t: Token = this.peek()): boolean {
    return t.kind === "punct" && t.text === c;
  }

  acceptKw(word: string): boolean {
    if (!this.isKw(word)) return false;
    this.next();
    return true;
  }

  acceptPunct(c: string): boolean {
    if (!this.isPunct(c)) return false;
    this.next();
    return true;
  }

  expectKw(word: string): void {
    if (!this.acceptKw(word)) throw new SyntaxFail(this.peek());
  }

  expectPunct(c: string): void {
    if (!this.acceptPunct(c)) throw new SyntaxFail(this.peek());
  }

  /** A STRING token (quoted or not, never a keyword). */
  expectString(): string {
    const t = this.peek();
    if (t.kind !== "string") throw new SyntaxFail(t);
    this.next();
    return t.text;
  }

  expectNumber(): number {
    const t = this.peek();
    if (t.kind !== "number") throw new SyntaxFail(t);
    this.next();
    return Number(t.text);
  }

  /** optnl: any newlines inside a brace list. */
  optnl(): void {
    while (this.peek().kind === "nl") this.next();
  }

  /** comma: an optional ','. */
  comma(): void {
    this.acceptPunct(",");
  }

  reportAt(file: string, line: number, message: string): void {
    this.errors++;
    this.err += `${file}:${String(line)}: ${message}\n`;
  }

  /** yyerror() at the lookahead's line. */
  yyerror(message: string): void {
    this.reportAt(this.fileName, this.peek().line, message);
  }

  /** A message printed straight to stderr (fprintf in host() and friends). */
  warn(message: string): void {
    this.err += `${message}\n`;
  }

  /** yyerror + YYERROR. */
  fail(message: string): never {
    this.yyerror(message);
    throw new ActionFail();
  }

  /** Error recovery: drop tokens up to and including the next newline. */
  recover(): void {
    for (;;) {
      const t = this.next();
      if (t.kind === "nl" || t.kind === "eof") return;
    }
  }
}
