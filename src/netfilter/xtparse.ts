// libxtables' value parsers for x6 options (libxtables/xtoptions.c, xtables.c), with their
// error wording: integers and integer ranges, value/mask pairs, MAC addresses, and the
// quoting xtables_save_string applies to strings in saved rules.
import { parameterProblem } from "./errors.ts";

/** strtoumax: leading blanks, an optional "+", digits in `base` (0: C prefixes); no "-". */
export function strtoul(text: string, base = 0): { value: number; rest: string } | undefined {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (base !== 0 || m === null) {
    const re = base === 16 ? /^\s*\+?(?:0[xX])?([0-9a-fA-F]+)/ : /^\s*\+?([0-9]+)/;
    const b = re.exec(text);
    if (b === null || /^\s*-/.test(text)) return undefined;
    return { value: parseInt(b[1] ?? "", base === 0 ? 10 : base), rest: text.slice(b[0].length) };
  }
  const digits = m[1] ?? "";
  const value = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith("0") ? parseInt(digits, 8) : parseInt(digits, 10);
  return { value, rest: text.slice(m[0].length) };
}

/** xtables_strtoui: the whole text one number in [min, max] (blanks and "+" may lead, "-" may not). */
export function xtablesStrtoui(text: string, min: number, max: number): number | undefined {
  const r = strtoul(text);
  return r !== undefined && r.rest === "" && r.value >= min && r.value <= max ? r.value : undefined;
}

/** XTTYPE_UINT*: the whole argument one number within [min, max]. */
export function parseIntX6(ext: string, option: string, text: string, min: number, max: number): number {
  const r = strtoul(text);
  if (r === undefined || r.rest !== "" || r.value < min || r.value > max) {
    throw parameterProblem(`${ext}: bad value for option "--${option}", or out of range (${String(min)}-${String(max)}).\n`);
  }
  return r.value;
}

/**
 * XTTYPE_UINT*RC: "a", "a:b", ":b", "a:", ":" (xtopt_parse_mint); returns the values given or
 * defaulted. 1.8.9 takes a reversed range as it is (the second bound is checked against max only).
 */
export function parseRangeX6(ext: string, option: string, text: string, min: number, max: number): number[] {
  const component = (arg: string) => {
    const r = strtoul(arg);
    if (r === undefined || r.value < min || r.value > max) {
      throw parameterProblem(`${ext}: bad value for option "--${option}" near "${arg}", or out of range (${String(min)}-${String(max)}).\n`);
    }
    return r;
  };
  return parseMint(ext, option, text, component, (index) => (index === 1 ? max : min));
}

/**
 * xtopt_parse_mint's loop, for every integer width: up to two ":"-separated components.
 * `component` reads one number from the front of its argument (throwing the option's range
 * error); `fill(i)` is the value of an empty i-th component (the minimum first, the maximum second).
 */
export function parseMint<T>(
  ext: string,
  option: string,
  text: string,
  component: (arg: string) => { value: T; rest: string },
  fill: (index: number) => T,
): T[] {
  const values: T[] = [];
  let arg = text;
  for (;;) {
    if (values.length === 2) throw parameterProblem(`${ext}: Too many components for option "--${option}" (max: 2)\n`);
    let rest = arg;
    if (arg === "" || arg.startsWith(":")) {
      values.push(fill(values.length));
    } else {
      const r = component(arg);
      if (r.rest !== "" && !r.rest.startsWith(":")) {
        throw parameterProblem(`${ext}: Argument to "--${option}" has unexpected characters near "${r.rest}".\n`);
      }
      values.push(r.value);
      rest = r.rest;
    }
    if (rest === "") return values;
    arg = rest.slice(1);
  }
}

/** xtables_parse_val_mask without names: "value[/mask]", mask defaulting to all ones. */
export function parseMarkMask(ext: string, option: string, text: string): { value: number; mask: number } {
  const bad = () => parameterProblem(`${ext}: bad integer value for option "--${option}", or out of range.\n`);
  const v = strtoul(text);
  if (v === undefined || v.value > 0xffffffff) throw bad();
  if (v.rest === "") return { value: v.value, mask: 0xffffffff };
  if (!v.rest.startsWith("/")) throw parameterProblem(`${ext}: trailing garbage after value for option "--${option}".\n`);
  const m = strtoul(v.rest.slice(1));
  if (m === undefined || m.value > 0xffffffff) throw bad();
  if (m.rest !== "") throw parameterProblem(`${ext}: trailing garbage after value for option "--${option}".\n`);
  return { value: v.value, mask: m.value };
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/** " 0x1/0xff", or " 0x1" when the mask is all ones (xtables_print_mark_mask). */
export function markMask(value: number, mask: number): string {
  return mask === 0xffffffff ? ` ${hex(value)}` : ` ${hex(value)}/${hex(mask)}`;
}

/** XTTYPE_ETHERMAC: six groups of one or two hex digits. */
export function parseMac(text: string): string {
  const groups = text.split(":");
  if (groups.length !== 6 || !groups.every((g) => /^[0-9a-fA-F]{1,2}$/.test(g))) {
    throw parameterProblem("Invalid MAC address specified.");
  }
  return groups.map((g) => g.toLowerCase().padStart(2, "0")).join(":");
}

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \" \\ \' escaped. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}
