// `bridge fdb` (bridge/fdb.c) over the kernel's neighbour dump of AF_BRIDGE
// (net/core/rtnetlink.c rtnl_fdb_dump): for each Ethernet device in index order, a port's
// entries in its bridge's database (br_fdb_dump, newest first, then the port's own MAC),
// then the device's own address lists (ndo_dflt_fdb_dump: "self permanent", here the
// multicast groups it joined); a bridge lists its own groups and its own MAC entry when one
// was given. `add`, `replace`, `append` and `del` act on the bridge's database ("master").
import { fdbUserAdd, fdbUserDel, type FdbUserState } from "../../stack/bridge-fdb-user.ts";
import { fdbExpire } from "../../stack/bridge-fdb.ts";
import { bridgePorts, masterOf, portForwards } from "../../stack/bridge.ts";
import { NetlinkError } from "../../stack/errors.ts";
import { deviceByName, devicesInOrder } from "../../stack/namespace.ts";
import type { Device, FdbEntry, NetNamespace } from "../../stack/types.ts";
import { die, incomplete, netns, type IpCtx } from "../ip/context.ts";
import { abbrev } from "../ip/names.ts";

import { multicastMacs } from "./mcast.ts";

const FDB_USAGE =
  "Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n" +
  "              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n" +
  "              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n" +
  "              [ dst IPADDR ] [ port PORT] [ vni VNI ] [ via DEV ]\n" +
  "              [ src_vni VNI ]\n" +
  "       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n" +
  "              [ state STATE ] [ dynamic ] ]\n" +
  "       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n" +
  "              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n" +
  "       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n" +
  "              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n" +
  "              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n" +
  "              [ [no]offloaded ]\n";

/** One line of the dump: an RTM_NEWNEIGH of family AF_BRIDGE. */
interface FdbLine {
  readonly mac: string;
  readonly dev: Device;
  readonly self: boolean;
  readonly master?: Device;
  /** state_n2a of fdb_to_nud: "permanent", "static", or "" for a dynamic entry. */
  readonly state: string;
  /** NDA_CACHEINFO in seconds (used, updated), bridge entries only. */
  readonly ages?: readonly [number, number];
}

function ages(ctx: IpCtx, e: FdbEntry): [number, number] {
  const s = Math.floor((ctx.world.clock - e.updated) / 1000);
  return [s, s];
}

/** br_fdb_dump for a port: its entries newest first, then the local entry of its own MAC. */
function portLines(ctx: IpCtx, br: Device, port: Device): FdbLine[] {
  const st = br.bridge;
  const mine = (st?.fdb ?? []).filter((e) => e.port === port.ifindex).reverse();
  const lines: FdbLine[] = mine.map((e) => ({ mac: e.mac, dev: port, self: false, master: br, state: e.state ?? "", ages: ages(ctx, e) }));
  lines.push({ mac: port.mac, dev: port, self: false, master: br, state: "permanent", ages: [0, 0] });
  return lines;
}

/** A bridge's entry of its own MAC (br_fdb_change_mac_address), when no port has that MAC. */
function bridgeOwnLines(ns: NetNamespace, br: Device): FdbLine[] {
  if (br.bridge?.macSet !== true || bridgePorts(ns, br).some((p) => p.mac === br.mac)) return [];
  return [{ mac: br.mac, dev: br, self: false, master: br, state: "permanent", ages: [0, 0] }];
}

function deviceLines(ctx: IpCtx, ns: NetNamespace, dev: Device): FdbLine[] {
  const lines: FdbLine[] = [];
  const br = masterOf(ns, dev);
  if (br !== undefined) lines.push(...portLines(ctx, br, dev));
  lines.push(...multicastMacs(ns, dev).map((mac) => ({ mac, dev, self: true, state: "permanent" })));
  if (dev.kind === "bridge") lines.push(...bridgeOwnLines(ns, dev));
  return lines;
}

/** print_fdb: MAC, dev (unless filtered by device), used/updated with -s, flags, master, state. */
function printLine(ctx: IpCtx, l: FdbLine, showDev: boolean): void {
  const out = ctx.out;
  out.openObject();
  out.str("any", "mac", "%s ", l.mac);
  if (showDev) out.str("any", "ifname", "dev %s ", l.dev.name);
  if (ctx.opts.stats > 0 && l.ages !== undefined) {
    out.num("any", "used", "used %d/", l.ages[0]);
    out.num("any", "updated", "%d ", l.ages[1]);
  }
  out.openArray("json", "flags");
  if (l.self) out.str("any", undefined, "%s ", "self");
  out.closeArray("json", "");
  if (l.master !== undefined) out.str("any", "master", "master %s ", l.master.name);
  out.str("any", "state", "%s", l.state);
  out.fp("\n");
  out.closeObject();
}

/** fdb_show: the `br` and `dev`/`brport` filters, with the real tool's complaints. */
function show(ctx: IpCtx, args: readonly string[]): number {
  const ns = netns(ctx);
  let brName: string | undefined;
  let devName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] ?? "";
    const next = (): string => args[++i] ?? incomplete(ctx);
    if (w === "dev" || w === "brport") devName = next();
    else if (w === "br") brName = next();
    else if (["vlan", "state", "dynamic"].includes(w)) return die(ctx, `nfsim: bridge fdb show ${w} is not emulated\n`, 2);
    else if (abbrev(w, "help")) die(ctx, FDB_USAGE, 255);
  }
  const br = brName === undefined ? undefined : (deviceByName(ns, brName) ?? die(ctx, `Cannot find bridge device "${brName}"\n`, 255));
  const only = devName === undefined ? undefined : (deviceByName(ns, devName) ?? die(ctx, `Cannot find device "${devName}"\n`, 255));
  // rtnl_fdb_dump refuses a `br` that is no bridge; the dump ends with nothing printed.
  if (br !== undefined && br.kind !== "bridge") return 0;
  // br_fdb_cleanup has run meanwhile: stale learned entries are gone.
  for (const d of ns.devices) if (d.bridge !== undefined) fdbExpire(d.bridge, ctx.world.clock);
  ctx.out.newJson();
  for (const dev of devicesInOrder(ns)) {
    if (dev.kind === "loopback" || (only !== undefined && dev !== only)) continue;
    if (br !== undefined && dev !== br && masterOf(ns, dev) !== br) continue;
    for (const l of deviceLines(ctx, ns, dev)) printLine(ctx, l, only === undefined);
  }
  ctx.out.endJson();
  return 0;
}

/** sscanf("%hhx:...") of the address: six hex bytes, each printed back in two digits. */
function parseMac(text: string): string | undefined {
  const m = /^([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2})/i.exec(text);
  return m?.slice(1).map((b) => b.toLowerCase().padStart(2, "0")).join(":");
}

interface FdbRequest {
  readonly mac: string;
  readonly dev: Device;
  readonly state: FdbUserState;
}

/** fdb_modify's parsing: the address, dev, self/master and the state words. */
function parseModify(ctx: IpCtx, args: readonly string[]): FdbRequest {
  let devName: string | undefined;
  let addr: string | undefined;
  let self = false;
  let master = false;
  let state: FdbUserState = "permanent";
  for (let i = 0; i < args.length; i++) {
    let w = args[i] ?? "";
    if (w === "dev") devName = args[++i] ?? incomplete(ctx);
    else if (w === "self") self = true;
    else if (abbrev(w, "master")) master = true;
    else if (abbrev(w, "local") || abbrev(w, "permanent")) state = "permanent";
    else if (abbrev(w, "temp") || abbrev(w, "static")) state = "static";
    else if (abbrev(w, "dynamic")) state = "dynamic";
    else if (["dst", "vlan", "port", "vni", "src_vni", "via", "use", "router", "extern_learn", "sticky"].some((o) => w === o)) {
      return die(ctx, `nfsim: bridge fdb ${w} is not emulated\n`, 2);
    } else {
      if (w === "to") w = args[++i] ?? incomplete(ctx);
      if (abbrev(w, "help")) die(ctx, FDB_USAGE, 255);
      if (addr !== undefined) die(ctx, `Error: either "to" is duplicate, or "${w}" is a garbage.\n`, 255);
      addr = w;
    }
  }
  if (devName === undefined || addr === undefined) return die(ctx, "Device and address are required arguments.\n", 255);
  // Without either flag iproute2 sends NTF_SELF: the device's own address list.
  if (self || !master) return die(ctx, "nfsim: bridge fdb on a device's own address list (self) is not emulated\n", 2);
  const mac = parseMac(addr) ?? die(ctx, `Invalid mac address ${addr}\n`, 255);
  const dev = deviceByName(netns(ctx), devName) ?? die(ctx, `Cannot find device "${devName}"\n`, 255);
  return { mac, dev, state };
}

/** rtnl_talk's refusal, as `bridge` prints it (exit -1). */
function refuse(ctx: IpCtx, e: unknown): never {
  if (!(e instanceof NetlinkError)) throw e;
  return die(ctx, e.extack === undefined ? `RTNETLINK answers: ${e.strerror}\n` : `Error: ${e.extack}.\n`, 255);
}

/**
 * rtnl_fdb_add / rtnl_fdb_del with NTF_MASTER: only a bridge port has a master to ask
 * (else EOPNOTSUPP); a dynamic entry needs a port that learns (fdb_add_entry: EPERM).
 */
function modify(ctx: IpCtx, cmd: "add" | "replace" | "del", args: readonly string[]): number {
  const req = parseModify(ctx, args);
  const ns = netns(ctx);
  const br = masterOf(ns, req.dev);
  try {
    if (br?.bridge === undefined) throw new NetlinkError("EOPNOTSUPP");
    if (cmd === "del") fdbUserDel(br.bridge, req.dev, req.mac);
    else {
      if (req.state === "dynamic" && !portForwards(br, req.dev)) throw new NetlinkError("EPERM");
      fdbUserAdd(br.bridge, bridgePorts(ns, br), req.dev, req.mac, req.state, { excl: cmd === "add" }, ctx.world.clock);
    }
  } catch (e) {
    refuse(ctx, e);
  }
  return 0;
}

/** do_fdb: show (the default), add, append, replace, del, help. */
export function doFdb(ctx: IpCtx, args: readonly string[]): number {
  const [cmd, ...rest] = args;
  if (cmd === undefined) return show(ctx, []);
  if (abbrev(cmd, "add")) return modify(ctx, "add", rest);
  if (abbrev(cmd, "append") || abbrev(cmd, "replace")) return modify(ctx, "replace", rest);
  if (abbrev(cmd, "delete")) return modify(ctx, "del", rest);
  if (abbrev(cmd, "show") || abbrev(cmd, "lst") || abbrev(cmd, "list")) return show(ctx, rest);
  if (abbrev(cmd, "help")) return die(ctx, FDB_USAGE, 255);
  if (abbrev(cmd, "get") || abbrev(cmd, "flush")) return die(ctx, `nfsim: bridge fdb ${cmd} is not emulated\n`, 2);
  return die(ctx, `Command "${cmd}" is unknown, try "bridge fdb help".\n`, 255);
}
