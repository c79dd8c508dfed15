// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, kernel, refusal, rulesetOf, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

describe("rpfilter match", () => {
  it("saves and lists its flags in table order", () => {
    const s = session(
      "iptables -t mangle -A PREROUTING -m rpfilter",
      "iptables -t mangle -A PREROUTING -m rpfilter --invert --loose",
      "iptables -t mangle -S PREROUTING",
    );
    expect(s.stdout).toBe("-P PREROUTING ACCEPT\n-A PREROUTING -m rpfilter\n-A PREROUTING -m rpfilter --loose --invert\n");
    expect(session("iptables -t raw -A PREROUTING -m rpfilter --accept-local --validmark", "iptables -t raw -L PREROUTING").stdout).toBe(
      "Chain PREROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             rpfilter validmark accept-local\n",
    );
  });

  it("is refused outside raw and mangle PREROUTING", () => {
    expect(refusal("iptables -A INPUT -m rpfilter")).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -t mangle -A INPUT -m rpfilter")).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -t mangle -A PREROUTING -m rpfilter ! --loose")).toEqual(fails('rpfilter: option "--loose" cannot be inverted.\n'));
  });

  it("passes loopback and zero-source broadcasts before any lookup; the lookup itself is not guessed", () => {
    const { world } = session("iptables -t raw -A PREROUTING -m rpfilter --invert -j DROP");
    const walk = { table: "raw" as const, hook: "PREROUTING" as const };
    expect(verdicts(world, [tcpPacket(1, 2)], { ...walk, inIface: "lo" })).toEqual(["ACCEPT"]);
    expect(verdicts(world, [tcpPacket(1, 2, { src: 0, dst: 0xffffffff })], { ...walk, inIface: "eth0" })).toEqual(["ACCEPT"]);
    const out = evaluateTable(rulesetOf(world), "raw", tcpPacket(1, 2), { hook: "PREROUTING", inIface: "eth0", env: testEnv() });
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not offer matches the reverse route lookup rpfilter needs" } });
    const plain = session("iptables -t raw -A PREROUTING -m rpfilter -j DROP").world;
    expect(verdicts(plain, [tcpPacket(1, 2)], { ...walk, inIface: "lo" })).toEqual(["DROP"]);
  });
});
