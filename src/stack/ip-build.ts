// Building the IPv4 header of a packet this namespace sends (ip_append_data /
// __ip_make_skb in net/ipv4/ip_output.c): TTL from ip_default_ttl, an IP id from the
// per-destination counters (ip_idents_reserve), DF as the socket's PMTU discovery says.
import { emitTransport, IPV4_HEADER_LEN } from "../wire/ip.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Ipv4Header, Ipv4Packet, Transport } from "../wire/packet.ts";
import type { NetHost } from "./host.ts";
import { recordRoute } from "./ip-options.ts";
import { stackOf } from "./state.ts";
import { sysctlGet } from "./sysctl.ts";
import type { NetNamespace } from "./types.ts";

export function defaultTtl(ns: NetNamespace): number {
  return Number(sysctlGet(ns, "net.ipv4.ip_default_ttl") ?? 64);
}

/** ip_idents: each (source, destination, protocol) has its own counter, starting at random. */
export function nextIpId(h: NetHost, ns: NetNamespace, src: Ipv4, dst: Ipv4, proto: number): number {
  const ids = stackOf(ns).ipIds;
  const key = `${String(src)}>${String(dst)}/${String(proto)}`;
  const id = ids[key] ?? Math.floor(h.random() * 0x10000);
  ids[key] = (id + 1) & 0xffff;
  return id;
}

export interface BuildOptions {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly proto: number;
  readonly ttl?: number;
  readonly tos?: number;
  /** Don't Fragment (IP_PMTUDISC_WANT/DO sockets set it); false for the kernel's ICMP socket. */
  readonly df: boolean;
  /** Use this IP id (0 for TCP resets); otherwise the per-destination counter's next one. */
  readonly id?: number;
  /** IP options (IP_OPTIONS, or an echoed record route); ip_options_build records the source in a route. */
  readonly options?: readonly number[];
}

/** A whole packet with its header filled in the way the kernel fills it. */
export function buildPacket(h: NetHost, ns: NetNamespace, o: BuildOptions, l4: Transport, payload: readonly number[]): Ipv4Packet {
  const body = emitTransport({ ip: stubHeader(o), l4, payload });
  const options = recordRoute(o.options ?? [], o.src);
  const ip: Ipv4Header = {
    src: o.src,
    dst: o.dst,
    proto: o.proto,
    ttl: o.ttl ?? defaultTtl(ns),
    tos: o.tos ?? 0,
    length: IPV4_HEADER_LEN + options.length + body.length,
    id: o.id ?? nextIpId(h, ns, o.src, o.dst, o.proto),
    fragOffset: 0,
    moreFragments: false,
    dontFragment: o.df,
    options,
  };
  return { ip, l4, payload };
}

function stubHeader(o: BuildOptions): Ipv4Header {
  return { src: o.src, dst: o.dst, proto: o.proto, ttl: 0, tos: 0, length: 0, id: 0, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] };
}
