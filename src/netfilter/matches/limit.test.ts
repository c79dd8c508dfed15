// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, saved, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m limit",
  "iptables -A INPUT -m limit --limit 6000/hour --limit-burst 10 -j ACCEPT",
  "iptables -A INPUT -p tcp -m limit --limit 5/s --limit-burst 0",
  "iptables -A INPUT -m limit --limit 1000/day",
];

describe("limit match", () => {
  it("saves the rate in its best unit, the burst unless 5 (0 becomes the kernel's 5)", () => {
    expect(saved("INPUT", ...SETUP)).toEqual([
      "-A INPUT -m limit --limit 3/hour",
      "-A INPUT -m limit --limit 100/min --limit-burst 10 -j ACCEPT",
      "-A INPUT -p tcp -m limit --limit 5/sec",
      "-A INPUT -m limit --limit 1000/day",
    ]);
  });

  it("lists as limit: avg RATE burst N", () => {
    expect(session(...SETUP, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             limit: avg 3/hour burst 5\n" +
        "ACCEPT     all  --  anywhere             anywhere             limit: avg 100/min burst 10\n" +
        "           tcp  --  anywhere             anywhere             limit: avg 5/sec burst 5\n" +
        "           all  --  anywhere             anywhere             limit: avg 1000/day burst 5\n",
    );
  });

  it("refuses bad rates and bursts as libxt_limit does", () => {
    expect(refusal("iptables -A INPUT -m limit --limit 0/sec")).toEqual(fails("bad rate \"0/sec\"'"));
    expect(refusal("iptables -A INPUT -m limit --limit 5/minutes")).toEqual(fails("bad rate \"5/minutes\"'"));
    expect(refusal("iptables -A INPUT -m limit --limit 10001/sec")).toEqual(fails('Rate too fast "10001/sec"'));
    expect(refusal("iptables -A INPUT -m limit --limit 99999999999/sec")).toEqual(fails('Rate too fast "99999999999/sec"'));
    expect(refusal("iptables -A INPUT -m limit --limit-burst 10001")).toEqual(
      fails('limit: bad value for option "--limit-burst", or out of range (0-10000).\n'),
    );
    expect(refusal("iptables -A INPUT -m limit ! --limit 5")).toEqual(fails('limit: option "--limit" cannot be inverted.\n'));
  });

  it("spends a bucket of burst packets refilled at the rate (nft_limit.c, on the virtual clock)", () => {
    const { world } = session("iptables -A INPUT -m limit --limit 1/sec --limit-burst 3 -j ACCEPT", "iptables -A INPUT -j DROP");
    let now = 0;
    const env = testEnv({ now: () => now });
    const at = (ms: number) => {
      now = ms;
      return verdicts(world, [tcpPacket(1, 2)], { env })[0];
    };
    // Three at once empty the bucket; a refused packet keeps what has accrued.
    expect([at(0), at(0), at(0), at(0), at(500), at(999), at(1000), at(1999)]).toEqual([
      "ACCEPT", "ACCEPT", "ACCEPT", "DROP", "DROP", "DROP", "ACCEPT", "DROP",
    ]);
    // A long pause refills no more than the burst.
    expect([at(60_000), at(60_000), at(60_000), at(60_000)]).toEqual(["ACCEPT", "ACCEPT", "ACCEPT", "DROP"]);
  });

  it("keeps the bucket in the rule's run-time state", () => {
    const { world } = session("iptables -A INPUT -m limit --limit 2/min --limit-burst 1 -j ACCEPT", "iptables -A INPUT -j DROP");
    const env = testEnv({ now: () => 1000 });
    expect(verdicts(world, [tcpPacket(1, 2), tcpPacket(1, 2)], { env })).toEqual(["ACCEPT", "DROP"]);
    const rule = world.namespaces[""]?.ruleset.tables.filter?.chains[0]?.rules[0];
    expect(rule?.runtime).toEqual({ m0: { tokens: "0", last: "1000000000" } });
  });
});
