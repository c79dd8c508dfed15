// print_linkinfo and print_linkinfo_brief (ip/ipaddress.c): one device as `ip link` and
// `ip addr` show it, from the attributes the kernel's RTM_NEWLINK would carry.
import { IFF, linkFlags, operState, qdiscName } from "../../stack/device.ts";
import { deviceByIndex } from "../../stack/namespace.ts";
import type { Device } from "../../stack/types.ts";
import { ensureNsid } from "../../world/netns.ts";
import { netns, type Family, type IpCtx } from "./context.ts";
import { printLinkKind } from "./linkinfo-bridge.ts";
import type { Color } from "./print.ts";

/**
 * Which handler answered: "full" is rtnl_fill_ifinfo; "inet6" is the IPv6 module's own link
 * dump (inet6_fill_ifinfo), which `ip -6 addr` gets: no qdisc, group, link-netnsid or lladdr.
 */
export type LinkSource = "full" | "inet6";

export interface LinkView {
  readonly doLink: boolean;
  readonly source: LinkSource;
  /** The listing's family filter: `ip link` always lists as "link", whatever -4/-6 said. */
  readonly family: Family;
}

const FLAG_NAMES: readonly [number, string][] = [
  [IFF.LOOPBACK, "LOOPBACK"],
  [IFF.BROADCAST, "BROADCAST"],
  [IFF.MULTICAST, "MULTICAST"],
  [IFF.NOARP, "NOARP"],
  [IFF.ALLMULTI, "ALLMULTI"],
  [IFF.PROMISC, "PROMISC"],
  [IFF.UP, "UP"],
  [IFF.LOWER_UP, "LOWER_UP"],
];

/** print_link_flags: NO-CARRIER first when up without RUNNING, then the flags, then M-DOWN. */
export function printLinkFlags(ctx: IpCtx, flags: number, mdown: boolean): void {
  const out = ctx.out;
  out.openArray("any", out.isJson ? "flags" : "<");
  const names: string[] = [];
  if (flags & IFF.UP && !(flags & IFF.RUNNING)) names.push("NO-CARRIER");
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) names.push(name);
  names.forEach((n, i) => out.str("any", undefined, i < names.length - 1 ? "%s," : "%s", n));
  if (mdown) out.str("any", undefined, ",%s", "M-DOWN");
  out.closeArray("any", "> ");
}

interface LinkAttr {
  /** IFLA_LINK: the peer's index, as the kernel reports it. */
  readonly iflink?: number;
  /** IFLA_LINK_NETNSID: the id this namespace gives the peer's namespace. */
  readonly netnsid?: number;
}

function linkAttr(ctx: IpCtx, dev: Device, source: LinkSource): LinkAttr {
  if (dev.peer === undefined) return {};
  if (dev.peer.ns === ctx.ns || source === "inet6") return { iflink: dev.peer.ifindex };
  return { iflink: dev.peer.ifindex, netnsid: ensureNsid(ctx.world, ctx.ns, dev.peer.ns) };
}

/** print_name_and_link: "veth0@veth1", "veth0@if5"; returns the M-DOWN flag of a same-namespace peer. */
export function printNameAndLink(ctx: IpCtx, fmt: string, dev: Device, attr: LinkAttr): boolean {
  const out = ctx.out;
  let name = dev.name;
  let mdown = false;
  if (attr.iflink !== undefined) {
    if (attr.netnsid !== undefined) {
      if (out.isJson) out.num("json", "link_index", "", attr.iflink);
      else name = `${name}@if${String(attr.iflink)}`;
    } else {
      const local = deviceByIndex(netns(ctx), attr.iflink);
      const linkName = local?.name ?? `if${String(attr.iflink)}`;
      if (out.isJson) out.str("json", "link", "", linkName);
      else name = `${name}@${linkName}`;
      mdown = !((local === undefined ? 0 : linkFlags(local)) & IFF.UP);
    }
  }
  out.str("any", "ifname", fmt, name, "ifname");
  return mdown;
}

function operColor(state: string): Color {
  return state === "UP" ? "up" : state === "DOWN" ? "down" : "none";
}

/** print_operstate. */
function printOperstate(ctx: IpCtx, dev: Device): void {
  const state = operState(dev);
  if (ctx.opts.brief) ctx.out.str("any", "operstate", "%-14s ", state, operColor(state));
  else if (ctx.out.isJson) ctx.out.str("json", "operstate", "", state);
  else {
    ctx.out.fp("state ");
    ctx.out.fp(`${state} `, operColor(state));
  }
}

/** The name namespace `ctx.ns` knows a peer namespace id by, as get_name_from_nsid finds it. */
function nsNameOfId(ctx: IpCtx, id: number): string | undefined {
  const ids = netns(ctx).nsids ?? {};
  return Object.keys(ids).find((name) => name !== "" && ids[name] === id);
}

function printLinkLayer(ctx: IpCtx, dev: Device): void {
  const out = ctx.out;
  out.nl();
  const loop = dev.kind === "loopback";
  out.str("any", "link_type", "    link/%s ", loop ? "loopback" : "ether");
  out.str("any", "address", "%s", dev.mac, "mac");
  out.fp(" brd ");
  out.str("any", "broadcast", "%s", loop ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff", "mac");
}

function printNetnsid(ctx: IpCtx, id: number): void {
  if (ctx.out.isJson) {
    ctx.out.num("json", "link_netnsid", "", id);
    return;
  }
  const name = nsNameOfId(ctx, id);
  ctx.out.fp(name !== undefined ? ` link-netns ${name}` : ` link-netnsid ${String(id)}`);
}

/** The -d block: promiscuity, MTU bounds, the link kind, queue and offload sizes (kernel defaults). */
function printDetails(ctx: IpCtx, dev: Device, doLink: boolean): void {
  const out = ctx.out;
  const veth = dev.kind === "veth";
  const ethernet = veth || dev.kind === "bridge";
  // br_add_if makes a port promiscuous and all-multicast (one count each).
  const port = dev.master !== undefined ? 1 : 0;
  out.num("any", "promiscuity", " promiscuity %u ", (dev.promisc ? 1 : 0) + port);
  out.num("any", "allmulti", " allmulti %u ", (dev.allmulti ? 1 : 0) + port);
  out.num("any", "min_mtu", "minmtu %u ", ethernet ? 68 : 0);
  out.num("any", "max_mtu", "maxmtu %u ", ethernet ? 65535 : 0);
  if (ethernet) printLinkKind(ctx, dev);
  if (doLink) out.str("any", "inet6_addr_gen_mode", "addrgenmode %s ", "eui64");
  out.num("any", "num_tx_queues", "numtxqueues %u ", veth ? 2 : 1);
  out.num("any", "num_rx_queues", "numrxqueues %u ", veth ? 2 : 1);
  out.num("any", "gso_max_size", "gso_max_size %u ", 65536);
  out.num("any", "gso_max_segs", "gso_max_segs %u ", 65535);
  out.num("any", "tso_max_size", "tso_max_size %u ", dev.bridge !== undefined ? (dev.bridge.tsoMaxSize ?? 65536) : 524280);
  out.num("any", "tso_max_segs", "tso_max_segs %u ", 65535);
  out.num("any", "gro_max_size", "gro_max_size %u ", 65536);
}

/** __print_link_stats for -s: nfsim counts no link-level traffic yet, so the counters are zero. */
function printStats(ctx: IpCtx): void {
  const out = ctx.out;
  if (out.isJson) {
    out.openObject("stats64");
    out.openObject("rx");
    for (const k of ["bytes", "packets", "errors", "dropped", "over_errors", "multicast"]) out.num("json", k, "", 0);
    out.closeObject();
    out.openObject("tx");
    for (const k of ["bytes", "packets", "errors", "dropped", "carrier_errors", "collisions"]) out.num("json", k, "", 0);
    out.closeObject();
    out.closeObject();
    return;
  }
  out.fp(`    RX:  bytes packets errors dropped  missed   mcast           ${out.sl}`);
  out.fp(`             0       0      0       0       0       0 ${out.sl}`);
  out.fp(`    TX:  bytes packets errors dropped carrier collsns           ${out.sl}`);
  out.fp(`             0       0      0       0       0       0 `);
}

/** print_linkinfo. */
export function printLink(ctx: IpCtx, dev: Device, view: LinkView): void {
  const out = ctx.out;
  const full = view.source === "full";
  const attr = linkAttr(ctx, dev, view.source);
  out.num("any", "ifindex", "%d: ", dev.ifindex);
  const mdown = printNameAndLink(ctx, "%s: ", dev, attr);
  printLinkFlags(ctx, linkFlags(dev), mdown);
  out.num("any", "mtu", "mtu %u ", dev.mtu);
  if (full) out.str("any", "qdisc", "qdisc %s ", qdiscName(dev));
  if (full && dev.master !== undefined) out.str("any", "master", "master %s ", deviceByIndex(netns(ctx), dev.master)?.name ?? String(dev.master));
  printOperstate(ctx, dev);
  if (view.doLink && full) out.str("any", "linkmode", "mode %s ", "DEFAULT");
  if (full) out.str("any", "group", "group %s ", "default");
  const qlen = dev.txqlen ?? 1000;
  if (qlen !== 0) out.num("any", "txqlen", "qlen %d", qlen);
  const family = view.family;
  if (full && (family === "unspec" || family === "link" || ctx.opts.details > 0)) printLinkLayer(ctx, dev);
  if (full && attr.netnsid !== undefined) printNetnsid(ctx, attr.netnsid);
  if (full && ctx.opts.details > 0) printDetails(ctx, dev, view.doLink);
  if ((view.doLink || ctx.opts.details > 0) && dev.alias !== undefined) {
    out.fp(`${out.sl}    `);
    out.str("any", "ifalias", "alias %s", dev.alias);
  }
  if (view.doLink && ctx.opts.stats > 0) {
    out.nl();
    printStats(ctx);
  }
  out.fp("\n");
}

/** print_linkinfo_brief: name, state, and for `ip -br link` the address and flags. */
export function printLinkBrief(ctx: IpCtx, dev: Device, withLinkLayer: boolean): void {
  const out = ctx.out;
  const mdown = printNameAndLink(ctx, "%-16s ", dev, linkAttr(ctx, dev, "full"));
  printOperstate(ctx, dev);
  if (withLinkLayer) {
    out.str("any", "address", "%s ", dev.mac, "mac");
    printLinkFlags(ctx, linkFlags(dev), mdown);
    out.fp("\n");
  }
}
