// libxtables value parsers the newer matches need beyond xtparse.ts: 64-bit integers and
// ranges (XTTYPE_UINT64, XTTYPE_UINT64RC through xtables_strtoul on uintmax_t), prefix
// lengths (XTTYPE_PLEN, XTTYPE_PLENMASK), value/mask pairs with an iproute2 name map
// (xtables_parse_val_mask, xtables_print_val_mask, xtables_lmap_*), and the C library's
// strtoul as the extensions call it directly.
import { parameterProblem } from "../errors.ts";
import { maskToPrefix, prefixToMask } from "../../wire/ipv4.ts";
import { parseMint } from "../xtparse.ts";
import { inetAton } from "./hostmask.ts";

export const U64_MAX = (1n << 64n) - 1n;

/** strtoumax(text, &end, base): blanks, a sign, C prefixes for base 0; saturates with `overflow`. */
export function cStrtoul(text: string, base: 0 | 10 | 16 = 0): { value: bigint; rest: string; overflow: boolean } | undefined {
  const m = /^[\t\n\v\f\r ]*([+-]?)/.exec(text);
  const sign = m?.[1] ?? "";
  let rest = text.slice(m?.[0].length ?? 0);
  let radix: number = base;
  if ((base === 0 || base === 16) && /^0[xX][0-9a-fA-F]/.test(rest)) {
    rest = rest.slice(2);
    radix = 16;
  } else if (base === 0) {
    radix = rest.startsWith("0") ? 8 : 10;
  }
  const digitClass = radix === 16 ? /^[0-9a-fA-F]+/ : radix === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const digits = digitClass.exec(rest)?.[0];
  if (digits === undefined) return undefined;
  let value = [...digits].reduce((acc, d) => acc * BigInt(radix) + BigInt(parseInt(d, 16)), 0n);
  const overflow = value > U64_MAX;
  if (overflow) value = U64_MAX;
  else if (sign === "-" && value !== 0n) value = U64_MAX + 1n - value;
  return { value, rest: rest.slice(digits.length), overflow };
}

/**
 * xtables_strtoul on uintmax_t: no "-" after leading blanks, no ERANGE, value within
 * [min, max]. With `partial` the rest may follow (the caller checks it), else it must be empty.
 */
export function xtStrtoul(text: string, min: bigint, max: bigint, partial = false): { value: bigint; rest: string } | undefined {
  if (/^[\t\n\v\f\r ]*-/.test(text)) return undefined;
  const r = cStrtoul(text);
  if (r === undefined || r.overflow || r.value < min || r.value > max) return undefined;
  if (!partial && r.rest !== "") return undefined;
  return { value: r.value, rest: r.rest };
}

/** XTTYPE_UINT64 (xtopt_parse_int). */
export function parseUint64X6(ext: string, option: string, text: string): bigint {
  const r = xtStrtoul(text, 0n, U64_MAX);
  if (r === undefined) {
    throw parameterProblem(`${ext}: bad value for option "--${option}", or out of range (0-${String(U64_MAX)}).\n`);
  }
  return r.value;
}

/** XTTYPE_UINT64RC (xtopt_parse_mint): one or two values; an empty part is 0 first, the maximum second. */
export function parseRange64X6(ext: string, option: string, text: string): bigint[] {
  const component = (arg: string) => {
    const r = xtStrtoul(arg, 0n, U64_MAX, true);
    if (r === undefined) {
      throw parameterProblem(`${ext}: bad value for option "--${option}" near "${arg}", or out of range (0-${String(U64_MAX)}).\n`);
    }
    return r;
  };
  return parseMint(ext, option, text, component, (index) => (index === 1 ? U64_MAX : 0n));
}

/**
 * XTTYPE_PLEN (xtopt_parse_plen): a length 0..32 in any base, else a dotted mask whose
 * length counts; a mask that is no prefix gives (uint8_t)-1, 255.
 */
export function parsePlen(ext: string, option: string, text: string): number {
  const r = xtStrtoul(text, 0n, 32n);
  if (r !== undefined) return Number(r.value);
  const dotted = inetAton(text);
  if (dotted === undefined) {
    throw parameterProblem(`${ext}: bad value for option "--${option}", neither a valid network mask nor valid CIDR (0-32).\n`);
  }
  const bits = maskToPrefix(dotted);
  return bits >= 0 ? bits : 255;
}

/** XTTYPE_PLENMASK: the length as a mask; a length that is no prefix (255) leaves all ones. */
export function parsePlenMask(ext: string, option: string, text: string): number {
  const len = parsePlen(ext, option, text);
  return len <= 32 ? prefixToMask(len) : 0xffffffff;
}

/** XTTYPE_HOST (xtopt_parse_host): getaddrinfo's AF_INET answer, an inet_aton form or a name of /etc/hosts. */
export function parseHost(text: string): number {
  const addr = inetAton(text) ?? (text === "localhost" ? 0x7f000001 : undefined);
  if (addr === undefined) throw parameterProblem("getaddrinfo: Name or service not known\n");
  return addr;
}

/** An iproute2 name file read by xtables_lmap_init: [id, name] in file order. */
export type Lmap = readonly (readonly [number, string])[];

/** xtables_parse_val_mask: "value[/mask]" (any base), or a name of the map for the whole argument. */
export function parseValMask(ext: string, option: string, text: string, lmap?: Lmap): { value: number; mask: number } {
  const byName = (): { value: number; mask: number } => {
    const found = lmap?.find(([, name]) => name === text);
    if (found === undefined) {
      throw parameterProblem(`${ext}: could not map name ${text} to an integer value for option "--${option}".\n`);
    }
    return { value: found[0], mask: 0xffffffff };
  };
  const bad = () => parameterProblem(`${ext}: bad integer value for option "--${option}", or out of range.\n`);
  const v = xtStrtoul(text, 0n, 0xffffffffn, true);
  if (v === undefined) {
    if (lmap) return byName();
    throw bad();
  }
  if (v.rest === "") return { value: Number(v.value), mask: 0xffffffff };
  if (!v.rest.startsWith("/")) {
    if (lmap) return byName();
    throw parameterProblem(`${ext}: trailing garbage after value for option "--${option}".\n`);
  }
  const m = xtStrtoul(v.rest.slice(1), 0n, 0xffffffffn, true);
  if (m === undefined) throw bad();
  if (m.rest !== "") throw parameterProblem(`${ext}: trailing garbage after value for option "--${option}".\n`);
  return { value: Number(v.value), mask: Number(m.value) };
}

/** xtables_print_val_mask: " 0xV/0xM", else the map's name, else " 0xV". */
export function formatValMask(value: number, mask: number, lmap?: Lmap): string {
  if (mask !== 0xffffffff) return ` 0x${value.toString(16)}/0x${mask.toString(16)}`;
  const name = lmap?.find(([id]) => id === value)?.[1];
  return ` ${name ?? `0x${value.toString(16)}`}`;
}
