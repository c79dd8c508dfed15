// The parts of mvdan-sh (the GopherJS build of mvdan/sh's parser) nfsim uses.
declare module "mvdan-sh" {
  export interface Pos {
    Line(): number;
    Offset(): number;
  }
  export interface Node {
    Pos(): Pos;
    End(): Pos;
  }
  export interface WordPart extends Node {
    Value?: string;
    Parts?: WordPart[];
    Param?: { Value: string };
    Short?: boolean;
    Exp?: unknown;
    Index?: unknown;
    Length?: boolean;
    Excl?: boolean;
    Slice?: unknown;
    Repl?: unknown;
  }
  export interface Word extends Node {
    Parts: WordPart[];
    Lit(): string;
  }
  export interface Redirect extends Node {
    Op: number;
    N: { Value: string } | null;
    Word: Word | null;
    Hdoc: Word | null;
  }
  export interface Assign extends Node {
    Name: { Value: string };
    Value: Word | null;
    Append: boolean;
    Naked: boolean;
  }
  export interface Command extends Node {
    Args?: Word[];
    Assigns?: Assign[];
    Op?: number;
    X?: Stmt;
    Y?: Stmt;
  }
  export interface Stmt extends Node {
    Cmd: Command | null;
    Negated: boolean;
    Background: boolean;
    Coprocess: boolean;
    Redirs: Redirect[];
    Position: Pos;
  }
  export interface File {
    Stmts: Stmt[];
  }
  export interface Parser {
    Parse(src: string, name: string): File;
  }
  export const syntax: {
    NewParser(): Parser;
    NodeType(node: unknown): string;
  };
  const sh: { syntax: typeof syntax };
  export default sh;
}
