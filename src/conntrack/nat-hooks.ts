// The nat hook points (net/netfilter/nf_nat_core.c nf_nat_inet_fn, nf_nat_proto.c
// nf_nat_ipv4_fn): a connection's first packet meets the nat table and is bound (a null
// binding when no rule bound it); every packet of a bound connection is rewritten; ICMP
// errors about one are translated whole (nf_nat_icmp_reply_translation).
import type { EngineEnv, Effect, NatEffect, PacketState } from "../netfilter/context.ts";
import type { Hook } from "../netfilter/tables.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import { IPPROTO } from "../wire/packet.ts";
import { IPS_NAT_DONE_MASK, IPS_NAT_MASK, type CtEntry } from "./entry.ts";
import { kernelRange, natApplies, natInitialized, natTarget, nullBinding, setupNat, type KernelRange, type NatContext } from "./nat.ts";
import { icmpChecksum, manipPacket, manipQuoted, type Manip } from "./nat-packet.ts";
import type { CtIfaces, CtVerdict, NatDecision } from "./steps.ts";
import { deleteEntry, type CtTable } from "./table.ts";
import { DIR_ORIGINAL, invertTuple } from "./tuple.ts";
import { refOf, type PacketRef } from "./view.ts";

/** The host around the engine: the addresses MASQUERADE and REDIRECT pick. */
export interface CtHost {
  /** inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE); undefined: the device "ate my IP address" and the packet is dropped. */
  masqueradeAddress(outIface: string, nextHop: Ipv4): Ipv4 | undefined;
  /** The device's first IPv4 address (nf_nat_redirect.c); undefined: the packet is dropped. */
  firstAddress(iface: string): Ipv4 | undefined;
}

export const NO_HOST: CtHost = { masqueradeAddress: () => undefined, firstAddress: () => undefined };

/** HOOK2MANIP: destination NAT before routing and for local output, source NAT after. */
export function hookManip(hook: Hook): Manip | undefined {
  if (hook === "PREROUTING" || hook === "OUTPUT") return "DST";
  if (hook === "POSTROUTING" || hook === "INPUT") return "SRC";
  return undefined;
}

/** natBefore and natAfter over one table. */
export function natHooks(table: CtTable, host: CtHost): {
  natBefore: (hook: Hook, pkt: PacketState, env: EngineEnv, ifaces?: CtIfaces) => NatDecision;
  natAfter: (hook: Hook, pkt: PacketState, effects: readonly Effect[], env: EngineEnv, ifaces: CtIfaces) => CtVerdict;
} {
  function natContext(env: EngineEnv): NatContext {
    return { table, now: env.now(), random: () => env.random() };
  }

  /** nf_nat_packet: rewrite the packet if this hook's manip applies to its direction. */
  function translate(ref: PacketRef, pkt: PacketState, manip: Manip): void {
    if (!natApplies(ref.entry, manip, ref.dir)) return;
    const target = natTarget(ref.entry, ref.dir);
    if (target !== undefined) manipPacket(pkt, target, manip);
  }

  /**
   * nf_nat_icmp_reply_translation: an ICMP error about a NATed connection has its quoted
   * datagram rewritten back, its checksum recomputed, then its own header translated.
   */
  function icmpReplyTranslation(ref: PacketRef, pkt: PacketState, manip: Manip): boolean {
    const { entry, dir } = ref;
    const l4 = pkt.l4;
    if (l4.kind !== "icmp") return true;
    if (l4.type === 5 && ((entry.status & IPS_NAT_DONE_MASK) !== IPS_NAT_DONE_MASK || (entry.status & IPS_NAT_MASK) !== 0)) return false;
    if (!natApplies(entry, manip, dir)) return true;
    const other = dir === DIR_ORIGINAL ? entry.reply : entry.orig;
    const quoted = manipQuoted(pkt.payload, other, manip === "SRC" ? "DST" : "SRC");
    if (quoted === undefined) return false;
    pkt.payload = quoted;
    if (l4.checksum !== undefined) pkt.l4 = { ...l4, checksum: icmpChecksum(l4, quoted) };
    const target = invertTuple(other);
    if (target !== undefined) manipPacket(pkt, { ...target, proto: IPPROTO.ICMP }, manip);
    return true;
  }

  /** nf_nat_oif_changed: a MASQUERADEd connection whose packets now leave by another device. */
  function oifChanged(hook: Hook, ref: PacketRef, ifaces: CtIfaces | undefined): boolean {
    const masq = ref.entry.masqIface;
    return masq !== undefined && hook === "POSTROUTING" && ref.dir === DIR_ORIGINAL && ifaces?.out !== undefined && masq !== ifaces.out;
  }

  function natBefore(hook: Hook, pkt: PacketState, _env: EngineEnv, ifaces?: CtIfaces): NatDecision {
    const ref = refOf(pkt.ct);
    const manip = hookManip(hook);
    if (ref === undefined || manip === undefined) return { kind: "skip" };
    if (ref.info === "RELATED" && pkt.ip.proto === IPPROTO.ICMP) {
      return icmpReplyTranslation(ref, pkt, manip) ? { kind: "skip" } : { kind: "drop" };
    }
    if (ref.info !== "ESTABLISHED" && !natInitialized(ref.entry, manip)) return { kind: "consult" };
    if (oifChanged(hook, ref, ifaces)) {
      deleteEntry(table, ref.entry);
      return { kind: "drop" };
    }
    translate(ref, pkt, manip);
    return { kind: "skip" };
  }

  /** The range a NAT target's effect asks for; "drop" when it cannot be had, "none" when it binds nothing. */
  function rangeOf(eff: NatEffect, hook: Hook, pkt: PacketState, entry: CtEntry, ifaces: CtIfaces): KernelRange | "drop" | "none" {
    switch (eff.type) {
      case "MASQUERADE": {
        // A locally generated packet with no source yet is not masqueraded.
        if (entry.orig.src === 0) return "none";
        const out = ifaces.out ?? "";
        const addr = host.masqueradeAddress(out, ifaces.nextHop ?? pkt.ip.dst);
        if (addr === undefined) return "drop";
        entry.masqIface = out;
        return kernelRange(eff.data, addr);
      }
      case "REDIRECT": {
        const addr = hook === "OUTPUT" ? 0x7f000001 : host.firstAddress(ifaces.in ?? "");
        return addr === undefined ? "drop" : kernelRange(eff.data, addr);
      }
      default:
        return kernelRange(eff.data);
    }
  }

  function natAfter(hook: Hook, pkt: PacketState, effects: readonly Effect[], env: EngineEnv, ifaces: CtIfaces): CtVerdict {
    const ref = refOf(pkt.ct);
    const manip = hookManip(hook);
    if (ref === undefined || manip === undefined) return "ACCEPT";
    const { entry } = ref;
    const x = natContext(env);
    if (!natInitialized(entry, manip)) {
      const eff = effects.find((e): e is NatEffect => e.kind === "nat" && e.manip === manip);
      if (eff !== undefined) {
        const range = rangeOf(eff, hook, pkt, entry, ifaces);
        if (range === "drop") return "DROP";
        if (range !== "none") setupNat(x, entry, range, manip);
      }
      if (!natInitialized(entry, manip)) nullBinding(x, entry, manip);
    }
    translate(ref, pkt, manip);
    return "ACCEPT";
  }

  return { natBefore, natAfter };
}
