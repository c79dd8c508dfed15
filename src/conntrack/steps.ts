// The fixed points where the packet path calls connection tracking and NAT, in the
// kernel's order on each hook (DESIGN.md "The packet path"):
//   PREROUTING:  raw(-300) → ct.in(-200) → mangle → nat DST(-100) ......................
//   OUTPUT:      raw(-300) → ct.in(-200) → mangle → nat DST(-100) → filter → security
//   INPUT:       mangle → filter → security → nat SRC(100) → ct.confirm(last)
//   POSTROUTING: mangle → nat SRC(100) → ct.confirm(last)
// The packet path owns the order; conntrack owns what happens at each point. Until the
// conntrack engine is plugged in, NO_CONNTRACK leaves every packet without an entry.
import type { EngineEnv, PacketState } from "../netfilter/context.ts";
import type { Effect } from "../netfilter/context.ts";
import type { Hook } from "../netfilter/tables.ts";

export type CtVerdict = "ACCEPT" | "DROP";

/** What the NAT point needs to know: whether the nat table must be consulted for this packet. */
export type NatDecision =
  /** First packet of a connection without a binding for this manip: run the nat table, then `bind`. */
  | { readonly kind: "consult" }
  /** The binding exists (or the packet is untracked/invalid): the nat table is skipped. */
  | { readonly kind: "skip" };

export interface ConntrackSteps {
  /**
   * nf_conntrack_in (PREROUTING, OUTPUT; priority -200): look the packet up, create an
   * unconfirmed entry for a new connection, set `pkt.ct`, and, for packets of an existing
   * binding, translate them (the kernel's nf_nat_ipv4_fn does it at the nat priorities;
   * `nat` below is where the path calls it).
   */
  conntrackIn(hook: Hook, pkt: PacketState, env: EngineEnv, ifaces: { in?: string; out?: string }): CtVerdict;
  /** At a nat hook point: translate an established binding, or ask for the nat table. */
  natBefore(hook: Hook, pkt: PacketState, env: EngineEnv): NatDecision;
  /** After the nat table ran for a first packet: make the binding from its effects (none = null binding) and translate. */
  natAfter(hook: Hook, pkt: PacketState, effects: readonly Effect[], env: EngineEnv, ifaces: { in?: string; out?: string }): CtVerdict;
  /** __nf_conntrack_confirm (last on INPUT and POSTROUTING): the entry becomes real. */
  confirm(hook: Hook, pkt: PacketState, env: EngineEnv): CtVerdict;
  /** A packet dropped before confirm: its unconfirmed entry is forgotten. */
  dropped(pkt: PacketState): void;
}

/** No connection tracking: every packet has no entry (xt_conntrack then sees INVALID). */
export const NO_CONNTRACK: ConntrackSteps = {
  conntrackIn: () => "ACCEPT",
  natBefore: () => ({ kind: "skip" }),
  natAfter: () => "ACCEPT",
  confirm: () => "ACCEPT",
  dropped: () => undefined,
};
