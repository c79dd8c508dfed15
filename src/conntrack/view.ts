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
 * the many views made per second share their accessors.)
 */
class EntryView implements ConntrackView {
  readonly state: CtInfo;
  readonly dir: "ORIGINAL" | "REPLY";
  readonly #ref: PacketRef;
  readonly #env: Pick<EngineEnv, "now">;

  constructor(ref: PacketRef, env: Pick<EngineEnv, "now">) {
    this.state = ref.info;
    this.dir = ref.dir === DIR_REPLY ? "REPLY" : "ORIGINAL";
    this.#ref = ref;
    this.#env = env;
  }

  get ref(): PacketRef {
    return this.#ref;
  }

  get status(): string[] {
    return statusNames(this.#ref.entry.status);
  }

  get mark(): number {
    return this.#ref.entry.mark;
  }

  set mark(value: number) {
    this.#ref.entry.mark = value >>> 0;
  }

  get orig(): ViewTuple {
    return viewTuple(this.#ref.entry.orig);
  }

  get reply(): ViewTuple {
    return viewTuple(this.#ref.entry.reply);
  }

  get expires(): number {
    const e = this.#ref.entry;
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

/** A view of `ref` for a packet. */
export function makeView(ref: PacketRef, env: Pick<EngineEnv, "now">): ConntrackView {
  return new EntryView(ref, env);
}
