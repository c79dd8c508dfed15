import { describe, expect, it } from "vitest";
import { parseCase } from "../../../src/cli/replay/schema.ts";
import { generateCase, generateCases } from "./generate.ts";
import { Ports } from "./flows.ts";
import { caseMix } from "./mix.ts";
import { Rng } from "./rng.ts";

const cases = generateCases(11, 400);

/** Seconds of virtual time at each packet. */
function clock(packets: readonly { advance?: number }[]): number[] {
  let t = 0;
  return packets.map((p) => (t += p.advance ?? 0));
}

describe("generateCase", () => {
  it("is a function of (seed, index) alone", () => {
    expect(generateCase(11, 37)).toEqual(cases[37]);
    expect(generateCases(11, 40)[37]).toEqual(cases[37]);
    expect(generateCase(12, 37).case).not.toEqual(cases[37]?.case);
    expect(generateCase(11, 38).case).not.toEqual(cases[37]?.case);
  });

  it("makes cases the schema accepts", () => {
    for (const g of cases) expect(() => parseCase(JSON.stringify(g.case)), `case ${String(g.index)}`).not.toThrow();
  });

  it("never gives two flows of a case the same source port or echo id", () => {
    const rng = new Rng(5);
    const ports = new Ports(rng);
    const taken = (["client", "server", "dut"] as const).flatMap((side) =>
      (["tcp", "udp", "icmp"] as const).flatMap((proto) => Array.from({ length: 20 }, () => `${proto === "icmp" ? "id" : "port"} ${String(ports.take(side, rng, proto))}`)));
    expect(new Set(taken).size).toBe(taken.length);
  });

  it("keeps time spans away from the timeouts it sets, and advances at most twice", () => {
    const timed = cases.filter((g) => g.case.packets.some((p) => (p.advance ?? 0) > 0));
    expect(timed.length).toBeGreaterThan(20);
    for (const g of timed) {
      const sysctl = g.case.sysctl ?? {};
      const short = Number(sysctl["net.netfilter.nf_conntrack_udp_timeout"]);
      const long = Number(sysctl["net.netfilter.nf_conntrack_tcp_timeout_established"]);
      const bad = new Set([1, 2, short - 1, short, long - 1, long]);
      const t = clock(g.case.packets);
      for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) expect(bad.has((t[j] ?? 0) - (t[i] ?? 0))).toBe(false);
      expect(g.case.packets.filter((p) => (p.advance ?? 0) > 0).length).toBeLessThanOrEqual(2);
    }
  });

  it("switches off the ICMP rate limit in every case, and caps packets and unroutable ones", () => {
    for (const g of cases) {
      expect(g.case.sysctl?.["net.ipv4.icmp_ratemask"]).toBe(0);
      expect(g.case.packets.length).toBeLessThanOrEqual(14);
      expect(g.case.packets.filter((p) => p.dst === "192.0.2.9").length).toBeLessThanOrEqual(3);
    }
  });

  it("covers what the differential test is for", () => {
    const mix = caseMix(cases);
    for (const f of ["topology:router", "topology:host", "packet:tcp", "packet:udp", "packet:icmp", "packet:from-dut", "packet:icmp-error",
      "tcp:handshake", "tcp:close", "tcp:rst", "tcp:retransmission", "tcp:unsolicited-synack", "tcp:unsolicited-ack", "tcp:unsolicited-rst",
      "time:advances", "table:raw", "table:mangle", "table:nat", "match:conntrack", "match:state", "match:multiport", "match:mark",
      "match:connmark", "target:ACCEPT", "target:DROP", "target:REJECT", "target:LOG", "target:MARK", "target:CONNMARK", "target:SNAT",
      "target:DNAT", "target:MASQUERADE", "target:REDIRECT", "target:CT", "target:RETURN", "ruleset:user-chains", "ruleset:goto",
      "state:NEW", "state:ESTABLISHED", "state:RELATED", "state:INVALID", "state:UNTRACKED", "ruleset:stateless"]) {
      expect(mix.get(f) ?? 0, f).toBeGreaterThan(4);
    }
  });
});
