import { describe, expect, it } from "vitest";
import { AGEING_MS, fdbExpire, fdbForgetPort, fdbLearn, fdbLookup, isGroupMac, isLocalMac } from "./bridge-fdb.ts";
import type { BridgeState, Device } from "./types.ts";

const A = "02:00:00:00:00:0a";
const B = "02:00:00:00:00:0b";

function bridge(): BridgeState {
  return { idMac: "00:00:00:00:00:00", fdb: [] };
}

function dev(name: string, mac: string, ifindex: number): Device {
  return { ifindex, name, kind: "veth", mac, mtu: 1500, up: true, carrier: true, addrs: [] };
}

describe("the bridge forwarding database", () => {
  it("learns a source MAC on the port it came in by, and moves it when it shows up elsewhere", () => {
    const st = bridge();
    fdbLearn(st, A, 3, 1000, false);
    expect(fdbLookup(st, A, 1000)).toBe(3);
    expect(fdbLookup(st, B, 1000)).toBeUndefined();
    fdbLearn(st, A, 4, 2000, false);
    expect(st.fdb).toEqual([{ mac: A, port: 4, updated: 2000 }]);
  });

  it("never learns group addresses, the zero MAC, or a MAC local to the bridge", () => {
    const st = bridge();
    fdbLearn(st, "ff:ff:ff:ff:ff:ff", 3, 0, false);
    fdbLearn(st, "01:00:5e:00:00:01", 3, 0, false);
    fdbLearn(st, "00:00:00:00:00:00", 3, 0, false);
    fdbLearn(st, A, 3, 0, true);
    expect(st.fdb).toEqual([]);
  });

  it("forgets an entry once 300 s have passed since it was last seen (has_expired)", () => {
    const st = bridge();
    fdbLearn(st, A, 3, 5000, false);
    expect(AGEING_MS).toBe(300_000);
    expect(fdbLookup(st, A, 5000 + AGEING_MS - 1)).toBe(3);
    fdbLearn(st, A, 3, 10_000, false);
    expect(fdbLookup(st, A, 5000 + AGEING_MS)).toBe(3);
    expect(fdbLookup(st, A, 10_000 + AGEING_MS)).toBeUndefined();
    expect(st.fdb).toEqual([]);
  });

  it("drops the stale entries and a leaving port's entries", () => {
    const st = bridge();
    fdbLearn(st, A, 3, 0, false);
    fdbLearn(st, B, 4, 200_000, false);
    fdbExpire(st, 300_000);
    expect(st.fdb.map((e) => e.mac)).toEqual([B]);
    fdbForgetPort(st, 4);
    expect(st.fdb).toEqual([]);
  });

  it("treats the bridge's MAC and its ports' MACs as local, and the group bit as multicast", () => {
    const br = { ...dev("br0", A, 2), kind: "bridge" as const };
    const ports = [dev("vc1", B, 3)];
    expect(isLocalMac(br, ports, A)).toBe(true);
    expect(isLocalMac(br, ports, B)).toBe(true);
    expect(isLocalMac(br, ports, "02:00:00:00:00:0c")).toBe(false);
    expect(isGroupMac("ff:ff:ff:ff:ff:ff")).toBe(true);
    expect(isGroupMac("33:33:00:00:00:01")).toBe(true);
    expect(isGroupMac(A)).toBe(false);
  });
});
