// -m u32 (libxt_u32.c; kernel net/netfilter/xt_u32.c u32_match_it): tests of 32-bit
// big-endian words read at offsets from the IP header, shifted, masked and followed
// ("@") into the packet, each against a list of values and ranges. All tests must pass.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { emitIpv4Packet } from "../../wire/ip.ts";
import { xtStrtoul } from "./x6.ts";

type Op = "&" | "<<" | ">>" | "@";

interface U32Test {
  /** The first number is the offset; each further one comes with the operator before it. */
  readonly location: readonly { readonly op?: Op; readonly number: number }[];
  readonly values: readonly { readonly min: number; readonly max: number }[];
}

interface U32Data {
  readonly tests: readonly U32Test[];
  readonly invert: boolean;
}

/** XT_U32_MAXSIZE: at most this many numbers, values and "&&"s. */
const MAXSIZE = 10;

const isSpace = (c: string | undefined) => c !== undefined && /^[ \t\n\v\f\r]$/.test(c);

/** parse_number: a u32 in C notation at position `pos` of the argument. */
function readNumber(text: string, at: number): { value: number; next: number } {
  const r = xtStrtoul(text.slice(at), 0n, 0xffffffffn, true);
  if (r === undefined) throw parameterProblem(`u32: at char ${String(at)}: not a number or out of range`);
  return { value: Number(r.value), next: text.length - r.rest.length };
}

/** u32_parse: the state machine of the original, with its messages and character positions. */
function parseTests(arg: string): U32Test[] {
  const err = (at: number, what: string) => parameterProblem(`u32: at char ${String(at)}: ${what}`);
  const tests: U32Test[] = [];
  let location: { op?: Op; number: number }[] = [];
  let values: { min: number; max: number }[] = [];
  let readingValues = false;
  let i = 0;
  for (;;) {
    while (isSpace(arg[i])) i++;
    if (i >= arg.length) {
      if (!readingValues) throw parameterProblem("u32: abrupt end of input after location specifier");
      if (values.length === 0) throw parameterProblem("u32: test ended with no value specified");
      tests.push({ location, values });
      if (tests.length > MAXSIZE) throw err(i, 'too many "&&"s');
      return tests;
    }
    if (!readingValues) {
      if (arg[i] === "=") {
        if (location.length === 0) throw err(i, "location spec missing");
        i++;
        readingValues = true;
        continue;
      }
      let op: Op | undefined;
      if (location.length !== 0) {
        const c = arg[i];
        if (c === "&") op = "&";
        else if (c === "<" || c === ">") {
          if (arg[++i] !== c) throw err(i, `a second '${c}' was expected`);
          op = c === "<" ? "<<" : ">>";
        } else if (c === "@") op = "@";
        else throw err(i, "operator expected");
        i++;
      }
      const n = readNumber(arg, i);
      i = n.next;
      location.push(op === undefined ? { number: n.value } : { op, number: n.value });
      if (location.length > MAXSIZE) throw err(i, "too many operators");
      continue;
    }
    if (arg[i] === "&") {
      if (arg[++i] !== "&") throw err(i, "a second '&' was expected");
      if (values.length === 0) throw err(i, "value spec missing");
      tests.push({ location, values });
      if (tests.length > MAXSIZE) throw err(i, 'too many "&&"s');
      i++;
      readingValues = false;
      location = [];
      values = [];
      continue;
    }
    if (values.length > 0) {
      if (arg[i] !== ",") throw err(i, 'expected "," or "&&"');
      i++;
    }
    const min = readNumber(arg, i);
    i = min.next;
    while (isSpace(arg[i])) i++;
    let max = min.value;
    if (arg[i] === ":") {
      const m = readNumber(arg, ++i);
      i = m.next;
      max = m.value;
    }
    values.push({ min: min.value, max });
    if (values.length > MAXSIZE) throw err(i, 'too many ","s');
  }
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** u32_dump: every number in hex, in one quoted string. */
function dump(d: U32Data): string {
  const tests = d.tests.map((t) => {
    const loc = t.location.map((l) => `${l.op ?? ""}${hex(l.number)}`).join("");
    const vals = t.values.map((v) => (v.min === v.max ? hex(v.min) : `${hex(v.min)}:${hex(v.max)}`)).join(",");
    return `${loc}=${vals}`;
  });
  return ` "${tests.join("&&")}"`;
}

/** A big-endian word of the packet at `pos`. */
function word(bytes: Uint8Array, pos: number): number {
  return (((bytes[pos] ?? 0) << 24) | ((bytes[pos + 1] ?? 0) << 16) | ((bytes[pos + 2] ?? 0) << 8) | (bytes[pos + 3] ?? 0)) >>> 0;
}

/** One test: read, apply the operators in turn (x86 masks shift counts to 5 bits), compare. */
function passes(t: U32Test, bytes: Uint8Array): boolean {
  const len = bytes.length;
  let pos = t.location[0]?.number ?? 0;
  if (len < 4 || pos > len - 4) return false;
  let val = word(bytes, pos);
  let at = 0;
  for (const l of t.location.slice(1)) {
    if (l.op === "&") val = (val & l.number) >>> 0;
    else if (l.op === "<<") val = (val << (l.number & 31)) >>> 0;
    else if (l.op === ">>") val = val >>> (l.number & 31);
    else {
      // "@": move the base by the value and read at the next offset from there.
      if (at + val > 0xffffffff) return false;
      at += val;
      pos = l.number;
      if (at + 4 > 0xffffffff || len < at + 4 || pos > len - at - 4) return false;
      val = word(bytes, at + pos);
    }
  }
  return t.values.some((v) => v.min <= val && val <= v.max);
}

export const u32 = defineMatch<U32Data>({
  name: "u32",
  options: [{ name: "u32", arg: "required", invert: true, mandatory: true }],
  init: () => ({ tests: [], invert: false }),
  parse: ({ arg = "", invert }) => ({ tests: parseTests(arg), invert }),
  save: (d) => `${d.invert ? " !" : ""} --u32${dump(d)}`,
  print: (d) => ` u32${d.invert ? " !" : ""}${dump(d)}`,
  match(d, { packet }) {
    const bytes = emitIpv4Packet({ ip: packet.ip, l4: packet.l4, payload: packet.payload });
    return d.tests.every((t) => passes(t, bytes)) !== d.invert;
  },
});
