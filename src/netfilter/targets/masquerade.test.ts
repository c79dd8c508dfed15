// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { packet, savedRule, testEnv, TRY, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (spec: string) => savedRule("nat", "POSTROUTING", spec);

const icmpEcho = packet(1, { kind: "icmp", type: 8, code: 0, id: 7, seq: 1 }, { src: 0xac110002, dst: 0x01010101, length: 84, id: 0, dontFragment: true });

describe("MASQUERADE target", () => {
  it("saves ports without their colon, and its two flags", () => {
    expect(saved("-j MASQUERADE")).toBe("-A POSTROUTING -j MASQUERADE");
    expect(saved("-j MASQUERADE --random-fully --random")).toBe("-A POSTROUTING -j MASQUERADE --random --random-fully");
    expect(saved("-p tcp -j MASQUERADE --to-ports 1024")).toBe("-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024");
    expect(saved("-p udp -j MASQUERADE --to-ports 1024-65535")).toBe("-A POSTROUTING -p udp -j MASQUERADE --to-ports 1024-65535");
    expect(saved("-p udp -j MASQUERADE --to-ports 0-0")).toBe("-A POSTROUTING -p udp -j MASQUERADE --to-ports 0");
    expect(saved("-p tcp -j MASQUERADE --to 5")).toBe("-A POSTROUTING -p tcp -j MASQUERADE --to-ports 5");
    // Revision 0 keeps the offset flag but not the base.
    expect(saved("-p udp -j MASQUERADE --to-ports 1024-2000/5")).toBe("-A POSTROUTING -p udp -j MASQUERADE --to-ports 1024-2000/0");
  });

  it("lists as masq ports:", () => {
    const w = worldAfter(
      "iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE",
      "iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-2000/5 --random",
    );
    expect(runCommand(w, "iptables -t nat -L POSTROUTING").stdout).toBe(
      "Chain POSTROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "MASQUERADE  all  --  anywhere             anywhere            \n" +
        "MASQUERADE  tcp  --  anywhere             anywhere             masq ports: 1024-2000/0 random\n",
    );
    expect(runCommand(w, "iptables -t nat -L POSTROUTING -n -v").stdout).toBe(
      "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n" +
        " pkts bytes target     prot opt in     out     source               destination         \n" +
        "    0     0 MASQUERADE  0    --  *      eth0    0.0.0.0/0            0.0.0.0/0           \n" +
        "    0     0 MASQUERADE  6    --  *      *       0.0.0.0/0            0.0.0.0/0            masq ports: 1024-2000/0 random\n",
    );
  });

  it("refuses bad ports and options", () => {
    const w = newWorld();
    const err = (args: string) => runCommand(w, `iptables -t nat -A POSTROUTING ${args}`).stderr;
    expect(err("-p udp -j MASQUERADE --to-ports 1024-65536")).toBe("iptables v1.8.9 (nf_tables): Port `65536' not valid\n" + TRY);
    expect(err("-p udp -j MASQUERADE --to-ports -1")).toBe("iptables v1.8.9 (nf_tables): Port `-1' not valid\n" + TRY);
    expect(err("-p udp -j MASQUERADE --to-ports 1.2.3.4:80")).toBe("iptables v1.8.9 (nf_tables): Garbage after port value: `.2.3.4:80'\n" + TRY);
    expect(err("-p tcp -j MASQUERADE --to-ports 10:20")).toBe("iptables v1.8.9 (nf_tables): Invalid port:port syntax - use dash\n" + TRY);
    expect(err("-j MASQUERADE --to-ports 1024")).toBe("iptables v1.8.9 (nf_tables): Need TCP, UDP, SCTP or DCCP with port specification\n" + TRY);
    expect(err("-p udp -j MASQUERADE --persistent")).toBe('iptables v1.8.9 (nf_tables): unknown option "--persistent"\n' + TRY);
    expect(runCommand(w, "iptables -t nat -A POSTROUTING -j MASQUERADE --random --random").exit).toBe(2);
  });

  it("is refused by the kernel outside nat POSTROUTING, also through a user chain", () => {
    const w = newWorld();
    const run = (cmd: string) => {
      const r = runCommand(w, cmd);
      return [r.exit, r.stderr];
    };
    const einval = (chain: string) => [4, `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}\n`];
    expect(run("iptables -A OUTPUT -j MASQUERADE")).toEqual(einval("OUTPUT"));
    for (const chain of ["PREROUTING", "INPUT", "OUTPUT"]) expect(run(`iptables -t nat -A ${chain} -j MASQUERADE`)).toEqual(einval(chain));
    expect(run("iptables -t nat -N M")).toEqual([0, ""]);
    expect(run("iptables -t nat -A M -j MASQUERADE")).toEqual([0, ""]);
    expect(run("iptables -t nat -A OUTPUT -j M")).toEqual(einval("OUTPUT"));
    expect(run("iptables -t nat -A POSTROUTING -j M")).toEqual([0, ""]);
  });

  it("asks for a source binding to the out device's address", () => {
    const w = worldAfter("iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE --random-fully");
    const rs = w.namespaces[""]!.ruleset;
    const out = evaluateTable(rs, "nat", icmpEcho, { hook: "POSTROUTING", outIface: "eth0", env });
    expect(out.verdict).toBe("ACCEPT");
    expect(out.effects).toEqual([{ kind: "nat", type: "MASQUERADE", manip: "SRC", data: { random: false, randomFully: true, persistent: false } }]);
    const local = evaluateTable(rs, "nat", icmpEcho, { hook: "POSTROUTING", outIface: "docker0", env });
    expect(local.effects).toEqual([]);
    expect(local.trace.at(-1)).toEqual({ kind: "policy", table: "nat", chain: "POSTROUTING", verdict: "ACCEPT" });
  });
});
