// What HMARK hashes (kernel net/netfilter/xt_HMARK.c): the masked addresses, the port word
// and the protocol, from the packet (hmark_pkt_set_htuple_ipv4, looking inside ICMP errors)
// or from its conntrack entry (hmark_ct_set_htuple).
import type { EvalContext } from "../context.ts";
import type { Transport } from "../../wire/packet.ts";
import type { HmarkData } from "./hmark.ts";

export interface HmarkTuple {
  readonly src: number;
  readonly dst: number;
  /** hmark_ports.v32 after hmark_swap_ports. */
  readonly ports: number;
  readonly proto: number;
}

const ICMP = 1;
/** XT_HMARK_FLAG(XT_HMARK_CT) (hmark.ts F.CT, not imported back to keep the modules acyclic). */
const XT_HMARK_CT = 1 << 12;
/** icmp_is_err: unreachable, source quench, redirect, time exceeded, parameter problem. */
const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);

const be32 = (b: readonly number[], at: number) =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;

/** proto_ports_offset: where the 32 bits hashed as ports start in the transport header. */
function portsOffset(proto: number): number | undefined {
  if ([6, 17, 33, 50, 132, 136].includes(proto)) return 0;
  return proto === 51 ? 4 : undefined;
}

/** hmark_swap_ports: mask, set, then the larger port in the high half. */
function swapPorts(raw: number, d: HmarkData): number {
  const hp = ((raw & d.portMask) | d.portSet) >>> 0;
  const src = hp >>> 16;
  const dst = hp & 0xffff;
  return (dst > src ? (dst << 16) | src : (src << 16) | dst) >>> 0;
}

/** The transport header's first words, as bytes: parsed ports, or the bytes nfsim kept. */
function transportBytes(l4: Transport, payload: readonly number[]): readonly number[] {
  if (l4.kind === "tcp" || l4.kind === "udp") return [l4.sport >> 8, l4.sport & 0xff, l4.dport >> 8, l4.dport & 0xff];
  return l4.kind === "other" ? payload : [];
}

/** hmark_set_tuple_ports: 0 when the protocol has none or the header is cut short. */
function portWord(proto: number, bytes: readonly number[], d: HmarkData): number {
  const at = portsOffset(proto);
  if (at === undefined || bytes.length < at + 4) return 0;
  return swapPorts(be32(bytes, at), d);
}

/** An ICMP error's quoted header (get_inner_hdr): addresses, protocol, fragment, and the bytes after it. */
function innerHeader(payload: readonly number[]) {
  if (payload.length < 20) return undefined;
  const ihl = ((payload[0] ?? 0) & 0x0f) * 4;
  const frag = (((payload[6] ?? 0) << 8) | (payload[7] ?? 0)) & 0x3fff;
  return { src: be32(payload, 12), dst: be32(payload, 16), proto: payload[9] ?? 0, fragment: frag !== 0, rest: payload.slice(ihl) };
}

function fromPacket(d: HmarkData, ctx: EvalContext): HmarkTuple | undefined {
  const { ip, l4, payload } = ctx.packet;
  let hdr = { src: ip.src, dst: ip.dst, proto: ip.proto, fragment: ip.fragOffset !== 0 || ip.moreFragments, rest: transportBytes(l4, payload) };
  if (ip.proto === ICMP && l4.kind === "icmp" && ICMP_ERRORS.has(l4.type)) {
    const inner = innerHeader(payload);
    if (inner === undefined) return undefined;
    hdr = inner;
  }
  const base = { src: (hdr.src & d.srcMask) >>> 0, dst: (hdr.dst & d.dstMask) >>> 0, proto: hdr.proto };
  // No ports for ICMP, and none for any fragment (later ones have none to read).
  if (hdr.proto === ICMP || hdr.fragment) return { ...base, ports: 0 };
  return { ...base, ports: portWord(hdr.proto, hdr.rest, d) };
}

function fromConntrack(d: HmarkData, ctx: EvalContext): HmarkTuple | undefined {
  const ct = ctx.packet.ct;
  if (ct === undefined || ct.state === "UNTRACKED" || ct.orig === undefined || ct.reply === undefined) return undefined;
  const base = { src: (ct.orig.src & d.srcMask) >>> 0, dst: (ct.reply.src & d.dstMask) >>> 0, proto: ct.orig.proto };
  if (base.proto === ICMP) return { ...base, ports: 0 };
  const raw = (((ct.orig.sport ?? 0) << 16) | (ct.reply.sport ?? 0)) >>> 0;
  return { ...base, ports: swapPorts(raw, d) };
}

/** The tuple to hash, or undefined when the kernel leaves the mark alone (no conntrack entry, a short header). */
export function hmarkTuple(d: HmarkData, ctx: EvalContext): HmarkTuple | undefined {
  return (d.flags & XT_HMARK_CT) !== 0 ? fromConntrack(d, ctx) : fromPacket(d, ctx);
}
