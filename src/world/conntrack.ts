// The conntrack engine plugged into the packet path: each namespace keeps its connection
// table with it (saved in the world), read with the namespace's nf_conntrack sysctls.
import { conntrackSteps, configFromSysctl, newConntrackTable, type ConntrackSteps, type CtHost } from "../conntrack/index.ts";
import { deviceByName } from "../stack/namespace.ts";
import { sysctlGet } from "../stack/sysctl.ts";
import type { NetNamespace } from "../stack/types.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import { prefixToMask } from "../wire/ipv4.ts";

/** inet_select_addr (devinet.c): a primary address of the device, one on the next hop's subnet first. */
function selectAddress(ns: NetNamespace, iface: string, nextHop: Ipv4): Ipv4 | undefined {
  const primary = (deviceByName(ns, iface)?.addrs ?? []).filter((a) => !a.secondary && a.scope === 0);
  const onLink = primary.find((a) => ((a.addr & prefixToMask(a.prefixLen)) >>> 0) === ((nextHop & prefixToMask(a.prefixLen)) >>> 0));
  return (onLink ?? primary[0])?.addr;
}

function host(ns: NetNamespace): CtHost {
  return {
    masqueradeAddress: (outIface, nextHop) => selectAddress(ns, outIface, nextHop),
    firstAddress: (iface) => deviceByName(ns, iface)?.addrs[0]?.addr,
  };
}

export function namespaceConntrack(ns: NetNamespace): ConntrackSteps {
  ns.conntrack ??= newConntrackTable();
  return conntrackSteps(ns.conntrack, { config: configFromSysctl((name) => sysctlGet(ns, name)), host: host(ns) });
}
