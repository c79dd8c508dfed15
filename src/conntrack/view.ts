// The entry a packet belongs to, as matches and targets see it (ConntrackView of
// src/netfilter/context.ts): the packet's ctinfo (NEW, ESTABLISHED, RELATED and its
// direction) plus live reads of the entry, so a CONNMARK or a NAT binding made earlier on
// the packet's path is what a later rule sees. The view also leads the engine back to the
// entry; it must travel with the packet by reference.
import type { ConntrackView, EngineEnv } from "../netfilter/context.ts";
import { IPPROTO } from "../wire/packet.ts";
import { isConfirmed, statusNames, type CtEntry } from "./entry.ts";
import { DIR_REPLY, type Dir, type Tuple } from "./tuple.ts";

export type CtInfo = "NEW" | "ESTABLISHED" | "RELATED";

/** What the engine keeps about a packet's entry (the kernel's skb->_nfct and ctinfo). */
export interface PacketRef {
  readonly entry: CtEntry;
  readonly info: CtInfo;
  readonly dir: Dir;
  /** An ICMP error related to the entry, rather than one of its own packets. */
  readonly icmpError: boolean;
}

type ViewTuple = NonNullable<ConntrackView["orig"]>;

/** The tuple as xt_conntrack reads it: ports for the protocols that have them (ICMP ids are left out). */
function viewTuple(t: Tuple): ViewTuple {
  if (t.proto === IPPROTO.ICMP || (t.sport === 0 && t.dport === 0)) return { src: t.src, dst: t.dst, proto: t.proto };
  return { src: t.src, dst: t.dst, proto: t.proto, sport: t.sport, dport: t.dport };
}

/**
 * A packet's view of its entry. Status, tuples and the time left are read from the entry
 * when asked; `mark` writes through to it (CONNMARK). An unconfirmed entry has 0 seconds
 * left, as the kernel's relative ct->timeout reads before confirmation. (A class, so that
 * the many views made per second share their accessors.) The view is the one object the
 * engine makes per tracked packet: it holds the PacketRef's fields itself, and makes the
 * PacketRef only when asked for it (the NAT points).
 */
class EntryView implements ConntrackView {
  readonly state: CtInfo;
  readonly dir: "ORIGINAL" | "REPLY";
  readonly #entry: CtEntry;
  readonly #dir: Dir;
  readonly #icmpError: boolean;
  readonly #env: Pick<EngineEnv, "now">;
  #ref: PacketRef | undefined;

  constructor(entry: CtEntry, info: CtInfo, dir: Dir, icmpError: boolean, env: Pick<EngineEnv, "now">) {
    this.state = info;
    this.dir = dir === DIR_REPLY ? "REPLY" : "ORIGINAL";
    this.#entry = entry;
    this.#dir = dir;
    this.#icmpError = icmpError;
    this.#env = env;
    this.#ref = undefined;
  }

  get ref(): PacketRef {
    this.#ref ??= { entry: this.#entry, info: this.state, dir: this.#dir, icmpError: this.#icmpError };
    return this.#ref;
  }

  /** PacketRef's fields, read without making one. */
  get entry(): CtEntry {
    return this.#entry;
  }

  get direction(): Dir {
    return this.#dir;
  }

  get icmpError(): boolean {
    return this.#icmpError;
  }

  get status(): string[] {
    return statusNames(this.#entry.status);
  }

  get mark(): number {
    return this.#entry.mark;
  }

  set mark(value: number) {
    this.#entry.mark = value >>> 0;
  }

  get orig(): ViewTuple {
    return viewTuple(this.#entry.orig);
  }

  get reply(): ViewTuple {
    return viewTuple(this.#entry.reply);
  }

  get expires(): number {
    const e = this.#entry;
    return isConfirmed(e) ? Math.max(0, e.timeout - this.#env.now()) / 1000 : 0;
  }

  /** A plain snapshot, for traces and saved packets. */
  toJSON(): ConntrackView {
    const { state, dir, status, mark, orig, reply, expires } = this;
    return { state, dir, status, mark, orig, reply, expires };
  }
}

/** The engine's record behind a packet's view; undefined for untracked packets and views made elsewhere. */
export function refOf(view: ConntrackView | undefined): PacketRef | undefined {
  return view instanceof EntryView ? view.ref : undefined;
}

/** What the engine reads of a packet's view, without a PacketRef (`direction` is its `dir`). */
export interface TrackedView {
  readonly entry: CtEntry;
  readonly state: CtInfo;
  readonly direction: Dir;
  readonly icmpError: boolean;
}

/** The engine's view behind a packet's ConntrackView; undefined for untracked packets and views made elsewhere. */
export function trackedOf(view: ConntrackView | undefined): TrackedView | undefined {
  return view instanceof EntryView ? view : undefined;
}

/** A view of `ref` for a packet. */
export function makeView(ref: PacketRef, env: Pick<EngineEnv, "now">): ConntrackView {
  return new EntryView(ref.entry, ref.info, ref.dir, ref.icmpError, env);
}

/** A view of an entry for a packet of it, from PacketRef's fields. */
export function viewOf(entry: CtEntry, info: CtInfo, dir: Dir, icmpError: boolean, env: Pick<EngineEnv, "now">): ConntrackView {
  return new EntryView(entry, info, dir, icmpError, env);
}
