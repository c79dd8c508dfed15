import { describe, expect, it } from "vitest";
import type { CtEntry, PacketResult, Result } from "../../../src/cli/replay/schema.ts";
import { compareResults, formatDivergences } from "./compare.ts";

const masq = (replyPort: number, extra: Partial<CtEntry> = {}): CtEntry => ({
  proto: "udp", flags: ["UNREPLIED"], mark: 0,
  orig: { src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 53 },
  reply: { src: "10.0.2.2", dst: "10.0.2.1", sport: 53, dport: replyPort },
  ...extra,
});

function packet(over: Partial<PacketResult> = {}): PacketResult {
  return {
    counters: { "nat/POSTROUTING/1": 1 },
    policy: { "filter/FORWARD": 1 },
    delivered: { host: "server", proto: "udp", src: "10.0.2.1", dst: "10.0.2.2", sport: 40000, dport: 53, ttl: 63, payload_len: 0 },
    returned: [],
    conntrack: [masq(40000, { timeout: 29 })],
    ...over,
  };
}

const one = (p: PacketResult): Result => ({ results: [p] });

describe("compareResults", () => {
  it("finds nothing between equal results, whatever their timeouts and counters at zero", () => {
    const nfsim = one(packet({ counters: { "nat/POSTROUTING/1": 1, "filter/FORWARD/1": 0 }, conntrack: [masq(40000, { timeout: 30 })] }));
    expect(compareResults(one(packet()), nfsim).divergences).toEqual([]);
  });

  it("names the packet, the field and both values", () => {
    const nfsim = one(packet({ policy: {}, conntrack: [masq(40000, { flags: ["ASSURED"] })] }));
    expect(compareResults(one(packet()), nfsim).divergences).toEqual([
      { packet: 0, field: "policy[\"filter/FORWARD\"]", kernel: 1, nfsim: 0 },
      { packet: 0, field: "conntrack[udp 10.0.1.2:40000>10.0.2.2:53].flags", kernel: ["UNREPLIED"], nfsim: ["ASSURED"] },
    ]);
  });

  it("reports an entry only one side has, and a packet only one side delivered", () => {
    const nfsim = one(packet({ delivered: null, conntrack: [] }));
    const d = compareResults(one(packet()), nfsim).divergences.map((x) => x.field);
    expect(d).toEqual(["delivered", "conntrack[udp 10.0.1.2:40000>10.0.2.2:53]"]);
  });

  it("compares the packet fields nfsim gives and lists those it leaves out", () => {
    const { ttl: _t, ...bare } = packet().delivered ?? { host: "server", proto: "udp", src: "", dst: "" };
    const c = compareResults(one(packet()), one(packet({ delivered: bare })));
    expect(c.divergences).toEqual([]);
    expect([...c.unchecked]).toEqual(["ttl"]);
    const wrong = compareResults(one(packet()), one(packet({ delivered: { ...bare, ttl: 64 } })));
    expect(wrong.divergences.map((x) => x.field)).toEqual(["delivered.ttl"]);
  });

  it("takes a port that source NAT had to move as any port, used consistently", () => {
    const kernel = one(packet({ conntrack: [masq(41533)], delivered: { ...packet().delivered!, sport: 41533 } as PacketResult["delivered"] }));
    const other = one(packet({ conntrack: [masq(2000)], delivered: { ...packet().delivered!, sport: 2000 } as PacketResult["delivered"] }));
    expect(compareResults(kernel, other).divergences).toEqual([]);
    const inconsistent = one(packet({ conntrack: [masq(2000)], delivered: { ...packet().delivered!, sport: 2001 } as PacketResult["delivered"] }));
    expect(compareResults(kernel, inconsistent).divergences.map((x) => x.field)).toEqual(["delivered.sport"]);
    expect(compareResults(kernel, one(packet())).divergences.map((x) => x.field)).toEqual([
      "delivered.sport", "conntrack[udp 10.0.1.2:40000>10.0.2.2:53].reply",
    ]);
  });

  it("notices a result with another number of packets", () => {
    expect(compareResults({ results: [packet(), packet()] }, one(packet())).divergences).toEqual([
      { packet: -1, field: "results.length", kernel: 2, nfsim: 1 },
    ]);
  });
});

describe("formatDivergences", () => {
  it("puts each divergence on a line with the packet that caused it", () => {
    const text = formatDivergences(
      [{ from: "client", proto: "tcp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 80, flags: "S", advance: 5 }],
      [{ packet: 0, field: "conntrack[tcp 10.0.1.2:40000>10.0.2.2:80].state", kernel: "SYN_SENT", nfsim: "ESTABLISHED" }],
    );
    expect(text).toBe("  packet 0 (client tcp 10.0.1.2:40000 > 10.0.2.2:80 [S] after 5s): conntrack[tcp 10.0.1.2:40000>10.0.2.2:80].state: kernel \"SYN_SENT\", nfsim \"ESTABLISHED\"");
  });
});
