// Namespaces as `ip netns` sees them, the ids namespaces give each other (net/core/
// net_namespace.c: peernet2id_alloc hands out the lowest free id), veth pairs across
// namespaces (drivers/net/veth.c) and moving a device to another namespace
// (net/core/dev.c: dev_change_net_namespace).
import { fail } from "../stack/errors.ts";
import { storeOperstate } from "../stack/device.ts";
import { deleteLink, forgetDevice, linkDown, linkwatch, nsOf, peerOf } from "../stack/link.ts";
import { allocIfindex, allocName, deviceByIndex, deviceByName, newNetNamespace } from "../stack/namespace.ts";
import { sysctlDeviceAdded } from "../stack/sysctl.ts";
import type { Device, NetNamespace } from "../stack/types.ts";
import { randomMac } from "./random.ts";
import { INITIAL_NS, type World } from "./world.ts";

/** Named namespaces, newest first: the order readdir gives on the tmpfs of /run/netns. */
export function netnsNames(world: World): string[] {
  return Object.entries(world.namespaces)
    .filter(([name]) => name !== INITIAL_NS)
    .sort(([, a], [, b]) => (b.created ?? 0) - (a.created ?? 0))
    .map(([name]) => name);
}

export function addNetns(world: World, name: string): NetNamespace {
  if (world.namespaces[name] !== undefined) fail("EEXIST");
  const created = Math.max(0, ...Object.values(world.namespaces).map((n) => n.created ?? 0)) + 1;
  const ns = { ...newNetNamespace(), created };
  world.namespaces[name] = ns;
  return ns;
}

/** The namespace dies with its devices; a veth whose peer lived there goes too; every id for it is dropped. */
export function deleteNetns(world: World, name: string): void {
  const ns = world.namespaces[name];
  if (ns === undefined || name === INITIAL_NS) fail("ENOENT");
  for (const dev of [...ns.devices]) if (dev.kind !== "loopback" && ns.devices.includes(dev)) deleteLink(world, name, dev);
  delete world.namespaces[name];
  for (const other of Object.values(world.namespaces)) if (other.nsids) delete other.nsids[name];
}

export function nsidOf(world: World, from: string, to: string): number | undefined {
  return world.namespaces[from]?.nsids?.[to];
}

/** peernet2id_alloc: the id `from` gives `to`, allocating the lowest free one. */
export function ensureNsid(world: World, from: string, to: string): number {
  const ns = nsOf(world, from);
  const ids = (ns.nsids ??= {});
  const have = ids[to];
  if (have !== undefined) return have;
  const used = new Set(Object.values(ids));
  let id = 0;
  while (used.has(id)) id++;
  ids[to] = id;
  return id;
}

/** rtnl_net_newid (`ip netns set NAME ID`), seen from namespace `from`. */
export function setNsid(world: World, from: string, to: string, id: number | "auto"): void {
  const ids = (nsOf(world, from).nsids ??= {});
  if (ids[to] !== undefined) fail("EEXIST", "Peer netns already has a nsid assigned");
  if (id === "auto") {
    ensureNsid(world, from, to);
    return;
  }
  if (Object.values(ids).includes(id)) fail("EEXIST", "The specified nsid is already used");
  ids[to] = id;
}

/** Every cross-namespace veth makes each side hold an id for the other (rtnl_fill_link_netnsid). */
export function linkNsids(world: World, nsName: string, dev: Device): void {
  if (dev.peer !== undefined && dev.peer.ns !== nsName) ensureNsid(world, nsName, dev.peer.ns);
}

function register(ns: NetNamespace, dev: Device): Device {
  ns.devices.push(dev);
  sysctlDeviceAdded(ns, dev);
  return dev;
}

export interface VethEnd {
  readonly ns: string;
  /** Absent for the peer: the kernel names it veth%d. */
  readonly name?: string;
  readonly mac?: string;
  readonly mtu?: number;
  readonly txqlen?: number;
}

/** veth_newlink: the peer is made and registered first, then the device; both start down, without carrier. */
export function createVethPair(world: World, main: VethEnd & { name: string }, peerEnd: VethEnd): [Device, Device] {
  const mainNs = nsOf(world, main.ns);
  const peerNs = nsOf(world, peerEnd.ns);
  const peerName = peerEnd.name ?? allocName(peerNs, "veth%d");
  if (deviceByName(mainNs, main.name) !== undefined || deviceByName(peerNs, peerName) !== undefined) fail("EEXIST");
  if (main.ns === peerEnd.ns && main.name === peerName) fail("EEXIST");
  const make = (ns: NetNamespace, end: VethEnd, name: string): Device => ({
    ifindex: allocIfindex(ns),
    name,
    kind: "veth",
    mac: end.mac ?? randomMac(world.random),
    mtu: end.mtu ?? 1500,
    up: false,
    carrier: false,
    addrs: [],
    ...(end.txqlen !== undefined ? { txqlen: end.txqlen } : {}),
  });
  const peer = make(peerNs, peerEnd, peerName);
  const dev = make(mainNs, main, main.name);
  dev.peer = { ns: peerEnd.ns, ifindex: peer.ifindex };
  peer.peer = { ns: main.ns, ifindex: dev.ifindex };
  // linkwatch_init_dev runs before the device is listed: the peer cannot see the device yet.
  storeOperstate(peer, (i) => deviceByIndex(peerNs, i));
  register(peerNs, peer);
  storeOperstate(dev, (i) => deviceByIndex(mainNs, i));
  register(mainNs, dev);
  linkNsids(world, main.ns, dev);
  linkNsids(world, peerEnd.ns, peer);
  return [dev, peer];
}

/**
 * dev_change_net_namespace: the device goes down and loses its layer-3 state, keeps its index
 * unless taken in the target, and the old namespace takes an id for the new one.
 */
export function moveLink(world: World, from: string, dev: Device, to: string): void {
  if (dev.kind === "loopback") fail("EINVAL");
  if (from === to) return;
  const src = nsOf(world, from);
  const dst = nsOf(world, to);
  if (deviceByName(dst, dev.name) !== undefined) fail("EEXIST");
  const hadCarrier = dev.carrier === true;
  linkDown(world, from, dev);
  forgetDevice(src, dev);
  src.devices = src.devices.filter((d) => d !== dev);
  ensureNsid(world, from, to);
  if (deviceByIndex(dst, dev.ifindex) !== undefined) dev.ifindex = allocIfindex(dst);
  delete dev.qdisc;
  register(dst, dev);
  const peer = peerOf(world, dev);
  if (peer !== undefined) {
    peer.dev.peer = { ns: to, ifindex: dev.ifindex };
    linkNsids(world, to, dev);
  }
  // The carrier-off event of the close is handled by linkwatch after the move.
  if (hadCarrier) linkwatch(world, { ns: to, dev });
}
