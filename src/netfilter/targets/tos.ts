// -j TOS, revision 1 (libxt_TOS.c; kernel net/netfilter/xt_DSCP.c tos_tg4), mangle table
// only: TOS = (TOS & ~mask) ^ value. --and-tos, --or-tos and --xor-tos are spelled as
// value/mask pairs and saved as --set-tos.
import { parameterProblem } from "../errors.ts";
import { defineTarget, type OptionSpec } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { hex2, parseTosMask, tosSymbol } from "../matches/tos.ts";
import { rewriteIp } from "./rewrite.ts";

interface TosData {
  value: number;
  mask: number;
}

const OPS = ["set-tos", "and-tos", "or-tos", "xor-tos"];
const OPTIONS: readonly OptionSpec[] = OPS.map((name) => ({ name, arg: "required", excl: OPS }));

function parseOp(option: string, arg: string): TosData {
  if (option === "set-tos") return parseTosMask(arg, 0x3f);
  const bits = parseIntX6("TOS", option, arg, 0, 255);
  if (option === "and-tos") return { value: 0, mask: ~bits & 0xff };
  if (option === "or-tos") return { value: bits, mask: bits };
  return { value: bits, mask: 0 };
}

/**
 * tos_tg_print: -n prints the pair; otherwise a symbol (which tos_try_print_symbolic glues
 * to "TOS set" with two leading blanks and none in between), else the shortest reading.
 */
function describe(d: TosData, numeric: boolean): string {
  const pair = ` TOS set ${hex2(d.value)}/${hex2(d.mask)}`;
  if (numeric) return pair;
  const symbol = tosSymbol(d.value, d.mask);
  if (symbol !== undefined) return `  TOS set${symbol}`;
  if (d.value === 0) return ` TOS and ${hex2(~d.mask & 0xff)}`;
  if (d.value === d.mask) return ` TOS or ${hex2(d.value)}`;
  if (d.mask === 0) return ` TOS xor ${hex2(d.value)}`;
  return pair;
}

export const tosTarget = defineTarget<TosData>({
  name: "TOS",
  options: OPTIONS,
  init: () => ({ value: 0, mask: 0 }),
  parse: ({ option, arg = "" }) => parseOp(option, arg),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("TOS: An action is required");
    return data;
  },
  allowed: { tables: ["mangle"] },
  save: (d) => ` --set-tos ${hex2(d.value)}/${hex2(d.mask)}`,
  print: (d, { numeric }) => describe(d, numeric),
  act(d, { packet }) {
    const tos = ((packet.ip.tos & ~d.mask) ^ d.value) & 0xff;
    if (tos !== packet.ip.tos) rewriteIp(packet, { tos });
    return "continue";
  },
});
