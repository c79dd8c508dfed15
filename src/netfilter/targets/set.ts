// -j SET (libxt_SET.c revision 3; kernel net/netfilter/xt_set.c set_target_v3): adds the
// packet's element to a set, deletes it from one, or (--map-set) copies the skbinfo of the
// element it matches in a set onto the packet. The rule always continues.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { findSet, MAX_TIMEOUT, packetAdd, packetDel, packetTest } from "../ipset/index.ts";
import { formatSetRef, parseSetRef, type SetRef } from "../matches/setinfo.ts";

interface SetTargetData {
  readonly add?: SetRef;
  readonly del?: SetRef;
  readonly map?: SetRef;
  /** --exist: an add of an element already there refreshes its timeout. */
  readonly exist: boolean;
  /** --timeout for --add-set; absent: the set's default. */
  readonly timeout?: number;
  readonly mapMark: boolean;
  readonly mapPrio: boolean;
  readonly mapQueue: boolean;
}

const once = (what: string) => parameterProblem(`--${what} can be specified only once`);

/** set_target_check_v3. */
function finalCheck(d: SetTargetData, seen: ReadonlySet<string>): SetTargetData {
  if (d.add === undefined && d.del === undefined && d.map === undefined) {
    throw parameterProblem("You must specify either `--add-set' or `--del-set' or `--map-set'");
  }
  if (d.add === undefined) {
    if (seen.has("exist")) throw parameterProblem("Flag `--exist' can be used with `--add-set' only");
    if (seen.has("timeout")) throw parameterProblem("Option `--timeout' can be used with `--add-set' only");
  }
  if (d.map === undefined) {
    for (const flag of ["map-mark", "map-prio", "map-queue"]) {
      if (seen.has(flag)) throw parameterProblem(`Flag \`--${flag}' can be used with \`--map-set' only`);
    }
  }
  if (d.map !== undefined && !d.mapMark && !d.mapPrio && !d.mapQueue) {
    throw parameterProblem("You must specify flags `--map-mark' or '--map-prio` or `--map-queue'");
  }
  return d;
}

function ref(prefix: string, r: SetRef | undefined): string {
  return r === undefined ? "" : ` ${prefix}${formatSetRef(r)}`;
}

/** set_target_save_v3 / set_target_print_v3. */
function describe(d: SetTargetData, sep: string): string {
  let out = ref(`${sep}add-set`, d.add);
  if (d.exist) out += ` ${sep}exist`;
  if (d.timeout !== undefined) out += ` ${sep}timeout ${String(d.timeout)}`;
  out += ref(`${sep}del-set`, d.del) + ref(`${sep}map-set`, d.map);
  if (d.mapMark) out += ` ${sep}map-mark`;
  if (d.mapPrio) out += ` ${sep}map-prio`;
  if (d.mapQueue) out += ` ${sep}map-queue`;
  return out;
}

export const setTarget = defineTarget<SetTargetData>({
  name: "SET",
  genericChecks: false,
  options: [
    { name: "add-set", arg: "required" },
    { name: "del-set", arg: "required" },
    { name: "exist", arg: "none" },
    { name: "timeout", arg: "required" },
    { name: "map-set", arg: "required" },
    { name: "map-mark", arg: "none" },
    { name: "map-prio", arg: "none" },
    { name: "map-queue", arg: "none" },
  ],
  init: () => ({ exist: false, mapMark: false, mapPrio: false, mapQueue: false }),
  parse({ option, arg = "", data, env, nextArg }) {
    switch (option) {
      case "add-set":
        if (data.add !== undefined) throw once(option);
        return { ...data, add: parseSetRef(option, arg, nextArg(), env) };
      case "del-set":
        if (data.del !== undefined) throw once(option);
        return { ...data, del: parseSetRef(option, arg, nextArg(), env) };
      case "map-set":
        if (data.map !== undefined) throw once(option);
        return { ...data, map: parseSetRef(option, arg, nextArg(), env) };
      case "timeout": {
        const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(arg);
        const value = m?.[1] === undefined ? NaN : /^0[0-7]/.test(m[1]) ? parseInt(m[1], 8) : Number(m[1]);
        if (!(value <= 0xfffffffe)) throw parameterProblem("Invalid value for option --timeout or out of range 0-4294967294");
        return { ...data, timeout: value };
      }
      case "exist":
        return { ...data, exist: true };
      case "map-mark":
        return { ...data, mapMark: true };
      case "map-prio":
        return { ...data, mapPrio: true };
      default:
        return { ...data, mapQueue: true };
    }
  },
  finalCheck,
  check(d, where) {
    // xt_set.c set_target_v3_checkentry: --map-set only in mangle; prio and queue only from
    // chains that FORWARD, OUTPUT or POSTROUTING reach (nft_compat passes a base chain's hook).
    if (d.map === undefined) return undefined;
    if (where.table !== "mangle") return "EINVAL";
    const late = ["FORWARD", "OUTPUT", "POSTROUTING"];
    if ((d.mapPrio || d.mapQueue) && where.chainHook !== undefined && !late.includes(where.chainHook)) return "EINVAL";
    return undefined;
  },
  save: (d) => describe(d, "--"),
  print: (d) => describe(d, ""),
  ipsets: (d) => [d.add, d.del, d.map].flatMap((r) => (r === undefined ? [] : [r.name])),
  act(d, { env, packet }) {
    const store = env.ipsets?.();
    if (store === undefined) return "continue";
    const now = env.now();
    const timeout = d.timeout === undefined ? undefined : Math.min(d.timeout, MAX_TIMEOUT);
    const addTo = d.add && findSet(store, d.add.name);
    if (d.add && addTo) packetAdd(store, addTo, packet, { dirs: d.add.dirs, now, exist: d.exist, ...(timeout !== undefined ? { timeout } : {}) });
    const delFrom = d.del && findSet(store, d.del.name);
    if (d.del && delFrom) packetDel(store, delFrom, packet, { dirs: d.del.dirs, now, exist: false });
    const mapFrom = d.map && findSet(store, d.map.name);
    if (d.map && mapFrom) {
      const { matched, skb } = packetTest(store, mapFrom, packet, { dirs: d.map.dirs, now });
      // xt_set.c: skb->mark = (skb->mark & ~skbmarkmask) ^ skbmark, skb->priority = skbprio;
      // the queue mapping needs a device with queues, which nfsim does not model.
      if (matched && d.mapMark && skb !== undefined) packet.mark = ((packet.mark & ~skb.mask) ^ skb.mark) >>> 0;
      if (matched && d.mapPrio) packet.priority = skb?.prio ?? 0;
    }
    return "continue";
  },
});
