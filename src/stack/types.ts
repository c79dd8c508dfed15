// A network namespace as plain data: devices, addresses, routes, neighbours, sysctls and
// its firewall. Operations live in the sibling modules; everything here is JSON.
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Ipv6Hex } from "../wire/ipv6.ts";
import type { Ruleset } from "../netfilter/ruleset.ts";
import type { PfState } from "../pf/types.ts";
import type { IpsetStore } from "../netfilter/ipset/types.ts";
import type { NsStack } from "./state.ts";
import type { CtTable } from "../conntrack/table.ts";

/**
 * "external": a device of an imported real host (a NIC, a bridge, a veth whose peer stayed
 * on that host). It has no peer in the world: what leaves by it has reached "the world
 * outside" (the fate "sent"), and its neighbours are assumed to answer.
 */
export type DeviceKind = "loopback" | "veth" | "external" | "bridge";

/** rtnetlink scopes (include/uapi/linux/rtnetlink.h): 0 global, 200 site, 253 link, 254 host. */
export type Scope = number;
export const SCOPE_UNIVERSE = 0;
export const SCOPE_LINK = 253;
export const SCOPE_HOST = 254;
export const SCOPE_NOWHERE = 255;

export interface IfAddr {
  readonly addr: Ipv4;
  readonly prefixLen: number;
  /** IFA_ADDRESS when it differs from the local address (`peer`); else the same as addr. */
  readonly peer?: Ipv4;
  /** Broadcast address when one was given or derived (`brd +`). */
  readonly broadcast?: Ipv4;
  readonly scope: Scope;
  label: string;
  /** A second address in an existing subnet (`secondary` in `ip addr`). */
  secondary: boolean;
  /** IFA_RT_PRIORITY: metric of the prefix route. */
  readonly metric?: number;
  /** IFA_F_NOPREFIXROUTE. */
  readonly noprefixroute?: boolean;
}

/** An IPv6 address as 32 hex digits (big-endian), so that the model stays JSON (src/wire/ipv6.ts). */
export type { Ipv6Hex };

export interface If6Addr {
  readonly addr: Ipv6Hex;
  readonly prefixLen: number;
  readonly scope: Scope;
  /** Made by the kernel (link-local, ::1) rather than by `ip addr add`: not IFA_F_PERMANENT. */
  readonly auto: boolean;
  readonly nodad: boolean;
  readonly noprefixroute?: boolean;
  /** Virtual time (ms) at which duplicate address detection ends; tentative until then. */
  dadUntil?: number;
}

export interface Device {
  /** Per-namespace interface index, as the kernel allocates them. */
  ifindex: number;
  name: string;
  readonly kind: DeviceKind;
  /** "aa:bb:cc:dd:ee:ff". */
  mac: string;
  mtu: number;
  /** Administratively up (`ip link set up`). */
  up: boolean;
  /** Carrier (netif_carrier_ok): a veth has it while both ends are up. */
  carrier?: boolean;
  /** The operstate linkwatch stored for the no-carrier case was LOWERLAYERDOWN (else DOWN). */
  lowerDown?: boolean;
  /** A root qdisc was attached by a first `up` (noop before it, and again after a namespace move). */
  qdisc?: boolean;
  addrs: IfAddr[];
  addrs6?: If6Addr[];
  /** addrconf has configured the link (it came up with carrier): IPv6 addresses have their routes. */
  v6ready?: boolean;
  /** The other end of a veth pair. */
  peer?: { ns: string; ifindex: number };
  txqlen?: number;
  /** IFF_NOARP, IFF_PROMISC, IFF_ALLMULTI, IFF_MULTICAST cleared (`multicast off`). */
  noarp?: boolean;
  promisc?: boolean;
  allmulti?: boolean;
  nomulticast?: boolean;
  alias?: string;
  /** The bridge this device is a port of (IFLA_MASTER: its ifindex, in the same namespace). */
  master?: number;
  /** A bridge port's number (find_portno: the lowest free from 1). */
  portNo?: number;
  /** Virtual time (ms) a bridge port entered the forwarding state (its forward_delay_timer runs from there). */
  forwardingSince?: number;
  /** A bridge port's flags set away from their defaults (IFLA_BRPORT_*: `bridge link set`, bridge_slave). */
  brport?: Partial<Record<BridgePortFlag, boolean>>;
  /** A bridge's own state (kind "bridge"). */
  bridge?: BridgeState;
}

/** The bridge port flags nfsim keeps (the names `bridge link set` gives them). */
export type BridgePortFlag = "hairpin" | "guard" | "root_block" | "fastleave" | "learning" | "flood" | "mcast_flood" | "bcast_flood" | "isolated";

/** A learned forwarding database entry (net/bridge/br_fdb.c): a source MAC seen on a port. */
export interface FdbEntry {
  readonly mac: string;
  /** The port's ifindex. */
  port: number;
  /** Virtual time (ms) the MAC was last seen on that port. */
  updated: number;
  /** Added by the user (`bridge fdb add`): static (NUD_NOARP, never ages) or permanent (local: delivered to the bridge). */
  state?: "static" | "permanent";
}

export interface BridgeState {
  /** NET_ADDR_SET: the user gave the MAC, so the ports no longer decide it (br_stp_recalculate_bridge_id). */
  macSet?: boolean;
  /** br->bridge_id.addr: all zeros until a port gives one. */
  idMac: string;
  /** BROPT_MTU_SET_BY_USER: the MTU no longer follows the smallest port (br_mtu_auto_adjust). */
  mtuSet?: boolean;
  /** IF_OPER_UNKNOWN: no carrier change has reached linkwatch since the bridge was made. */
  operUnknown?: boolean;
  /** Virtual time (ms) the bridge was last opened: its FDB garbage collector runs every ageing time from there. */
  openedAt?: number;
  /** The TSO size limit taken from the first port (netif_set_tso_max_size); 65536 before. */
  tsoMaxSize?: number;
  fdb: FdbEntry[];
}

export type RouteType =
  | "unicast"
  | "local"
  | "broadcast"
  | "anycast"
  | "multicast"
  | "blackhole"
  | "unreachable"
  | "prohibit"
  | "throw"
  | "nat";

export interface Route {
  readonly family?: 4 | 6;
  /** 254 main, 255 local, or another number. */
  readonly table: number;
  readonly type: RouteType;
  /** IPv4 destination (family 4). */
  readonly dst: Ipv4;
  /** IPv6 destination (family 6). */
  readonly dst6?: Ipv6Hex;
  readonly prefixLen: number;
  readonly tos?: number;
  /** Output device by ifindex. */
  readonly dev?: number;
  readonly via?: Ipv4;
  /** IPv6 gateway (family 6). */
  readonly via6?: Ipv6Hex;
  /** Preferred source address. */
  readonly src?: Ipv4;
  readonly src6?: Ipv6Hex;
  readonly metric?: number;
  /** rtnetlink protocol number: 2 kernel, 3 boot, 4 static, ... */
  readonly proto: number;
  readonly scope: Scope;
  readonly onlink?: boolean;
}

export const RTPROT_KERNEL = 2;
export const RTPROT_BOOT = 3;
export const RTPROT_STATIC = 4;

export type NeighState = "INCOMPLETE" | "REACHABLE" | "STALE" | "DELAY" | "PROBE" | "FAILED" | "NOARP" | "PERMANENT" | "NONE";

export interface Neighbour {
  readonly family?: 4 | 6;
  readonly addr: Ipv4;
  readonly addr6?: Ipv6Hex;
  readonly ifindex: number;
  lladdr?: string;
  state: NeighState;
  /** Virtual time (ms) of the last confirmation or state change. */
  updated: number;
  router?: boolean;
  proxy?: boolean;
  /** Solicitations sent in INCOMPLETE or PROBE (neigh->probes), for the packet path's resolution. */
  probes?: number;
}

export interface NetNamespace {
  devices: Device[];
  routes: Route[];
  neighbours: Neighbour[];
  /** Sysctls under /proc/sys/net that differ from the defaults, by dotted name. */
  sysctl: Record<string, string>;
  ruleset: Ruleset;
  /** The last interface index handed out. */
  lastIfindex: number;
  /** The ids this namespace gave to other namespaces (peernet2id), by namespace name. */
  nsids?: Record<string, number>;
  /** The IPv4 FIB tables that exist (fib_new_table makes one on its first route and never removes it). */
  fibTables?: number[];
  /** Creation order among named namespaces (`ip netns list` lists the newest first). */
  created?: number;
  /** The namespace's ipsets (ipsets are per network namespace); absent until `ipset` first writes. */
  ipsets?: IpsetStore;
  /** The host's operating system: Linux (netfilter) unless "macos" (pf and pfctl instead). */
  os?: "linux" | "macos";
  /** A macOS host's pf (rules, tables, states); absent until the host first uses it. */
  pf?: PfState;
  /** The IPv4 stack's run-time state (sockets, packets awaiting ARP, id and rate-limit counters). */
  stack?: NsStack;
  /** The connection tracking table; absent until a packet is tracked in this namespace. */
  conntrack?: CtTable;
}

export const TABLE_MAIN = 254;
export const TABLE_LOCAL = 255;
