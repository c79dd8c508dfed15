// -m string, revision 1 (libxt_string.c; kernel net/netfilter/xt_string.c string_mt and
// skb_find_text): a byte pattern somewhere in the packet from its IP header on, starting
// at --from and ending before --to. Boyer-Moore and KMP find the same first occurrence in
// a packet held in one piece; "fsm" takes a token program nfsim does not run.
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { emitIpv4Packet } from "../../wire/ip.ts";

interface StringData {
  /** The pattern's bytes. */
  readonly pattern: readonly number[];
  readonly algo: string;
  readonly from: number;
  readonly to: number;
  readonly invert: boolean;
  readonly icase: boolean;
}

/** XT_STRING_MAX_PATTERN_SIZE. */
const MAX_PATTERN = 128;

const OPTIONS: readonly OptionSpec[] = [
  { name: "from", arg: "required" },
  { name: "to", arg: "required" },
  { name: "algo", arg: "required", mandatory: true },
  { name: "string", arg: "required", invert: true, excl: ["hex-string"] },
  { name: "hex-string", arg: "required", invert: true, excl: ["string"] },
  { name: "icase", arg: "none" },
];

/** The argument as the bytes the shell handed over. */
function bytesOf(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

const isHexDigit = (b: number | undefined) => b !== undefined && /[0-9a-fA-F]/.test(String.fromCharCode(b));

/** parse_hex_string: text with |hex blocks| and \-escaped characters. */
function parseHexString(text: string): number[] {
  const s = bytesOf(text);
  if (s.length === 0) throw parameterProblem("STRING must contain at least one char");
  const out: number[] = [];
  const at = (i: number) => s[i];
  const ch = (c: string) => c.charCodeAt(0);
  let hex = false;
  let literal = false;
  let i = 0;
  while (i < s.length) {
    if (out.length >= MAX_PATTERN) throw parameterProblem(`STRING too long "${text}"`);
    if (at(i) === ch("\\") && !hex) literal = true;
    else if (at(i) === ch("\\")) throw parameterProblem("Cannot include literals in hex data");
    else if (at(i) === ch("|")) {
      if (hex) hex = false;
      else {
        hex = true;
        while (at(i + 1) === ch(" ")) i++;
      }
      if (i + 1 >= s.length) break;
      i++;
    }
    if (literal) {
      if (i + 1 >= s.length) throw parameterProblem("Bad literal placement at end of string");
      out.push(at(i + 1) ?? 0);
      i += 2;
      literal = false;
    } else if (hex) {
      if (i + 1 >= s.length) throw parameterProblem("Odd number of hex digits");
      if (i + 2 >= s.length) throw parameterProblem("Invalid hex block");
      for (const j of [i, i + 1]) {
        if (!isHexDigit(at(j))) throw parameterProblem(`Invalid hex char '${String.fromCharCode(at(j) ?? 0)}'`);
      }
      out.push(parseInt(String.fromCharCode(at(i) ?? 0, at(i + 1) ?? 0), 16));
      i += at(i + 2) === ch(" ") ? 3 : 2;
    } else {
      out.push(at(i) ?? 0);
      i++;
    }
  }
  return out;
}

function parseOption(option: string, arg: string, invert: boolean, d: StringData): StringData {
  switch (option) {
    case "from":
      return { ...d, from: parseIntX6("string", option, arg, 0, 0xffff) };
    case "to":
      return { ...d, to: parseIntX6("string", option, arg, 0, 0xffff) };
    case "algo":
      // char algo[XT_STRING_MAX_ALGO_NAME_SIZE]: the copy keeps 15 bytes.
      return { ...d, algo: arg.slice(0, 15) };
    case "string": {
      const pattern = bytesOf(arg);
      if (pattern.length > MAX_PATTERN) throw parameterProblem(`STRING too long "${arg}"`);
      return { ...d, pattern, invert: d.invert || invert };
    }
    case "hex-string":
      return { ...d, pattern: parseHexString(arg), invert: d.invert || invert };
    default:
      return { ...d, icase: true };
  }
}

/** is_hex_string: a byte isprint() refuses, or a trailing backslash. */
function needsHex(p: readonly number[]): boolean {
  return p.some((b) => b < 0x20 || b > 0x7e) || p[p.length - 1] === 0x5c;
}

function patternText(p: readonly number[]): string {
  if (needsHex(p)) return ` "|${p.map((b) => b.toString(16).padStart(2, "0")).join("")}|"`;
  return ` "${p.map((b) => (b === 0x22 || b === 0x5c ? "\\" : "") + String.fromCharCode(b)).join("")}"`;
}

function tail(d: StringData, labels: readonly [string, string, string, string]): string {
  let out = ` ${labels[0]} ${d.algo}`;
  if (d.from !== 0) out += ` ${labels[1]} ${String(d.from)}`;
  if (d.to !== 0xffff) out += ` ${labels[2]} ${String(d.to)}`;
  if (d.icase) out += ` ${labels[3]}`;
  return out;
}

/** textsearch_prepare: the algorithms the kernel has, and what each refuses. */
function algoRefusal(d: StringData): string | undefined {
  if (d.pattern.length === 0) return "EINVAL";
  if (d.algo === "bm" || d.algo === "kmp") return undefined;
  if (d.algo !== "fsm") return "ENOENT";
  return fsmRefusal(d);
}

/** ts_fsm.c fsm_init: whole 4-byte tokens (u16 type, u8 recur, u8 value), no ignored case. */
function fsmRefusal(d: StringData): string | undefined {
  const p = d.pattern;
  if (p.length % 4 !== 0 || d.icase) return "EINVAL";
  for (let i = 0; i < p.length; i += 4) {
    const type = (p[i] ?? 0) | ((p[i + 1] ?? 0) << 8);
    const recur = p[i + 2] ?? 0;
    // TS_FSM_TYPE_MAX 13, TS_FSM_RECUR_MAX 5 (TS_FSM_HEAD_IGNORE, first token only, not alone).
    if (type > 13 || recur > 5) return "EINVAL";
    if (recur === 5 && (i !== 0 || p.length === 4)) return "EINVAL";
  }
  return undefined;
}

const upper = (b: number) => (b >= 0x61 && b <= 0x7a ? b - 0x20 : b);

/** skb_find_text: the first occurrence in [from, to), wholly inside it. */
function found(d: StringData, bytes: readonly number[]): boolean {
  const end = Math.min(d.to, bytes.length);
  const n = d.pattern.length;
  const norm = d.icase ? upper : (b: number) => b;
  for (let i = d.from; i + n <= end; i++) {
    let j = 0;
    while (j < n && norm(bytes[i + j] ?? 0) === norm(d.pattern[j] ?? 0)) j++;
    if (j === n) return true;
  }
  return false;
}

export const string = defineMatch<StringData>({
  name: "string",
  options: OPTIONS,
  init: () => ({ pattern: [], algo: "", from: 0, to: 0xffff, invert: false, icase: false }),
  parse: ({ option, arg = "", invert, data }) => parseOption(option, arg, invert, data),
  finalCheck(d, seen) {
    if (!seen.has("string") && !seen.has("hex-string")) {
      throw parameterProblem("STRING match: You must specify `--string' or `--hex-string'");
    }
    return d;
  },
  // string_mt_check: a window that ends before it starts, then textsearch_prepare.
  check: (d) => (d.from > d.to ? "EINVAL" : algoRefusal(d)),
  save: (d) =>
    `${d.invert ? " !" : ""} --${needsHex(d.pattern) ? "hex-string" : "string"}${patternText(d.pattern)}${tail(d, ["--algo", "--from", "--to", "--icase"])}`,
  print: (d) => ` STRING match ${d.invert ? "!" : ""}${patternText(d.pattern)}${tail(d, ["ALGO name", "FROM", "TO", "ICASE"])}`,
  unmodelled: (d) => (d.algo === "fsm" ? "nfsim does not run the token programs of the fsm text search" : undefined),
  match(d, { packet }) {
    const bytes = emitIpv4Packet({ ip: packet.ip, l4: packet.l4, payload: packet.payload });
    return found(d, [...bytes]) !== d.invert;
  },
});
