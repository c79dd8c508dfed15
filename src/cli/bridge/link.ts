// `bridge link` (bridge/link.c): the ports of the namespace's bridges as the kernel's
// AF_BRIDGE link dump gives them (br_fill_ifinfo: name, IFLA_LINK without a netns id, so
// a peer in another namespace is named by whatever has its index here), and `bridge link
// set` of the port flags nfsim follows (net/bridge/br_netlink.c br_setport).
import { linkFlags } from "../../stack/device.ts";
import { NetlinkError } from "../../stack/errors.ts";
import { masterOf, portFlag, portForwards, setPortFlag } from "../../stack/bridge.ts";
import { deviceByName, devicesInOrder } from "../../stack/namespace.ts";
import type { BridgePortFlag, Device } from "../../stack/types.ts";
import { die, incomplete, netns, type IpCtx } from "../ip/context.ts";
import { abbrev } from "../ip/names.ts";
import { printLinkFlags, printNameAndLink } from "../ip/linkinfo.ts";


const LINK_USAGE =
  "Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n" +
  ["guard {on | off}", "hairpin {on | off}", "fastleave {on | off}", "root_block {on | off}", "learning {on | off}",
    "learning_sync {on | off}", "flood {on | off}", "mcast_router MULTICAST_ROUTER", "mcast_flood {on | off}",
    "bcast_flood {on | off}", "mcast_to_unicast {on | off}", "neigh_suppress {on | off}", "vlan_tunnel {on | off}",
    "isolated {on | off}", "locked {on | off}", "hwmode {vepa | veb}"].map((o) => `                               [ ${o} ]\n`).join("") +
  "                               [ backup_port DEVICE ] [ nobackup_port ]\n" +
  "                               [ self ] [ master ]\n" +
  "       bridge link show [dev DEV]\n";

/** The flags `bridge link set` can change in nfsim, and their place in print_protinfo's -d line. */
const DETAIL_FLAGS: readonly BridgePortFlag[] = ["hairpin", "guard", "root_block", "fastleave", "learning", "flood", "mcast_flood", "bcast_flood"];
/** Options of brlink_modify that nfsim does not emulate (they take an argument unless noted). */
const NOT_EMULATED: readonly string[] = ["cost", "priority", "state", "learning_sync", "mcast_router", "mcast_to_unicast", "neigh_suppress", "vlan_tunnel", "locked", "hwmode", "backup_port"];

/** A port's flag as the -d line prints it: "hairpin off ", JSON false. */
function onOff(ctx: IpCtx, key: string, value: boolean): void {
  if (ctx.out.isJson) ctx.out.bool("json", key, "", value);
  else ctx.out.fp(`${key} ${value ? "on" : "off"} `);
}

/** print_protinfo's -d line, in its order. */
function printDetails(ctx: IpCtx, port: Device): void {
  ctx.out.nl();
  ctx.out.fp("    ");
  for (const f of DETAIL_FLAGS) onOff(ctx, f, portFlag(port, f));
  ctx.out.num("any", "mcast_router", "mcast_router %u ", 1);
  for (const f of ["mcast_to_unicast", "neigh_suppress", "vlan_tunnel"]) onOff(ctx, f, false);
  onOff(ctx, "isolated", portFlag(port, "isolated"));
  onOff(ctx, "locked", false);
}

/** print_linkinfo of bridge/link.c for one port. */
function printPort(ctx: IpCtx, port: Device, br: Device): void {
  const out = ctx.out;
  out.openObject();
  out.num("any", "ifindex", "%d: ", port.ifindex);
  const mdown = printNameAndLink(ctx, "%s: ", port, port.peer === undefined ? {} : { iflink: port.peer.ifindex });
  printLinkFlags(ctx, linkFlags(port), mdown);
  out.num("any", "mtu", "mtu %u ", port.mtu);
  out.str("any", "master", "master %s ", br.name);
  out.str("any", "state", "state %s ", portForwards(br, port) ? "forwarding" : "disabled");
  out.num("any", "priority", "priority %u ", 32);
  // port_cost: a veth reports 10000 Mb/s, which costs 2.
  out.num("any", "cost", "cost %u ", 2);
  if (ctx.opts.details > 0) printDetails(ctx, port);
  out.nl();
  out.closeObject();
}

/** brlink_show: every port, or the one `dev` names (a device that is no port prints nothing). */
function show(ctx: IpCtx, args: readonly string[]): number {
  let filter: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (abbrev(args[i] ?? "", "dev")) {
      filter = args[++i];
      if (filter === undefined) incomplete(ctx);
    }
  }
  const ns = netns(ctx);
  const only = filter === undefined ? undefined : (deviceByName(ns, filter) ?? die(ctx, `Cannot find device "${filter}"\n`, 255));
  ctx.out.newJson();
  for (const dev of devicesInOrder(ns)) {
    const br = masterOf(ns, dev);
    if (br !== undefined && (only === undefined || only === dev)) printPort(ctx, dev, br);
  }
  ctx.out.endJson();
  return 0;
}

/** parse_on_off: "on" or "off", else the error and -EINVAL as the exit status. */
function parseOnOff(ctx: IpCtx, key: string, value: string): boolean {
  if (value === "on" || value === "off") return value === "on";
  return die(ctx, `Error: argument of "${key}" must be one of "off", "on", not "${value}"\n`, 234);
}

const SETTABLE: ReadonlySet<string> = new Set<BridgePortFlag>([...DETAIL_FLAGS, "isolated"]);

/** brlink_modify: the flags, then the device, then the kernel's br_setlink. */
function set(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  const changes: [BridgePortFlag, boolean][] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i] ?? "";
    const next = (): string => args[++i] ?? incomplete(ctx);
    if (w === "dev") devName = next();
    else if (SETTABLE.has(w)) changes.push([w as BridgePortFlag, parseOnOff(ctx, w, next())]);
    else if (w === "master") continue;
    else if (NOT_EMULATED.includes(w) || w === "nobackup_port" || w === "self") return die(ctx, `nfsim: bridge link set ${w} is not emulated\n`, 2);
    else die(ctx, LINK_USAGE, 255);
  }
  if (devName === undefined) return die(ctx, "Device is a required argument.\n", 255);
  const ns = netns(ctx);
  const dev = deviceByName(ns, devName) ?? die(ctx, `Cannot find bridge device "${devName}"\n`, 255);
  // br_setlink: only a bridge port takes port flags.
  if (masterOf(ns, dev) === undefined) return die(ctx, `RTNETLINK answers: ${new NetlinkError("EOPNOTSUPP").strerror}\n`, 255);
  for (const [flag, on] of changes) setPortFlag(dev, flag, on);
  return 0;
}

/** do_link: show (the default), set/change, help. */
export function doLink(ctx: IpCtx, args: readonly string[]): number {
  const [cmd, ...rest] = args;
  if (cmd === undefined) return show(ctx, []);
  if (abbrev(cmd, "set") || abbrev(cmd, "change")) return set(ctx, rest);
  if (abbrev(cmd, "show") || abbrev(cmd, "lst") || abbrev(cmd, "list")) return show(ctx, rest);
  if (abbrev(cmd, "help")) return die(ctx, LINK_USAGE, 255);
  return die(ctx, `Command "${cmd}" is unknown, try "bridge link help".\n`, 255);
}
