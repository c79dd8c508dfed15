import { describe, expect, it } from "vitest";
import { linkDown, linkUp, settle, type StackHost } from "./link.ts";
import { newNetNamespace } from "./namespace.ts";
import { deleteNeighbour, findNeighbour, setNeighbour } from "./neighbour.ts";
import { sysctlSet } from "./sysctl.ts";
import type { Device, NetNamespace } from "./types.ts";

function lab(): { host: StackHost; ns: NetNamespace; dev: Device; peer: Device } {
  const ns = newNetNamespace();
  const dev: Device = { ifindex: 3, name: "veth0", kind: "veth", mac: "02:00:00:00:00:01", mtu: 1500, up: false, carrier: false, addrs: [], peer: { ns: "", ifindex: 2 } };
  const peer: Device = { ifindex: 2, name: "veth1", kind: "veth", mac: "02:00:00:00:00:02", mtu: 1500, up: false, carrier: false, addrs: [], peer: { ns: "", ifindex: 3 } };
  ns.devices.push(peer, dev);
  const host = { namespaces: { "": ns }, clock: 0 };
  linkUp(host, "", dev);
  linkUp(host, "", peer);
  return { host, ns, dev, peer };
}

const ADDR = 0x0a000008;

describe("the neighbour table", () => {
  it("turns REACHABLE into STALE after base_reachable_time on the virtual clock", () => {
    const { host, ns } = lab();
    setNeighbour(ns, { ifindex: 3, addr: ADDR, lladdr: "02:00:00:00:00:08", state: "REACHABLE" }, { create: true, excl: true }, host.clock);
    host.clock += 29_999;
    settle(host);
    expect(findNeighbour(ns, 3, ADDR)?.state).toBe("REACHABLE");
    host.clock += 1;
    settle(host);
    expect(findNeighbour(ns, 3, ADDR)?.state).toBe("STALE");
  });

  it("takes base_reachable_time_ms from the device's sysctl", () => {
    const { host, ns } = lab();
    sysctlSet(ns, "net.ipv4.neigh.veth0.base_reachable_time_ms", "1000");
    setNeighbour(ns, { ifindex: 3, addr: ADDR, lladdr: "02:00:00:00:00:08", state: "REACHABLE" }, { create: true, excl: true }, 0);
    host.clock = 1000;
    settle(host);
    expect(findNeighbour(ns, 3, ADDR)?.state).toBe("STALE");
  });

  it("refuses add over an entry, change of a missing one, and a valid state without an address", () => {
    const { ns } = lab();
    const req = { ifindex: 3, addr: ADDR, lladdr: "02:00:00:00:00:08", state: "PERMANENT" as const };
    setNeighbour(ns, req, { create: true, excl: true }, 0);
    expect(() => setNeighbour(ns, req, { create: true, excl: true }, 0)).toThrow("File exists");
    expect(() => setNeighbour(ns, { ...req, addr: ADDR + 1 }, { create: false, excl: false }, 0)).toThrow("No such file or directory");
    expect(() => setNeighbour(ns, { ifindex: 3, addr: ADDR + 2, state: "PERMANENT" }, { create: true, excl: true }, 0)).toThrow("No link layer address given");
    expect(findNeighbour(ns, 3, ADDR + 2)?.state).toBe("NONE");
    deleteNeighbour(ns, 3, ADDR);
    expect(() => deleteNeighbour(ns, 3, ADDR)).toThrow("No such file or directory");
  });

  it("keeps permanent entries when the carrier goes and drops all of them when the link goes down", () => {
    const { host, ns, dev, peer } = lab();
    setNeighbour(ns, { ifindex: 3, addr: ADDR, lladdr: "02:00:00:00:00:08", state: "PERMANENT" }, { create: true, excl: true }, 0);
    setNeighbour(ns, { ifindex: 3, addr: ADDR + 1, lladdr: "02:00:00:00:00:09", state: "STALE" }, { create: true, excl: true }, 0);
    linkDown(host, "", peer);
    expect(ns.neighbours.map((n) => n.addr)).toEqual([ADDR]);
    linkDown(host, "", dev);
    expect(ns.neighbours).toEqual([]);
  });
});
