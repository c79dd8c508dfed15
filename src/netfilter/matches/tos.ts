// -m tos, revision 1 (libxt_tos.c, the XTTYPE_TOSMASK parser of libxtables/xtoptions.c and
// tos_values.c; kernel net/netfilter/xt_dscp.c tos_mt): (TOS & mask) == value.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { strtoul } from "../xtparse.ts";

interface TosData {
  value: number;
  mask: number;
  invert: boolean;
}

/** tos_values.c tos_symbol_names (IPTOS_* of <linux/ip.h>). */
const TOS_SYMBOLS: readonly (readonly [string, number])[] = [
  ["Minimize-Delay", 0x10], ["Maximize-Throughput", 0x08], ["Maximize-Reliability", 0x04], ["Minimize-Cost", 0x02], ["Normal-Service", 0x00],
];

/** xtables_strtoui with an end pointer: a number in [0, max] at the start, and what follows. */
function leadingByte(text: string): { value: number; rest: string } | undefined {
  const r = strtoul(text);
  return r !== undefined && r.value <= 0xff ? r : undefined;
}

/** tos_parse_numeric: "value[/mask]", the mask 0xff when absent; anything left is illegal. */
function parseNumeric(text: string, lead: { value: number; rest: string }): { value: number; mask: number } {
  const illegal = () => parameterProblem(`Illegal value: "${text}"`);
  if (lead.rest === "") return { value: lead.value, mask: 0xff };
  if (!lead.rest.startsWith("/")) throw illegal();
  const mask = leadingByte(lead.rest.slice(1));
  if (mask === undefined || mask.rest !== "") throw illegal();
  return { value: lead.value, mask: mask.value };
}

/**
 * xtopt_parse_tosmask: a number (with an optional /mask), else a symbol, case-insensitive,
 * whose mask is the revision's default (`symbolMask`: 0x3f for tos rev 1 and TOS rev 1).
 */
export function parseTosMask(text: string, symbolMask: number): { value: number; mask: number } {
  const lead = leadingByte(text);
  if (lead !== undefined) return parseNumeric(text, lead);
  const symbol = TOS_SYMBOLS.find(([name]) => name.toLowerCase() === text.toLowerCase());
  if (symbol === undefined) throw parameterProblem(`Symbolic name "${text}" is unknown`);
  return { value: symbol[1], mask: symbolMask };
}

/** tos_try_print_symbolic: the symbol's name, only for the mask 0x3f. */
export function tosSymbol(value: number, mask: number): string | undefined {
  return mask === 0x3f ? TOS_SYMBOLS.find(([, v]) => v === value)?.[0] : undefined;
}

export function hex2(n: number): string {
  return `0x${n.toString(16).padStart(2, "0")}`;
}

export const tos = defineMatch<TosData>({
  name: "tos",
  options: [{ name: "tos", arg: "required", invert: true, mandatory: true }],
  init: () => ({ value: 0, mask: 0, invert: false }),
  parse: ({ arg = "", invert }) => ({ ...parseTosMask(arg, 0x3f), invert }),
  save: (d) => `${d.invert ? " !" : ""} --tos ${hex2(d.value)}/${hex2(d.mask)}`,
  // tos_mt_print: "tos match", "!" glued on, then " Symbol" or the bare numbers.
  print(d, { numeric }) {
    const symbol = numeric ? undefined : tosSymbol(d.value, d.mask);
    return ` tos match${d.invert ? "!" : ""}${symbol !== undefined ? ` ${symbol}` : `${hex2(d.value)}/${hex2(d.mask)}`}`;
  },
  match: (d, { packet }) => ((packet.ip.tos & d.mask) === d.value) !== d.invert,
});
