// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { savedRule, tcpPacket, testEnv, TRY, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

/** The rule lines of `iptables -t nat -S CHAIN` after appending `spec` to CHAIN. */
const saved = (spec: string, chain = "POSTROUTING") => savedRule("nat", chain, spec);

const tcp = (sport: number, dport: number) => tcpPacket(sport, dport, { dst: 0x08080808, id: 0 });

describe("SNAT target", () => {
  it("saves the range and flags in iptables' canonical form", () => {
    expect(saved("-j SNAT --to-source 1.1.1.1-1.1.1.10")).toBe("-A POSTROUTING -j SNAT --to-source 1.1.1.1-1.1.1.10");
    expect(saved("-j SNAT --to-source 1.1.1.1-1.1.1.1")).toBe("-A POSTROUTING -j SNAT --to-source 1.1.1.1");
    expect(saved("-p tcp -j SNAT --to-source 1.1.1.1-1.1.1.10:1025-65535")).toBe("-A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1-1.1.1.10:1025-65535");
    expect(saved("-p tcp -j SNAT --to-source :80-90")).toBe("-A POSTROUTING -p tcp -j SNAT --to-source :80-90");
    expect(saved("-j SNAT --to 1.1.1.1 --random-f --pers")).toBe("-A POSTROUTING -j SNAT --to-source 1.1.1.1 --random-fully --persistent");
    expect(saved("-j SNAT --persistent --random-fully --random --to-source 1.1.1.1")).toBe("-A POSTROUTING -j SNAT --to-source 1.1.1.1 --random --random-fully --persistent");
    // Revision 0 has no base port: the offset flag stays, the base reads back as 0.
    expect(saved("-p tcp -j SNAT --to-source 1.1.1.1:10-20/5")).toBe("-A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1:10-20/0");
    expect(saved("-p icmp -j SNAT --to-source 1.1.1.1:80")).toBe("-A POSTROUTING -p icmp -j SNAT --to-source 1.1.1.1:80");
    expect(saved("! -p tcp -j SNAT --to-source 1.1.1.1:80")).toBe("-A POSTROUTING ! -p tcp -j SNAT --to-source 1.1.1.1:80");
    expect(saved("-j SNAT --to-source 1.1.1.1", "INPUT")).toBe("-A INPUT -j SNAT --to-source 1.1.1.1");
  });

  it("lists as to:RANGE and the flags, with and without -n", () => {
    const w = worldAfter(
      "iptables -t nat -A POSTROUTING ! -p tcp -j SNAT --to-source 1.1.1.1:80",
      "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1:80 --random --random-fully --persistent",
      "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1-1.1.1.9:80-90",
      "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source :80-90",
    );
    expect(runCommand(w, "iptables -t nat -L POSTROUTING").stdout).toBe(
      "Chain POSTROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "SNAT      !tcp  --  anywhere             anywhere             to:1.1.1.1:80\n" +
        "SNAT       tcp  --  anywhere             anywhere             to:1.1.1.1:80 random random-fully persistent\n" +
        "SNAT       tcp  --  anywhere             anywhere             to:1.1.1.1-1.1.1.9:80-90\n" +
        "SNAT       tcp  --  anywhere             anywhere             to::80-90\n",
    );
    expect(runCommand(w, "iptables -t nat -L POSTROUTING -n").stdout).toBe(
      "Chain POSTROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "SNAT      !6    --  0.0.0.0/0            0.0.0.0/0            to:1.1.1.1:80\n" +
        "SNAT       6    --  0.0.0.0/0            0.0.0.0/0            to:1.1.1.1:80 random random-fully persistent\n" +
        "SNAT       6    --  0.0.0.0/0            0.0.0.0/0            to:1.1.1.1-1.1.1.9:80-90\n" +
        "SNAT       6    --  0.0.0.0/0            0.0.0.0/0            to::80-90\n",
    );
  });

  it("refuses bad options with libxt_NAT's words and status 2", () => {
    const w = newWorld();
    const err = (args: string) => {
      const r = runCommand(w, `iptables -t nat -A POSTROUTING ${args}`);
      return [r.exit, r.stderr];
    };
    const need = "iptables v1.8.9 (nf_tables): Need TCP, UDP, SCTP or DCCP with port specification\n" + TRY;
    expect(err("-j SNAT --to-source 1.1.1.1:1025-65535")).toEqual([2, need]);
    expect(err("-p udplite -j SNAT --to-source 1.1.1.1:80")).toEqual([2, need]);
    // The protocol counts only when given before the option.
    expect(err("-j SNAT --to-source 1.1.1.1:80 -p tcp")).toEqual([2, need]);
    expect(err("-j SNAT --to-source 1.1.1.1 --to-source 2.2.2.2")).toEqual([2, 'iptables v1.8.9 (nf_tables): SNAT: option "--to-source" can only be used once.\n\n' + TRY]);
    expect(err("-j SNAT")).toEqual([2, 'iptables v1.8.9 (nf_tables): SNAT: option "--to-source" must be specified\n\n' + TRY]);
    expect(err("-j SNAT --to-source 1.1.1.1 ! --random")).toEqual([2, 'iptables v1.8.9 (nf_tables): SNAT: option "--random" cannot be inverted.\n\n' + TRY]);
    expect(err("-j SNAT --to-source 1.1.1.1 --rand")).toEqual([2, 'iptables v1.8.9 (nf_tables): unknown option "--rand"\n' + TRY]);
    expect(err("-p tcp -j SNAT --to-source 1.1.1.1-1.1.1.10:1025-65536")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `65536' not valid\n" + TRY]);
    expect(err("-p tcp -j SNAT --to-source 1.1.1.1:70000-80000")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `70000-80000' not valid\n" + TRY]);
    expect(err("-p tcp -j SNAT --to-source 1.1.1.1:20-10x")).toEqual([2, "iptables v1.8.9 (nf_tables): Port range `10x' funky\n" + TRY]);
    expect(err("-p tcp -j SNAT --to-source bad:xx")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `xx' not valid\n" + TRY]);
    expect(err("-p tcp -j SNAT --to-source bad:80")).toEqual([2, 'iptables v1.8.9 (nf_tables): Bad IP address "bad"\n' + TRY]);
    expect(err("-p tcp -j SNAT --to-source ''")).toEqual([2, 'iptables v1.8.9 (nf_tables): Bad IP address ""\n' + TRY]);
    expect(err("-p tcp -j SNAT --to-source 1.1.1.1-1.1.1.2:5:6")).toEqual([2, 'iptables v1.8.9 (nf_tables): Bad IP address "1.1.1.2:5:6"\n' + TRY]);
    expect(err("-p tcp -j SNAT --to-source '1[:80'")).toEqual([2, "iptables v1.8.9 (nf_tables): Invalid address format\n" + TRY]);
    expect(err("-p tcp -j SNAT --to-source 1.1.1.1:10-20/0")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `0' not valid\n" + TRY]);
    expect(runCommand(w, "iptables-save").stdout).toBe("");
  });

  it("is refused by the kernel outside nat POSTROUTING and INPUT, also through a user chain", () => {
    const w = newWorld();
    const einval = (chain: string, op = "RULE_APPEND") => [4, `iptables v1.8.9 (nf_tables):  ${op} failed (Invalid argument): rule in chain ${chain}\n`];
    const run = (cmd: string) => {
      const r = runCommand(w, cmd);
      return [r.exit, r.stderr];
    };
    expect(run("iptables -A INPUT -j SNAT --to-source 1.1.1.1")).toEqual(einval("INPUT"));
    expect(run("iptables -t mangle -A POSTROUTING -j SNAT --to-source 1.1.1.1")).toEqual(einval("POSTROUTING"));
    expect(run("iptables -t nat -A PREROUTING -j SNAT --to-source 1.1.1.1")).toEqual(einval("PREROUTING"));
    expect(run("iptables -t nat -I OUTPUT -j SNAT --to-source 1.1.1.1")).toEqual(einval("OUTPUT", "RULE_INSERT"));
    expect(run("iptables -t nat -N X")).toEqual([0, ""]);
    expect(run("iptables -t nat -A X -j SNAT --to-source 1.1.1.1")).toEqual([0, ""]);
    expect(run("iptables -t nat -A PREROUTING -j X")).toEqual(einval("PREROUTING"));
    expect(run("iptables -t nat -A POSTROUTING -j X")).toEqual([0, ""]);
    expect(run("iptables -t nat -A INPUT -j SNAT --to-source 1.1.1.1")).toEqual([0, ""]);
    expect(runCommand(w, "iptables -t nat -S").stdout).toBe(
      "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-N X\n" +
        "-A INPUT -j SNAT --to-source 1.1.1.1\n-A POSTROUTING -j X\n-A X -j SNAT --to-source 1.1.1.1\n",
    );
  });

  it("asks for a source binding and ends the nat chain with ACCEPT", () => {
    const w = worldAfter(
      "iptables -t nat -A POSTROUTING -p udp -j SNAT --to-source 9.9.9.9",
      "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1-1.1.1.10:1025-65535 --persistent",
      "iptables -t nat -A POSTROUTING -j MASQUERADE",
    );
    const rs = w.namespaces[""]!.ruleset;
    const out = evaluateTable(rs, "nat", tcp(40000, 80), { hook: "POSTROUTING", outIface: "eth0", env });
    expect(out.verdict).toBe("ACCEPT");
    expect(out.effects).toEqual([
      {
        kind: "nat",
        type: "SNAT",
        manip: "SRC",
        data: { addrs: { min: 0x01010101, max: 0x0101010a }, ports: { min: 1025, max: 65535 }, random: false, randomFully: false, persistent: true },
      },
    ]);
    const rules = rs.tables.nat!.chains[3]!.rules;
    expect(rules.map((r) => r.counters.packets)).toEqual([0, 1, 0]);
  });
});
