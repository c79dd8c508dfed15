// `ip link` (ip/iplink.c, ip/link_veth.c): add a veth pair, set a device's state and
// attributes in the order the kernel's do_setlink applies them, delete, show.
import { deleteLink, linkDown, linkUp, renameLink, setMac, setMtu } from "../../stack/link.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { fail } from "../../stack/errors.ts";
import type { Device } from "../../stack/types.ts";
import { createVethPair, moveLink, type VethEnd } from "../../world/netns.ts";
import { randomMac } from "../../world/random.ts";
import { bridgeMacSet, bridgeMtuSet, bridgePortChanged, bridgeUnregister, createBridge, setMaster } from "../../stack/bridge.ts";
import { applyBridgeSlave, parseBridgeSlave } from "./link-bridge-slave.ts";
import { Args, die, duparg, duparg2, invarg, netns, nodev, talk, type IpCtx } from "./context.ts";
import { formatLladdr, parseLladdr } from "./inet.ts";
import { listLinks } from "./addr.ts";
import { abbrev } from "./names.ts";
import { BRIDGE_OPTIONS, BRIDGE_USAGE } from "./link-bridge.ts";
import { LINK_USAGE, VETH_USAGE } from "./usage.ts";

interface LinkReq {
  up?: boolean;
  name?: string;
  dev?: string;
  address?: number[];
  txqlen?: number;
  mtu?: number;
  netns?: string;
  multicast?: boolean;
  allmulti?: boolean;
  promisc?: boolean;
  noarp?: boolean;
  alias?: string;
  type?: string;
  /** IFLA_MASTER: the bridge by name, or null for `nomaster`. */
  master?: string | null;
}

/** check_ifname: shorter than IFNAMSIZ, no slash, no blank. */
function validIfname(name: string): boolean {
  return name !== "" && name.length < 16 && !/[/\s]/.test(name);
}

/** get_integer: strtol base 0 over the whole word, within an int. */
function getInteger(word: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(word);
  if (!m) return undefined;
  const body = m[2] ?? "";
  const v = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body.startsWith("0") ? parseInt(body, 8) : Number(body);
  const signed = m[1] === "-" ? -v : v;
  return signed > 2147483647 || signed < -2147483648 ? undefined : signed;
}

function onOff(ctx: IpCtx, what: string, word: string): boolean {
  if (word === "on") return true;
  if (word === "off") return false;
  return die(ctx, `Error: argument of "${what}" must be "on" or "off", not "${word}"\n`, 1);
}

/** iplink_parse: the options shared by add, set and a veth's peer; stops after `type TYPE`. */
function parseLink(ctx: IpCtx, args: Args, create: boolean): LinkReq {
  const req: LinkReq = {};
  let devIsName = false;
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === "up") req.up = true;
    else if (w === "down") req.up = false;
    else if (w === "name") {
      const v = args.next();
      if (req.name !== undefined) duparg(ctx, "name", v);
      if (!validIfname(v)) invarg(ctx, '"name" not a valid ifname', v);
      req.name = v;
      if (req.dev === undefined) {
        req.dev = v;
        devIsName = true;
      }
    } else if (w === "index") {
      const v = args.next();
      if (!(Number.parseInt(v, 10) > 0)) invarg(ctx, 'Invalid "index" value', v);
    } else if (abbrev(w, "link")) args.next();
    else if (abbrev(w, "address")) req.address = parseLladdr(ctx, args.next());
    else if (abbrev(w, "broadcast") || w === "brd") parseLladdr(ctx, args.next());
    else if (abbrev(w, "txqueuelen") || w === "qlen" || abbrev(w, "txqlen")) {
      const v = args.next();
      if (req.txqlen !== undefined) duparg(ctx, "txqueuelen", v);
      req.txqlen = getInteger(v) ?? invarg(ctx, 'Invalid "txqueuelen" value\n', v);
    } else if (w === "mtu") {
      const v = args.next();
      if (req.mtu !== undefined) duparg(ctx, "mtu", v);
      req.mtu = getInteger(v) ?? invarg(ctx, 'Invalid "mtu" value\n', v);
    } else if (w === "netns") {
      const v = args.next();
      if (req.netns !== undefined) duparg(ctx, "netns", v);
      if (ctx.world.namespaces[v] === undefined && getInteger(v) === undefined) invarg(ctx, 'Invalid "netns" value\n', v);
      req.netns = v;
    } else if (w === "multicast") req.multicast = onOff(ctx, "multicast", args.next());
    else if (w === "allmulticast") req.allmulti = onOff(ctx, "allmulticast", args.next());
    else if (w === "promisc") req.promisc = onOff(ctx, "promisc", args.next());
    else if (w === "trailers") onOff(ctx, "trailers", args.next());
    else if (w === "arp") req.noarp = !onOff(ctx, "arp", args.next());
    else if (w === "master") {
      const v = args.next();
      if (deviceByName(netns(ctx), v) === undefined) invarg(ctx, "Device does not exist\n", v);
      req.master = v;
    } else if (w === "nomaster") req.master = null;
    else if (abbrev(w, "type")) {
      req.type = args.next();
      args.advance();
      break;
    } else if (abbrev(w, "alias")) req.alias = args.next();
    else {
      if (abbrev(w, "help")) die(ctx, LINK_USAGE, 255);
      const v = w === "dev" ? args.next() : w;
      if (req.dev !== undefined && !devIsName) duparg2(ctx, "dev", v);
      if (v === "" || /[/\s]/.test(v)) invarg(ctx, '"dev" not a valid ifname', v);
      req.dev = v;
      devIsName = false;
    }
  }
  if (req.name === undefined && req.dev !== undefined) req.name = req.dev;
  if (create && req.name !== req.dev) die(ctx, 'both "name" and "dev" cannot be used when creating devices.\n', 255);
  return req;
}

/** IFLA_NET_NS_*: a namespace by name, or a process id; nfsim has no processes, so a pid is ESRCH. */
function checkTargetNs(ctx: IpCtx, name: string | undefined): void {
  if (name !== undefined && ctx.world.namespaces[name] === undefined) talk(ctx, () => fail("ESRCH"));
}

/** veth_newlink takes each end's own name, address, MTU and queue length. */
function vethEnd(ns: string, req: LinkReq, name: string | undefined): VethEnd {
  return {
    ns,
    ...(name !== undefined ? { name } : {}),
    ...(req.address !== undefined ? { mac: formatLladdr(req.address) } : {}),
    ...(req.mtu !== undefined ? { mtu: req.mtu } : {}),
    ...(req.txqlen !== undefined ? { txqlen: req.txqlen } : {}),
  };
}

/** dev_valid_name and the IFLA_IFNAME policy, as rtnl_newlink checks a new name. */
function kernelName(ctx: IpCtx, name: string): void {
  if (name.length >= 16) talk(ctx, () => fail("ERANGE", "Attribute failed policy validation"));
  if (name === "." || name === ".." || /[/:\s]/.test(name)) talk(ctx, () => fail("EINVAL"));
}

function add(ctx: IpCtx, argv: string[]): number {
  const args = new Args(ctx, argv);
  const req = parseLink(ctx, args, true);
  if (req.type === undefined) return die(ctx, 'Not enough information: "type" argument is required\n', 1);
  if (req.type === "bridge") return addBridge(ctx, args, req);
  if (req.type !== "veth") {
    if (!args.done && abbrev(args.cur, "help")) die(ctx, LINK_USAGE, 255);
    const known = ["dummy", "bridge", "bond", "vlan", "macvlan", "ipvlan", "vxlan", "gre", "ipip", "sit", "vrf", "ifb", "team"];
    if (known.includes(req.type)) return die(ctx, `nfsim: link type "${req.type}" is not emulated\n`, 2);
    return talk(ctx, () => fail("EOPNOTSUPP", "Unknown device type"));
  }
  let peer: LinkReq = {};
  if (!args.done) {
    if (args.cur !== "peer") {
      ctx.out.raw(VETH_USAGE);
      return 1;
    }
    args.advance();
    peer = parseLink(ctx, args, true);
    if (peer.type !== undefined) duparg(ctx, "type", args.rest[0] ?? "");
  }
  const name = req.name ?? die(ctx, 'Not enough information: "dev" argument is required.\n', 255);
  kernelName(ctx, name);
  if (peer.name !== undefined) kernelName(ctx, peer.name);
  checkTargetNs(ctx, req.netns);
  checkTargetNs(ctx, peer.netns);
  // veth_newlink: the peer lands in the namespace it names, else where ip runs.
  const mainNs = req.netns ?? ctx.ns;
  const peerNs = peer.netns ?? ctx.ns;
  talk(ctx, () => {
    for (const m of [req.mtu, peer.mtu]) {
      if (m !== undefined && m < 68) fail("EINVAL", "mtu less than device minimum");
      if (m !== undefined && m > 65535) fail("EINVAL", "mtu greater than device maximum");
    }
    createVethPair(ctx.world, { ...vethEnd(mainNs, req, name), name }, vethEnd(peerNs, peer, peer.name));
  });
  if (req.up) upByName(ctx, mainNs, name);
  if (peer.up && peer.name !== undefined) upByName(ctx, peerNs, peer.name);
  masterByName(ctx, mainNs, name, req.master);
  return 0;
}

/** rtnl_newlink ends with IFLA_MASTER (do_set_master) on the new device. */
function masterByName(ctx: IpCtx, ns: string, name: string, master: string | null | undefined): void {
  const namespace = ctx.world.namespaces[ns];
  const dev = namespace === undefined ? undefined : deviceByName(namespace, name);
  if (dev === undefined || master === undefined || namespace === undefined) return;
  const br = master === null ? undefined : deviceByName(namespace, master);
  talk(ctx, () => setMaster(ctx.world, ns, dev, br));
}

/** `ip link add NAME type bridge` (ip/iplink_bridge.c parses the bridge options; none is emulated). */
function addBridge(ctx: IpCtx, args: Args, req: LinkReq): number {
  if (!args.done) {
    if (abbrev(args.cur, "help")) return die(ctx, BRIDGE_USAGE, 1);
    if (BRIDGE_OPTIONS.includes(args.cur)) return die(ctx, `nfsim: bridge option "${args.cur}" is not emulated\n`, 2);
    return die(ctx, `bridge: unknown command "${args.cur}"?\n${BRIDGE_USAGE}`, 1);
  }
  const name = req.name ?? die(ctx, 'Not enough information: "dev" argument is required.\n', 255);
  kernelName(ctx, name);
  checkTargetNs(ctx, req.netns);
  const ns = req.netns ?? ctx.ns;
  const namespace = ctx.world.namespaces[ns] ?? netns(ctx);
  talk(ctx, () => {
    if (req.mtu !== undefined && (req.mtu < 68 || req.mtu > 65535)) fail("EINVAL", req.mtu < 68 ? "mtu less than device minimum" : "mtu greater than device maximum");
    const mac = req.address !== undefined ? formatLladdr(req.address) : randomMac(ctx.world.random);
    const dev = createBridge(namespace, { name, mac, macSet: req.address !== undefined, ...(req.mtu !== undefined ? { mtu: req.mtu } : {}) });
    if (req.txqlen !== undefined) dev.txqlen = req.txqlen;
  });
  if (req.up) upByName(ctx, ns, name);
  masterByName(ctx, ns, name, req.master);
  return 0;
}

function upByName(ctx: IpCtx, ns: string, name: string): void {
  const dev = ctx.world.namespaces[ns] === undefined ? undefined : deviceByName(ctx.world.namespaces[ns], name);
  if (dev !== undefined) linkUp(ctx.world, ns, dev);
}

/** do_setlink's order: namespace, address, mtu, name, flags, txqlen. */
function applySet(ctx: IpCtx, dev: Device, req: LinkReq): void {
  let ns = ctx.ns;
  const to = req.netns;
  if (to !== undefined) {
    checkTargetNs(ctx, to);
    // A bridge is NETIF_F_NETNS_LOCAL; a port leaves its bridge when it moves (NETDEV_UNREGISTER).
    if (dev.kind === "bridge" && to !== ns) talk(ctx, () => fail("EINVAL", "The interface netns is immutable"));
    if (to !== ns) talk(ctx, () => bridgeUnregister(ctx.world, ns, dev));
    talk(ctx, () => moveLink(ctx.world, ns, dev, to));
    ns = to;
  }
  if (req.address !== undefined) talk(ctx, () => setMac(dev, formatLladdr(req.address ?? [])));
  if (req.address !== undefined) bridgeMacSet(dev);
  if (req.mtu !== undefined) talk(ctx, () => setMtu(dev, req.mtu ?? 0));
  if (req.mtu !== undefined) bridgeMtuSet(dev);
  if (req.address !== undefined || req.mtu !== undefined) bridgePortChanged(ctx.world, ns, dev);
  if (req.name !== undefined && req.name !== req.dev) {
    const name = req.name;
    kernelName(ctx, name);
    talk(ctx, () => renameLink(ctx.world.namespaces[ns] ?? netns(ctx), dev, name));
  }
  if (req.alias !== undefined) {
    if (req.alias === "") delete dev.alias;
    else dev.alias = req.alias;
  }
  if (req.multicast !== undefined) dev.nomulticast = !req.multicast;
  if (req.allmulti !== undefined) dev.allmulti = req.allmulti;
  if (req.promisc !== undefined) dev.promisc = req.promisc;
  if (req.noarp !== undefined) dev.noarp = req.noarp;
  if (req.up === true) linkUp(ctx.world, ns, dev);
  if (req.up === false) linkDown(ctx.world, ns, dev);
  if (req.master !== undefined) {
    const namespace = ctx.world.namespaces[ns] ?? netns(ctx);
    const master = req.master === null ? undefined : deviceByName(namespace, req.master);
    talk(ctx, () => setMaster(ctx.world, ns, dev, master));
  }
  if (req.txqlen !== undefined) dev.txqlen = req.txqlen;
}

function set(ctx: IpCtx, argv: string[]): number {
  const args = new Args(ctx, argv);
  const req = parseLink(ctx, args, false);
  const slave = req.type === "bridge_slave" ? parseBridgeSlave(ctx, args.rest) : undefined;
  if (req.dev === undefined) return die(ctx, 'Not enough information: "dev" argument is required.\n', 255);
  const dev = deviceByName(netns(ctx), req.dev) ?? nodev(ctx, req.dev);
  if (slave !== undefined) applyBridgeSlave(ctx, dev, slave);
  if (req.address !== undefined && req.address.length !== 6) {
    return die(ctx, `Invalid address length ${String(req.address.length)} - must be 6 bytes\n`, 1);
  }
  applySet(ctx, dev, req);
  return 0;
}

function del(ctx: IpCtx, argv: string[]): number {
  const args = new Args(ctx, argv);
  const req = parseLink(ctx, args, false);
  if (req.dev === undefined) return die(ctx, 'Not enough information: "dev" argument is required.\n', 255);
  const dev = deviceByName(netns(ctx), req.dev) ?? nodev(ctx, req.dev);
  talk(ctx, () => deleteLink(ctx.world, ctx.ns, dev));
  return 0;
}

function help(ctx: IpCtx, argv: string[]): number {
  if (argv[0] === "veth") {
    ctx.out.raw(VETH_USAGE);
    return 0;
  }
  return die(ctx, LINK_USAGE, 255);
}

const COMMANDS: readonly [string, (ctx: IpCtx, argv: string[]) => number][] = [
  ["add", add],
  ["set", set],
  ["change", set],
  ["replace", add],
  ["delete", del],
  ["show", (ctx, argv) => listLinks(ctx, argv)],
  ["lst", (ctx, argv) => listLinks(ctx, argv)],
  ["list", (ctx, argv) => listLinks(ctx, argv)],
  ["help", help],
];

export function doLink(ctx: IpCtx, argv: string[]): number {
  if (argv.length === 0) return listLinks(ctx, []);
  const word = argv[0] ?? "";
  const hit = COMMANDS.find(([name]) => abbrev(word, name));
  if (hit === undefined) return die(ctx, `Command "${word}" is unknown, try "ip link help".\n`, 255);
  return hit[1](ctx, argv.slice(1));
}
