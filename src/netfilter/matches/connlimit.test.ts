// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, refusal, rulesetOf, saved, session, tcpPacket, testEnv } from "../testkit.ts";

describe("connlimit match", () => {
  it("saves the limit, the mask as a length and the side; lists as #conn", () => {
    const setup = [
      "iptables -A INPUT -m connlimit --connlimit-above 5",
      "iptables -A INPUT -m connlimit --connlimit-upto 2 --connlimit-mask 24 --connlimit-daddr",
    ];
    expect(saved("INPUT", ...setup)).toEqual([
      "-A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 32 --connlimit-saddr",
      "-A INPUT -m connlimit --connlimit-upto 2 --connlimit-mask 24 --connlimit-daddr",
    ]);
    expect(session(...setup, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             #conn src/32 > 5\n" +
        "           all  --  anywhere             anywhere             #conn dst/24 <= 2\n",
    );
  });

  it("refuses as libxt_connlimit does", () => {
    expect(refusal("iptables -A INPUT -m connlimit --connlimit-mask 8")).toEqual(
      fails('You must specify "--connlimit-above" or "--connlimit-upto".'),
    );
    expect(refusal("iptables -A INPUT -m connlimit --connlimit-upto 5 --connlimit-above 6")).toEqual(
      fails('connlimit: option "--connlimit-upto" cannot be used together with "--connlimit-above".\n'),
    );
  });

  it("does not guess a count of connections: the rule does not match and the trace says why", () => {
    const { world } = session("iptables -A INPUT -m connlimit --connlimit-upto 100 -j DROP");
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "INPUT", env: testEnv() });
    expect(out.verdict).toBe("ACCEPT");
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not count the connections of an address (nf_conncount)" } });
  });
});
