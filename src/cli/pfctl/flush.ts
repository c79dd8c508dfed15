// pfctl -F (pfctl.c pfctl_clear_*) and -k (pfctl_net_kill_states), with the messages
// macOS prints: "rules cleared", "nat cleared", "dummynet cleared", "N tables deleted.",
// "N states cleared", ... (all to stderr, none with -q).
import {
  collectAnchors, collectTables, findOrCreate, inPrefix, maskAddr, parseAddr, removeStates,
  type PfAddr, type PfStateEntry, type RulesetKind,
} from "../../pf/index.ts";
import type { PfctlCtx } from "./host.ts";
import { flushTables, type TableOpts } from "./tables.ts";

function say(ctx: PfctlCtx, quiet: boolean, text: string): void {
  if (!quiet) ctx.io.stderr(`${text}\n`);
}

function clearKinds(ctx: PfctlCtx, anchor: string, kinds: readonly RulesetKind[]): void {
  const rs = findOrCreate(ctx.pf, anchor);
  for (const k of kinds) rs.rules[k] = [];
  for (const s of ctx.pf.states) if (s.anchor === anchor) s.rule = -1;
  for (const s of ctx.pf.states) if (s.natRule?.anchor === anchor && kinds.includes(s.natRule.kind)) s.natRule.nr = -1;
  collectTables(ctx.pf);
  collectAnchors(ctx.pf);
}

/** -F MODIFIER (already expanded to its full name); `iface` is -i. */
export function flush(ctx: PfctlCtx, what: string, o: TableOpts, iface?: string): void {
  const q = o.quiet;
  const main = o.anchor === "";
  switch (what) {
    case "rules":
      clearKinds(ctx, o.anchor, ["scrub", "filter"]);
      return say(ctx, q, "rules cleared");
    case "nat":
      clearKinds(ctx, o.anchor, ["nat", "binat", "rdr"]);
      return say(ctx, q, "nat cleared");
    case "dummynet":
      clearKinds(ctx, o.anchor, ["dummynet"]);
      return say(ctx, q, "dummynet cleared");
    case "Tables":
      return flushTables(ctx, o);
    case "states":
      return say(ctx, q, `${String(removeStates(ctx.pf, (s) => iface === undefined || s.ifname === iface))} states cleared`);
    case "Sources":
      return say(ctx, q, "source tracking entries cleared");
    case "info":
      clearInfo(ctx);
      return say(ctx, q, "pf: statistics cleared");
    case "osfp":
    case "queue":
      return;
    case "all":
      flush(ctx, "rules", o);
      flush(ctx, "nat", o);
      flush(ctx, "dummynet", o);
      flush(ctx, "Tables", o);
      if (!main) return;
      flush(ctx, "states", o, iface);
      flush(ctx, "Sources", o);
      flush(ctx, "info", o);
      ctx.pf.skip = [];
      return say(ctx, q, "pf: interface flags reset");
  }
}

function clearInfo(ctx: PfctlCtx): void {
  const c = ctx.pf.counters;
  c.reasons = c.reasons.map(() => 0);
  c.fcounters = [0, 0, 0];
  c.scounters = [0, 0, 0];
  ctx.pf.since = ctx.now;
}

/** pfctl_addrprefix() + getaddrinfo(): "10.0.0.1", "10.0.0.0/8". */
function killSpec(text: string): { addr: PfAddr; bits: number } | string {
  const slash = text.indexOf("/");
  const a = parseAddr(slash < 0 ? text : text.slice(0, slash));
  if (a === undefined) return `pfctl: getaddrinfo: nodename nor servname provided, or not known\n`;
  const max = a.af === 4 ? 32 : 128;
  const bits = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(bits) || bits < 0) return `pfctl: prefix is invalid: ${text.slice(slash + 1)}\n`;
  if (bits > max) return `pfctl: prefix too long for AF_INET${a.af === 6 ? "6" : ""}\n`;
  return { addr: maskAddr(a, bits), bits };
}

/** -k host [-k host]: kill the states from a source (to a destination); "killed N states ...". */
export function killStates(ctx: PfctlCtx, specs: readonly string[], quiet: boolean, iface?: string): number {
  const parsed = specs.map(killSpec);
  for (const p of parsed) {
    if (typeof p === "string") {
      ctx.io.stderr(p);
      return 1;
    }
  }
  const [src, dst] = parsed as { addr: PfAddr; bits: number }[];
  const ends = (s: PfStateEntry) => (s.direction === "out" ? [s.lan, s.ext] : [s.ext, s.lan]);
  const killed = removeStates(ctx.pf, (s) => {
    const [a, b] = ends(s);
    if (iface !== undefined && s.ifname !== iface) return false;
    if (src === undefined || a === undefined || b === undefined) return false;
    if (a.addr.af !== src.addr.af || !inPrefix(a.addr, src.addr, src.bits)) return false;
    return dst === undefined || (b.addr.af === dst.addr.af && inPrefix(b.addr, dst.addr, dst.bits));
  });
  say(ctx, quiet, `killed ${String(killed)} states from 1 sources and ${dst === undefined ? "0" : "1"} destinations`);
  return 0;
}
