// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands; the
// nth sequences are what the kernel did to pings through the same rules.
import { describe, expect, it } from "vitest";
import { fails, refusal, saved, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m statistic --mode random --probability 0.333333333333 -j DROP",
  "iptables -A INPUT -m statistic --mode random ! --probability 0.000244140625",
  "iptables -A INPUT -m statistic --mode nth ! --every 5 --packet 2",
  "iptables -A INPUT -m statistic --mode nth --every 3 --packet 0",
];

describe("statistic match", () => {
  it("saves the probability as the kernel's fixed point printed with %.11f (ties to even)", () => {
    expect(saved("INPUT", ...SETUP)).toEqual([
      "-A INPUT -m statistic --mode random --probability 0.33333333349 -j DROP",
      "-A INPUT -m statistic --mode random ! --probability 0.00024414062",
      "-A INPUT -m statistic --mode nth ! --every 5 --packet 2",
      "-A INPUT -m statistic --mode nth --every 3 --packet 0",
    ]);
    expect(saved("INPUT", "iptables -A INPUT -m statistic --mode random --probability 0x0.8", "iptables -A INPUT -m statistic --mode random --probability nan")).toEqual([
      "-A INPUT -m statistic --mode random --probability 0.50000000000",
      "-A INPUT -m statistic --mode random --probability 0.00000000000",
    ]);
  });

  it("lists the packet only when not 0", () => {
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "DROP       0    --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.33333333349\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            statistic mode random ! probability 0.00024414062\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            statistic mode nth ! every 5 packet 2\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            statistic mode nth every 3\n",
    );
  });

  it("checks modes before libxtables' generic checks, as libxt_statistic does", () => {
    expect(refusal("iptables -A INPUT -m statistic")).toEqual(fails("--probability must be specified when using random mode"));
    expect(refusal("iptables -A INPUT -m statistic --probability 1")).toEqual(fails('statistic: option "--mode" must be specified\n'));
    expect(refusal("iptables -A INPUT -m statistic --mode nth")).toEqual(fails("--every and --packet must be specified when using nth mode"));
    expect(refusal("iptables -A INPUT -m statistic --mode nth ! --every 5")).toEqual(fails('statistic: option "--every" also requires "--packet".\n'));
    expect(refusal("iptables -A INPUT -m statistic --mode nth --every 5 --packet 5")).toEqual(fails("the --packet p must be 0 <= p <= n-1"));
    expect(refusal("iptables -A INPUT -m statistic --mode nth --packet 1")).toEqual(fails("the --packet p must be 0 <= p <= n-1"));
    // --probability shares the kernel's storage with --every, so 0.5 makes every large enough.
    expect(refusal("iptables -A INPUT -m statistic --mode nth --probability 0.5 --packet 5")).toEqual(
      fails('statistic: option "--probability" cannot be used together with "--packet".\n'),
    );
    expect(refusal("iptables -A INPUT -m statistic --mode random ! --probability 1.1")).toEqual(
      fails('statistic: bad value for option "--probability", or out of range (0-1).\n'),
    );
    expect(refusal("iptables -A INPUT -m statistic --mode Random --probability 0.5")).toEqual(fails('Bad mode "Random"'));
    expect(refusal("iptables -A INPUT -m statistic --mode nth --every 0 --packet 0")).toEqual(
      fails('statistic: bad value for option "--every", or out of range (1-4294967295).\n'),
    );
  });

  it("matches every nth packet from --packet, as the kernel's counter does", () => {
    const run = (rule: string) => {
      const { world } = session(`iptables -A INPUT ${rule} -j DROP`);
      return verdicts(world, Array.from({ length: 7 }, () => tcpPacket(1, 2))).map((v) => (v === "DROP" ? "x" : "."));
    };
    expect(run("-m statistic --mode nth --every 3 --packet 1").join("")).toBe(".x..x..");
    expect(run("-m statistic --mode nth ! --every 3 --packet 0").join("")).toBe(".xx.xx.");
    expect(run("-m statistic --mode nth --every 1 --packet 0").join("")).toBe("xxxxxxx");
  });

  it("compares 31 random bits with the fixed-point probability", () => {
    const { world } = session("iptables -A INPUT -m statistic --mode random --probability 0.25 -j DROP");
    const sample = (r: number) => verdicts(world, [tcpPacket(1, 2)], { env: testEnv({ random: () => r }) })[0];
    // 0.25 is 0x20000000: floor(r * 2^31) must be below it.
    expect([sample(0), sample(0.2499999995), sample(0.25), sample(0.9)]).toEqual(["DROP", "DROP", "ACCEPT", "ACCEPT"]);
  });
});
