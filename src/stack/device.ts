// What a device looks like from outside: its carrier, operational state and flags, as
// net/core/dev.c (dev_get_flags) and net/core/link_watch.c (rfc2863_policy) derive them.
import type { Device } from "./types.ts";

export type OperState = "UNKNOWN" | "DOWN" | "LOWERLAYERDOWN" | "UP";

/** netif_carrier_ok: loopback always, a veth while both ends are up (drivers/net/veth.c: veth_open). */
export function carrierOk(dev: Device): boolean {
  // An external device stands for a real host's NIC: its cable is plugged in.
  return dev.kind === "loopback" || dev.kind === "external" ? true : dev.carrier === true;
}

/**
 * The RFC 2863 state shown for a device (rtnl_fill_ifinfo: DOWN unless running, else the
 * operstate linkwatch last stored). Loopback reports UNKNOWN while up.
 */
export function operState(dev: Device): OperState {
  if (!dev.up) return "DOWN";
  if (dev.kind === "loopback") return "UNKNOWN";
  // A new bridge has carrier but no linkwatch event yet (net/bridge/br_device.c).
  if (dev.bridge?.operUnknown === true) return "UNKNOWN";
  if (carrierOk(dev)) return "UP";
  return dev.lowerDown ? "LOWERLAYERDOWN" : "DOWN";
}

/**
 * default_operstate (net/core/link_watch.c, kernel 6.18), run when a device registers and on
 * each carrier event: without carrier it is LOWERLAYERDOWN only if the device its iflink
 * names *in its own namespace* exists and has no carrier either, else DOWN. For a veth whose
 * peer lives elsewhere that index may name an unrelated device, and the kernel does the same.
 */
export function storeOperstate(dev: Device, byIndex: (ifindex: number) => Device | undefined): void {
  if (carrierOk(dev) || dev.peer === undefined) {
    delete dev.lowerDown;
    return;
  }
  const lower = byIndex(dev.peer.ifindex);
  if (lower !== undefined && !carrierOk(lower)) dev.lowerDown = true;
  else delete dev.lowerDown;
}

/** netif_oper_up: the state addrconf and the packet path take as "the link works". */
export function operUp(dev: Device): boolean {
  return dev.up && carrierOk(dev);
}

export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MULTICAST: 0x1000,
  LOWER_UP: 0x10000,
} as const;

/** The ifi_flags an RTM_NEWLINK carries (dev_get_flags). */
export function linkFlags(dev: Device): number {
  let f = dev.kind === "loopback" ? IFF.LOOPBACK : IFF.BROADCAST | (dev.nomulticast ? 0 : IFF.MULTICAST);
  if (dev.noarp) f |= IFF.NOARP;
  if (dev.promisc) f |= IFF.PROMISC;
  if (dev.allmulti) f |= IFF.ALLMULTI;
  if (dev.up) {
    f |= IFF.UP;
    if (operUp(dev)) f |= IFF.RUNNING;
    if (carrierOk(dev)) f |= IFF.LOWER_UP;
  }
  return f;
}

/** The root qdisc name: noop until the first up, noqueue after (veth and lo are IFF_NO_QUEUE). */
export function qdiscName(dev: Device): string {
  return dev.qdisc || dev.up ? "noqueue" : "noop";
}

/** dev_set_mtu bounds (veth: ETH_MIN_MTU..ETH_MAX_MTU; loopback: up to 64 KiB minus nothing). */
export function mtuBounds(dev: Device): { min: number; max: number } {
  return dev.kind === "loopback" ? { min: 0, max: 0x7fffffff } : { min: 68, max: 65535 };
}

/** is_valid_ether_addr: not multicast and not all zeros. */
export function validEtherAddr(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return (first & 1) === 0 && mac !== "00:00:00:00:00:00";
}
