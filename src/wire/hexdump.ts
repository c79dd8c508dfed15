// tcpdump's raw dumps (print-ascii.c): -x hex, -X hex and ASCII, -A ASCII. Each line is
// "\n\t0xOOOO: " then 16 bytes as 8 groups of two.
import { hex2 } from "./bytes.ts";

const PER_LINE = 16;

function offset(at: number): string {
  return `\n\t0x${at.toString(16).padStart(4, "0")}: `;
}

function groups(line: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < line.length; i += 2) {
    out += ` ${hex2(line[i] ?? 0)}${i + 1 < line.length ? hex2(line[i + 1] ?? 0) : ""}`;
  }
  return out;
}

function graph(c: number): string {
  return c > 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
}

/** hex_print: groups only. */
export function hexOnly(b: Uint8Array): string {
  let out = "";
  for (let at = 0; at < b.length; at += PER_LINE) out += offset(at) + groups(b.subarray(at, at + PER_LINE));
  return out;
}

/** hex_and_ascii_print: groups padded to 40 columns, two spaces, printable characters. */
export function hexAndAscii(b: Uint8Array): string {
  let out = "";
  for (let at = 0; at < b.length; at += PER_LINE) {
    const line = b.subarray(at, at + PER_LINE);
    out += `${offset(at)}${groups(line).padEnd(40)}  ${Array.from(line, graph).join("")}`;
  }
  return out;
}

/** ascii_print: a newline, then the bytes with non-printing ones as "." (CR before LF dropped). */
export function asciiOnly(b: Uint8Array): string {
  let out = "\n";
  for (let i = 0; i < b.length; i++) {
    const c = b[i] ?? 0;
    if (c === 0x0d) {
      if (b.length - i - 1 > 1 && b[i + 1] !== 0x0a) out += ".";
    } else {
      out += c === 0x09 || c === 0x20 || c === 0x0a || (c > 0x20 && c < 0x7f) ? String.fromCharCode(c) : ".";
    }
  }
  return out;
}
