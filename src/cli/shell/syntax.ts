// Shell scripts read with mvdan/sh's parser (mvdan-sh) into the small command language
// `nfsim run` executes: simple commands, &&, ||, pipes, `!`, `&`, redirections and
// here-documents, assignments and $NAME expansion. Anything else is refused by name.
import sh from "mvdan-sh";
import type { Command, Redirect, Stmt as ShStmt, Word as ShWord, WordPart } from "mvdan-sh";

const { syntax } = sh;

/** A word as parts to expand at run time. */
export type WordPiece = { readonly kind: "lit"; readonly text: string } | { readonly kind: "param"; readonly name: string };
export type Word = readonly WordPiece[];

export type Redir =
  | { readonly kind: "in" | "out" | "append"; readonly fd: number; readonly target: Word }
  | { readonly kind: "dup"; readonly fd: number; readonly to: string }
  | { readonly kind: "heredoc"; readonly body: Word }
  | { readonly kind: "herestring"; readonly body: Word };

export interface SimpleCommand {
  readonly kind: "command";
  readonly line: number;
  readonly assigns: readonly { readonly name: string; readonly value: Word }[];
  readonly args: readonly Word[];
}

export interface Binary {
  readonly kind: "and" | "or" | "pipe";
  readonly left: Statement;
  readonly right: Statement;
}

export interface Statement {
  readonly line: number;
  /** The statement's source text, here-document included. */
  readonly text: string;
  readonly node: SimpleCommand | Binary;
  readonly negated: boolean;
  readonly background: boolean;
  readonly redirs: readonly Redir[];
}

export class ShellSyntaxError extends Error {}

const CONSTRUCTS: Readonly<Record<string, string>> = {
  ForClause: "for loop",
  WhileClause: "while loop",
  IfClause: "if statement",
  CaseClause: "case statement",
  FuncDecl: "function definition",
  Subshell: "subshell ( ... )",
  Block: "command group { ... }",
  ArithmCmd: "arithmetic command (( ... ))",
  TestClause: "test clause [[ ... ]]",
  DeclClause: "declaration (local/declare/export with options)",
  LetClause: "let",
  TimeClause: "time",
  CoprocClause: "coproc",
};

// Operator numbers of mvdan/sh's token table (syntax/tokens.go).
const OP = { and: 10, or: 11, pipe: 12, pipeAll: 13 } as const;
const REDIR = { out: 54, append: 55, in: 56, dupIn: 58, dupOut: 59, clobber: 60, heredoc: 61, heredocTabs: 62, herestring: 63 } as const;

function unsupported(what: string, line: number): ShellSyntaxError {
  return new ShellSyntaxError(`line ${String(line)}: unsupported shell construct: ${what}`);
}

/** Backslash escapes outside quotes: "\x" is "x", "\<newline>" is nothing. */
function unescapeBare(text: string): string {
  return text.replace(/\\(\n|.)/g, (_m, c: string) => (c === "\n" ? "" : c));
}

/** Inside double quotes only \$ \` \" \\ and \<newline> are escapes. */
function unescapeDouble(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c));
}

function pieces(part: WordPart, line: number, quoted: boolean): WordPiece[] {
  switch (syntax.NodeType(part)) {
    case "Lit":
      return [{ kind: "lit", text: quoted ? unescapeDouble(part.Value ?? "") : unescapeBare(part.Value ?? "") }];
    case "SglQuoted":
      return [{ kind: "lit", text: part.Value ?? "" }];
    case "DblQuoted":
      return (part.Parts ?? []).flatMap((p) => pieces(p, line, true));
    case "ParamExp":
      if (part.Exp || part.Index || part.Length || part.Excl || part.Slice || part.Repl) {
        throw unsupported("parameter expansion with operators", line);
      }
      return [{ kind: "param", name: part.Param?.Value ?? "" }];
    case "CmdSubst":
      throw unsupported("command substitution $( ... )", line);
    case "ArithmExp":
      throw unsupported("arithmetic expansion $(( ... ))", line);
    case "ProcSubst":
      throw unsupported("process substitution", line);
    case "ExtGlob":
      throw unsupported("extended glob", line);
    default:
      throw unsupported(syntax.NodeType(part), line);
  }
}

function word(w: ShWord, line: number): Word {
  return w.Parts.flatMap((p) => pieces(p, line, false));
}

function redir(r: Redirect, line: number): Redir {
  const fd = r.N ? Number(r.N.Value) : undefined;
  const target = r.Word ? word(r.Word, line) : [];
  switch (r.Op) {
    case REDIR.out:
    case REDIR.clobber:
      return { kind: "out", fd: fd ?? 1, target };
    case REDIR.append:
      return { kind: "append", fd: fd ?? 1, target };
    case REDIR.in:
      return { kind: "in", fd: fd ?? 0, target };
    case REDIR.dupOut:
    case REDIR.dupIn:
      return { kind: "dup", fd: fd ?? (r.Op === REDIR.dupOut ? 1 : 0), to: r.Word?.Lit() ?? "" };
    case REDIR.heredoc:
    case REDIR.heredocTabs: {
      const quotedDelimiter = (r.Word?.Parts ?? []).some((p) => syntax.NodeType(p) !== "Lit");
      const raw = r.Hdoc ? r.Hdoc.Parts : [];
      const body: Word = quotedDelimiter
        ? [{ kind: "lit", text: raw.map((p) => p.Value ?? "").join("") }]
        : raw.flatMap((p) => heredocPieces(p, line));
      return { kind: "heredoc", body };
    }
    case REDIR.herestring:
      return { kind: "herestring", body: target };
    default:
      throw unsupported(`redirection operator #${String(r.Op)}`, line);
  }
}

/** Here-document text: parameters expand, backslash escapes \$ \` \\ only. */
function heredocPieces(part: WordPart, line: number): WordPiece[] {
  if (syntax.NodeType(part) === "Lit") {
    return [{ kind: "lit", text: (part.Value ?? "").replace(/\\([$`\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c)) }];
  }
  return pieces(part, line, true);
}

function command(cmd: Command, line: number, src: string): SimpleCommand | Binary {
  const type = syntax.NodeType(cmd);
  if (type === "CallExpr") {
    return {
      kind: "command",
      line,
      assigns: (cmd.Assigns ?? []).map((a) => {
        if (a.Append || a.Naked) throw unsupported("array or append assignment", line);
        return { name: a.Name.Value, value: a.Value ? word(a.Value, line) : [] };
      }),
      args: (cmd.Args ?? []).map((w) => word(w, line)),
    };
  }
  if (type === "BinaryCmd" && cmd.X && cmd.Y) {
    const kind = cmd.Op === OP.and ? "and" : cmd.Op === OP.or ? "or" : cmd.Op === OP.pipe ? "pipe" : undefined;
    if (kind === undefined) throw unsupported(cmd.Op === OP.pipeAll ? "|& pipe" : "binary operator", line);
    return { kind, left: statement(cmd.X, src), right: statement(cmd.Y, src) };
  }
  throw unsupported(CONSTRUCTS[type] ?? type, line);
}

function statement(st: ShStmt, src: string): Statement {
  const line = st.Position.Line();
  const text = src.slice(st.Pos().Offset(), st.End().Offset());
  if (st.Coprocess) throw unsupported("coproc", line);
  const node: SimpleCommand | Binary = st.Cmd ? command(st.Cmd, line, src) : { kind: "command", line, assigns: [], args: [] };
  return { line, text, node, negated: st.Negated, background: st.Background, redirs: st.Redirs.map((r) => redir(r, line)) };
}

/** Parses a script; syntax errors and unsupported constructs throw ShellSyntaxError. */
export function parseScript(text: string, name = "script"): Statement[] {
  let file;
  try {
    file = syntax.NewParser().Parse(text, name);
  } catch (e) {
    const message = e instanceof Error ? e.message : String((e as { Error?: () => string }).Error?.() ?? e);
    throw new ShellSyntaxError(message);
  }
  return file.Stmts.map((st) => statement(st, text));
}
