// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { icmpPacket, refusal, saved, session, tcpPacket, TRY, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT",
  "iptables -A INPUT -p icmp ! --icmp-type 3/1:5",
  "iptables -A INPUT -p icmp --icmp-type port-unreachable -j DROP",
  "iptables -A INPUT -p icmp --icmp-type any",
];

describe("icmp match", () => {
  it("saves types by number, the lower code only, and type 255 as any", () => {
    expect(saved("INPUT", ...SETUP)).toEqual([
      "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT",
      "-A INPUT -p icmp -m icmp ! --icmp-type 3/1",
      "-A INPUT -p icmp -m icmp --icmp-type 3/3 -j DROP",
      "-A INPUT -p icmp -m icmp --icmp-type any",
    ]);
    expect(saved("INPUT", "iptables -A INPUT -p icmp ! --icmp-type 255/255", "iptables -A INPUT -p 1 --icmp-type 0x8", "iptables -A INPUT -p icmp --icmp-type ECHO-REQUEST")).toEqual([
      "-A INPUT -p icmp -m icmp ! --icmp-type any",
      "-A INPUT -p icmp -m icmp --icmp-type 8",
      "-A INPUT -p icmp -m icmp --icmp-type 8",
    ]);
  });

  it("lists names from the type table, numbers with -n", () => {
    expect(session(...SETUP, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "ACCEPT     icmp --  anywhere             anywhere             icmp echo-request\n" +
        "           icmp --  anywhere             anywhere             icmp !type 3 codes 1-5\n" +
        "DROP       icmp --  anywhere             anywhere             icmp port-unreachable\n" +
        "           icmp --  anywhere             anywhere             icmp any\n",
    );
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmptype 8\n" +
        "           1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 3 codes 1-5\n" +
        "DROP       1    --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 3\n" +
        "           1    --  0.0.0.0/0            0.0.0.0/0            icmptype 255\n",
    );
  });

  it("refuses bad types with libxt_icmp.h's wording", () => {
    const cases: [string, string][] = [
      ["echo", "Ambiguous ICMP type `echo': `echo-reply' or `echo-request'?"],
      ["foo", "Unknown ICMP type `foo'"],
      ["256", "Unknown ICMP type `256'"],
      ["3:4", "ICMP type range not supported"],
      ["3/x", "Unknown ICMP code `3/x'"],
      ["3/4/5", "unknown character /"],
      ["3x", "unknown character x"],
      ["''", "Ambiguous ICMP type `': `any' or `echo-reply'?"],
    ];
    for (const [arg, message] of cases) {
      expect(refusal(`iptables -A INPUT -p icmp --icmp-type ${arg}`)).toEqual({
        stderr: `iptables v1.8.9 (nf_tables): ${message}\n${TRY}`,
        exit: 2,
      });
    }
    expect(refusal("iptables -A INPUT -m icmp")).toEqual({
      stderr: `iptables v1.8.9 (nf_tables): icmp: option "--icmp-type" must be specified\n\n${TRY}`,
      exit: 2,
    });
  });

  it("is refused by the kernel without -p icmp", () => {
    for (const rule of ["-p tcp -m icmp --icmp-type 8", "-m icmp --icmp-type 8", "! -p icmp --icmp-type 8"]) {
      expect(refusal(`iptables -A INPUT ${rule}`)).toEqual({
        stderr: "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n",
        exit: 4,
      });
    }
  });

  it("matches type and code ranges, any, inversion, and never a later fragment", () => {
    const { world } = session(
      "iptables -P INPUT DROP",
      "iptables -A INPUT -p icmp --icmp-type 3/1:5 -j ACCEPT",
      "iptables -A INPUT -p icmp ! --icmp-type echo-request -j DROP",
      "iptables -A INPUT -p icmp --icmp-type any -j ACCEPT",
    );
    expect(verdicts(world, [icmpPacket(3, 1), icmpPacket(3, 5), icmpPacket(3, 6), icmpPacket(8, 0), icmpPacket(8, 0, { fragOffset: 10 })])).toEqual([
      "ACCEPT", "ACCEPT", "DROP", "ACCEPT", "DROP",
    ]);
  });

  it("never matches with ! --icmp-type any", () => {
    const { world } = session("iptables -A INPUT -p icmp ! --icmp-type any -j DROP");
    expect(verdicts(world, [icmpPacket(0, 0), icmpPacket(255, 255), tcpPacket(1, 2)])).toEqual(["ACCEPT", "ACCEPT", "ACCEPT"]);
  });
});
