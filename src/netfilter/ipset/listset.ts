// list:set, a list of other sets (net/netfilter/ipset/ip_set_list_set.c): members keep
// their order, an add may go before or after a member, and test/del may ask for that order.
import { KernelError, type SetCommand } from "./errors.ts";
import { addElem, expired, purgeExpired, type Ext } from "./members.ts";
import { findSet, type IpSet, type IpsetStore, type Member } from "./types.ts";

/** The element of a list:set command: a set, and optionally the member it goes before or after. */
export interface ListTarget {
  readonly name: string;
  readonly ref?: string;
  readonly before?: boolean;
}

/** list_set_uadt's checks: the member and the reference must be sets, and not lists. */
function checkTarget(store: IpsetStore, t: ListTarget, cmd: SetCommand): void {
  const member = findSet(store, t.name);
  if (member === undefined) throw new KernelError("NAME", cmd);
  if (member.type === "list:set") throw new KernelError("LOOP", cmd);
  if (t.ref !== undefined && findSet(store, t.ref) === undefined) throw new KernelError("NAMEREF", cmd);
}

function liveOrder(set: IpSet, now: number): Member[] {
  return Object.values(set.members).filter((m) => !expired(m, now));
}

/** Whether `name` sits right before (or after) `ref` among the live members. */
function placed(order: readonly Member[], name: string, t: ListTarget): boolean {
  const at = order.findIndex((m) => m.elem.name === name);
  if (at < 0) return false;
  if (t.ref === undefined) return true;
  const neighbour = t.before ? order[at + 1] : order[at - 1];
  return neighbour?.elem.name === t.ref;
}

/** list_set_utest. */
export function testInList(store: IpsetStore, set: IpSet, t: ListTarget, now: number): boolean {
  checkTarget(store, t, "test");
  return placed(liveOrder(set, now), t.name, t);
}

/** list_set_uadd: append, or insert next to the reference member. */
export function addToList(store: IpsetStore, set: IpSet, t: ListTarget, ext: Ext, ctx: { now: number; exist: boolean }): void {
  checkTarget(store, t, "add");
  purgeExpired(set, ctx.now);
  const order = Object.values(set.members);
  const refAt = t.ref === undefined ? -1 : order.findIndex((m) => m.elem.name === t.ref);
  if (t.ref !== undefined && refAt < 0) throw new KernelError("REF_EXIST", "add");
  const existing = order.some((m) => m.elem.name === t.name);
  addElem(set, { name: t.name }, ext, { exist: ctx.exist, now: ctx.now, cmd: "add" });
  if (existing || t.ref === undefined) return;
  const added = set.members[`set:${t.name}`];
  if (added === undefined) return;
  const rest = order.filter((m) => m !== added);
  rest.splice(t.before ? refAt : refAt + 1, 0, added);
  set.members = Object.fromEntries(rest.map((m) => [`set:${m.elem.name ?? ""}`, m]));
}

/** list_set_udel: with a reference, only when the member sits next to it. */
export function delFromList(store: IpsetStore, set: IpSet, t: ListTarget, ctx: { now: number; exist: boolean }): void {
  checkTarget(store, t, "del");
  purgeExpired(set, ctx.now);
  const order = Object.values(set.members);
  if (!order.some((m) => m.elem.name === t.name)) {
    if (t.ref !== undefined) throw new KernelError("REF_EXIST", "del");
    if (ctx.exist) return;
    throw new KernelError("EXIST", "del");
  }
  if (!placed(order, t.name, t)) throw new KernelError("REF_EXIST", "del");
  set.members = Object.fromEntries(order.filter((m) => m.elem.name !== t.name).map((m) => [`set:${m.elem.name ?? ""}`, m]));
}
