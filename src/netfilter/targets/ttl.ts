// -j TTL (libipt_TTL.c; kernel net/netfilter/xt_HL.c ttl_tg), mangle table only: set,
// increase or decrease the IPv4 TTL, clamped to 0..255, and go on.
import { parameterProblem } from "../errors.ts";
import { defineTarget, type OptionSpec } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { rewriteIp } from "./rewrite.ts";

type TtlMode = "set" | "inc" | "dec";

interface TtlData {
  mode: TtlMode;
  ttl: number;
}

const MODES: readonly TtlMode[] = ["set", "dec", "inc"];
const OPS = MODES.map((m) => `ttl-${m}`);

/** Each option excludes the others (F_ANY); --ttl-dec and --ttl-inc need at least 1. */
const OPTIONS: readonly OptionSpec[] = OPS.map((name) => ({ name, arg: "required", excl: OPS }));

const WORDS: Readonly<Record<TtlMode, string>> = { set: "set to", dec: "decrement by", inc: "increment by" };

/** ttl_tg: the new TTL, kept within a byte. */
function newTtl(d: TtlData, ttl: number): number {
  if (d.mode === "set") return d.ttl;
  return Math.min(255, Math.max(0, d.mode === "inc" ? ttl + d.ttl : ttl - d.ttl));
}

export const ttlTarget = defineTarget<TtlData>({
  name: "TTL",
  options: OPTIONS,
  init: () => ({ mode: "set", ttl: 0 }),
  parse({ option, arg = "" }) {
    const mode = option.slice(4) as TtlMode;
    return { mode, ttl: parseIntX6("TTL", option, arg, mode === "set" ? 0 : 1, 255) };
  },
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("TTL: You must specify an action");
    return data;
  },
  allowed: { tables: ["mangle"] },
  save: (d) => ` --ttl-${d.mode} ${String(d.ttl)}`,
  print: (d) => ` TTL ${WORDS[d.mode]} ${String(d.ttl)}`,
  act(d, { packet }) {
    const ttl = newTtl(d, packet.ip.ttl);
    if (ttl !== packet.ip.ttl) rewriteIp(packet, { ttl });
    return "continue";
  },
});
