// print_addrinfo (ip/ipaddress.c): one IPv4 or IPv6 address of a link, as `ip addr` prints
// it, with the flag words and lifetimes, and the per-address filters of a listing.
import { isTentative } from "../../stack/addrconf.ts";
import { formatIpv6, ipv6InPrefix } from "../../stack/ipv6.ts";
import type { Device, IfAddr, If6Addr } from "../../stack/types.ts";
import { formatIpv4, prefixToMask } from "../../wire/ipv4.ts";
import type { Family, IpCtx } from "./context.ts";
import type { InetPrefix } from "./inet.ts";
import { scopeName } from "./names.ts";

/** The filters of `ip addr show` that apply to single addresses. */
export interface AddrMatch {
  scope?: number;
  label?: string;
  to?: InetPrefix;
  /** Required flags and their mask (IFA_F_SECONDARY 0x01, IFA_F_TENTATIVE 0x40, IFA_F_PERMANENT 0x80, ...). */
  flags: number;
  flagmask: number;
}

export const F = { SECONDARY: 0x01, NODAD: 0x02, TENTATIVE: 0x40, PERMANENT: 0x80, NOPREFIXROUTE: 0x200 } as const;

/** One address as print_addrinfo sees it, IPv4 or IPv6. */
export interface AddrView {
  readonly family: "inet" | "inet6";
  readonly local: string;
  readonly peer?: string;
  readonly prefixLen: number;
  readonly metric?: number;
  readonly broadcast?: string;
  readonly scope: number;
  readonly flags: number;
  readonly label?: string;
  readonly raw: { v4?: number; v6?: string };
}

function view4(a: IfAddr): AddrView {
  return {
    family: "inet",
    local: formatIpv4(a.addr),
    ...(a.peer !== undefined && a.peer !== a.addr ? { peer: formatIpv4(a.peer) } : {}),
    prefixLen: a.prefixLen,
    ...(a.metric ? { metric: a.metric } : {}),
    ...(a.broadcast !== undefined ? { broadcast: formatIpv4(a.broadcast) } : {}),
    scope: a.scope,
    flags: F.PERMANENT | (a.secondary ? F.SECONDARY : 0) | (a.noprefixroute ? F.NOPREFIXROUTE : 0),
    label: a.label,
    raw: { v4: a.addr },
  };
}

function view6(a: If6Addr): AddrView {
  return {
    family: "inet6",
    local: formatIpv6(a.addr),
    prefixLen: a.prefixLen,
    scope: a.scope,
    flags: F.PERMANENT | (a.nodad ? F.NODAD : 0) | (isTentative(a) ? F.TENTATIVE : 0) | (a.noprefixroute ? F.NOPREFIXROUTE : 0),
    raw: { v6: a.addr },
  };
}

/** The addresses a link reports, IPv4 first (the dump order of both families). */
export function addressesOf(dev: Device, family: Family): AddrView[] {
  const v4 = family === "unspec" || family === "inet" ? dev.addrs.map(view4) : [];
  const v6 = family === "unspec" || family === "inet6" ? (dev.addrs6 ?? []).map(view6) : [];
  return [...v4, ...v6];
}

/** Filters print_addrinfo applies: scope, flags, label (fnmatch), `to` prefix. */
export function addrMatches(f: AddrMatch, dev: Device, a: AddrView): boolean {
  if (f.scope !== undefined && f.scope !== a.scope) return false;
  if (((f.flags ^ a.flags) & f.flagmask) !== 0) return false;
  if (f.label !== undefined && !globMatch(f.label, a.label ?? dev.name)) return false;
  if (f.to !== undefined && !inPrefix(a, f.to)) return false;
  return true;
}

function inPrefix(a: AddrView, p: InetPrefix): boolean {
  if (p.bytelen === 0 || p.family === "unspec") return true;
  if (p.family !== a.family) return false;
  if (a.family === "inet") return ((( a.raw.v4 ?? 0) & prefixToMask(p.bitlen)) >>> 0) === ((p.v4 & prefixToMask(p.bitlen)) >>> 0);
  return ipv6InPrefix(a.raw.v6 ?? "", p.v6, p.bitlen);
}

/** fnmatch(3) with * ? and [...]. */
function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(text);
}

/** The flag table of print_ifa_flags, in its order. */
const FLAG_WORDS: readonly [number, string][] = [
  [F.SECONDARY, "secondary"],
  [F.NODAD, "nodad"],
  [F.TENTATIVE, "tentative"],
  [F.NOPREFIXROUTE, "noprefixroute"],
];

/** print_addrinfo for one address. */
export function printAddr(ctx: IpCtx, dev: Device, a: AddrView, withIndex: boolean): void {
  const out = ctx.out;
  const color = a.family === "inet" ? "inet" : "inet6";
  if (!ctx.opts.brief) {
    if (withIndex) {
      if (out.isJson) {
        out.num("json", "index", "", dev.ifindex);
        out.str("json", "dev", "", dev.name);
      } else out.fp(`${String(dev.ifindex)}: ${dev.name}`);
    }
    out.str("any", "family", "    %s ", a.family);
  }
  out.str("any", "local", "%s", a.local, color);
  if (a.peer !== undefined) {
    out.fp(" peer ");
    out.str("any", "address", "%s", a.peer, color);
  }
  out.num("any", "prefixlen", "/%d ", a.prefixLen);
  if (a.metric !== undefined) out.num("any", "metric", "metric %u ", a.metric);
  if (ctx.opts.brief) return;
  if (a.broadcast !== undefined) {
    out.fp("brd ");
    out.str("any", "broadcast", "%s ", a.broadcast, color);
  }
  out.str("any", "scope", "scope %s ", scopeName(a.scope, ctx.opts.numeric));
  for (const [bit, word] of FLAG_WORDS) {
    if (!(a.flags & bit)) continue;
    out.fp(`${word} `);
    out.bool("json", word, "", true);
  }
  if (a.label !== undefined) out.str("any", "label", "%s", a.label);
  out.nl();
  out.fp("       valid_lft ");
  out.num("json", "valid_life_time", "", 4294967295);
  out.fp("forever");
  out.fp(" preferred_lft ");
  out.num("json", "preferred_life_time", "", 4294967295);
  out.fp("forever");
  out.fp("\n");
}
