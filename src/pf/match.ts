// Does a rule match a packet (pf.c pf_test_rule's chain of skips, PF_MISMATCHAW,
// pf_match_port, pfr_match_addr, pfi_match_addr)? The packet is described once (PacketDesc)
// and every test reads it.
import { inPrefix, isZero, maskAddr, compareAddr, type PfAddr } from "./addr.ts";
import type { HostInterface } from "./hosts.ts";
import { resolveTable, tableLookup } from "./kernel.ts";
import type { PfAddrWrap, PfRule, PfState, PortSpec, UgidSpec } from "./types.ts";

/** struct pf_pdesc: what rule evaluation reads of a packet. */
export interface PacketDesc {
  readonly af: 4 | 6;
  readonly proto: number;
  src: PfAddr;
  dst: PfAddr;
  /** TCP/UDP ports; for ICMP queries both are the ICMP id; 0 otherwise. */
  sport: number;
  dport: number;
  readonly tcpFlags: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly tos: number;
  /** IP total length: what byte counters add. */
  readonly len: number;
  /** A fragment after the first: no transport header to match. */
  readonly fragment: boolean;
}

export interface MatchEnv {
  readonly pf: PfState;
  readonly interfaces: readonly HostInterface[];
  /** A 32-bit random number (arc4random) for `probability`. */
  random32(): number;
  /** Is there a route to this address (no-route)? */
  routable(addr: PfAddr): boolean;
}

/** pf_match_port() and pf_match_uid() share the operators. */
export function matchOp(op: PortSpec["op"] | UgidSpec["op"], a: number, b: number, p: number): boolean {
  switch (op) {
    case "><":
      return p > a && p < b;
    case "<>":
      return p < a || p > b;
    case ":":
      return p >= a && p <= b;
    case "=":
      return p === a;
    case "!=":
      return p !== a;
    case "<":
      return p < a;
    case "<=":
      return p <= a;
    case ">":
      return p > a;
    case ">=":
      return p >= a;
  }
}

/** pfi_match_addr(): an address of the interface (or of its networks, its broadcast, its peer). */
function dynifMatch(ifs: readonly HostInterface[], a: Extract<PfAddrWrap, { type: "dynif" }>, x: PfAddr): boolean {
  const ifc = ifs.find((i) => i.name === a.ifname);
  if (ifc === undefined) return false;
  const addrs = ifc.addrs.filter((ia) => ia.addr.af === x.af);
  const list = a.mods.includes("0") ? addrs.slice(0, 1) : addrs;
  return list.some((ia) => {
    if (a.mods.includes("network")) return inPrefix(x, ia.addr, ia.bits);
    if (a.mods.includes("broadcast")) return ia.broadcast !== undefined && ia.broadcast.hex === x.hex;
    if (a.mods.includes("peer")) return ia.peer !== undefined && ia.peer.hex === x.hex;
    const bits = a.bits ?? (x.af === 4 ? 32 : 128);
    return inPrefix(x, ia.addr, bits);
  });
}

/** pfr_match_addr(): the table's longest prefix for x, counting match/nomatch. */
function tableMatch(env: MatchEnv, anchor: string, name: string, x: PfAddr): boolean {
  const t = resolveTable(env.pf, anchor, name);
  if (t === undefined) return false;
  const e = tableLookup(t, x);
  const match = e !== undefined && !e.not;
  if (match) t.match++;
  else t.nomatch++;
  return match;
}

/** !PF_MISMATCHAW(): does the address (with its `!`) match? */
export function addrMatches(env: MatchEnv, anchor: string, a: PfAddrWrap, neg: boolean, x: PfAddr): boolean {
  let m: boolean;
  switch (a.type) {
    case "any":
      return !neg;
    case "addrmask":
      m = a.bits === 0 && isZero(a.addr) ? true : a.addr.af === x.af && inPrefix(x, a.addr, a.bits);
      break;
    case "range":
      m = a.from.af === x.af && compareAddr(x, a.from) >= 0 && compareAddr(x, a.to) <= 0;
      break;
    case "table":
      m = tableMatch(env, anchor, a.name, x);
      break;
    case "dynif":
      m = dynifMatch(env.interfaces, a, x);
      break;
    case "noroute":
      m = !env.routable(x);
      break;
    case "urpf-failed":
      m = false;
      break;
  }
  return m !== neg;
}

/** Why a rule did not match, or undefined when it did (the first failing test, in pf_test_rule's order). */
export function filterMismatch(env: MatchEnv, anchor: string, r: PfRule, dir: "in" | "out", ifname: string, pd: PacketDesc, tag: string | undefined): string | undefined {
  if (r.ifname !== undefined && (r.ifname === ifname) === (r.ifnot ?? false)) return "interface";
  if (r.direction !== "inout" && r.direction !== dir) return "direction";
  if (r.af && r.af !== pd.af) return "address family";
  if (r.proto && r.proto !== pd.proto) return "protocol";
  if (!addrMatches(env, anchor, r.src.addr, r.src.neg, pd.src)) return "source address";
  if (r.src.port && (pd.fragment || !matchOp(r.src.port.op, r.src.port.a, r.src.port.b, pd.sport))) return "source port";
  if (!addrMatches(env, anchor, r.dst.addr, r.dst.neg, pd.dst)) return "destination address";
  if (r.dst.port && (pd.fragment || !matchOp(r.dst.port.op, r.dst.port.a, r.dst.port.b, pd.dport))) return "destination port";
  if (r.type && (pd.icmpType === undefined || r.type !== pd.icmpType + 1)) return "icmp type";
  if (r.code && (pd.icmpCode === undefined || r.code !== pd.icmpCode + 1)) return "icmp code";
  if (r.tos && r.tos !== pd.tos) return "tos";
  if (pd.fragment && (r.src.port || r.dst.port || r.flagset || r.type || r.code)) return "fragment";
  if (!pd.fragment && r.fragment) return "not a fragment";
  if (!pd.fragment && pd.proto === 6 && (r.flagset & pd.tcpFlags) !== r.flags) return "tcp flags";
  if (r.uid || r.gid) return "user/group (no socket owner known)";
  if (r.prob && r.prob <= env.random32()) return "probability";
  if (r.tagged && (tag === r.tagged.name) === r.tagged.not) return "tagged";
  if (r.os !== undefined) return "os fingerprint";
  return undefined;
}

/** pf_match_translation()'s tests: for binat inbound the rule's destination is the source. */
export function translationMismatch(env: MatchEnv, anchor: string, r: PfRule, dir: "in" | "out", ifname: string, pd: PacketDesc, tag: string | undefined): string | undefined {
  if (r.ifname !== undefined && (r.ifname === ifname) === (r.ifnot ?? false)) return "interface";
  if (r.direction !== "inout" && r.direction !== dir) return "direction";
  if (r.af && r.af !== pd.af) return "address family";
  if (r.proto && r.proto !== pd.proto) return "protocol";
  const binatIn = r.action === "binat" && dir === "in";
  const src = binatIn ? r.dst : r.src;
  if (!addrMatches(env, anchor, src.addr, src.neg, pd.src)) return "source address";
  if (src.port && !matchOp(src.port.op, src.port.a, src.port.b, pd.sport)) return "source port";
  if (binatIn) {
    const x = r.rpool?.addrs[0]?.addr;
    if (x !== undefined && !addrMatches(env, anchor, x, false, pd.dst)) return "destination address";
  } else {
    if (!addrMatches(env, anchor, r.dst.addr, r.dst.neg, pd.dst)) return "destination address";
    if (r.dst.port && !matchOp(r.dst.port.op, r.dst.port.a, r.dst.port.b, pd.dport)) return "destination port";
  }
  if (r.tagged && (tag === r.tagged.name) === r.tagged.not) return "tagged";
  return undefined;
}

/** PF_POOLMASK(): the network bits of `net`, the host bits of `host`. */
export function poolMask(net: PfAddr, bits: number, host: PfAddr): PfAddr {
  const n = BigInt(`0x${maskAddr(net, bits).hex}`);
  const width = net.af === 4 ? 32 : 128;
  const hostBits = BigInt(`0x${host.hex}`) & ((1n << BigInt(width - bits)) - 1n);
  return { af: net.af, hex: (n | hostBits).toString(16).padStart(width / 4, "0") };
}
