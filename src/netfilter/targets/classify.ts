// -j CLASSIFY (libxt_CLASSIFY.c; kernel net/netfilter/xt_CLASSIFY.c): set skb->priority, the
// tc class the packet is queued in. The kernel allows it at OUTPUT, FORWARD and POSTROUTING,
// in any table.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";

interface ClassifyData {
  /** TC_H_MAKE(major << 16, minor). */
  priority: number;
}

/**
 * sscanf("%x"): blanks, a sign, an optional 0x, hex digits; the value wraps to 32 bits (a
 * minus negates it), and what follows the digits is left unread.
 */
function scanHex(text: string): { value: number; rest: string } | undefined {
  const m = /^\s*([-+]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(text);
  if (m === null) return undefined;
  let v = BigInt(`0x${m[2] ?? "0"}`);
  if (v > 0xffffffffffffffffn) v = 0xffffffffffffffffn;
  if (m[1] === "-") v = -v;
  return { value: Number(BigInt.asUintN(32, v)), rest: text.slice(m[0].length) };
}

/** CLASSIFY_string_to_priority: sscanf(s, "%x:%x"). */
function parseClass(text: string): number {
  const bad = () => parameterProblem(`Bad class value "${text}"`);
  const major = scanHex(text);
  if (major === undefined || !major.rest.startsWith(":")) throw bad();
  const minor = scanHex(major.rest.slice(1));
  if (minor === undefined) throw bad();
  return (((major.value << 16) >>> 0) | (minor.value & 0xffff)) >>> 0;
}

const major = (p: number) => p >>> 16;
const minor = (p: number) => p & 0xffff;

export const classify = defineTarget<ClassifyData>({
  name: "CLASSIFY",
  options: [{ name: "set-class", arg: "required", mandatory: true }],
  init: () => ({ priority: 0 }),
  parse: ({ arg = "" }) => ({ priority: parseClass(arg) }),
  allowed: { hooks: ["OUTPUT", "FORWARD", "POSTROUTING"] },
  save: (d) => ` --set-class ${major(d.priority).toString(16).padStart(4, "0")}:${minor(d.priority).toString(16).padStart(4, "0")}`,
  print: (d) => ` CLASSIFY set ${major(d.priority).toString(16)}:${minor(d.priority).toString(16)}`,
  act(d, { packet }) {
    packet.priority = d.priority;
    return "continue";
  },
});
