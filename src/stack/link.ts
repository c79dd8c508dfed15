// Link events and their consequences, as the kernel's notifier chains spread them:
// up/down (dev_open/dev_close), carrier changes of veth pairs (drivers/net/veth.c), and the
// reactions of IPv4 routing (fib_netdev_event), addrconf and the neighbour table.
import { addrconfLinkDown, addrconfLinkReady, addrconfLinkUp, addrconfTick } from "./addrconf.ts";
import { deviceKernelRoutes, syncAddressRoutes } from "./address.ts";
import { bridgeOpenClose, bridgePortEvent, bridgeUnregister } from "./bridge.ts";
import { mtuBounds, operUp, storeOperstate, validEtherAddr } from "./device.ts";
import { fail } from "./errors.ts";
import { deviceByIndex, deviceByName } from "./namespace.ts";
import { flushDeviceNeighbours, neighTick } from "./neighbour.ts";
import { isV4 } from "./route.ts";
import { sysctlDeviceRemoved, sysctlDeviceRenamed } from "./sysctl.ts";
import { SCOPE_HOST, type Device, type NetNamespace } from "./types.ts";

/** What link operations need of the world: every namespace by name, and the virtual clock. */
export interface StackHost {
  readonly namespaces: Record<string, NetNamespace>;
  clock: number;
}

export interface DevRef {
  readonly ns: string;
  readonly dev: Device;
}

export function nsOf(host: StackHost, name: string): NetNamespace {
  const ns = host.namespaces[name];
  if (ns === undefined) throw new Error(`no namespace ${JSON.stringify(name)}`);
  return ns;
}

export function peerOf(host: StackHost, dev: Device): DevRef | undefined {
  if (dev.peer === undefined) return undefined;
  const ns = host.namespaces[dev.peer.ns];
  const peer = ns === undefined ? undefined : deviceByIndex(ns, dev.peer.ifindex);
  return peer === undefined ? undefined : { ns: dev.peer.ns, dev: peer };
}

/** Lets the virtual clock's timers fire: DAD completions and neighbour entries going stale. */
export function settle(host: StackHost): void {
  for (const ns of Object.values(host.namespaces)) {
    addrconfTick(ns, host.clock);
    neighTick(ns, host.clock);
  }
}

/** linkwatch_do_dev: the stored operstate is recomputed in the device's namespace. */
export function linkwatch(host: StackHost, ref: DevRef): void {
  const ns = nsOf(host, ref.ns);
  storeOperstate(ref.dev, (i) => deviceByIndex(ns, i));
}

/** netif_carrier_on/off on both ends of a pair, then the events: linkwatch, addrconf, neighbours. */
function setCarrier(host: StackHost, refs: readonly DevRef[], on: boolean): void {
  for (const ref of refs) ref.dev.carrier = on;
  for (const ref of refs) {
    linkwatch(host, ref);
    const ns = nsOf(host, ref.ns);
    if (on) {
      if (operUp(ref.dev)) addrconfLinkReady(ns, ref.dev, host.clock);
    } else {
      flushDeviceNeighbours(ns, ref.dev.ifindex, true);
    }
  }
  for (const ref of refs) bridgePortEvent(host, ref.ns, ref.dev);
}

/** dev_open: a veth gets carrier on both ends when its peer is up too. */
export function linkUp(host: StackHost, nsName: string, dev: Device): void {
  if (dev.up) return;
  const ns = nsOf(host, nsName);
  const before = deviceKernelRoutes(dev);
  dev.up = true;
  dev.qdisc = true;
  if (dev.kind === "loopback") loopbackUp(dev);
  syncAddressRoutes(ns, dev, before);
  if (dev.kind === "loopback") {
    addrconfLinkReady(ns, dev, host.clock);
    return;
  }
  addrconfLinkUp(ns, dev);
  if (dev.kind === "bridge") return bridgeOpenClose(host, nsName, dev);
  const peer = peerOf(host, dev);
  if (peer?.dev.up) setCarrier(host, [{ ns: nsName, dev }, peer], true);
}

/** inetdev_event(NETDEV_UP): loopback without addresses gets 127.0.0.1/8. */
function loopbackUp(dev: Device): void {
  if (dev.addrs.length > 0) return;
  dev.addrs.push({ addr: 0x7f000001, prefixLen: 8, scope: SCOPE_HOST, label: dev.name, secondary: false });
}

/**
 * dev_close: routes through the device die except its local ones (fib_sync_down_dev spares
 * host-scope nexthops), neighbours go, IPv6 is torn down; a veth's peer loses carrier.
 */
export function linkDown(host: StackHost, nsName: string, dev: Device): void {
  if (!dev.up) return;
  const ns = nsOf(host, nsName);
  dev.up = false;
  if (dev.kind === "bridge") bridgeOpenClose(host, nsName, dev);
  const peer = peerOf(host, dev);
  if (dev.carrier && dev.kind !== "bridge") setCarrier(host, [{ ns: nsName, dev }, ...(peer !== undefined ? [peer] : [])], false);
  ns.routes = ns.routes.filter((r) => !(isV4(r) && r.dev === dev.ifindex && r.scope !== SCOPE_HOST));
  flushDeviceNeighbours(ns, dev.ifindex, false);
  addrconfLinkDown(ns, dev);
}

/** Everything of a device's layer-3 state goes: addresses, routes, neighbours, sysctls. */
export function forgetDevice(ns: NetNamespace, dev: Device): void {
  dev.addrs = [];
  ns.routes = ns.routes.filter((r) => r.dev !== dev.ifindex);
  flushDeviceNeighbours(ns, dev.ifindex, false);
  addrconfLinkDown(ns, dev);
  sysctlDeviceRemoved(ns, dev.name);
}

/** unregister_netdevice on both ends of a pair. */
export function deleteLink(host: StackHost, nsName: string, dev: Device): void {
  if (dev.kind === "loopback") fail("EOPNOTSUPP");
  const peer = peerOf(host, dev);
  for (const ref of [{ ns: nsName, dev }, ...(peer ? [peer] : [])]) {
    bridgeUnregister(host, ref.ns, ref.dev);
    linkDown(host, ref.ns, ref.dev);
    const ns = nsOf(host, ref.ns);
    forgetDevice(ns, ref.dev);
    ns.devices = ns.devices.filter((d) => d !== ref.dev);
  }
}

/** dev_change_name: names are unique in a namespace. */
export function renameLink(ns: NetNamespace, dev: Device, name: string): void {
  if (name === dev.name) return;
  if (deviceByName(ns, name) !== undefined) fail("EEXIST");
  sysctlDeviceRenamed(ns, dev.name, name);
  dev.name = name;
  relabel(dev);
}

/** inetdev_changename: the first address takes the new name, the others keep their ":suffix" (or get ":N"). */
function relabel(dev: Device): void {
  dev.addrs.forEach((a, i) => {
    if (i === 0) {
      a.label = dev.name;
      return;
    }
    const colon = a.label.indexOf(":");
    const suffix = colon >= 0 ? a.label.slice(colon) : `:${String(i + 1)}`;
    a.label = suffix.length + dev.name.length < 16 ? dev.name + suffix : dev.name.slice(0, 15 - suffix.length) + suffix;
  });
}

/** dev_set_mtu with the driver's bounds, in the kernel's extack words. */
export function setMtu(dev: Device, mtu: number): void {
  const { min, max } = mtuBounds(dev);
  if (mtu > max) fail("EINVAL", "mtu greater than device maximum");
  if (mtu < min) fail("EINVAL", "mtu less than device minimum");
  dev.mtu = mtu;
}

/** dev_set_mac_address: an Ethernet device refuses multicast and all-zero addresses. */
export function setMac(dev: Device, mac: string): void {
  if (dev.kind !== "loopback" && !validEtherAddr(mac)) fail("EADDRNOTAVAIL");
  dev.mac = mac;
}
