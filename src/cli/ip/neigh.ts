// `ip neigh` (ip/ipneigh.c): show/flush with the NUD state filter, add/del/change/replace.
import { deleteNeighbour, setNeighbour } from "../../stack/neighbour.ts";
import { deviceByIndex, deviceByName } from "../../stack/namespace.ts";
import type { NeighState, Neighbour } from "../../stack/types.ts";
import { formatIpv4, prefixToMask } from "../../wire/ipv4.ts";
import { formatIpv6, ipv6InPrefix } from "../../stack/ipv6.ts";
import { Args, die, duparg, duparg2, invarg, netns, nodev, talk, type Family, type IpCtx } from "./context.ts";
import { formatLladdr, getAddr, getPrefix, parseLladdr, type InetPrefix } from "./inet.ts";
import { abbrev } from "./names.ts";
import { NEIGH_USAGE } from "./usage.ts";

/** NUD_* bits (include/uapi/linux/neighbour.h), in print_neigh_state's order. */
const NUD: readonly [NeighState, number][] = [
  ["INCOMPLETE", 0x01],
  ["REACHABLE", 0x02],
  ["STALE", 0x04],
  ["DELAY", 0x08],
  ["PROBE", 0x10],
  ["FAILED", 0x20],
  ["NOARP", 0x40],
  ["PERMANENT", 0x80],
];

function nudBit(state: NeighState): number {
  return NUD.find(([s]) => s === state)?.[1] ?? 0;
}

/** nud_state_a2n. */
function nudOf(arg: string): number | undefined {
  if (abbrev(arg, "permanent")) return 0x80;
  if (abbrev(arg, "reachable")) return 0x02;
  const exact: Record<string, number> = { noarp: 0x40, none: 0, stale: 0x04, incomplete: 0x01, delay: 0x08, probe: 0x10 };
  if (exact[arg] !== undefined) return exact[arg];
  if (abbrev(arg, "failed")) return 0x20;
  const n = /^(0[xX][0-9a-fA-F]+|\d+)$/.test(arg) ? Number(arg) : undefined;
  if (n === undefined || n >= 0x100 || (n & (n - 1)) !== 0) return undefined;
  return n;
}

function stateOfBit(bit: number): NeighState {
  return NUD.find(([, b]) => b === bit)?.[0] ?? "NONE";
}

interface NeighFilter {
  family: Family;
  state: number;
  dev?: number;
  to?: InetPrefix;
}

function dstOf(n: Neighbour): string {
  return n.family === 6 ? formatIpv6(n.addr6 ?? "") : formatIpv4(n.addr);
}

function printNeigh(ctx: IpCtx, n: Neighbour, f: NeighFilter): void {
  const out = ctx.out;
  const color = n.family === 6 ? "inet6" : "inet";
  const ns = netns(ctx);
  const devName = deviceByIndex(ns, n.ifindex)?.name ?? `if${String(n.ifindex)}`;
  out.openObject();
  if (ctx.opts.brief) {
    out.str("any", "dst", "%-39s ", dstOf(n), color);
    if (f.dev === undefined) out.str("any", "dev", "%-16s ", devName, "ifname");
    if (n.lladdr !== undefined) out.str("any", "lladdr", "%s", n.lladdr, "mac");
    out.fp("\n");
    out.closeObject();
    return;
  }
  out.str("any", "dst", "%s ", dstOf(n), color);
  if (f.dev === undefined) {
    out.fp("dev ");
    out.str("any", "dev", "%s ", devName, "ifname");
  }
  if (n.lladdr !== undefined) {
    out.fp("lladdr ");
    out.str("any", "lladdr", "%s ", n.lladdr, "mac");
  }
  if (n.router) out.null("any", "router", "%s ", "router");
  if (n.state !== "NONE") {
    out.openArray("json", "state");
    out.str("any", undefined, "%s ", n.state);
    out.closeArray("json", "");
  }
  out.fp("\n");
  out.closeObject();
}

function matches(f: NeighFilter, n: Neighbour): boolean {
  const fam = n.family === 6 ? "inet6" : "inet";
  if (f.family !== "unspec" && f.family !== fam) return false;
  if (f.dev !== undefined && f.dev !== n.ifindex) return false;
  const bit = nudBit(n.state);
  if (!(f.state & bit) && (bit !== 0 || !(f.state & 0x100))) return false;
  if (f.to !== undefined && f.to.bytelen > 0) {
    if (f.to.family !== fam) return false;
    if (fam === "inet6") return ipv6InPrefix(n.addr6 ?? "", f.to.v6, f.to.bitlen);
    return ((n.addr & prefixToMask(f.to.bitlen)) >>> 0) === ((f.to.v4 & prefixToMask(f.to.bitlen)) >>> 0);
  }
  return true;
}

/** do_show_or_flush: show skips NOARP entries, flush also spares PERMANENT ones. */
function showOrFlush(ctx: IpCtx, argv: string[], flush: boolean): number {
  if (flush && argv.length === 0) return die(ctx, "Flush requires arguments.\n", 1);
  const f: NeighFilter = { family: ctx.opts.family, state: flush ? ~(0x80 | 0x40) : 0xff & ~0x40 };
  let stateGiven = false;
  let devName: string | undefined;
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === "dev") {
      const v = args.next();
      if (devName !== undefined) duparg(ctx, "dev", v);
      devName = v;
    } else if (w === "nud") {
      const v = args.next();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let s = nudOf(v);
      if (s === undefined) {
        if (v !== "all") invarg(ctx, "nud state is bad", v);
        s = flush ? ~0x40 : ~0;
      }
      f.state |= s === 0 ? 0x100 : s;
    } else if (w === "unused" || w === "proxy" || w === "nomaster") continue;
    else if (w === "master" || w === "vrf" || abbrev(w, "protocol")) args.next();
    else {
      const v = w === "to" ? args.next() : w;
      if (abbrev(v, "help")) die(ctx, NEIGH_USAGE, 255);
      f.to = getPrefix(ctx, v, f.family);
      if (f.family === "unspec") f.family = f.to.family;
    }
  }
  const ns = netns(ctx);
  if (devName !== undefined) f.dev = (deviceByName(ns, devName) ?? nodev(ctx, devName)).ifindex;
  const hits = ns.neighbours.filter((n) => matches(f, n));
  if (flush) {
    ns.neighbours = ns.neighbours.filter((n) => !hits.includes(n));
    return 0;
  }
  ctx.out.newJson();
  for (const n of hits) printNeigh(ctx, n, f);
  ctx.out.endJson();
  return 0;
}

function modify(ctx: IpCtx, argv: string[], mode: "add" | "del" | "change" | "replace"): number {
  let state = 0x80;
  let lla: string | undefined;
  let dst: InetPrefix | undefined;
  let dev: string | undefined;
  let router = false;
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (abbrev(w, "lladdr")) {
      const v = args.next();
      if (lla !== undefined) duparg(ctx, "lladdr", v);
      lla = v;
    } else if (w === "nud") {
      const v = args.next();
      state = nudOf(v) ?? invarg(ctx, "nud state is bad", v);
    } else if (w === "router") router = true;
    else if (w === "use" || w === "managed" || abbrev(w, "extern_learn")) continue;
    else if (w === "dev") dev = args.next();
    else if (abbrev(w, "protocol")) args.next();
    else if (abbrev(w, "proxy")) return die(ctx, "nfsim: proxy neighbour entries are not emulated\n", 2);
    else {
      let v = w === "to" ? args.next() : w;
      if (abbrev(v, "help")) v = args.next();
      if (dst !== undefined) duparg2(ctx, "to", v);
      dst = getAddr(ctx, v, ctx.opts.family);
    }
  }
  if (dev === undefined || dst === undefined || dst.family === "unspec") return die(ctx, "Device and destination are required arguments.\n", 255);
  const lladdr = lla !== undefined && lla !== "null" ? formatLladdr(parseLladdr(ctx, lla)) : undefined;
  const ns = netns(ctx);
  const ifindex = (deviceByName(ns, dev) ?? nodev(ctx, dev)).ifindex;
  const addr = dst.v4;
  const v6 = dst.family === "inet6" ? { addr6: dst.v6 } : {};
  talk(ctx, () => {
    if (mode === "del") deleteNeighbour(ns, ifindex, addr, v6.addr6);
    else {
      setNeighbour(
        ns,
        { ifindex, addr, ...v6, ...(lladdr !== undefined ? { lladdr } : {}), state: stateOfBit(state), router },
        { create: mode !== "change", excl: mode === "add" },
        ctx.world.clock,
      );
    }
  });
  return 0;
}

const COMMANDS: readonly [string, (ctx: IpCtx, argv: string[]) => number][] = [
  ["add", (ctx, a) => modify(ctx, a, "add")],
  ["change", (ctx, a) => modify(ctx, a, "change")],
  ["replace", (ctx, a) => modify(ctx, a, "replace")],
  ["delete", (ctx, a) => modify(ctx, a, "del")],
  ["list", (ctx, a) => showOrFlush(ctx, a, false)],
  ["show", (ctx, a) => showOrFlush(ctx, a, false)],
  ["lst", (ctx, a) => showOrFlush(ctx, a, false)],
  ["flush", (ctx, a) => showOrFlush(ctx, a, true)],
  ["help", (ctx) => die(ctx, NEIGH_USAGE, 255)],
];

export function doNeigh(ctx: IpCtx, argv: string[]): number {
  if (argv.length === 0) return showOrFlush(ctx, [], false);
  const word = argv[0] ?? "";
  if (word === "chg") return modify(ctx, argv.slice(1), "change");
  const hit = COMMANDS.find(([name]) => abbrev(word, name));
  if (hit === undefined) return die(ctx, `Command "${word}" is unknown, try "ip neigh help".\n`, 255);
  return hit[1](ctx, argv.slice(1));
}
