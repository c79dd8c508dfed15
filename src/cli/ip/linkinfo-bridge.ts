// The IFLA_LINKINFO part of `ip -d link` for bridges and their ports (ip/iplink_bridge.c
// bridge_print_opt, ip/iplink_bridge_slave.c bridge_slave_print_opt), with the kernel's
// defaults (STP off, no VLAN filtering, multicast snooping on). The timers run on the
// virtual clock: a port's forward_delay_timer counts 15 s down from when it started to
// forward; the bridge's gc_timer counts the ageing time down from when it was opened (the
// kernel shortens it to the next FDB expiry, which nfsim does not follow).
import { portFlag } from "../../stack/bridge.ts";
import { deviceByIndex } from "../../stack/namespace.ts";
import type { Device } from "../../stack/types.ts";
import { netns, type IpCtx } from "./context.ts";

/** BR_DEFAULT_AGEING_TIME and forward_delay (15 s), in ms. */
const AGEING_MS = 300_000;
const FORWARD_DELAY_MS = 15_000;
/** BR_PORT_BITS: a port id is the priority (32 → 0x8) in the top four bits, then the port number. */
const PORT_PRIORITY = 32;

/** br_get_bridge_id as iproute2 prints it: "%.2x%.2x.%x:%x:%x:%x:%x:%x". */
function bridgeId(mac: string): string {
  return `8000.${mac.split(":").map((b) => parseInt(b, 16).toString(16)).join(":")}`;
}

/** _print_timer: whole seconds and hundredths, "%4i.%.2i" in text. */
function timer(ctx: IpCtx, name: string, leftMs: number): void {
  const cs = Math.max(0, Math.floor(leftMs / 10));
  const whole = String(Math.floor(cs / 100));
  const frac = String(cs % 100).padStart(2, "0");
  ctx.out.rawNum(name, `${whole}.${frac}`, `${name} ${whole.padStart(4)}.${frac} `);
}

function num(ctx: IpCtx, key: string, text: string, value: number): void {
  ctx.out.num("any", key, `${text} %u `, value);
}

function onOff(ctx: IpCtx, key: string, text: string, value: boolean): void {
  if (ctx.out.isJson) ctx.out.bool("json", key, "", value);
  else ctx.out.fp(`${text} ${value ? "on" : "off"} `);
}

function printBridge(ctx: IpCtx, br: Device): void {
  const out = ctx.out;
  const st = br.bridge;
  const id = bridgeId(st?.idMac ?? "00:00:00:00:00:00");
  for (const [k, v] of [["forward_delay", 1500], ["hello_time", 200], ["max_age", 2000], ["ageing_time", 30000], ["stp_state", 0], ["priority", 32768], ["vlan_filtering", 0]] as const) num(ctx, k, k, v);
  out.str("any", "bridge_id", "bridge_id %s ", id);
  out.str("any", "root_id", "designated_root %s ", id);
  for (const k of ["root_port", "root_path_cost", "topology_change", "topology_change_detected"]) num(ctx, k, k, 0);
  for (const k of ["hello_timer", "tcn_timer", "topology_change_timer"]) timer(ctx, k, 0);
  const opened = st?.openedAt;
  timer(ctx, "gc_timer", opened === undefined ? 0 : AGEING_MS - ((ctx.world.clock - opened) % AGEING_MS));
  out.str("any", "group_fwd_mask", "group_fwd_mask %s ", "0");
  out.str("any", "group_addr", "group_address %s ", "01:80:c2:00:00:00");
  const mcast: readonly (readonly [string, string, number])[] = [
    ["mcast_snooping", "mcast_snooping", 1], ["no_linklocal_learn", "no_linklocal_learn", 0], ["mcast_vlan_snooping", "mcast_vlan_snooping", 0],
    ["mcast_router", "mcast_router", 1], ["mcast_query_use_ifaddr", "mcast_query_use_ifaddr", 0], ["mcast_querier", "mcast_querier", 0],
    ["mcast_hash_elasticity", "mcast_hash_elasticity", 16], ["mcast_hash_max", "mcast_hash_max", 4096],
    ["mcast_last_member_cnt", "mcast_last_member_count", 2], ["mcast_startup_query_cnt", "mcast_startup_query_count", 2],
    ["mcast_last_member_intvl", "mcast_last_member_interval", 100], ["mcast_membership_intvl", "mcast_membership_interval", 26000],
    ["mcast_querier_intvl", "mcast_querier_interval", 25500], ["mcast_query_intvl", "mcast_query_interval", 12500],
    ["mcast_query_response_intvl", "mcast_query_response_interval", 1000], ["mcast_startup_query_intvl", "mcast_startup_query_interval", 3124],
    ["mcast_stats_enabled", "mcast_stats_enabled", 0], ["mcast_igmp_version", "mcast_igmp_version", 2], ["mcast_mld_version", "mcast_mld_version", 1],
    // The bridge's own nf_call_* options (IFLA_BR_NF_CALL_*), not the br_netfilter sysctls.
    ["nf_call_iptables", "nf_call_iptables", 0], ["nf_call_ip6tables", "nf_call_ip6tables", 0], ["nf_call_arptables", "nf_call_arptables", 0],
  ];
  for (const [key, text, v] of mcast) num(ctx, key, text, v);
}

function printPort(ctx: IpCtx, port: Device, br: Device | undefined): void {
  const out = ctx.out;
  const id = bridgeId(br?.bridge?.idMac ?? "00:00:00:00:00:00");
  const portId = ((PORT_PRIORITY >> 2) << 12) | (port.portNo ?? 0);
  const since = port.forwardingSince;
  out.str("any", "state", "state %s ", since === undefined ? "disabled" : "forwarding");
  num(ctx, "priority", "priority", PORT_PRIORITY);
  // port_cost: a veth reports 10000 Mb/s, which costs 2.
  num(ctx, "cost", "cost", 2);
  for (const k of ["hairpin", "guard", "root_block", "fastleave", "learning", "flood"] as const) onOff(ctx, k, k, portFlag(port, k));
  out.str("any", "id", "port_id %s ", `0x${portId.toString(16)}`);
  out.str("any", "no", "port_no %s ", `0x${(port.portNo ?? 0).toString(16)}`);
  num(ctx, "designated_port", "designated_port", portId);
  num(ctx, "designated_cost", "designated_cost", 0);
  out.str("any", "bridge_id", "designated_bridge %s ", id);
  out.str("any", "root_id", "designated_root %s ", id);
  timer(ctx, "hold_timer", 0);
  timer(ctx, "message_age_timer", 0);
  timer(ctx, "forward_delay_timer", since === undefined ? 0 : FORWARD_DELAY_MS - (ctx.world.clock - since));
  num(ctx, "topology_change_ack", "topology_change_ack", 0);
  num(ctx, "config_pending", "config_pending", 0);
  onOff(ctx, "proxy_arp", "proxy_arp", false);
  onOff(ctx, "proxy_arp_wifi", "proxy_arp_wifi", false);
  num(ctx, "multicast_router", "mcast_router", 1);
  // Text only: JSON already had "fastleave".
  out.fp(`mcast_fast_leave ${portFlag(port, "fastleave") ? "on" : "off"} `);
  for (const k of ["mcast_flood", "bcast_flood"] as const) onOff(ctx, k, k, portFlag(port, k));
  for (const k of ["mcast_to_unicast", "neigh_suppress"]) onOff(ctx, k, k, false);
  out.str("any", "group_fwd_mask", "group_fwd_mask %s ", "0");
  out.str("any", "group_fwd_mask_str", "group_fwd_mask_str %s ", "0x0");
  onOff(ctx, "vlan_tunnel", "vlan_tunnel", false);
  onOff(ctx, "isolated", "isolated", portFlag(port, "isolated"));
  onOff(ctx, "locked", "locked", false);
}

/** print_linkinfo's IFLA_LINKINFO: the kind (with a bridge's data), and a port's bridge_slave data. */
export function printLinkKind(ctx: IpCtx, dev: Device): void {
  const out = ctx.out;
  out.openObject("linkinfo");
  out.nl();
  out.str("any", "info_kind", "    %s ", dev.kind);
  if (dev.kind === "bridge") {
    out.openObject("info_data");
    printBridge(ctx, dev);
    out.closeObject();
  }
  if (dev.master !== undefined) {
    out.nl();
    out.str("any", "info_slave_kind", "    %s_slave ", "bridge");
    out.openObject("info_slave_data");
    printPort(ctx, dev, deviceByIndex(netns(ctx), dev.master));
    out.closeObject();
  }
  out.closeObject();
}
