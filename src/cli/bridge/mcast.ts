// The multicast MAC addresses a device has joined (dev->mc, in the order they were added),
// which `bridge fdb show` lists as "self permanent": IPv6 all-nodes from registration
// (ipv6_add_dev), a bridge's snooping groups for multicast router discovery when it opens
// (br_multicast_open → br_multicast_join_snoopers, 224.0.0.106 and ff02::6a), IPv4
// all-hosts when the device comes up (ip_mc_up), then the solicited-node group of each
// IPv6 address (addrconf_join_solict), mapped to MACs as ip_eth_mc_map / ipv6_eth_mc_map do.
import { sysctlOn } from "../../stack/sysctl.ts";
import type { Device, NetNamespace } from "../../stack/types.ts";

const IPV6_ALL_NODES = "33:33:00:00:00:01";
const IPV4_ALL_HOSTS = "01:00:5e:00:00:01";
const SNOOPERS = ["01:00:5e:00:00:6a", "33:33:00:00:00:6a"];

/** ipv6_eth_mc_map of ff02::1:ffXX:XXXX: 33:33:ff and the address's last three bytes. */
function solicitedNode(addr6: string): string {
  const tail = addr6.slice(-6);
  return `33:33:ff:${tail.slice(0, 2)}:${tail.slice(2, 4)}:${tail.slice(4, 6)}`;
}

export function multicastMacs(ns: NetNamespace, dev: Device): string[] {
  const v6 = !sysctlOn(ns, `net.ipv6.conf.${dev.name}.disable_ipv6`);
  const macs: string[] = [];
  if (v6) macs.push(IPV6_ALL_NODES);
  if (dev.kind === "bridge" && dev.up) macs.push(...SNOOPERS);
  if (dev.up) macs.push(IPV4_ALL_HOSTS);
  for (const a of dev.addrs6 ?? []) macs.push(solicitedNode(a.addr));
  return [...new Set(macs)];
}
