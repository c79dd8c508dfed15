// The snapshot bundle: what `nfsim snapshot`'s script gathers on a real host, in one text
// file. Its format (version 1):
//
//   #nfsim-snapshot 1
//   #nfsim-section NAME BYTES EXIT
//   <exactly BYTES bytes: the command's standard output>
//   #nfsim-end NAME
//   ... more sections ...
//
// The end line follows the content after one newline of its own (so that content without
// a final newline still ends before it). EXIT is the command's exit status. Lines starting
// with "#nfsim-" cannot occur in what the gathered commands print (iptables-save starts its
// lines with `*`, `:`, `-`, `#` followed by a space, or COMMIT; `ip -j` prints one JSON line;
// sysctl lines start with `net.`; ipset save lines with `create`/`add`), and the byte count
// catches a file cut short or altered in transit (line endings rewritten).
import { ImportError } from "./import-error.ts";

export const BUNDLE_MAGIC = "#nfsim-snapshot 1";
const SECTION = /^#nfsim-section ([A-Za-z0-9._-]+) (\d+) (\d+)$/;

export interface BundleSection {
  readonly name: string;
  readonly text: string;
  readonly exit: number;
  /** 1-based line of the bundle where the content starts. */
  readonly line: number;
}

export function isBundle(text: string): boolean {
  return text.startsWith(`${BUNDLE_MAGIC}\n`) || text === BUNDLE_MAGIC;
}

/** UTF-8 length of one UTF-16 code unit sequence: wc -c counts bytes. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The character offset at which `bytes` UTF-8 bytes starting at `from` end (undefined past the end). */
function advanceBytes(text: string, from: number, bytes: number): number | undefined {
  let i = from;
  let n = 0;
  while (n < bytes) {
    if (i >= text.length) return undefined;
    const c = text.codePointAt(i) ?? 0;
    const width = c > 0xffff ? 2 : 1;
    n += utf8Length(String.fromCodePoint(c));
    i += width;
  }
  return n === bytes ? i : undefined;
}

const countLines = (s: string): number => s.split("\n").length - 1;

/** Splits a bundle into its sections; a damaged one is an ImportError naming the line. */
export function parseBundle(text: string): BundleSection[] {
  const sections: BundleSection[] = [];
  let pos = BUNDLE_MAGIC.length + 1;
  let line = 2;
  while (pos < text.length) {
    const eol = text.indexOf("\n", pos);
    const header = text.slice(pos, eol < 0 ? text.length : eol);
    if (header === "") {
      pos += 1;
      line += 1;
      continue;
    }
    const m = SECTION.exec(header);
    if (m === null) throw new ImportError(`not a section header: ${JSON.stringify(header.slice(0, 60))}`, line);
    const [, name = "", bytesText = "0", exitText = "0"] = m;
    const start = eol + 1;
    const end = eol < 0 ? undefined : advanceBytes(text, start, Number(bytesText));
    const content = end === undefined ? undefined : text.slice(start, end);
    const trailer = `\n#nfsim-end ${name}`;
    if (content === undefined || !text.startsWith(trailer, end)) {
      throw new ImportError(`section ${name} is damaged: ${bytesText} bytes announced, but "#nfsim-end ${name}" does not follow them (the file was cut or altered)`, line);
    }
    sections.push({ name, text: content, exit: Number(exitText), line: line + 1 });
    pos = (end ?? 0) + trailer.length;
    line += 1 + countLines(content) + 1;
    if (text[pos] === "\n") pos += 1;
    else if (pos < text.length) throw new ImportError(`section ${name}: junk after its end line`, line);
    line += 1;
  }
  return sections;
}

/** Builds a bundle (for tests and for tools that gather without the shell script). */
export function formatBundle(sections: readonly { name: string; text: string; exit?: number }[]): string {
  const parts = sections.map((s) => `#nfsim-section ${s.name} ${String(utf8Length(s.text))} ${String(s.exit ?? 0)}\n${s.text}\n#nfsim-end ${s.name}\n`);
  return `${BUNDLE_MAGIC}\n${parts.join("")}`;
}
