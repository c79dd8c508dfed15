import { describe, expect, it } from "vitest";
import { fdbExpire, isLocalMac } from "./bridge-fdb.ts";
import { fdbUserAdd, fdbUserDel } from "./bridge-fdb-user.ts";
import { NetlinkError } from "./errors.ts";
import type { BridgeState, Device } from "./types.ts";

const A = "02:00:00:00:aa:01";

function port(name: string, mac: string, ifindex: number): Device {
  return { ifindex, name, kind: "veth", mac, mtu: 1500, up: true, carrier: true, addrs: [] };
}

const P1 = port("vc1", "02:00:00:00:00:11", 3);
const P2 = port("vc2", "02:00:00:00:00:12", 5);

function errno(f: () => void): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof NetlinkError) return e.errno;
    throw e;
  }
  return undefined;
}

describe("entries the user adds to a bridge's forwarding database", () => {
  it("are refused by add when the MAC is known (a port's own one too), and moved and re-stated by replace", () => {
    const st: BridgeState = { idMac: P1.mac, fdb: [] };
    fdbUserAdd(st, [P1, P2], P1, A, "static", { excl: true }, 0);
    expect(errno(() => fdbUserAdd(st, [P1, P2], P1, A, "static", { excl: true }, 0))).toBe("EEXIST");
    expect(errno(() => fdbUserAdd(st, [P1, P2], P1, P2.mac, "permanent", { excl: true }, 0))).toBe("EEXIST");
    fdbUserAdd(st, [P1, P2], P2, A, "permanent", { excl: false }, 10);
    expect(st.fdb).toEqual([{ mac: A, port: P2.ifindex, updated: 10, state: "permanent" }]);
  });

  it("never age when static or permanent, and make a permanent MAC local to the bridge", () => {
    const st: BridgeState = { idMac: P1.mac, fdb: [] };
    fdbUserAdd(st, [P1], P1, A, "permanent", { excl: true }, 0);
    fdbUserAdd(st, [P1], P1, "02:00:00:00:aa:02", "static", { excl: true }, 0);
    fdbUserAdd(st, [P1], P1, "02:00:00:00:aa:03", "dynamic", { excl: true }, 0);
    fdbExpire(st, 300_000);
    expect(st.fdb.map((e) => e.mac)).toEqual([A, "02:00:00:00:aa:02"]);
    const br: Device = { ...port("br0", P1.mac, 2), kind: "bridge", bridge: st };
    expect(isLocalMac(br, [P1], A)).toBe(true);
    expect(isLocalMac(br, [P1], "02:00:00:00:aa:02")).toBe(false);
  });

  it("are deleted only through the port they point to", () => {
    const st: BridgeState = { idMac: P1.mac, fdb: [] };
    fdbUserAdd(st, [P1, P2], P1, A, "static", { excl: true }, 0);
    expect(errno(() => fdbUserDel(st, P2, A))).toBe("ENOENT");
    fdbUserDel(st, P1, A);
    expect(st.fdb).toEqual([]);
  });
});
