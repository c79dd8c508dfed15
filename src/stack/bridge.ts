// Linux bridges as devices (net/bridge/br_device.c, br_if.c, br_stp_if.c): making one,
// ports joining and leaving (`ip link set DEV master BR` / `nomaster`), the MAC and MTU the
// bridge takes from its ports, and its carrier, which is on while some port forwards.
// STP is off (the default), so a port forwards as soon as it and the bridge are up.
import { addrconfLinkReady } from "./addrconf.ts";
import { fdbForgetPort } from "./bridge-fdb.ts";
import { carrierOk, operUp, validEtherAddr } from "./device.ts";
import { fail } from "./errors.ts";
import type { StackHost } from "./link.ts";
import { allocIfindex, deviceByIndex, deviceByName } from "./namespace.ts";
import { flushDeviceNeighbours } from "./neighbour.ts";
import { sysctlDeviceAdded } from "./sysctl.ts";
import type { BridgePortFlag, Device, NetNamespace } from "./types.ts";

const ZERO_MAC = "00:00:00:00:00:00";
/** ETH_DATA_LEN: br_mtu_min of a bridge without ports. */
const DEFAULT_MTU = 1500;
/** The tso_max_size a veth reports (ip -d link), which a bridge takes from its first port. */
const VETH_TSO_MAX = 524280;

function nsNamed(host: StackHost, name: string): NetNamespace {
  const ns = host.namespaces[name];
  if (ns === undefined) throw new Error(`no namespace ${JSON.stringify(name)}`);
  return ns;
}

export interface NewBridge {
  readonly name: string;
  readonly mac: string;
  /** The MAC was given (`address`): NET_ADDR_SET, the ports never change it. */
  readonly macSet: boolean;
  /** IFLA_MTU at creation: set directly (rtnl_create_link), so it still follows the ports later. */
  readonly mtu?: number;
}

/**
 * br_dev_setup and br_dev_newlink: a bridge starts down with a random MAC (or the given
 * one), a zero bridge id, and carrier on; linkwatch has not seen it (operstate UNKNOWN).
 */
export function createBridge(ns: NetNamespace, req: NewBridge): Device {
  if (deviceByName(ns, req.name) !== undefined) fail("EEXIST");
  const dev: Device = {
    ifindex: allocIfindex(ns),
    name: req.name,
    kind: "bridge",
    mac: req.mac,
    mtu: req.mtu ?? DEFAULT_MTU,
    up: false,
    carrier: true,
    addrs: [],
    bridge: {
      idMac: req.macSet ? req.mac : ZERO_MAC,
      operUnknown: true,
      fdb: [],
      ...(req.macSet ? { macSet: true } : {}),
    },
  };
  ns.devices.push(dev);
  sysctlDeviceAdded(ns, dev);
  return dev;
}

/** The ports of a bridge, in ifindex order. */
export function bridgePorts(ns: NetNamespace, br: Device): Device[] {
  return ns.devices.filter((d) => d.master === br.ifindex).sort((a, b) => a.ifindex - b.ifindex);
}

/** The bridge a device is a port of. */
export function masterOf(ns: NetNamespace, dev: Device): Device | undefined {
  if (dev.master === undefined) return undefined;
  const br = deviceByIndex(ns, dev.master);
  return br?.bridge === undefined ? undefined : br;
}

/** The flags of a new port (new_nbp: BR_LEARNING | BR_FLOOD | BR_MCAST_FLOOD | BR_BCAST_FLOOD). */
const PORT_DEFAULTS: Readonly<Record<BridgePortFlag, boolean>> = {
  hairpin: false, guard: false, root_block: false, fastleave: false, learning: true,
  flood: true, mcast_flood: true, bcast_flood: true, isolated: false,
};

/** A port flag as the kernel has it now. */
export function portFlag(port: Device, flag: BridgePortFlag): boolean {
  return port.brport?.[flag] ?? PORT_DEFAULTS[flag];
}

/** br_setport: sets a port flag; only the flags away from their defaults are kept. */
export function setPortFlag(port: Device, flag: BridgePortFlag, on: boolean): void {
  const flags = { ...port.brport };
  if (on === PORT_DEFAULTS[flag]) delete flags[flag];
  else flags[flag] = on;
  if (Object.keys(flags).length === 0) delete port.brport;
  else port.brport = flags;
}

/** BR_STATE_FORWARDING with STP off: the bridge is up and the port is up with carrier. */
export function portForwards(br: Device, port: Device): boolean {
  return br.up && port.up && carrierOk(port);
}

/**
 * br_stp_recalculate_bridge_id and br_mtu_auto_adjust: unless set by the user, the bridge
 * takes the lowest port MAC (all zeros without ports, once it had one) and the smallest
 * port MTU (ETH_DATA_LEN without ports).
 */
export function recalcBridge(ns: NetNamespace, br: Device): void {
  const st = br.bridge;
  if (st === undefined) return;
  const ports = bridgePorts(ns, br);
  if (st.mtuSet !== true) br.mtu = ports.length === 0 ? DEFAULT_MTU : Math.min(...ports.map((p) => p.mtu));
  if (st.macSet === true) return;
  const lowest = ports.map((p) => p.mac).sort()[0] ?? ZERO_MAC;
  if (lowest === st.idMac) return;
  st.idMac = lowest;
  br.mac = lowest;
}

/** netif_carrier_on/off on the bridge, and what the carrier event sets off (linkwatch, addrconf, neighbours). */
function setBridgeCarrier(host: StackHost, ns: NetNamespace, br: Device, on: boolean): void {
  if (br.carrier === on) return;
  br.carrier = on;
  if (br.bridge !== undefined) delete br.bridge.operUnknown;
  if (!on) flushDeviceNeighbours(ns, br.ifindex, true);
  else if (operUp(br)) addrconfLinkReady(ns, br, host.clock);
}

/**
 * br_port_state_selection: each port forwards or is disabled (a port that starts forwarding
 * starts its forward_delay_timer), and the carrier is on while at least one port forwards.
 */
export function bridgeSelect(host: StackHost, nsName: string, br: Device): void {
  const ns = nsNamed(host, nsName);
  const ports = bridgePorts(ns, br);
  for (const p of ports) {
    if (!portForwards(br, p)) delete p.forwardingSince;
    else p.forwardingSince ??= host.clock;
  }
  setBridgeCarrier(host, ns, br, ports.some((p) => portForwards(br, p)));
}

/**
 * br_dev_open / br_dev_stop: the ports are enabled or disabled (each runs the state
 * selection, so a bridge without ports keeps its carrier), and an opened bridge with
 * carrier gets its IPv6 link-local address.
 */
export function bridgeOpenClose(host: StackHost, nsName: string, br: Device): void {
  const ns = nsNamed(host, nsName);
  if (br.bridge !== undefined) {
    if (br.up) br.bridge.openedAt = host.clock;
    else delete br.bridge.openedAt;
  }
  if (bridgePorts(ns, br).length > 0) bridgeSelect(host, nsName, br);
  if (operUp(br)) addrconfLinkReady(ns, br, host.clock);
}

/** A port's carrier or state changed (br_device_event → br_port_carrier_check). */
export function bridgePortEvent(host: StackHost, nsName: string, dev: Device): void {
  const br = masterOf(nsNamed(host, nsName), dev);
  if (br !== undefined) bridgeSelect(host, nsName, br);
}

/** A port's MAC or MTU changed (NETDEV_CHANGEADDR, NETDEV_CHANGEMTU). */
export function bridgePortChanged(host: StackHost, nsName: string, dev: Device): void {
  const ns = nsNamed(host, nsName);
  const br = masterOf(ns, dev);
  if (br !== undefined) recalcBridge(ns, br);
}

/** br_del_if (del_nbp): the port leaves, its FDB entries go, the bridge recalculates. */
export function releasePort(host: StackHost, nsName: string, dev: Device): void {
  const ns = nsNamed(host, nsName);
  const br = masterOf(ns, dev);
  delete dev.master;
  delete dev.portNo;
  delete dev.forwardingSince;
  delete dev.brport;
  if (br?.bridge === undefined) return;
  fdbForgetPort(br.bridge, dev.ifindex);
  recalcBridge(ns, br);
  bridgeSelect(host, nsName, br);
}

/** br_add_if: only Ethernet devices with a valid MAC, and never a bridge. */
function addPort(host: StackHost, nsName: string, br: Device, dev: Device): void {
  if (dev.kind === "loopback" || !validEtherAddr(dev.mac)) fail("EINVAL");
  if (dev.kind === "bridge") fail("ELOOP", "Can not enslave a bridge to a bridge");
  const ns = nsNamed(host, nsName);
  const taken = new Set(bridgePorts(ns, br).map((p) => p.portNo));
  let no = 1;
  while (taken.has(no)) no++;
  dev.master = br.ifindex;
  dev.portNo = no;
  // br_add_if: netif_set_tso_max_size of the bridge follows its ports (a veth allows 524280).
  if (br.bridge !== undefined) br.bridge.tsoMaxSize = Math.min(br.bridge.tsoMaxSize ?? VETH_TSO_MAX, VETH_TSO_MAX);
  recalcBridge(ns, br);
  bridgeSelect(host, nsName, br);
}

/**
 * do_setlink's IFLA_MASTER (net/core/rtnetlink.c: do_set_master): the current master lets
 * go first (even when the new one then refuses), then the new one takes the device.
 */
export function setMaster(host: StackHost, nsName: string, dev: Device, master: Device | undefined): void {
  if (dev.master !== undefined) {
    if (master !== undefined && dev.master === master.ifindex) return;
    releasePort(host, nsName, dev);
  }
  if (master === undefined) return;
  if (master.kind !== "bridge") fail("EOPNOTSUPP");
  addPort(host, nsName, master, dev);
}

/** Unregistering a device: a bridge lets all its ports go (br_dev_delete), a port leaves its bridge. */
export function bridgeUnregister(host: StackHost, nsName: string, dev: Device): void {
  const ns = nsNamed(host, nsName);
  if (dev.kind === "bridge") for (const p of bridgePorts(ns, dev)) releasePort(host, nsName, p);
  if (dev.master !== undefined) releasePort(host, nsName, dev);
}

/** dev_set_mac_address on a bridge (br_set_mac_address): NET_ADDR_SET, and the bridge id follows. */
export function bridgeMacSet(br: Device): void {
  if (br.bridge === undefined) return;
  br.bridge.macSet = true;
  br.bridge.idMac = br.mac;
}

/** br_change_mtu: an MTU set by hand stops the automatic one. */
export function bridgeMtuSet(br: Device): void {
  if (br.bridge !== undefined) br.bridge.mtuSet = true;
}
