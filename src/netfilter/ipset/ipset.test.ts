// The ipset engine below the CLI: what the golden transcripts cannot pin down (memory sizes
// of the types whose size the kernel computes exactly, range splitting, address forms,
// ports taken from packets) against values the real ipset 7.17 printed.
import { describe, expect, it } from "vitest";
import { rangeToCidr, uadt } from "./adt.ts";
import { byStrcmp, memsize } from "./print.ts";
import { parseElem, resolveIpv4 } from "./parse.ts";
import { packetPort } from "./packet.ts";
import { createSet } from "./store.ts";
import { emptyStore, findSet, typeInfo, type IpSet, type IpsetStore } from "./types.ts";

function setOf(store: IpsetStore, name: string): IpSet {
  const set = findSet(store, name);
  if (set === undefined) throw new Error(`no set ${name}`);
  return set;
}

function add(store: IpsetStore, name: string, elem: string, extra: Record<string, unknown> = {}): void {
  const set = setOf(store, name);
  uadt(set, { ...parseElem(typeInfo(set.type), elem, "add"), ...extra }, "add", { store, now: 0, exist: false });
}

const ip = (text: string) => text.split(".").reduce((a, b) => a * 256 + Number(b), 0);

describe("Size in memory", () => {
  it("is exact for bitmap:port and list:set, as the real kernel reported it", () => {
    const store = emptyStore();
    createSet(store, "bp", "bitmap:port", { family: "any", range: { first: 1000, last: 2000 }, timeout: 100, counters: true, comment: true }, false);
    add(store, "bp", "1500", { comment: "x" });
    createSet(store, "bp4", "bitmap:port", { family: "any", range: { first: 0, last: 65535 } }, false);
    createSet(store, "l", "list:set", { family: "any" }, false);
    for (const s of ["bp", "bp4"]) add(store, "l", s);
    expect(memsize(setOf(store, "bp"), 0)).toBe(32250);
    expect(memsize(setOf(store, "bp4"), 0)).toBe(8264);
    expect(memsize(setOf(store, "l"), 0)).toBe(176);
  });

  it("counts a hash element in its own bucket (what the kernel reports when no two collide)", () => {
    const store = emptyStore();
    createSet(store, "n", "hash:net", { family: "inet", timeout: 100, counters: true, comment: true, skbinfo: true }, false);
    add(store, "n", "10.0.0.0/24", { comment: "a b" });
    add(store, "n", "10.0.1.0/24");
    // ipset list printed 764 for this set (base 456, two buckets of 144, comment 20).
    expect(memsize(setOf(store, "n"), 0)).toBe(764);
  });
});

describe("ranges", () => {
  it("splits an address range into the prefixes ip_set_range_to_cidr makes", () => {
    const nets: string[] = [];
    let from = ip("10.3.0.1");
    const to = ip("10.3.0.6");
    for (;;) {
      const { cidr, last } = rangeToCidr(from, to);
      nets.push(`${String(from & 255)}/${String(cidr)}`);
      if (last >= to) break;
      from = last + 1;
    }
    expect(nets).toEqual(["1/32", "2/31", "4/31", "6/32"]);
  });

  it("stops a range add at the first element already there, keeping what came before", () => {
    const store = emptyStore();
    createSet(store, "a", "hash:ip", { family: "inet" }, false);
    add(store, "a", "10.0.0.1");
    expect(() => add(store, "a", "10.0.0.0/30")).toThrow("Element cannot be added to the set: it's already added");
    expect(Object.keys(setOf(store, "a").members)).toEqual(["10.0.0.1", "10.0.0.0"]);
  });
});

describe("addresses and ports", () => {
  it("resolves what getaddrinfo resolves on a host without DNS", () => {
    expect(["10.1", "1.2.3", "012.0.0.2", "167772165", "localhost"].map(resolveIpv4)).toEqual([
      ip("10.0.0.1"), ip("1.2.0.3"), ip("10.0.0.2"), ip("10.0.0.5"), ip("127.0.0.1"),
    ]);
    expect(["0x0a000003", "10.0.0.256", "10.0.0.09", " 10.0.0.9", "bogus"].map(resolveIpv4)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("takes ports from the packet, ICMP type/code, and nothing from later fragments", () => {
    const hdr = { src: 1, dst: 2, ttl: 64, tos: 0, length: 60, id: 1, moreFragments: false, dontFragment: false, options: [] };
    expect(packetPort({ ip: { ...hdr, proto: 17, fragOffset: 0 }, l4: { kind: "udp", sport: 1000, dport: 53 } }, false)).toEqual({ proto: 17, port: 53 });
    expect(packetPort({ ip: { ...hdr, proto: 1, fragOffset: 0 }, l4: { kind: "icmp", type: 8, code: 0, id: 1, seq: 1 } }, true)).toEqual({ proto: 1, port: 0x800 });
    expect(packetPort({ ip: { ...hdr, proto: 17, fragOffset: 10 }, l4: { kind: "other" } }, false)).toBeUndefined();
    expect(packetPort({ ip: { ...hdr, proto: 47, fragOffset: 10 }, l4: { kind: "other" } }, false)).toEqual({ proto: 47, port: 0 });
  });

  it("sorts elements for -s as ipset's bystrcmp does", () => {
    const lines = ["10.0.0.0/8,tcp:80", "9.0.0.0/8,udp:53", "10.0.0.0/24,icmp:echo-reply", "10.0.0.0/16,tcp:80", "10.0.0.0/24,tcp:22"];
    expect([...lines].sort(byStrcmp)).toEqual(["9.0.0.0/8,udp:53", "10.0.0.0/24,tcp:22", "10.0.0.0/24,icmp:echo-reply", "10.0.0.0/16,tcp:80", "10.0.0.0/8,tcp:80"]);
  });
});
