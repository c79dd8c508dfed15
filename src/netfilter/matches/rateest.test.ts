// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, kernel, refusal, rulesetOf, session, tcpPacket, testEnv } from "../testkit.ts";

const SETUP = [
  "iptables -I INPUT -j RATEEST --rateest-name RE1 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms",
  "iptables -I INPUT -j RATEEST --rateest-name RE2 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms",
  "iptables -A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 8bit",
  "iptables -A INPUT -m rateest --rateest-delta --rateest1 RE1 --rateest-pps1 0 --rateest-lt --rateest-pps2 42 --rateest2 RE2",
  "iptables -A INPUT -m rateest --rateest RE1 ! --rateest-gt --rateest-bps 125mbit",
  "iptables -A INPUT -m rateest --rateest1 RE1 --rateest-bps --rateest-eq --rateest2 RE2",
];

describe("rateest match", () => {
  it("saves rates in bits with K/M, pps as numbers", () => {
    expect(session(...SETUP, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        "-A INPUT -j RATEEST --rateest-name RE2 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms\n" +
        "-A INPUT -j RATEEST --rateest-name RE1 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms\n" +
        "-A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 8bit\n" +
        "-A INPUT -m rateest --rateest-delta --rateest1 RE1 --rateest-pps1 0 --rateest-lt --rateest-pps2 42 --rateest2 RE2\n" +
        "-A INPUT -m rateest --rateest RE1 ! --rateest-gt --rateest-bps 125000Kbit\n" +
        "-A INPUT -m rateest --rateest1 RE1 --rateest-eq --rateest-bps --rateest2 RE2\n",
    );
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toContain(
      "           0    --  0.0.0.0/0            0.0.0.0/0            rateest match RE1 bps 1 lt\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            rateest match RE1 delta pps 0 lt RE2 pps 42\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            rateest match RE1 bps 15625000 ! gt\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            rateest match RE1 bps eq RE2 bps\n",
    );
  });

  it("refuses as libxt_rateest and its checkentry do", () => {
    expect(refusal("iptables -A INPUT -m rateest ! --rateest RE1 --rateest-pps 1 --rateest-eq")).toEqual(fails("rateest: rateest can't be inverted"));
    expect(refusal("iptables -A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-lt")).toEqual(fails("rateest: can't specify lt/gt/eq twice"));
    expect(refusal("iptables -A INPUT -m rateest --rateest RE1 --rateest-bps 8xbit --rateest-eq")).toEqual(fails("rateest: could not parse rate `8xbit'"));
    expect(refusal("iptables -A INPUT -m rateest --rateest RE1 --rateest-lt")).toEqual(kernel("Invalid argument"));
  });

  it("does not guess estimated rates", () => {
    const { world } = session("iptables -A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-pps 10 -j DROP");
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "INPUT", env: testEnv() });
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not estimate rates (RATEEST)" } });
  });
});
