// A bundle or dump that cannot be imported: the message names the line of the file (and
// the bundle's section) where the trouble is.
export class ImportError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly section?: string,
  ) {
    super(`${line !== undefined ? `line ${String(line)}` : ""}${section !== undefined ? ` (section ${section})` : ""}${line !== undefined || section !== undefined ? ": " : ""}${reason}`);
  }
}
