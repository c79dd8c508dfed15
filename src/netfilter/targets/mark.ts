// -j MARK, revision 2 (libxt_MARK.c mark_tg_*; kernel net/netfilter/xt_mark.c mark_tg):
// every option becomes one value/mask pair, mark = (mark & ~mask) ^ value. No table or
// hook restriction in the kernel.
import { parameterProblem } from "../errors.ts";
import { defineTarget, type OptionSpec } from "../extension.ts";
import { hex, parseIntX6, parseMarkMask } from "../xtparse.ts";

interface MarkData {
  readonly mark: number;
  readonly mask: number;
}

const OPS = ["set-xmark", "set-mark", "and-mark", "or-mark", "xor-mark"];

/** Each operation excludes every other (F_ANY); the table order decides which error is shown. */
const OPTIONS: readonly OptionSpec[] = OPS.map((name) => ({ name, arg: "required", excl: OPS }));

function parseOp(option: string, arg: string): MarkData {
  if (option === "set-xmark" || option === "set-mark") {
    const { value, mask } = parseMarkMask("MARK", option, arg);
    // --set-mark ORs the value in: the bits it sets are cleared first.
    return { mark: value, mask: option === "set-mark" ? (value | mask) >>> 0 : mask };
  }
  const bits = parseIntX6("MARK", option, arg, 0, 0xffffffff);
  if (option === "and-mark") return { mark: 0, mask: ~bits >>> 0 };
  if (option === "or-mark") return { mark: bits, mask: bits };
  return { mark: bits, mask: 0 };
}

/** mark_tg_print: the shortest reading of the pair. */
function describe({ mark, mask }: MarkData): string {
  if (mark === 0) return `and ${hex(~mask >>> 0)}`;
  if (mark === mask) return `or ${hex(mark)}`;
  if (mask === 0) return `xor ${hex(mark)}`;
  if (mask === 0xffffffff) return `set ${hex(mark)}`;
  return `xset ${hex(mark)}/${hex(mask)}`;
}

export const markTarget = defineTarget<MarkData>({
  name: "MARK",
  options: OPTIONS,
  init: () => ({ mark: 0, mask: 0 }),
  parse: ({ option, arg = "" }) => parseOp(option, arg),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
    return data;
  },
  save: (d) => ` --set-xmark ${hex(d.mark)}/${hex(d.mask)}`,
  print: (d) => ` MARK ${describe(d)}`,
  act(d, { packet }) {
    packet.mark = ((packet.mark & ~d.mask) ^ d.mark) >>> 0;
    return "continue";
  },
});
