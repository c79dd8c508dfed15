// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { formatTrace } from "../trace.ts";
import { fails, refusal, rulesetOf, saved, session, tcpPacket, testEnv } from "../testkit.ts";

describe("cpu match", () => {
  it("saves and lists the CPU number", () => {
    expect(saved("INPUT", "iptables -A INPUT -m cpu ! --cpu 3", "iptables -A INPUT -m cpu --cpu 4294967295")).toEqual([
      "-A INPUT -m cpu ! --cpu 3",
      "-A INPUT -m cpu --cpu 4294967295",
    ]);
    expect(session("iptables -A INPUT -m cpu ! --cpu 3", "iptables -L INPUT").stdout).toContain(
      "           all  --  anywhere             anywhere             cpu ! 3\n",
    );
    expect(refusal("iptables -A INPUT -m cpu --cpu -1")).toEqual(fails('cpu: bad value for option "--cpu", or out of range (0-4294967295).\n'));
    expect(refusal("iptables -A INPUT -m cpu")).toEqual(fails('cpu: option "--cpu" must be specified\n'));
  });

  it("leaves the CPU undecided rather than guess", () => {
    const { world } = session("iptables -A INPUT -m cpu ! --cpu 3 -j DROP");
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "INPUT", env: testEnv() });
    expect(out.verdict).toBe("ACCEPT");
    expect(out.trace[0]).toMatchObject({ failed: { part: "match", name: "cpu", unmodelled: "nfsim does not model which CPU handles a packet" } });
    expect(formatTrace(rulesetOf(world), out.trace)).toBe(
      "  filter INPUT\n" +
        "      1  -A INPUT -m cpu ! --cpu 3 -j DROP  -- match #1 (-m cpu) not decided: nfsim does not model which CPU handles a packet\n" +
        "         end of chain: policy ACCEPT\n",
    );
  });
});
