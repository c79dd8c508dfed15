// Whole-set commands as ip_set_core.c runs them: create (with -exist accepting an equal
// set), destroy (refused while referenced), flush, rename and swap.
import { KernelError } from "./errors.ts";
import { findSet, liveSets, type IpSet, type IpsetStore, type SetHeader, type SetTypeName } from "./types.ts";

/** How many references each set holds: iptables rules (xt_set) and list:set memberships. */
export type References = (name: string) => number;

/** Members of list:set sets naming `name` (each holds a reference, ip_set_nfnl_get_byindex). */
export function listReferences(store: IpsetStore, name: string): number {
  return liveSets(store).filter((s) => s.type === "list:set" && Object.values(s.members).some((m) => m.elem.name === name)).length;
}

/** The create options the kernel normalises (hash_ip_create & co.). */
export function normaliseHeader(type: SetTypeName, h: SetHeader): SetHeader {
  if (type.startsWith("hash:")) {
    const wanted = Math.max(h.hashsize ?? 1024, 64);
    const hashsize = 2 ** Math.ceil(Math.log2(wanted));
    const b = h.bucketsize ?? 12;
    const bucketsize = b < 2 ? 2 : b > 12 ? 12 : b % 2 === 1 ? b + 1 : b;
    return { ...h, hashsize, maxelem: h.maxelem ?? 65536, bucketsize };
  }
  if (type === "list:set") return { ...h, size: Math.max(h.size ?? 8, 4) };
  return h;
}

/** mtype_same_set: what -exist compares when a set of that name is already there. */
function sameSet(a: IpSet, type: SetTypeName, h: SetHeader): boolean {
  const x = a.header;
  return (
    a.type === type && x.family === h.family && x.maxelem === h.maxelem && x.timeout === h.timeout &&
    (x.netmask ?? 32) === (h.netmask ?? 32) && x.size === h.size &&
    x.range?.first === h.range?.first && x.range?.last === h.range?.last &&
    !!x.counters === !!h.counters && !!x.comment === !!h.comment && !!x.skbinfo === !!h.skbinfo && !!x.forceadd === !!h.forceadd
  );
}

/** ip_set_create: the new set goes to the first free index. */
export function createSet(store: IpsetStore, name: string, type: SetTypeName, header: SetHeader, exist: boolean): void {
  const h = normaliseHeader(type, header);
  const clash = findSet(store, name);
  if (clash !== undefined) {
    if (exist && sameSet(clash, type, h)) return;
    throw new KernelError("CREATE_EXIST", "create");
  }
  const set: IpSet = { name, type, header: h, members: {} };
  const free = store.slots.indexOf(null);
  if (free >= 0) store.slots[free] = set;
  else store.slots.push(set);
}

function requireSet(store: IpsetStore, name: string, cmd: "destroy" | "flush" | "rename" | "swap" | "list" | "save"): IpSet {
  const set = findSet(store, name);
  if (set === undefined) throw new KernelError("ENOENT", cmd);
  return set;
}

/** ip_set_destroy: one set, or all (none goes unless none is referenced). */
export function destroySets(store: IpsetStore, name: string | undefined, refs: References): void {
  const victims = name === undefined ? liveSets(store) : [requireSet(store, name, "destroy")];
  if (victims.some((s) => refs(s.name) > 0)) throw new KernelError("BUSY", "destroy");
  store.slots = store.slots.map((s) => (s !== null && victims.includes(s) ? null : s));
  while (store.slots.length > 0 && store.slots[store.slots.length - 1] === null) store.slots.pop();
}

export function flushSets(store: IpsetStore, name: string | undefined): void {
  const sets = name === undefined ? liveSets(store) : [requireSet(store, name, "flush")];
  for (const s of sets) s.members = {};
}

/** ip_set_rename: refused while anything references the set. */
export function renameSet(store: IpsetStore, from: string, to: string, refs: References): void {
  const set = requireSet(store, from, "rename");
  if (refs(from) > 0) throw new KernelError("REFERENCED", "rename");
  if (findSet(store, to) !== undefined) throw new KernelError("EXIST_SETNAME2", "rename");
  set.name = to;
}

/**
 * ip_set_swap: the two sets trade contents; names (and so the references held by index)
 * stay where they were.
 */
export function swapSets(store: IpsetStore, from: string, to: string): void {
  const a = requireSet(store, from, "swap");
  const b = findSet(store, to);
  if (b === undefined) throw new KernelError("EXIST_SETNAME2", "swap");
  if (a.type !== b.type || a.header.family !== b.header.family) throw new KernelError("TYPE_MISMATCH", "swap");
  const ia = store.slots.indexOf(a);
  const ib = store.slots.indexOf(b);
  store.slots[ia] = { ...b, name: a.name };
  store.slots[ib] = { ...a, name: b.name };
}

export { requireSet };
