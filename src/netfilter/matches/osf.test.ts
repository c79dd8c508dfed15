// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, kernel, refusal, rulesetOf, session, tcpPacket, testEnv } from "../testkit.ts";

describe("osf match", () => {
  it("saves the genre and the options given", () => {
    const setup = ["iptables -A INPUT -p tcp -m osf --genre Linux --ttl 2 --log 1", "iptables -A INPUT -p tcp -m osf ! --genre Windows"];
    expect(session(...setup, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n-A INPUT -p tcp -m osf --genre Linux --ttl 2 --log 1\n-A INPUT -p tcp -m osf ! --genre Windows\n",
    );
    expect(session(...setup, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           tcp  --  anywhere             anywhere             OS fingerprint match Linux\n" +
        "           tcp  --  anywhere             anywhere             OS fingerprint match ! Windows\n",
    );
  });

  it("needs -p tcp and an input hook", () => {
    expect(refusal("iptables -A INPUT -m osf --genre Linux")).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -A OUTPUT -p tcp -m osf --genre Linux")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A INPUT -p tcp -m osf --genre Linux --ttl 3")).toEqual(fails('osf: bad value for option "--ttl", or out of range (0-2).\n'));
  });

  it("does not guess a fingerprint", () => {
    const { world } = session("iptables -A INPUT -p tcp -m osf ! --genre Linux -j DROP");
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "INPUT", env: testEnv() });
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim has no OS fingerprints loaded (nfnl_osf)" } });
  });
});
