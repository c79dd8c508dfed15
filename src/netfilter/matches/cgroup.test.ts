// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { kernel, refusal, rulesetOf, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

describe("cgroup match", () => {
  const setup = ["iptables -A OUTPUT -m cgroup --cgroup 1", "iptables -A INPUT -m cgroup ! --path /"];

  it("saves the path quoted, lists it bare (revision 2)", () => {
    expect(session(...setup, "iptables -S").stdout).toBe(
      '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -m cgroup ! --path "/"\n-A OUTPUT -m cgroup --cgroup 1\n',
    );
    expect(session(...setup, "iptables -L").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             cgroup ! /\n\n" +
        "Chain FORWARD (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n\n" +
        "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             cgroup 1\n",
    );
  });

  it("needs exactly one of a path or a classid, a path that exists, and a local hook", () => {
    expect(refusal("iptables -A OUTPUT -m cgroup")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A OUTPUT -m cgroup --cgroup 2 --path /")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A OUTPUT -m cgroup --path /system.slice")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A FORWARD -m cgroup --cgroup 1")).toEqual(kernel("Invalid argument", "FORWARD"));
  });

  it("never matches a forwarded packet (no socket); local ones are not guessed", () => {
    const { world } = session("iptables -t mangle -A POSTROUTING -m cgroup ! --cgroup 1 -j DROP");
    expect(verdicts(world, [tcpPacket(1, 2)], { table: "mangle", hook: "POSTROUTING", inIface: "eth0", outIface: "eth1" })).toEqual(["ACCEPT"]);
    const out = evaluateTable(rulesetOf(world), "mangle", tcpPacket(1, 2), { hook: "POSTROUTING", outIface: "eth1", env: testEnv() });
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not model local sockets or their cgroups" } });
  });
});
