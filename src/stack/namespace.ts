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

export function allocIfindex(ns: NetNamespace): number {
  ns.lastIfindex += 1;
  return ns.lastIfindex;
}
