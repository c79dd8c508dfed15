// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, kernel, refusal, rulesetOf, session, tcpPacket, testEnv } from "../testkit.ts";

describe("socket match", () => {
  it("saves and lists its flags (revision 3)", () => {
    const s = session(
      "iptables -A INPUT -m socket",
      "iptables -A INPUT -m socket --transparent --restore-skmark",
      "iptables -t mangle -A PREROUTING -m socket --nowildcard",
      "iptables -t mangle -S PREROUTING",
    );
    expect(s.stdout).toBe("-P PREROUTING ACCEPT\n-A PREROUTING -m socket --nowildcard\n");
    expect(session("iptables -A INPUT -m socket --transparent --restore-skmark", "iptables -L INPUT").stdout).toContain(
      "           all  --  anywhere             anywhere             socket --transparent --restore-skmark\n",
    );
  });

  it("is refused outside PREROUTING and INPUT", () => {
    expect(refusal("iptables -A OUTPUT -m socket")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A INPUT -m socket --transparent --transparent")).toEqual(
      fails('socket: option "--transparent" can only be used once.\n'),
    );
  });

  it("does not guess a socket lookup", () => {
    const { world } = session("iptables -A INPUT -m socket -j DROP");
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "INPUT", inIface: "eth0", env: testEnv() });
    expect(out.verdict).toBe("ACCEPT");
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not model the socket lookup of -m socket" } });
  });
});
