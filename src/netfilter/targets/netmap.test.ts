// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { savedRule, testEnv, TRY, udpPacket, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (to: string) => savedRule("nat", "POSTROUTING", `-j NETMAP --to ${to}`);

const udp = (src: number, dst: number) => udpPacket(1000, 2000, { src, dst, length: 40, id: 0 });

describe("NETMAP target", () => {
  it("saves the network with its prefix length", () => {
    const to = (net: string) => `-A POSTROUTING -j NETMAP --to ${net}`;
    expect(saved("1.2.3.0/24")).toBe(to("1.2.3.0/24"));
    expect(saved("1.2.3.4")).toBe(to("1.2.3.4/32"));
    expect(saved("1.2.3.4/255.255.0.0")).toBe(to("1.2.0.0/16"));
    // A mask with holes, or a number that is neither a length nor a mask, means all ones.
    expect(saved("1.2.3.4/255.0.255.0")).toBe(to("1.2.3.4/32"));
    expect(saved("1.2.3.4/33")).toBe(to("1.2.3.4/32"));
    expect(saved("1.2.3.4/0")).toBe(to("0.0.0.0/0"));
    expect(saved("1.2.3.4/010")).toBe(to("1.0.0.0/8"));
    expect(saved("'1.2.3.4/ 8'")).toBe(to("1.0.0.0/8"));
    expect(saved("1.2.3.4/0xffff0000")).toBe(to("1.2.0.0/16"));
    // getaddrinfo reads hosts as inet_aton does: "1.2.3" is 1.2.0.3, "1.256" is 1.0.1.0.
    expect(saved("1.2.3")).toBe(to("1.2.0.3/32"));
    expect(saved("1.256")).toBe(to("1.0.1.0/32"));
    expect(saved("0x01020304")).toBe(to("1.2.3.4/32"));
    expect(saved("01.2.3.4/8")).toBe(to("1.0.0.0/8"));
    expect(saved("LOCALHOST")).toBe(to("127.0.0.1/32"));
  });

  it("lists as to:NETWORK", () => {
    const w = worldAfter("iptables -t nat -A PREROUTING -d 10.1.0.0/16 -j NETMAP --to 10.2.0.0/16", "iptables -t nat -A INPUT -p tcp -j NETMAP --to 1.2.3.4");
    expect(runCommand(w, "iptables -t nat -L PREROUTING").stdout).toBe(
      "Chain PREROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "NETMAP     all  --  anywhere             10.1.0.0/16          to:10.2.0.0/16\n",
    );
    expect(runCommand(w, "iptables -t nat -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "NETMAP     6    --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4/32\n",
    );
  });

  it("refuses what libxtables' host/mask parser refuses", () => {
    const w = newWorld();
    const err = (args: string) => {
      const r = runCommand(w, `iptables -t nat -A POSTROUTING -j NETMAP ${args}`);
      return [r.exit, r.stderr];
    };
    const badMask = 'iptables v1.8.9 (nf_tables): NETMAP: bad value for option "--to", neither a valid network mask nor valid CIDR (0-32).\n\n' + TRY;
    expect(err("--to 1.2.3.4/")).toEqual([2, badMask]);
    expect(err("--to 1.2.3.4/08")).toEqual([2, badMask]);
    expect(err("--to 1.2.3.4/8/9")).toEqual([2, badMask]);
    expect(err("--to 1.2.3.4/0x")).toEqual([2, badMask]);
    expect(err("--to foo")).toEqual([2, "iptables v1.8.9 (nf_tables): getaddrinfo: Temporary failure in name resolution\n\n" + TRY]);
    expect(err("--to 0x.1.2")).toEqual([2, "iptables v1.8.9 (nf_tables): getaddrinfo: Temporary failure in name resolution\n\n" + TRY]);
    expect(err("--to ''")).toEqual([2, "iptables v1.8.9 (nf_tables): getaddrinfo: Name or service not known\n\n" + TRY]);
    expect(err("--to 'a!b'")).toEqual([2, "iptables v1.8.9 (nf_tables): getaddrinfo: Name or service not known\n\n" + TRY]);
    expect(err("")).toEqual([2, 'iptables v1.8.9 (nf_tables): NETMAP: option "--to" must be specified\n\n' + TRY]);
    expect(err("--to 1.2.3.4 --to 1.2.3.5")).toEqual([2, 'iptables v1.8.9 (nf_tables): NETMAP: option "--to" can only be used once.\n\n' + TRY]);
  });

  it("is refused by the kernel outside the nat table", () => {
    const w = newWorld();
    const r = runCommand(w, "iptables -A INPUT -j NETMAP --to 1.2.3.4/8");
    expect([r.exit, r.stderr]).toEqual([4, "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n"]);
    for (const chain of ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]) {
      expect(runCommand(w, `iptables -t nat -A ${chain} -j NETMAP --to 1.2.3.0/24`).exit).toBe(0);
    }
  });

  it("maps the destination before routing and the source after, keeping the host bits", () => {
    const w = worldAfter("iptables -t nat -A PREROUTING -j NETMAP --to 10.2.0.0/16", "iptables -t nat -A POSTROUTING -j NETMAP --to 192.168.0.0/24");
    const rs = w.namespaces[""]!.ruleset;
    const pkt = udp(0x0a010505, 0x0a01a0b0);
    const pre = evaluateTable(rs, "nat", pkt, { hook: "PREROUTING", env });
    expect(pre.verdict).toBe("ACCEPT");
    expect(pre.effects).toEqual([
      { kind: "nat", type: "NETMAP", manip: "DST", data: { addrs: { min: 0x0a02a0b0, max: 0x0a02a0b0 }, random: false, randomFully: false, persistent: false } },
    ]);
    const post = evaluateTable(rs, "nat", pkt, { hook: "POSTROUTING", env });
    expect(post.effects).toEqual([
      { kind: "nat", type: "NETMAP", manip: "SRC", data: { addrs: { min: 0xc0a80005, max: 0xc0a80005 }, random: false, randomFully: false, persistent: false } },
    ]);
  });
});
