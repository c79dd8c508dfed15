// A network namespace as plain data: devices, addresses, routes, neighbours, sysctls and
// its firewall. Operations live in the sibling modules; everything here is JSON.
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Ruleset } from "../netfilter/ruleset.ts";

export type DeviceKind = "loopback" | "veth";

export interface IfAddr {
  readonly addr: Ipv4;
  readonly prefixLen: number;
  /** Broadcast address when one was given or derived (`brd +`). */
  readonly broadcast?: Ipv4;
  readonly scope: "host" | "link" | "global";
  readonly label: string;
  /** A second address in an existing subnet (`secondary` in `ip addr`). */
  readonly secondary: boolean;
}

export interface Device {
  /** Per-namespace interface index, as the kernel allocates them. */
  readonly ifindex: number;
  name: string;
  readonly kind: DeviceKind;
  /** "aa:bb:cc:dd:ee:ff". */
  mac: string;
  mtu: number;
  /** Administratively up (`ip link set up`). */
  up: boolean;
  addrs: IfAddr[];
  /** The other end of a veth pair. */
  peer?: { ns: string; ifindex: number };
}

export type RouteType = "unicast" | "local" | "broadcast" | "blackhole" | "unreachable" | "prohibit" | "throw";

export interface Route {
  /** 254 main, 255 local, or another number. */
  readonly table: number;
  readonly type: RouteType;
  readonly dst: Ipv4;
  readonly prefixLen: number;
  /** Output device by ifindex. */
  readonly dev?: number;
  readonly via?: Ipv4;
  /** Preferred source address. */
  readonly src?: Ipv4;
  readonly metric?: number;
  readonly proto: "kernel" | "boot" | "static" | "dhcp";
  readonly scope: "host" | "link" | "global";
}

export type NeighState = "INCOMPLETE" | "REACHABLE" | "STALE" | "DELAY" | "PROBE" | "FAILED" | "NOARP" | "PERMANENT";

export interface Neighbour {
  readonly addr: Ipv4;
  readonly ifindex: number;
  lladdr?: string;
  state: NeighState;
  /** Virtual time (ms) of the last confirmation. */
  updated: number;
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
}

export const TABLE_MAIN = 254;
export const TABLE_LOCAL = 255;
