// Creating namespaces and finding their devices.
import { emptyRuleset } from "../netfilter/ruleset.ts";
import type { Device, NetNamespace } from "./types.ts";

/** A fresh namespace as `ip netns add` makes it: only `lo`, down, without addresses. */
export function newNetNamespace(): NetNamespace {
  return {
    devices: [{ ifindex: 1, name: "lo", kind: "loopback", mac: "00:00:00:00:00:00", mtu: 65536, up: false, addrs: [] }],
    routes: [],
    neighbours: [],
    sysctl: {},
    ruleset: emptyRuleset(),
    lastIfindex: 1,
  };
}

export function deviceByName(ns: NetNamespace, name: string): Device | undefined {
  return ns.devices.find((d) => d.name === name);
}

export function deviceByIndex(ns: NetNamespace, ifindex: number): Device | undefined {
  return ns.devices.find((d) => d.ifindex === ifindex);
}

/** The devices in ifindex order, the order of a link dump. */
export function devicesInOrder(ns: NetNamespace): Device[] {
  return [...ns.devices].sort((a, b) => a.ifindex - b.ifindex);
}

/**
 * The next free interface index after the last one handed out (net/core/dev.c:
 * dev_index_reserve allocates cyclically per namespace, skipping indexes in use).
 */
export function allocIfindex(ns: NetNamespace): number {
  let next = ns.lastIfindex;
  do {
    next = next >= 0x7fffffff ? 1 : next + 1;
  } while (deviceByIndex(ns, next) !== undefined);
  ns.lastIfindex = next;
  return next;
}

/** dev_alloc_name: the lowest free number for a "veth%d" pattern. */
export function allocName(ns: NetNamespace, pattern: string, taken: readonly string[] = []): string {
  for (let i = 0; ; i++) {
    const name = pattern.replace("%d", String(i));
    if (deviceByName(ns, name) === undefined && !taken.includes(name)) return name;
  }
}
