// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { savedRule, tcpPacket, testEnv, TRY, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (spec: string, chain = "PREROUTING") => savedRule("nat", chain, spec);

const tcp = (dport: number) => tcpPacket(33000, dport, { dst: 0x5db8d822, id: 0 });

describe("REDIRECT target", () => {
  it("saves --to-ports and --random", () => {
    expect(saved("-p tcp -j REDIRECT --to-ports 42")).toBe("-A PREROUTING -p tcp -j REDIRECT --to-ports 42");
    expect(saved("-p udp -j REDIRECT --to-ports 512-512")).toBe("-A PREROUTING -p udp -j REDIRECT --to-ports 512");
    expect(saved("-p tcp -j REDIRECT --to-ports ftp-data")).toBe("-A PREROUTING -p tcp -j REDIRECT --to-ports 20");
    expect(saved("-p tcp -j REDIRECT --to-ports 42-1234 --random", "OUTPUT")).toBe("-A OUTPUT -p tcp -j REDIRECT --to-ports 42-1234 --random");
    expect(saved("-j REDIRECT --random")).toBe("-A PREROUTING -j REDIRECT --random");
    expect(saved("-j REDIRECT")).toBe("-A PREROUTING -j REDIRECT");
  });

  it("lists as redir ports", () => {
    const w = worldAfter(
      "iptables -t nat -A OUTPUT -p tcp -d 10.0.0.0/8 -j REDIRECT --to-ports 8080",
      "iptables -t nat -A OUTPUT -p tcp -j REDIRECT --to-ports 42-1234 --random",
      "iptables -t nat -A OUTPUT -j REDIRECT",
    );
    expect(runCommand(w, "iptables -t nat -L OUTPUT").stdout).toBe(
      "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "REDIRECT   tcp  --  anywhere             10.0.0.0/8           redir ports 8080\n" +
        "REDIRECT   tcp  --  anywhere             anywhere             redir ports 42-1234 random\n" +
        "REDIRECT   all  --  anywhere             anywhere            \n",
    );
    expect(runCommand(w, "iptables -t nat -L OUTPUT -n").stdout).toBe(
      "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "REDIRECT   6    --  0.0.0.0/0            10.0.0.0/8           redir ports 8080\n" +
        "REDIRECT   6    --  0.0.0.0/0            0.0.0.0/0            redir ports 42-1234 random\n" +
        "REDIRECT   0    --  0.0.0.0/0            0.0.0.0/0           \n",
    );
  });

  it("refuses what libxt_NAT refuses", () => {
    const w = newWorld();
    const err = (args: string) => {
      const r = runCommand(w, `iptables -t nat -A PREROUTING ${args}`);
      return [r.exit, r.stderr];
    };
    expect(err("-p tcp -j REDIRECT --to-ports 42-1234/567")).toEqual([2, "iptables v1.8.9 (nf_tables): Shifted portmap ranges not supported with this kernel\n" + TRY]);
    expect(err("-p tcp -j REDIRECT --to-ports 65536")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `65536' not valid\n" + TRY]);
    expect(err("-p tcp -j REDIRECT --to-ports ftp-ssh")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `ftp-ssh' not valid\n" + TRY]);
    expect(err("-p tcp -j REDIRECT --to-ports 10-ssh")).toEqual([2, "iptables v1.8.9 (nf_tables): Port `ssh' not valid\n" + TRY]);
    expect(err("-j REDIRECT --to-ports 42")).toEqual([2, "iptables v1.8.9 (nf_tables): Need TCP, UDP, SCTP or DCCP with port specification\n" + TRY]);
    expect(err("-p tcp -j REDIRECT --to-ports 42 --to-ports 43")).toEqual([2, 'iptables v1.8.9 (nf_tables): REDIRECT: option "--to-ports" can only be used once.\n\n' + TRY]);
    expect(err("-p tcp -j REDIRECT --to-ports 42 --random-fully")).toEqual([2, 'iptables v1.8.9 (nf_tables): unknown option "--random-fully"\n' + TRY]);
  });

  it("is refused by the kernel outside nat PREROUTING and OUTPUT, also through a user chain", () => {
    const w = newWorld();
    const run = (cmd: string) => {
      const r = runCommand(w, cmd);
      return [r.exit, r.stderr];
    };
    const einval = (chain: string) => [4, `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}\n`];
    expect(run("iptables -t raw -A OUTPUT -j REDIRECT")).toEqual(einval("OUTPUT"));
    expect(run("iptables -t nat -A POSTROUTING -j REDIRECT")).toEqual(einval("POSTROUTING"));
    expect(run("iptables -t nat -A INPUT -j REDIRECT")).toEqual(einval("INPUT"));
    expect(run("iptables -t nat -N R")).toEqual([0, ""]);
    expect(run("iptables -t nat -A POSTROUTING -j R")).toEqual([0, ""]);
    expect(run("iptables -t nat -A R -p tcp -j REDIRECT --to-ports 3128")).toEqual(einval("R"));
    expect(runCommand(w, "iptables -t nat -S R").stdout).toBe("-N R\n");
  });

  it("asks for a destination binding to this host", () => {
    const w = worldAfter("iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 80 -j REDIRECT --to-ports 3128");
    const rs = w.namespaces[""]!.ruleset;
    const web = evaluateTable(rs, "nat", tcp(80), { hook: "PREROUTING", inIface: "eth0", env });
    expect(web.verdict).toBe("ACCEPT");
    expect(web.effects).toEqual([{ kind: "nat", type: "REDIRECT", manip: "DST", data: { ports: { min: 3128, max: 3128 }, random: false, randomFully: false, persistent: false } }]);
    expect(evaluateTable(rs, "nat", tcp(443), { hook: "PREROUTING", inIface: "eth0", env }).effects).toEqual([]);
  });
});
