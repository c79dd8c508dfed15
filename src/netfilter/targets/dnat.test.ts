// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { savedRule, testEnv, TRY, udpPacket, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (spec: string, chain = "PREROUTING") => savedRule("nat", chain, spec);

const udp = (dport: number) => udpPacket(5555, dport, { src: 0xc0a80002, dst: 0x0a000001, length: 40, id: 0 });

describe("DNAT target", () => {
  it("saves ports, services, shifted port maps (revision 2) and flags canonically", () => {
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.1:1000-2000/1000")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:1000-2000/1000");
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.1:ssh")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:22");
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.1:10-20/ftp")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:10-20/21");
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.1:10-20/5x")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:10-20/5");
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.1:010-0x20/011")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:8-32/9");
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.1:20-20/20")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:20/20");
    expect(saved("-p tcp -j DNAT --to-destination '1.1.1.1: 20'")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:20");
    // A colon at index 2 was meant for "[]:port": the two characters before it are ignored.
    expect(saved("-p tcp -j DNAT --to-destination xy:80")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination :80");
    expect(saved("-p tcp -j DNAT --to-destination 1.1.1.10-1.1.1.1")).toBe("-A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.10-1.1.1.1");
    expect(saved("-j DNAT --to 1.1.1.1 --persistent --random")).toBe("-A PREROUTING -j DNAT --to-destination 1.1.1.1 --random --persistent");
    expect(saved("-p udp -m udp --dport 53 -j DNAT --to-destination 10.0.0.53:5353", "OUTPUT")).toBe(
      "-A OUTPUT -p udp -m udp --dport 53 -j DNAT --to-destination 10.0.0.53:5353",
    );
  });

  it("lists as to:RANGE", () => {
    const w = worldAfter(
      "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.1.1.1:1000-2000/1000",
      "iptables -t nat -A PREROUTING -j DNAT --to-destination 1.1.1.1-1.1.1.3 --random --persistent",
    );
    expect(runCommand(w, "iptables -t nat -L PREROUTING").stdout).toBe(
      "Chain PREROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "DNAT       tcp  --  anywhere             anywhere             to:1.1.1.1:1000-2000/1000\n" +
        "DNAT       all  --  anywhere             anywhere             to:1.1.1.1-1.1.1.3 random persistent\n",
    );
    expect(runCommand(w, "iptables -t nat -L PREROUTING -n").stdout).toBe(
      "Chain PREROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "DNAT       6    --  0.0.0.0/0            0.0.0.0/0            to:1.1.1.1:1000-2000/1000\n" +
        "DNAT       0    --  0.0.0.0/0            0.0.0.0/0            to:1.1.1.1-1.1.1.3 random persistent\n",
    );
  });

  it("refuses bad ranges with libxt_NAT's words", () => {
    const w = newWorld();
    const err = (to: string) => {
      const r = runCommand(w, `iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination ${to}`);
      return [r.exit, r.stderr.replace(TRY, "")];
    };
    const e = (msg: string) => [2, `iptables v1.8.9 (nf_tables): ${msg}\n`];
    expect(err("1.1.1.1:1000-2000/0")).toEqual(e("Port `0' not valid"));
    expect(err("1.1.1.1:1000-2000/65536")).toEqual(e("Port `65536' not valid"));
    expect(err("1.1.1.1:echo-ssh")).toEqual(e("Port `echo-ssh' not valid"));
    expect(err("1.1.1.1:10-20/ftpx")).toEqual(e("Port `ftpx' not valid"));
    expect(err("1.1.1.1:10-20x")).toEqual(e("Garbage after port range: `x'"));
    expect(err("1.1.1.1:10x")).toEqual(e("Garbage after port value: `x'"));
    expect(err("1.1.1.1:08")).toEqual(e("Garbage after port value: `8'"));
    expect(err("1.1.1.1:20-10")).toEqual(e("Port range `10' funky"));
    expect(err("1.1.1.1:20-ssh")).toEqual(e("Port `ssh' not valid"));
    expect(err("1.1.1.1:")).toEqual(e("Port `' not valid"));
    expect(err("1.1.1.1:-5")).toEqual(e("Port `-5' not valid"));
    expect(err("1.1.1.1:10:20")).toEqual(e('Bad IP address "1.1.1.1:10:20"'));
    expect(err("1:80")).toEqual(e('Bad IP address "1"'));
    expect(err("01.1.1.1")).toEqual(e('Bad IP address "01.1.1.1"'));
    expect(err("1.1.1")).toEqual(e('Bad IP address "1.1.1"'));
    expect(err("1.1.1.1-")).toEqual(e('Bad IP address ""'));
    expect(err("1.1.1.1-1.1.1.2-1.1.1.3")).toEqual(e('Bad IP address "1.1.1.2-1.1.1.3"'));
    expect(err("[1.1.1.1]:80")).toEqual(e("Invalid address format"));
    expect(err("1.1.1.1 --random-fully")).toEqual(e('unknown option "--random-fully"'));
    expect(err("1.1.1.1 --random --random")).toEqual(e('DNAT: option "--random" can only be used once.\n'));
    expect(runCommand(w, "iptables -t nat -A PREROUTING -j DNAT").stderr).toBe('iptables v1.8.9 (nf_tables): DNAT: option "--to-destination" must be specified\n\n' + TRY);
    expect(runCommand(w, "iptables -t nat -A PREROUTING -j DNAT --to-destination 1.1.1.1:80").stderr).toBe(
      "iptables v1.8.9 (nf_tables): Need TCP, UDP, SCTP or DCCP with port specification\n" + TRY,
    );
  });

  it("is refused by the kernel outside nat PREROUTING and OUTPUT, also through a user chain", () => {
    const w = newWorld();
    const run = (cmd: string) => {
      const r = runCommand(w, cmd);
      return [r.exit, r.stderr];
    };
    const einval = (chain: string) => [4, `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}\n`];
    expect(run("iptables -t mangle -A PREROUTING -j DNAT --to-destination 1.1.1.1")).toEqual(einval("PREROUTING"));
    expect(run("iptables -t nat -A POSTROUTING -j DNAT --to-destination 1.1.1.1")).toEqual(einval("POSTROUTING"));
    expect(run("iptables -t nat -A INPUT -j DNAT --to-destination 1.1.1.1")).toEqual(einval("INPUT"));
    expect(run("iptables -t nat -A OUTPUT -j DNAT --to-destination 1.1.1.1")).toEqual([0, ""]);
    expect(run("iptables -t nat -N D")).toEqual([0, ""]);
    expect(run("iptables -t nat -A INPUT -j D")).toEqual([0, ""]);
    expect(run("iptables -t nat -A D -j DNAT --to-destination 1.1.1.1")).toEqual(einval("D"));
    expect(run("iptables -t nat -A PREROUTING -j D")).toEqual([0, ""]);
  });

  it("asks for a destination binding, ACCEPT ending the nat chain", () => {
    const w = worldAfter(
      "iptables -t nat -A PREROUTING -p udp --dport 53 -j DNAT --to-destination 10.0.0.53:5300-5310/53",
      "iptables -t nat -A PREROUTING -j DNAT --to-destination 10.9.9.9",
    );
    const rs = w.namespaces[""]!.ruleset;
    const hit = evaluateTable(rs, "nat", udp(53), { hook: "PREROUTING", inIface: "eth0", env });
    expect(hit.verdict).toBe("ACCEPT");
    expect(hit.effects).toEqual([
      {
        kind: "nat",
        type: "DNAT",
        manip: "DST",
        data: { addrs: { min: 0x0a000035, max: 0x0a000035 }, ports: { min: 5300, max: 5310, base: 53 }, random: false, randomFully: false, persistent: false },
      },
    ]);
    const other = evaluateTable(rs, "nat", udp(54), { hook: "PREROUTING", inIface: "eth0", env });
    expect(other.effects).toEqual([
      { kind: "nat", type: "DNAT", manip: "DST", data: { addrs: { min: 0x0a090909, max: 0x0a090909 }, random: false, randomFully: false, persistent: false } },
    ]);
  });
});
