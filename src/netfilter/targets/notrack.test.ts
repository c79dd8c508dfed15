// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { packet, testEnv, TRY, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const icmp = () => packet(1, { kind: "icmp", type: 8, code: 0, id: 1, seq: 1 }, { src: 0x7f000001, dst: 0x7f000001, length: 84, id: 0, dontFragment: true });

describe("NOTRACK target", () => {
  it("is a CT rule that saves as NOTRACK", () => {
    const w = worldAfter("iptables -t raw -A PREROUTING -j NOTRACK", "iptables -t raw -A PREROUTING -j CT --notrack");
    expect(runCommand(w, "iptables -t raw -S PREROUTING").stdout).toBe(
      "-P PREROUTING ACCEPT\n-A PREROUTING -j NOTRACK\n-A PREROUTING -j CT --notrack\n",
    );
    const head = "Chain PREROUTING (policy ACCEPT)\ntarget     prot opt source               destination         \n";
    expect(runCommand(w, "iptables -t raw -L PREROUTING").stdout).toBe(
      head +
        "CT         all  --  anywhere             anywhere             NOTRACK\n" +
        "CT         all  --  anywhere             anywhere             CT notrack\n",
    );
    expect(runCommand(w, "iptables -t raw -L PREROUTING -n").stdout).toBe(
      head +
        "CT         0    --  0.0.0.0/0            0.0.0.0/0            NOTRACK\n" +
        "CT         0    --  0.0.0.0/0            0.0.0.0/0            CT notrack\n",
    );
    expect(runCommand(newWorld(), "iptables -v -t raw -A PREROUTING -j NOTRACK").stdout).toBe(
      "CT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   NOTRACK\n",
    );
  });

  it("is a different rule from -j CT --notrack for -D and -C", () => {
    const w = worldAfter("iptables -t raw -A PREROUTING -j NOTRACK");
    expect(runCommand(w, "iptables -t raw -D PREROUTING -j CT --notrack")).toEqual({
      stdout: "", stderr: "iptables: Bad rule (does a matching rule exist in that chain?).\n", exit: 1,
    });
    expect(runCommand(w, "iptables -t raw -C PREROUTING -j NOTRACK").exit).toBe(0);
    expect(runCommand(w, "iptables -t raw -D PREROUTING -j NOTRACK").exit).toBe(0);
  });

  it("takes no options, lives only in raw, and names no chain", () => {
    expect(runCommand(newWorld(), "iptables -t raw -A PREROUTING -j NOTRACK --notrack")).toEqual({
      stdout: "", stderr: `iptables v1.8.9 (nf_tables): unknown option "--notrack"\n${TRY}`, exit: 2,
    });
    expect(runCommand(newWorld(), "iptables -A INPUT -j NOTRACK")).toEqual({
      stdout: "", stderr: "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n", exit: 4,
    });
    expect(runCommand(newWorld(), "iptables -N NOTRACK")).toEqual({
      stdout: "", stderr: `iptables v1.8.9 (nf_tables): chain name may not clash with target name\n${TRY}`, exit: 2,
    });
  });

  it("leaves the packet untracked for the rules after it", () => {
    const w = worldAfter("iptables -t raw -A OUTPUT -j NOTRACK", "iptables -t raw -A OUTPUT -j DROP");
    const pkt = icmp();
    const out = evaluateTable(w.namespaces[""]!.ruleset, "raw", pkt, { hook: "OUTPUT", outIface: "lo", env });
    expect(out).toMatchObject({ verdict: "DROP", effects: [{ kind: "notrack" }] });
    expect(pkt.ct).toMatchObject({ state: "UNTRACKED" });
  });
});
