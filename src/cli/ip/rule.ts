// `ip rule` (ip/iprule.c): nfsim has no policy routing yet, so the rules are the three
// every namespace starts with, and `show` is all there is.
import { die, type IpCtx } from "./context.ts";
import { abbrev } from "./names.ts";
import { RULE_USAGE } from "./usage.ts";

const DEFAULT_RULES: readonly [number, string][] = [
  [0, "local"],
  [32766, "main"],
  [32767, "default"],
];

function show(ctx: IpCtx): number {
  const out = ctx.out;
  out.newJson();
  for (const [prio, table] of DEFAULT_RULES) {
    if (ctx.opts.family === "inet6" && table === "default") continue;
    out.openObject();
    out.num("any", "priority", "%u:\t", prio);
    out.str("any", "src", "from %s", "all");
    out.str("any", "table", " lookup %s", table);
    out.fp("\n");
    out.closeObject();
  }
  out.endJson();
  return 0;
}

export function doRule(ctx: IpCtx, argv: string[]): number {
  const word = argv[0];
  if (word === undefined || abbrev(word, "list") || abbrev(word, "show") || abbrev(word, "lst")) return show(ctx);
  if (abbrev(word, "help")) return die(ctx, RULE_USAGE, 255);
  return die(ctx, `nfsim: "ip rule ${word}" is not emulated\n`, 2);
}
