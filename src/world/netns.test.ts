import { describe, expect, it } from "vitest";
import { linkUp } from "../stack/link.ts";
import { deviceByName } from "../stack/namespace.ts";
import { operState } from "../stack/device.ts";
import type { Device } from "../stack/types.ts";
import { addNetns, createVethPair, deleteNetns, ensureNsid, moveLink, netnsNames, nsidOf, setNsid } from "./netns.ts";
import { newWorld, type World } from "./world.ts";

function dev(world: World, ns: string, name: string): Device {
  const d = deviceByName(world.namespaces[ns] ?? { devices: [] } as never, name);
  if (d === undefined) throw new Error(`no ${name} in ${ns}`);
  return d;
}

describe("namespaces and veth pairs", () => {
  it("lists named namespaces newest first and refuses a name twice", () => {
    const world = newWorld();
    addNetns(world, "red");
    addNetns(world, "blue");
    expect(netnsNames(world)).toEqual(["blue", "red"]);
    expect(() => addNetns(world, "red")).toThrow("File exists");
    deleteNetns(world, "blue");
    addNetns(world, "blue");
    expect(netnsNames(world)).toEqual(["blue", "red"]);
  });

  it("creates the peer first, with random locally administered MACs from the world's seed", () => {
    const world = newWorld(7);
    const [a, b] = createVethPair(world, { ns: "", name: "veth0" }, { ns: "", name: "veth1" });
    expect([b.ifindex, a.ifindex]).toEqual([2, 3]);
    expect(a.mac).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
    expect(a.mac).not.toBe(b.mac);
    const again = newWorld(7);
    expect(createVethPair(again, { ns: "", name: "veth0" }, { ns: "", name: "veth1" })[0].mac).toBe(a.mac);
    expect(() => createVethPair(world, { ns: "", name: "veth0" }, { ns: "", name: "x" })).toThrow("File exists");
    const [, auto] = createVethPair(world, { ns: "", name: "v4" }, { ns: "" });
    expect(auto.name).toBe("veth2");
  });

  it("gives ids across namespaces when a pair spans them, lowest free first", () => {
    const world = newWorld();
    addNetns(world, "a");
    addNetns(world, "b");
    setNsid(world, "", "b", 0);
    createVethPair(world, { ns: "", name: "v0" }, { ns: "a", name: "v1" });
    expect(nsidOf(world, "", "a")).toBe(1);
    expect(nsidOf(world, "a", "")).toBe(0);
    expect(() => setNsid(world, "", "a", 5)).toThrow("Peer netns already has a nsid assigned");
    expect(() => setNsid(world, "a", "b", 0)).toThrow("The specified nsid is already used");
    expect(ensureNsid(world, "a", "b")).toBe(1);
  });

  it("moves a device: it goes down, loses its addresses, keeps its index unless taken, and its peer follows it", () => {
    const world = newWorld();
    addNetns(world, "a");
    const [v0] = createVethPair(world, { ns: "", name: "v0" }, { ns: "", name: "v1" });
    linkUp(world, "", v0);
    v0.addrs.push({ addr: 0x0a000001, prefixLen: 24, scope: 0, label: "v0", secondary: false });
    moveLink(world, "", v0, "a");
    expect(v0.up).toBe(false);
    expect(v0.addrs).toEqual([]);
    expect(v0.ifindex).toBe(3);
    expect(dev(world, "", "v1").peer).toEqual({ ns: "a", ifindex: 3 });
    expect(nsidOf(world, "", "a")).toBe(0);
    expect(nsidOf(world, "a", "")).toBe(0);
  });

  it("keeps the operstate linkwatch stored: LOWERLAYERDOWN only while the device named by iflink here lacks carrier", () => {
    const world = newWorld();
    addNetns(world, "a");
    createVethPair(world, { ns: "", name: "x0" }, { ns: "a", name: "x1" });
    linkUp(world, "", dev(world, "", "x0"));
    expect(operState(dev(world, "", "x0"))).toBe("DOWN");
    createVethPair(world, { ns: "", name: "v0" }, { ns: "", name: "v1" });
    linkUp(world, "", dev(world, "", "v0"));
    expect(operState(dev(world, "", "v0"))).toBe("LOWERLAYERDOWN");
    linkUp(world, "", dev(world, "", "v1"));
    expect(operState(dev(world, "", "v0"))).toBe("UP");
  });

  it("deletes a namespace with its devices, the far ends of their pairs, and the ids given for it", () => {
    const world = newWorld();
    addNetns(world, "a");
    createVethPair(world, { ns: "", name: "v0" }, { ns: "a", name: "v1" });
    deleteNetns(world, "a");
    expect(world.namespaces[""]?.devices.map((d) => d.name)).toEqual(["lo"]);
    expect(nsidOf(world, "", "a")).toBeUndefined();
    expect(() => deleteNetns(world, "a")).toThrow("No such file or directory");
  });
});
