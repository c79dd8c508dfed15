import { describe, expect, it } from "vitest";
import { CaseError, normaliseResult, parseCase, splitArrivals, type CtEntry, type Result } from "./schema.ts";

// The example case of ../shared/replay-schema.md.
const example = {
  topology: "router",
  ruleset: "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n",
  sysctl: { "net.netfilter.nf_conntrack_tcp_loose": 1 },
  packets: [
    { from: "client", proto: "tcp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 80, flags: "S", seq: 1000, ack: 0, ttl: 64, payload_len: 0, advance: 0 },
    { from: "server", proto: "icmp", src: "10.0.2.2", dst: "10.0.1.2", icmp_type: 0, icmp_code: 0, icmp_id: 7, icmp_seq: 1 },
  ],
};

function withPacket(p: Record<string, unknown>): string {
  return JSON.stringify({ ...example, packets: [p] });
}

const tcp = { from: "client", proto: "tcp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 80 };

describe("parseCase", () => {
  it("accepts the schema's example, as text or parsed", () => {
    expect(parseCase(JSON.stringify(example))).toEqual(example);
    expect(parseCase(example)).toBe(example);
  });

  it.each([
    [{ ...tcp, sport: 70000 }, "packets[0].sport: expected an integer from 0 to 65535, got 70000"],
    [{ ...tcp, sport: "80" }, "packets[0].sport: expected an integer from 0 to 65535, got \"80\""],
    [{ ...tcp, flags: "AS" }, "packets[0].flags: expected TCP flag letters in the order FSRPAUEC, such as \"SA\", got \"AS\""],
    [{ ...tcp, src: "10.0.1.256" }, "packets[0].src: expected an IPv4 address such as \"10.0.1.2\", got \"10.0.1.256\""],
    [{ ...tcp, from: "router" }, "packets[0].from: expected \"client\" or \"dut\" or \"server\", got \"router\""],
    [{ ...tcp, advance: -1 }, "packets[0].advance: expected a number of seconds, 0 or more, got -1"],
    [{ ...tcp, icmp_type: 8 }, "packets[0].icmp_type: not allowed for TCP"],
    [{ ...tcp, windw: 5 }, "packets[0].windw: not a field of the schema"],
    [{ from: "client", proto: "udp", src: "10.0.1.2", dst: "10.0.2.2", sport: 1, dport: 2, flags: "S" }, "packets[0].flags: not allowed for UDP"],
    [{ from: "client", proto: "icmp", src: "10.0.1.2", dst: "10.0.2.2" }, "packets[0].icmp_type: expected an integer from 0 to 255, got nothing"],
    [{ from: "server", proto: "icmp", src: "10.0.2.2", dst: "10.0.1.2", icmp_type: 3, icmp_code: 3 }, "packets[0].inner: required for ICMP type 3, an error"],
    [{ from: "client", proto: "icmp", src: "10.0.1.2", dst: "10.0.2.2", icmp_type: 8, inner: { proto: "udp" } }, "packets[0].inner: not allowed for ICMP type 8, which quotes no packet"],
    [{ from: "server", proto: "icmp", src: "10.0.2.2", dst: "10.0.1.2", icmp_type: 3, inner: { proto: "udp", src: "10.0.1.2", dst: "10.0.2.2", sport: 5 } },
      "packets[0].inner.dport: expected an integer from 0 to 65535, got nothing"],
  ])("names the field of a bad packet: %j", (packet, message) => {
    expect(() => parseCase(withPacket(packet))).toThrow(new CaseError(message));
  });

  it("names the field of a bad case", () => {
    expect(() => parseCase("{")).toThrow(/^case: not JSON: /);
    expect(() => parseCase({ ...example, topology: "bridge" })).toThrow("case.topology: expected \"router\" or \"host\", got \"bridge\"");
    expect(() => parseCase({ ...example, ruleset: 3 })).toThrow("ruleset: expected iptables-save text, got 3");
    expect(() => parseCase({ ...example, packets: {} })).toThrow("packets: expected an array, got {}");
    expect(() => parseCase({ ...example, sysctl: { "net ipv4": 1 } })).toThrow("sysctl.net ipv4: not a sysctl name");
    expect(() => parseCase({ ...example, topology: "host" })).toThrow("packets[1].from: the host topology has no server");
  });
});

describe("splitArrivals", () => {
  const at = (host: "client" | "server", src: string) => ({ host, proto: "icmp", src, dst: "x", icmp_type: 3 }) as const;

  it("delivers the first arrival away from the sender and returns the rest, the sender's first", () => {
    const arrivals = [at("client", "a"), at("server", "b"), at("client", "c"), at("server", "d")];
    expect(splitArrivals("client", arrivals)).toEqual({ delivered: at("server", "b"), returned: [at("client", "a"), at("client", "c"), at("server", "d")] });
    expect(splitArrivals("server", arrivals)).toEqual({ delivered: at("client", "a"), returned: [at("server", "b"), at("server", "d"), at("client", "c")] });
  });

  it("has nothing delivered when only the sender got something, and client before server for the dut", () => {
    expect(splitArrivals("client", [at("client", "a")])).toEqual({ delivered: null, returned: [at("client", "a")] });
    expect(splitArrivals("dut", [at("server", "b"), at("client", "a")])).toEqual({ delivered: at("client", "a"), returned: [at("server", "b")] });
  });
});

const entry = (proto: string, src: string, sport: number, extra: Partial<CtEntry> = {}): CtEntry => ({
  proto, orig: { src, dst: "10.0.2.2", sport, dport: 80 }, reply: { src: "10.0.2.2", dst: src, sport: 80, dport: sport },
  flags: ["UNREPLIED"], mark: 0, ...extra,
});

describe("normaliseResult", () => {
  it("sorts conntrack by (proto, orig.src, orig.sport, ...), drops timeouts and counters that did not move", () => {
    const raw: Result = {
      results: [{
        counters: { "nat/POSTROUTING/2": 1, "filter/FORWARD/1": 1, "filter/INPUT/1": 0 },
        policy: { "filter/INPUT": 0 },
        delivered: null,
        returned: [],
        conntrack: [
          entry("udp", "10.0.1.2", 5),
          entry("tcp", "10.0.1.10", 1, { timeout: 30 }),
          entry("tcp", "10.0.1.9", 2, { flags: ["ASSURED"], state: "ESTABLISHED", timeout: 431999 }),
        ],
      }],
    };
    const n = normaliseResult(raw).results[0];
    expect(Object.keys(n?.counters ?? {})).toEqual(["filter/FORWARD/1", "nat/POSTROUTING/2"]);
    expect(n?.policy).toEqual({});
    expect(n?.conntrack.map((e) => [e.proto, e.orig.src, e.timeout])).toEqual([
      ["tcp", "10.0.1.9", undefined], ["tcp", "10.0.1.10", undefined], ["udp", "10.0.1.2", undefined],
    ]);
  });

  it("makes two results that differ only in order and timeouts equal", () => {
    const a: Result = { results: [{ counters: {}, policy: {}, delivered: null, returned: [], conntrack: [entry("tcp", "10.0.1.2", 2, { timeout: 5 }), entry("tcp", "10.0.1.2", 1)] }] };
    const b: Result = { results: [{ counters: {}, policy: {}, delivered: null, returned: [], conntrack: [entry("tcp", "10.0.1.2", 1, { timeout: 9 }), entry("tcp", "10.0.1.2", 2)] }] };
    expect(normaliseResult(a)).toEqual(normaliseResult(b));
    const c: Result = { results: [{ ...b.results[0]!, conntrack: [entry("tcp", "10.0.1.2", 1, { mark: 1 }), entry("tcp", "10.0.1.2", 2)] }] };
    expect(normaliseResult(a)).not.toEqual(normaliseResult(c));
  });
});
