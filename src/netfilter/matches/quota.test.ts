// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, saved, session, tcpPacket, verdicts } from "../testkit.ts";

describe("quota match", () => {
  it("saves and lists the quota given, never what is left", () => {
    const setup = ["iptables -A INPUT -m quota --quota 1000", "iptables -A INPUT -m quota ! --quota 0x10"];
    expect(saved("INPUT", ...setup)).toEqual(["-A INPUT -m quota --quota 1000", "-A INPUT -m quota ! --quota 16"]);
    expect(session(...setup, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            quota: 1000 bytes\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            quota: 16 bytes\n",
    );
    expect(refusal("iptables -A INPUT -m quota --quota 18446744073709551616")).toEqual(
      fails('quota: bad value for option "--quota", or out of range (0-18446744073709551615).\n'),
    );
  });

  it("spends the packets' lengths; the first that does not fit ends it for good (xt_quota.c)", () => {
    // 60-byte packets against 150 bytes: two fit, the third empties the quota.
    const { world } = session("iptables -A INPUT -m quota --quota 150 -j ACCEPT", "iptables -A INPUT -j DROP");
    expect(verdicts(world, [tcpPacket(1, 2), tcpPacket(1, 2), tcpPacket(1, 2), tcpPacket(1, 2)])).toEqual(["ACCEPT", "ACCEPT", "DROP", "DROP"]);
    const inv = session("iptables -A INPUT -m quota ! --quota 60 -j DROP").world;
    expect(verdicts(inv, [tcpPacket(1, 2), tcpPacket(1, 2)])).toEqual(["ACCEPT", "DROP"]);
    expect(session("iptables -A INPUT -m quota --quota 150", "iptables -S INPUT").stdout).toContain("--quota 150");
  });
});
