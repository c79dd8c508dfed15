// `ip link add NAME type bridge [OPTIONS]` (ip/iplink_bridge.c): the options iproute2 6.1
// knows, and its usage text. nfsim's bridges take none of them yet: each is refused by name.

/** The options of bridge_parse_opt, with the argument names print_explain gives them. */
const OPTIONS: readonly (readonly [string, string?])[] = [
  ["fdb_flush"],
  ["forward_delay", "FORWARD_DELAY"],
  ["hello_time", "HELLO_TIME"],
  ["max_age", "MAX_AGE"],
  ["ageing_time", "AGEING_TIME"],
  ["stp_state", "STP_STATE"],
  ["priority", "PRIORITY"],
  ["group_fwd_mask", "MASK"],
  ["group_address", "ADDRESS"],
  ["no_linklocal_learn", "NO_LINKLOCAL_LEARN"],
  ["vlan_filtering", "VLAN_FILTERING"],
  ["vlan_protocol", "VLAN_PROTOCOL"],
  ["vlan_default_pvid", "VLAN_DEFAULT_PVID"],
  ["vlan_stats_enabled", "VLAN_STATS_ENABLED"],
  ["vlan_stats_per_port", "VLAN_STATS_PER_PORT"],
  ["mcast_snooping", "MULTICAST_SNOOPING"],
  ["mcast_vlan_snooping", "MULTICAST_VLAN_SNOOPING"],
  ["mcast_router", "MULTICAST_ROUTER"],
  ["mcast_query_use_ifaddr", "MCAST_QUERY_USE_IFADDR"],
  ["mcast_querier", "MULTICAST_QUERIER"],
  ["mcast_hash_elasticity", "HASH_ELASTICITY"],
  ["mcast_hash_max", "HASH_MAX"],
  ["mcast_last_member_count", "LAST_MEMBER_COUNT"],
  ["mcast_startup_query_count", "STARTUP_QUERY_COUNT"],
  ["mcast_last_member_interval", "LAST_MEMBER_INTERVAL"],
  ["mcast_membership_interval", "MEMBERSHIP_INTERVAL"],
  ["mcast_querier_interval", "QUERIER_INTERVAL"],
  ["mcast_query_interval", "QUERY_INTERVAL"],
  ["mcast_query_response_interval", "QUERY_RESPONSE_INTERVAL"],
  ["mcast_startup_query_interval", "STARTUP_QUERY_INTERVAL"],
  ["mcast_stats_enabled", "MCAST_STATS_ENABLED"],
  ["mcast_igmp_version", "IGMP_VERSION"],
  ["mcast_mld_version", "MLD_VERSION"],
  ["nf_call_iptables", "NF_CALL_IPTABLES"],
  ["nf_call_ip6tables", "NF_CALL_IP6TABLES"],
  ["nf_call_arptables", "NF_CALL_ARPTABLES"],
];

export const BRIDGE_OPTIONS: readonly string[] = OPTIONS.map(([name]) => name);

function usageItem([name, arg]: readonly [string, string?]): string {
  return `[ ${name}${arg !== undefined ? ` ${arg}` : ""} ]`;
}

/** print_explain: the first option on the Usage line, the others indented with two tabs. */
export const BRIDGE_USAGE =
  `Usage: ... bridge ${OPTIONS.map((o, i) => (i === 0 ? "" : "\t\t  ") + usageItem(o)).join("\n")}\n\n` +
  "Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n";
