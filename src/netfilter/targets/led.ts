// -j LED (libxt_LED.c; kernel net/netfilter/xt_LED.c): blink the LED trigger
// "netfilter-<id>" for each packet, for --led-delay milliseconds (or until the rule goes,
// with inf). The effect asks the layers above to fire the trigger; nfsim has no LEDs.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { xtablesStrtoui } from "../xtparse.ts";

interface LedData {
  /** The trigger id without its "netfilter-" prefix: id[27] leaves 16 characters. */
  id: string;
  /** Milliseconds; 0xffffffff is "inf" (-1 in the kernel's eyes). */
  delay: number;
  alwaysBlink: boolean;
}

const INF = 0xffffffff;
const ID_MAX = 16;

function parseDelay(arg: string): number {
  if (arg.slice(0, 3).toLowerCase() === "inf") return INF;
  const ms = xtablesStrtoui(arg, 0, 0xffffffff);
  if (ms === undefined) throw parameterProblem("Delay value must be within range 0..4294967295");
  return ms;
}

/** LED_print / LED_save: the id in double quotes, with `"` and `\` escaped. */
const quoted = (id: string) => `"${id.replace(/["\\]/g, (c) => `\\${c}`)}"`;
/** The delay as printf("%d") shows the u32. */
const int32 = (n: number) => String(n | 0);

export const led = defineTarget<LedData>({
  name: "LED",
  options: [
    { name: "led-trigger-id", arg: "required", mandatory: true },
    { name: "led-delay", arg: "required" },
    { name: "led-always-blink", arg: "none" },
  ],
  init: () => ({ id: "", delay: 0, alwaysBlink: false }),
  parse({ option, arg = "", data }) {
    if (option === "led-trigger-id") {
      if (arg.length > ID_MAX) throw parameterProblem(`Argument must have a maximum length of ${String(ID_MAX)} characters\n`);
      return { ...data, id: arg };
    }
    if (option === "led-delay") return { ...data, delay: parseDelay(arg) };
    return { ...data, alwaysBlink: true };
  },
  // LED_save prints the delay when "> 0" on a u32, so inf comes out as -1.
  save: (d) => ` --led-trigger-id ${quoted(d.id)}${d.delay > 0 ? ` --led-delay ${int32(d.delay)}` : ""}${d.alwaysBlink ? " --led-always-blink" : ""}`,
  print: (d) =>
    ` led-trigger-id:${quoted(d.id)}${d.delay === INF ? " led-delay:inf" : ` led-delay:${int32(d.delay)}ms`}${d.alwaysBlink ? " led-always-blink" : ""}`,
  act(d, ctx) {
    ctx.effects.push({ kind: "led", id: `netfilter-${d.id}`, delay: d.delay === INF ? "inf" : d.delay, alwaysBlink: d.alwaysBlink });
    return "continue";
  },
});
