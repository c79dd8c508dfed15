import { describe, expect, it } from "vitest";
import type { CasePacket } from "../../../src/cli/replay/schema.ts";
import { Rng } from "./rng.ts";
import { timeoutSysctls, timingHazard, withAdvances } from "./timing.ts";

const udp = (advance = 0): CasePacket => ({ from: "client", proto: "udp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 53, advance });
const tcp = (advance = 0): CasePacket => ({ from: "client", proto: "tcp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40001, dport: 80, flags: "S", advance });

describe("timingHazard", () => {
  const sysctl = timeoutSysctls({ short: 4, long: 8 });

  it("accepts a run whose overhead keeps every span on the same side of each threshold", () => {
    expect(timingHazard([udp(), udp(), tcp(5)], sysctl, { sent: [0, 900, 6900], observed: [50, 950, 6950] })).toBeUndefined();
  });

  it("flags two UDP packets that a virtual clock puts within 2 s and the kernel past it", () => {
    expect(timingHazard([udp(), tcp(), udp()], sysctl, { sent: [0, 1000, 2050], observed: [50, 1050, 2100] }))
      .toBe("UDP packets 0 and 2 are 0 s apart in virtual time but 2.05 s for real, across the UDP stream's 2 s");
    expect(timingHazard([tcp(), tcp(), tcp()], sysctl, { sent: [0, 1000, 2050], observed: [50, 1050, 2100] })).toBeUndefined();
  });

  it("flags a span short of a timeout in virtual time that reached it for real", () => {
    expect(timingHazard([tcp(), tcp(3)], sysctl, { sent: [0, 3900], observed: [50, 3990] }))
      .toBe("packets 0 and 1 are 3 s apart in virtual time but 3.99 s for real, across the 4 s timeout");
  });
});

describe("withAdvances", () => {
  it("never puts two packets a forbidden span apart, and advances at most `budget` times", () => {
    const rng = new Rng(3);
    const t = { short: 5, long: 9 };
    const bad = new Set([1, 2, 4, 5, 8, 9]);
    for (let k = 0; k < 200; k++) {
      const packets = withAdvances(rng, Array.from({ length: 12 }, () => tcp()), t, 3);
      let clock = 0;
      const at = packets.map((p) => (clock += p.advance ?? 0));
      for (let i = 0; i < at.length; i++) for (let j = i + 1; j < at.length; j++) expect(bad.has((at[j] ?? 0) - (at[i] ?? 0))).toBe(false);
      expect(packets.filter((p) => (p.advance ?? 0) > 0).length).toBeLessThanOrEqual(3);
    }
  });
});
