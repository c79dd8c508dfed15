// -m recent, revision 1 (libxt_recent.c; kernel net/netfilter/xt_recent.c). A named list
// of addresses per namespace, each with the jiffies of its last packets: --set adds,
// --rcheck and --update look (--update also records), --remove deletes.
import { parameterProblem } from "../errors.ts";
import type { EvalContext } from "../context.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
import { parseHost } from "./x6.ts";

/** XT_RECENT_* (include/uapi/linux/netfilter/xt_recent.h). */
const CHECK = 1 << 0;
const SET = 1 << 1;
const UPDATE = 1 << 2;
const REMOVE = 1 << 3;
const TTL = 1 << 4;
const REAP = 1 << 5;
const OPS = CHECK | SET | UPDATE | REMOVE;

interface RecentData {
  readonly checkSet: number;
  readonly invert: boolean;
  readonly seconds: number;
  readonly hitCount: number;
  readonly name: string;
  readonly side: "source" | "dest";
  readonly mask: number;
}

const ANY_OP = ["set", "rcheck", "update", "remove"];

/** recent_opts_v1 in table order. */
const OPTIONS: readonly OptionSpec[] = [
  ...ANY_OP.map((name) => ({ name, arg: "none" as const, invert: true, excl: ANY_OP })),
  { name: "seconds", arg: "required" },
  { name: "reap", arg: "none", also: ["seconds"] },
  { name: "hitcount", arg: "required" },
  { name: "rttl", arg: "none", excl: ["set", "remove"] },
  { name: "name", arg: "required" },
  { name: "rsource", arg: "none" },
  { name: "rdest", arg: "none" },
  { name: "mask", arg: "required" },
];

const OP_BIT: Readonly<Record<string, number>> = { set: SET, rcheck: CHECK, update: UPDATE, remove: REMOVE };

function parseOption(option: string, arg: string, invert: boolean, d: RecentData): RecentData {
  const op = OP_BIT[option];
  if (op !== undefined) return { ...d, checkSet: d.checkSet | op, invert: d.invert || invert };
  switch (option) {
    case "seconds":
      return { ...d, seconds: parseIntX6("recent", option, arg, 1, 0xffffffff) };
    case "reap":
      return { ...d, checkSet: d.checkSet | REAP };
    case "hitcount":
      return { ...d, hitCount: parseIntX6("recent", option, arg, 0, 0xffffffff) };
    case "rttl":
      return { ...d, checkSet: d.checkSet | TTL };
    case "name":
      // char name[XT_RECENT_NAME_LEN]: the copy keeps 199 bytes.
      return { ...d, name: arg.slice(0, 199) };
    case "rsource":
      return { ...d, side: "source" };
    case "rdest":
      return { ...d, side: "dest" };
    default:
      return { ...d, mask: parseHost(arg) };
  }
}

/** recent_save / recent_print share the order; -L names the operations in capitals. */
function dump(d: RecentData, list: boolean): string {
  const [set, check, update, remove] = list ? [" SET", " CHECK", " UPDATE", " REMOVE"] : [" --set", " --rcheck", " --update", " --remove"];
  let out = d.invert ? " !" : "";
  if (list) out += " recent:";
  if ((d.checkSet & SET) !== 0) out += set;
  if ((d.checkSet & CHECK) !== 0) out += check;
  if ((d.checkSet & UPDATE) !== 0) out += update;
  if ((d.checkSet & REMOVE) !== 0) out += remove;
  // printf("%d"): the u32 fields print as signed ints.
  if (d.seconds !== 0) out += `${list ? " seconds:" : " --seconds"} ${String(d.seconds | 0)}`;
  if ((d.checkSet & REAP) !== 0) out += list ? " reap" : " --reap";
  if (d.hitCount !== 0) out += `${list ? " hit_count:" : " --hitcount"} ${String(d.hitCount | 0)}`;
  if ((d.checkSet & TTL) !== 0) out += list ? " TTL-Match" : " --rttl";
  if (list) return `${out} name: ${d.name} side: ${d.side} mask: ${formatIpv4(d.mask)}`;
  return `${out} --name ${d.name} --mask ${formatIpv4(d.mask)} ${d.side === "source" ? "--rsource" : "--rdest"}`;
}

/** XT_RECENT_MAX_NSTAMPS: an entry's count of stamps is a u16, so 65535 hits at most. */
const MAX_NSTAMPS = 65536;

/** recent_mt_check's refusals, in its order. */
function kernelRefusal(d: RecentData): string | undefined {
  const ops = d.checkSet & OPS;
  if (ops === 0 || (ops & (ops - 1)) !== 0) return "EINVAL";
  if ((d.checkSet & (SET | REMOVE)) !== 0 && (d.seconds !== 0 || d.hitCount !== 0 || (d.checkSet & (TTL | REAP)) !== 0)) return "EINVAL";
  if ((d.checkSet & REAP) !== 0 && d.seconds === 0) return "EINVAL";
  if (d.hitCount >= MAX_NSTAMPS) return "EINVAL";
  // xt_check_proc_name: the list is a /proc file.
  if (d.name === "" || d.name === "." || d.name === ".." || d.name.includes("/")) return "EINVAL";
  return undefined;
}

// ---- run time ----

/** Jiffies at Debian's HZ of 250. */
const HZ = 250;
/** ip_list_tot and ip_pkt_list_tot, the module's defaults. */
const LIST_TOT = 100;
const PKT_LIST_TOT = 20;

interface Entry {
  addr: number;
  ttl: number;
  /** Ring of the jiffies of the last packets; `index` is where the next goes. */
  stamps: number[];
  index: number;
}

interface Table {
  mask: number;
  /** Size of the ring less one, a power of two less one (nstamps_max_mask). */
  nstampsMask: number;
  /** Least recently used first. */
  lru: Entry[];
}

/** roundup_pow_of_two(n) - 1, as recent_mt_check sizes the rings. */
function stampMask(hitCount: number): number {
  const n = hitCount < PKT_LIST_TOT ? PKT_LIST_TOT : hitCount !== 0 ? hitCount : 32;
  return 2 ** Math.ceil(Math.log2(n)) - 1;
}

/** The list, made as the first rule naming it does (its mask stays the table's). */
function tableFor(d: RecentData, ctx: EvalContext): Table {
  const store = ctx.shared ?? ctx.state;
  const key = `recent:${d.name}`;
  let t = store[key] as Table | undefined;
  if (t === undefined) store[key] = t = { mask: d.mask, nstampsMask: stampMask(d.hitCount), lru: [] };
  // A rule wanting a longer ring flushes the list and grows it.
  const want = stampMask(d.hitCount);
  if (want > t.nstampsMask) t = store[key] = { ...t, nstampsMask: want, lru: [] };
  return t;
}

function touch(t: Table, e: Entry, now: number): void {
  e.index &= t.nstampsMask;
  e.stamps[e.index++] = now;
  t.lru = [...t.lru.filter((x) => x !== e), e];
}

/** time_after(a, b): b is before a, in jiffies. */
const after = (a: number, b: number) => b - a < 0;

/** recent_mt: the lookup, then the operation; --update and --set record this packet. */
function recentMatch(d: RecentData, ctx: EvalContext): boolean {
  const { ip } = ctx.packet;
  const now = Math.floor((ctx.env.now() * HZ) / 1000);
  // The TTL as it was before forwarding: a packet on its way out that came in on a device
  // (no local socket sent it) has already lost one.
  const ttl = ctx.outIface !== undefined && ctx.inIface !== undefined ? (ip.ttl + 1) & 0xff : ip.ttl;
  const t = tableFor(d, ctx);
  const addr = ((d.side === "dest" ? ip.dst : ip.src) & t.mask) >>> 0;
  const want = (d.checkSet & TTL) !== 0 ? ttl : 0;
  const e = t.lru.find((x) => x.addr === addr && (want === 0 || x.ttl === 0 || x.ttl === want));
  let ret = d.invert;
  if (e === undefined) {
    if ((d.checkSet & SET) === 0) return ret;
    if (t.lru.length >= LIST_TOT) t.lru.shift();
    t.lru.push({ addr, ttl, stamps: [now], index: 1 });
    return !ret;
  }
  if ((d.checkSet & SET) !== 0) ret = !ret;
  else if ((d.checkSet & REMOVE) !== 0) {
    t.lru = t.lru.filter((x) => x !== e);
    return !ret;
  } else {
    const since = now - d.seconds * HZ;
    let hits = 0;
    for (const stamp of e.stamps) {
      if (d.seconds !== 0 && after(since, stamp)) continue;
      if (d.hitCount === 0 || ++hits >= d.hitCount) {
        ret = !ret;
        break;
      }
    }
    if ((d.checkSet & REAP) !== 0) reap(t, since, e, (d.checkSet & UPDATE) !== 0 && ret);
  }
  if ((d.checkSet & SET) !== 0 || ((d.checkSet & UPDATE) !== 0 && ret)) {
    touch(t, e, now);
    e.ttl = ttl;
  }
  return ret;
}

/** recent_entry_reap: the least recently used entry goes if its last packet is older (unless being updated). */
function reap(t: Table, since: number, working: Entry, update: boolean): void {
  const oldest = t.lru[0];
  if (oldest === undefined || (oldest === working && update)) return;
  const last = oldest.stamps[(oldest.index - 1) & t.nstampsMask] ?? 0;
  if (after(since, last)) t.lru = t.lru.slice(1);
}

export const recent = defineMatch<RecentData>({
  name: "recent",
  options: OPTIONS,
  init: () => ({ checkSet: 0, invert: false, seconds: 0, hitCount: 0, name: "DEFAULT", side: "source", mask: 0xffffffff }),
  parse: ({ option, arg = "", invert, data }) => parseOption(option, arg, invert, data),
  finalCheck(d, seen) {
    if (!ANY_OP.some((op) => seen.has(op))) {
      throw parameterProblem("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
    }
    return d;
  },
  check: (d) => kernelRefusal(d),
  save: (d) => dump(d, false),
  print: (d) => dump(d, true),
  match: recentMatch,
});
