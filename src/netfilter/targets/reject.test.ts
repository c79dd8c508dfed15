// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { packet, savedRule, testEnv, TRY, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (spec: string) => savedRule("filter", "INPUT", spec);

const tcpSyn = () =>
  packet(6, { kind: "tcp", sport: 40000, dport: 22, seq: 1, ack: 0, flags: 0x02, window: 64240, options: [] }, { id: 0, dontFragment: true });

describe("REJECT target", () => {
  it("saves the reply type by its full name, icmp-port-unreachable by default", () => {
    expect(saved("-j REJECT")).toBe("-A INPUT -j REJECT --reject-with icmp-port-unreachable");
    expect(saved("-p tcp -j REJECT --reject-with tcp-rst")).toBe("-A INPUT -p tcp -j REJECT --reject-with tcp-reset");
    const cases: [string, string][] = [
      ["net-unreach", "icmp-net-unreachable"], ["host-unreach", "icmp-host-unreachable"],
      ["proto-unreach", "icmp-proto-unreachable"], ["port-unreach", "icmp-port-unreachable"],
      ["net-prohib", "icmp-net-prohibited"], ["host-prohib", "icmp-host-prohibited"],
      ["admin-prohib", "icmp-admin-prohibited"], ["icmp-admin-prohibited", "icmp-admin-prohibited"],
      // strncasecmp over the argument's length: the first name or alias it abbreviates wins.
      ["", "icmp-net-unreachable"], ["icmp", "icmp-net-unreachable"], ["icmp-h", "icmp-host-unreachable"],
      ["ICMP-HOST-PROHIBITED", "icmp-host-prohibited"], ["h", "icmp-host-unreachable"],
      ["a", "icmp-admin-prohibited"], ["t", "tcp-reset"], ["TCP-RST", "tcp-reset"],
    ];
    for (const [arg, name] of cases) {
      expect(saved(`-p tcp -j REJECT --reject-with "${arg}"`)).toBe(`-A INPUT -p tcp -j REJECT --reject-with ${name}`);
    }
  });

  it("lists as reject-with in -L, -L -n and -L -v", () => {
    const w = worldAfter("iptables -A INPUT -j REJECT", "iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset");
    expect(runCommand(w, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable\n" +
        "REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset\n",
    );
    expect(runCommand(w, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n" +
        "REJECT     6    --  0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n",
    );
    expect(runCommand(newWorld(), "iptables -v -A INPUT -j REJECT").stdout).toBe(
      "REJECT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   reject-with icmp-port-unreachable\n",
    );
  });

  it("refuses unknown types, with libipt_REJECT's echo-reply notice first", () => {
    expect(runCommand(newWorld(), "iptables -A INPUT -j REJECT --reject-with bogus")).toEqual({
      stdout: "", stderr: `iptables v1.8.9 (nf_tables): unknown reject type "bogus"\n${TRY}`, exit: 2,
    });
    expect(runCommand(newWorld(), "iptables -A INPUT -j REJECT --reject-with e").stderr).toBe(
      `--reject-with echo-reply no longer supported\niptables v1.8.9 (nf_tables): unknown reject type "e"\n${TRY}`,
    );
    expect(runCommand(newWorld(), "iptables -A INPUT -j REJECT --reject-with tcp-reset --reject-with tcp-reset").stderr).toBe(
      `iptables v1.8.9 (nf_tables): REJECT: option "--reject-with" can only be used once.\n\n${TRY}`,
    );
    expect(runCommand(newWorld(), "iptables -A INPUT -j REJECT ! --reject-with tcp-reset").stderr).toBe(
      `iptables v1.8.9 (nf_tables): REJECT: option "--reject-with" cannot be inverted.\n\n${TRY}`,
    );
    expect(runCommand(newWorld(), "iptables -A INPUT -j REJECT --reject-with").stderr).toBe(
      `iptables v1.8.9 (nf_tables): option "--reject-with" requires an argument\n${TRY}`,
    );
  });

  it("is refused outside filter and for tcp-reset without -p tcp (EINVAL)", () => {
    const einval = (chain: string) => `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}\n`;
    for (const [cmd, chain] of [
      ["iptables -t mangle -A INPUT -j REJECT", "INPUT"],
      ["iptables -t raw -A PREROUTING -j REJECT", "PREROUTING"],
      ["iptables -t security -A INPUT -j REJECT", "INPUT"],
      ["iptables -A INPUT -j REJECT --reject-with tcp-reset", "INPUT"],
      ["iptables -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset", "INPUT"],
      ["iptables -A INPUT -p udp -j REJECT --reject-with tcp-rst", "INPUT"],
    ] as const) {
      expect(runCommand(newWorld(), cmd)).toEqual({ stdout: "", stderr: einval(chain), exit: 4 });
    }
    const w = worldAfter("iptables -N Y");
    expect(runCommand(w, "iptables -A Y -j REJECT --reject-with tcp-reset")).toEqual({ stdout: "", stderr: einval("Y"), exit: 4 });
    expect(runCommand(w, "iptables -A Y -p tcp -j REJECT --reject-with tcp-reset").exit).toBe(0);
  });

  it("drops the packet and asks for the reply", () => {
    const w = worldAfter("iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset");
    const out = evaluateTable(w.namespaces[""]!.ruleset, "filter", tcpSyn(), { hook: "INPUT", env });
    expect(out.verdict).toBe("DROP");
    expect(out.effects).toEqual([{ kind: "reject", with: "tcp-reset" }]);
    const def = worldAfter("iptables -A FORWARD -j REJECT");
    const fwd = evaluateTable(def.namespaces[""]!.ruleset, "filter", tcpSyn(), { hook: "FORWARD", env });
    expect(fwd).toMatchObject({ verdict: "DROP", effects: [{ kind: "reject", with: "icmp-port-unreachable" }] });
  });
});
