// Address specifications as pfctl turns them into addresses (pfctl_parser.c host(),
// host_if(), host_v4(), host_v6(), ifa_lookup()): an interface name or "self" expands to
// the interface's addresses, then an IPv4 address or network, then an IPv6 address. There
// is no DNS in nfsim: a name that is neither fails as an unresolvable name does.
import { maskAddr, parseV4, parseV4Net, parseV6, type Af, type PfAddr } from "./addr.ts";
import type { PfAddrWrap } from "./types.ts";

/** An address of the host's interfaces, as getifaddrs() lists them. */
export interface IfAddress {
  readonly addr: PfAddr;
  readonly bits: number;
  readonly broadcast?: PfAddr;
  readonly peer?: PfAddr;
}

export interface HostInterface {
  readonly name: string;
  readonly loopback: boolean;
  readonly pointToPoint?: boolean;
  readonly addrs: readonly IfAddress[];
}

/** struct node_host: one address of a list, with its family and negation. */
export interface HostNode {
  readonly addr: PfAddrWrap;
  not: boolean;
  readonly af: Af;
  /** The interface a link-local IPv6 address is scoped to (sin6_scope_id). */
  readonly scope?: string;
  /** route-to's interface. */
  ifname?: string;
}

const MODIFIERS = ["network", "broadcast", "peer", "0"] as const;
type Modifier = (typeof MODIFIERS)[number];

export function isLinkLocal(a: PfAddr): boolean {
  return a.af === 6 && /^fe[89ab]/.test(a.hex);
}

/** Splits "en0:network:0" into the name and its modifiers; undefined for an unknown one. */
export function splitModifiers(s: string): { name: string; mods: Modifier[] } | undefined {
  const mods: Modifier[] = [];
  let name = s;
  for (let i = name.lastIndexOf(":"); i >= 0; i = name.lastIndexOf(":")) {
    const m = name.slice(i + 1);
    if (!(MODIFIERS as readonly string[]).includes(m)) return undefined;
    mods.push(m as Modifier);
    name = name.slice(0, i);
  }
  return { name, mods };
}

/** ifa_lookup(): the addresses of one interface, or of all of them for "self". */
export function ifaLookup(ifs: readonly HostInterface[], name: string | undefined, mods: readonly Modifier[]): HostNode[] {
  const out: HostNode[] = [];
  for (const i of ifs) {
    if (name !== undefined && i.name !== name) continue;
    let got4 = false;
    let got6 = false;
    for (const a of i.addrs) {
      if (mods.includes("broadcast") && (a.addr.af !== 4 || a.broadcast === undefined)) continue;
      if (mods.includes("peer") && !i.pointToPoint) continue;
      if (mods.includes("network") && isLinkLocal(a.addr)) continue;
      if (mods.includes("0") && ((a.addr.af === 4 && got4) || (a.addr.af === 6 && got6))) continue;
      if (a.addr.af === 4) got4 = true;
      else got6 = true;
      const base = mods.includes("broadcast") ? (a.broadcast ?? a.addr) : mods.includes("peer") ? (a.peer ?? a.addr) : a.addr;
      const bits = mods.includes("network") ? a.bits : a.addr.af === 4 ? 32 : 128;
      const scope = isLinkLocal(a.addr) ? i.name : undefined;
      out.push({ addr: { type: "addrmask", addr: maskAddr(base, bits), bits }, not: false, af: a.addr.af, ...(scope ? { scope } : {}) });
    }
  }
  return out;
}

function withMask(nodes: HostNode[], mask: number): HostNode[] {
  return nodes.map((n) => {
    if (n.addr.type !== "addrmask") return n;
    return { ...n, addr: { type: "addrmask", addr: maskAddr(n.addr.addr, mask), bits: mask } };
  });
}

export type HostResult = { readonly ok: true; readonly nodes: HostNode[] } | { readonly ok: false; readonly message: string };

/** host_if(): an interface (with modifiers) or "self"; undefined when it is not one. */
function hostIf(ifs: readonly HostInterface[], s: string, mask: number): HostResult | undefined {
  const split = splitModifiers(s);
  if (split === undefined) return undefined;
  const { name, mods } = split;
  const exists = name === "self" || ifs.some((i) => i.name === name);
  if (mods.includes("network") && mods.includes("broadcast")) return { ok: false, message: "illegal combination of interface modifiers" };
  if ((mods.includes("network") || mods.includes("broadcast")) && mask > -1 && exists) {
    return { ok: false, message: "network or broadcast lookup, but extra netmask given" };
  }
  if (!exists) return undefined;
  const nodes = ifaLookup(ifs, name === "self" ? undefined : name, mods);
  if (nodes.length === 0) return undefined;
  return { ok: true, nodes: mask > -1 ? withMask(nodes, mask) : nodes };
}

function node(addr: PfAddr, bits: number, scope?: string): HostNode {
  return { addr: { type: "addrmask", addr: maskAddr(addr, bits), bits }, not: false, af: addr.af, ...(scope ? { scope } : {}) };
}

/** host_v4(): inet_pton, or inet_net_pton when a mask is written. */
function hostV4(s: string): HostNode | undefined {
  if (s.includes("/")) {
    const net = parseV4Net(s);
    return net === undefined ? undefined : node(net.addr, net.bits);
  }
  const a = parseV4(s);
  return a === undefined ? undefined : node(a, 32);
}

function hostV6(s: string, mask: number): HostNode | undefined {
  const a = parseV6(s);
  if (a === undefined) return undefined;
  const scope = /%(.+)$/.exec(s)?.[1];
  return node(a, mask < 0 ? 128 : mask, scope);
}

/** host(): the address list a host specification stands for, or the message pfctl prints. */
export function host(ifs: readonly HostInterface[], s: string): HostResult {
  const slash = s.lastIndexOf("/");
  let mask = -1;
  let ps = s;
  if (slash >= 0) {
    const text = s.slice(slash + 1);
    mask = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(mask) || mask > 128) return { ok: false, message: `invalid netmask '${s.slice(slash)}'` };
    ps = s.slice(0, slash);
  }
  const fromIf = hostIf(ifs, ps, mask);
  if (fromIf !== undefined) return fromIf;
  const v4 = hostV4(s);
  if (v4 !== undefined) return { ok: true, nodes: [v4] };
  const v6 = hostV6(ps, mask);
  if (v6 !== undefined) return { ok: true, nodes: [v6] };
  return { ok: false, message: `no IP address found for ${s}` };
}
