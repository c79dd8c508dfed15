// `ip link set DEV type bridge_slave OPTIONS` (ip/iplink_bridge_slave.c): the port flags
// nfsim follows (the same as `bridge link set`), the options it does not, and the usage
// text for an unknown one. The kernel takes them only for a bridge port
// (rtnetlink.c do_setlink: a device without a master has no slave_changelink).
import { masterOf, setPortFlag } from "../../stack/bridge.ts";
import type { BridgePortFlag, Device } from "../../stack/types.ts";
import { die, incomplete, netns, type IpCtx } from "./context.ts";

/** The options in print_explain's order, with their argument; the flags nfsim follows name their BridgePortFlag. */
const OPTIONS: readonly (readonly [string, string, BridgePortFlag?])[] = [
  ["fdb_flush", ""], ["state", "STATE"], ["priority", "PRIO"], ["cost", "COST"],
  ["guard", "{on | off}", "guard"], ["hairpin", "{on | off}", "hairpin"], ["fastleave", "{on | off}", "fastleave"],
  ["root_block", "{on | off}", "root_block"], ["learning", "{on | off}", "learning"], ["flood", "{on | off}", "flood"],
  ["proxy_arp", "{on | off}"], ["proxy_arp_wifi", "{on | off}"], ["mcast_router", "MULTICAST_ROUTER"],
  ["mcast_fast_leave", "{on | off}", "fastleave"], ["mcast_flood", "{on | off}", "mcast_flood"],
  ["bcast_flood", "{on | off}", "bcast_flood"], ["mcast_to_unicast", "{on | off}"], ["group_fwd_mask", "MASK"],
  ["neigh_suppress", "{on | off}"], ["vlan_tunnel", "{on | off}"], ["isolated", "{on | off}", "isolated"],
  ["locked", "{on | off}"],
];

const USAGE =
  "Usage: ... bridge_slave " +
  OPTIONS.map(([name, arg], i) => `${i === 0 ? "" : "\t\t\t"}[ ${name}${arg === "" ? "" : ` ${arg}`} ]\n`).join("") +
  "\t\t\t[ backup_port DEVICE ] [ nobackup_port ]\n";

/** parse_on_off with ip's exit status. */
function onOff(ctx: IpCtx, key: string, value: string): boolean {
  if (value === "on" || value === "off") return value === "on";
  return die(ctx, `Error: argument of "${key}" must be one of "off", "on", not "${value}"\n`, 1);
}

export type PortChanges = readonly (readonly [BridgePortFlag, boolean])[];

/** bridge_slave_parse_opt over the words after `type bridge_slave`. */
export function parseBridgeSlave(ctx: IpCtx, words: readonly string[]): PortChanges {
  const changes: [BridgePortFlag, boolean][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    const opt = OPTIONS.find(([name]) => name === w);
    if (opt === undefined && w !== "backup_port" && w !== "nobackup_port") {
      ctx.io.stderr(`bridge_slave: unknown option "${w}"?\n`);
      return die(ctx, USAGE, 1);
    }
    const flag = opt?.[2];
    if (flag === undefined) return die(ctx, `nfsim: bridge_slave ${w} is not emulated\n`, 2);
    const v = words[++i] ?? incomplete(ctx);
    changes.push([flag, onOff(ctx, w, v)]);
  }
  return changes;
}

/** do_setlink's IFLA_INFO_SLAVE_DATA: br_port_slave_changelink, for a bridge port only. */
export function applyBridgeSlave(ctx: IpCtx, dev: Device, changes: PortChanges): void {
  if (masterOf(netns(ctx), dev) === undefined) die(ctx, "RTNETLINK answers: Operation not supported\n", 2);
  for (const [flag, on] of changes) setPortFlag(dev, flag, on);
}
