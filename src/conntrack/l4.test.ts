// UDP, ICMP, GRE and generic tracking against the real kernel (6.18, conntrack-tools
// 1.4.7), captured as in tcp.test.ts; use=1 is an idle entry's count.
import { describe, expect, it } from "vitest";
import { IPPROTO } from "../wire/packet.ts";
import { forwardAll, icmp, listing, makeHost, packet, seen, udp } from "./testkit.ts";

const C = "10.0.1.50";
const S = "10.0.2.50";

describe("UDP tracking", () => {
  it("is UNREPLIED for 30 s, then a stream (120 s, ASSURED) once seen both ways and two seconds old", () => {
    const h = makeHost();
    const tuples = "src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=53";
    const reply = "src=10.0.2.50 dst=10.0.1.50 sport=53 dport=5000";
    const steps = forwardAll(h, [udp(C, 5000, S, 53), udp(S, 53, C, 5000), udp(C, 5000, S, 53)]);
    // The real capture waited 2.1 s after the third datagram before listing.
    h.env.advance(2050);
    const waited = listing(h);
    steps.push(...forwardAll(h, [udp(C, 5000, S, 53), udp(S, 53, C, 5000)]));
    expect(steps.map((s) => s.state)).toEqual(["NEW", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED"]);
    expect([steps[0]?.table[0], steps[1]?.table[0], waited[0], steps[3]?.table[0], steps[4]?.table[0]]).toEqual([
      `udp      17 29 ${tuples} [UNREPLIED] ${reply} mark=0 use=1`,
      `udp      17 29 ${tuples} ${reply} mark=0 use=1`,
      `udp      17 27 ${tuples} ${reply} mark=0 use=1`,
      `udp      17 119 ${tuples} ${reply} [ASSURED] mark=0 use=1`,
      `udp      17 119 ${tuples} ${reply} [ASSURED] mark=0 use=1`,
    ]);
  });

  it("times out after 30 s without a reply", () => {
    const h = makeHost();
    h.forward(udp(C, 5000, S, 53));
    h.env.advance(29_999);
    expect(listing(h)).toHaveLength(1);
    h.env.advance(1);
    expect(listing(h)).toEqual([]);
  });

  it("gives no entry to a datagram whose length field overruns it", () => {
    const h = makeHost();
    const p = udp(C, 5000, S, 53, [1, 2]);
    p.l4 = { kind: "udp", sport: 5000, dport: 53, length: 20 };
    h.forward(p);
    expect(seen(p)).toBe("INVALID");
  });
});

describe("ICMP tracking", () => {
  it("tracks queries by their id; a reply without its query and types without a reply are INVALID", () => {
    const h = makeHost();
    const steps = forwardAll(h, [
      icmp(C, S, 8, 0, 77), icmp(S, C, 0, 0, 77), icmp(S, C, 0, 0, 78), icmp(S, C, 13, 0, 79), icmp(S, C, 9, 0), icmp(S, C, 40, 0),
    ]);
    expect(steps.map((s) => s.state)).toEqual(["NEW", "ESTABLISHED", "INVALID", "NEW", "INVALID", "INVALID"]);
    expect(steps[1]?.table).toEqual([
      "icmp     1 29 src=10.0.1.50 dst=10.0.2.50 type=8 code=0 id=77 src=10.0.2.50 dst=10.0.1.50 type=0 code=0 id=77 mark=0 use=1",
    ]);
    expect(steps[5]?.table).toEqual([
      "icmp     1 29 src=10.0.1.50 dst=10.0.2.50 type=8 code=0 id=77 src=10.0.2.50 dst=10.0.1.50 type=0 code=0 id=77 mark=0 use=1",
      "icmp     1 29 src=10.0.2.50 dst=10.0.1.50 type=13 code=0 id=79 [UNREPLIED] src=10.0.1.50 dst=10.0.2.50 type=14 code=0 id=79 mark=0 use=1",
    ]);
  });
});

describe("GRE and other protocols", () => {
  it("tracks GRE version 0 without keys: 30 s, then 180 s and ASSURED once replied", () => {
    const h = makeHost();
    const gre = (src: string, dst: string) => packet(src, dst, IPPROTO.GRE, { kind: "other" }, [0, 0, 8, 0, 1, 2, 3, 4]);
    const steps = forwardAll(h, [gre(C, S), gre(S, C), gre(C, S)]);
    expect(steps.map((s) => s.table[0])).toEqual([
      "gre      47 29 src=10.0.1.50 dst=10.0.2.50 srckey=0x0 dstkey=0x0 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 srckey=0x0 dstkey=0x0 mark=0 use=1",
      "gre      47 29 src=10.0.1.50 dst=10.0.2.50 srckey=0x0 dstkey=0x0 src=10.0.2.50 dst=10.0.1.50 srckey=0x0 dstkey=0x0 mark=0 use=1",
      "gre      47 179 src=10.0.1.50 dst=10.0.2.50 srckey=0x0 dstkey=0x0 src=10.0.2.50 dst=10.0.1.50 srckey=0x0 dstkey=0x0 [ASSURED] mark=0 use=1",
    ]);
  });

  it("tracks any other protocol by addresses alone for 600 s", () => {
    const h = makeHost();
    const [step] = forwardAll(h, [packet(C, S, 99, { kind: "other" }, [0, 0, 8, 0])]);
    expect(step).toEqual({
      state: "NEW",
      table: ["unknown  99 599 src=10.0.1.50 dst=10.0.2.50 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 mark=0 use=1"],
    });
  });

  it("leaves fragments other than the first untracked", () => {
    const h = makeHost();
    const frag = udp(C, 5000, S, 53);
    frag.ip = { ...frag.ip, fragOffset: 10 };
    h.forward(frag);
    expect([seen(frag), listing(h)]).toEqual(["INVALID", []]);
  });
});
