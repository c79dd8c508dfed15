// The fixed points where the packet path calls connection tracking and NAT, in the
// kernel's order on each hook (DESIGN.md "The packet path"):
//   PREROUTING:  raw(-300) → ct.in(-200) → mangle → nat DST(-100) ......................
//   OUTPUT:      raw(-300) → ct.in(-200) → mangle → nat DST(-100) → filter → security
//   INPUT:       mangle → filter → security → nat SRC(100) → ct.confirm(last)
//   POSTROUTING: mangle → nat SRC(100) → ct.confirm(last)
// The packet path owns the order; conntrack owns what happens at each point. The engine is
// conntrackSteps(table, { config, host }) (engine.ts), one per namespace's table; NO_CONNTRACK
// leaves every packet without an entry. The kernel tracks a namespace's packets only once a
// rule needs it (conntrack/state/CT/CONNMARK/NAT...); the path decides when to call these.
import type { EngineEnv, PacketState } from "../netfilter/context.ts";
import type { Effect } from "../netfilter/context.ts";
import type { Hook } from "../netfilter/tables.ts";
import type { Ipv4 } from "../wire/ipv4.ts";

export type CtVerdict = "ACCEPT" | "DROP";

/** The devices of the packet at this point, and (for MASQUERADE) the next hop it leaves toward. */
export interface CtIfaces {
  in?: string;
  out?: string;
  /** rt_nexthop: the gateway of the route taken, or the destination itself when on-link (default). */
  nextHop?: Ipv4;
}

/** What the NAT point needs to know: whether the nat table must be consulted for this packet. */
export type NatDecision =
  /** First packet of a connection without a binding for this manip: run the nat table, then `bind`. */
  | { readonly kind: "consult" }
  /** The binding exists (or the packet is untracked/invalid): the nat table is skipped. */
  | { readonly kind: "skip" }
  /**
   * The packet must be dropped: a MASQUERADEd connection now leaving by another device
   * (nf_nat_oif_changed, the entry is removed too), or an ICMP error that cannot be translated.
   */
  | { readonly kind: "drop" };

export interface ConntrackSteps {
  /**
   * nf_conntrack_in (PREROUTING, OUTPUT; priority -200): look the packet up, create an
   * unconfirmed entry for a new connection, set `pkt.ct`, and, for packets of an existing
   * binding, translate them (the kernel's nf_nat_ipv4_fn does it at the nat priorities;
   * `nat` below is where the path calls it). `rawEffects` are the effects of the raw table
   * on this hook: a `-j CT` template (zone, helper) applies to the connection created here.
   * DROP: the table is full and no unassured entry could be dropped early.
   */
  conntrackIn(hook: Hook, pkt: PacketState, env: EngineEnv, ifaces: CtIfaces, rawEffects?: readonly Effect[]): CtVerdict;
  /**
   * At a nat hook point: translate an established binding, or ask for the nat table. The
   * path calls the nat points of a hook when the namespace's nat table exists (the kernel
   * registers NAT on all four hooks once any nat chain exists, and then also binds
   * connections that meet no rule: null bindings).
   */
  natBefore(hook: Hook, pkt: PacketState, env: EngineEnv, ifaces?: CtIfaces): NatDecision;
  /** After the nat table ran for a first packet: make the binding from its effects (none = null binding) and translate. */
  natAfter(hook: Hook, pkt: PacketState, effects: readonly Effect[], env: EngineEnv, ifaces: CtIfaces): CtVerdict;
  /**
   * nf_confirm (last on INPUT and POSTROUTING): the connection's helper reads the packet,
   * then __nf_conntrack_confirm makes the entry real. DROP: the helper refused the packet
   * (a malformed FTP command), or another entry took the tuple meanwhile.
   */
  confirm(hook: Hook, pkt: PacketState, env: EngineEnv): CtVerdict;
  /** A packet dropped before confirm: its unconfirmed entry is forgotten. */
  dropped(pkt: PacketState): void;
  /**
   * REJECT's TCP RST (nf_reject_ipv4.c nf_send_reset): the RST shares the rejected packet's
   * entry (nf_ct_attach: RELATED, in the other direction, so NAT translates it back) and a
   * confirmed TCP entry is closed (nf_ct_set_closing). Call before sending the RST.
   */
  rejected(original: PacketState, reply: PacketState, env: EngineEnv): void;
  /**
   * nf_ct_attach for an ICMP error the stack sends about `original` (icmp_glue_bits in
   * net/ipv4/icmp.c attaches every error it builds): the error shares the entry, RELATED in
   * the other direction, so conntrack leaves it alone, NAT translates it back, and it
   * confirms nothing. Call before sending the error.
   */
  attach(original: PacketState, reply: PacketState, env: EngineEnv): void;
}

/** No connection tracking: every packet has no entry (xt_conntrack then sees INVALID). */
export const NO_CONNTRACK: ConntrackSteps = {
  conntrackIn: () => "ACCEPT",
  natBefore: () => ({ kind: "skip" }),
  natAfter: () => "ACCEPT",
  confirm: () => "ACCEPT",
  dropped: () => undefined,
  rejected: () => undefined,
  attach: () => undefined,
};
