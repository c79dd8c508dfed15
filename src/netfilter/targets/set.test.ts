// -j SET: parsing and printing as iptables 1.8.9 does, the kernel's refusals, and adding,
// deleting and mapping through the evaluator.
import { describe, expect, it } from "vitest";
import { runCommand } from "../../cli/run.ts";
import type { World } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";
import { envAt, ip, rulesetOf, saved, session, tcpPacket, udpPacket } from "../testkit.ts";

function members(world: World, set: string): string {
  return runCommand(world, `ipset list ${set}`).stdout.split("Members:\n")[1] ?? "";
}

describe("-j SET parsing", () => {
  it("saves options in libxt_SET's order", () => {
    expect(
      saved(
        "INPUT",
        "ipset create s hash:ip",
        "ipset create s2 hash:ip,port",
        "iptables -A INPUT -j SET --add-set s src --del-set s2 dst,dst --exist --timeout 10",
        "iptables -A INPUT -j SET --del-set s2 src,src",
      ),
    ).toEqual(["-A INPUT -j SET --add-set s src --exist --timeout 10 --del-set s2 dst,dst", "-A INPUT -j SET --del-set s2 src,src"]);
  });

  it("refuses what libxt_SET and the kernel refuse", () => {
    const tryRule = (rule: string) => {
      const { stderr, exit } = session("ipset create s hash:ip", rule);
      return { stderr, exit };
    };
    expect(tryRule("iptables -A INPUT -j SET --del-set s src --timeout 10")).toEqual({
      stderr: "iptables v1.8.9 (nf_tables): Option `--timeout' can be used with `--add-set' only\nTry `iptables -h' or 'iptables --help' for more information.\n",
      exit: 2,
    });
    expect(tryRule("iptables -A INPUT -j SET").stderr).toContain("You must specify either `--add-set' or `--del-set' or `--map-set'\n");
    expect(tryRule("iptables -A INPUT -j SET --add-set s src --timeout 4294967295").stderr).toContain(
      "Invalid value for option --timeout or out of range 0-4294967294\n",
    );
    // xt_set.c: --map-set only in mangle, prio and queue only late in the path.
    expect(tryRule("iptables -A FORWARD -j SET --map-set s src --map-mark")).toEqual({
      stderr: "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain FORWARD\n",
      exit: 4,
    });
    expect(tryRule("iptables -t mangle -A PREROUTING -j SET --map-set s src --map-prio").exit).toBe(4);
    expect(tryRule("iptables -t mangle -A FORWARD -j SET --map-set s src --map-mark --map-prio --map-queue").exit).toBe(0);
  });
});

describe("-j SET acting on packets", () => {
  it("adds the source with the rule's timeout, and --exist refreshes it", () => {
    const { world } = session(
      "ipset create seen hash:ip timeout 600",
      "iptables -A INPUT -p tcp --dport 22 -j SET --add-set seen src --timeout 60",
      "iptables -A OUTPUT -j SET --add-set seen dst --exist --timeout 120",
    );
    const rs = rulesetOf(world);
    const pkt = tcpPacket(4000, 22, { src: ip("192.0.2.7") });
    expect(evaluateTable(rs, "filter", pkt, { hook: "INPUT", env: envAt(world) }).verdict).toBe("ACCEPT");
    expect(members(world, "seen")).toBe("192.0.2.7 timeout 59\n");
    // Without --exist an element already there stays as it was.
    evaluateTable(rs, "filter", pkt, { hook: "INPUT", env: envAt(world) });
    expect(members(world, "seen")).toBe("192.0.2.7 timeout 59\n");
    evaluateTable(rs, "filter", udpPacket(1, 2, { dst: ip("192.0.2.7") }), { hook: "OUTPUT", env: envAt(world) });
    expect(members(world, "seen")).toBe("192.0.2.7 timeout 119\n");
  });

  it("starts a kernel-added element's counters at the packet, and deletes with --del-set", () => {
    const { world } = session(
      "ipset create c hash:ip,port counters",
      "iptables -A INPUT -j SET --add-set c src,dst",
      "iptables -A OUTPUT -j SET --del-set c dst,src",
    );
    const rs = rulesetOf(world);
    evaluateTable(rs, "filter", udpPacket(5353, 53, { src: ip("10.0.0.9") }), { hook: "INPUT", env: envAt(world) });
    expect(members(world, "c")).toBe("10.0.0.9,udp:53 packets 1 bytes 60\n");
    evaluateTable(rs, "filter", udpPacket(53, 5353, { dst: ip("10.0.0.9") }), { hook: "OUTPUT", env: envAt(world) });
    expect(members(world, "c")).toBe("");
  });

  it("--map-set copies the element's skbmark onto the packet mark", () => {
    const { world } = session(
      "ipset create m hash:net skbinfo",
      "ipset add m 10.0.0.0/8 skbmark 0x10/0xf0",
      "iptables -t mangle -A PREROUTING -j SET --map-set m src --map-mark",
    );
    const pkt = udpPacket(1, 2, { src: ip("10.1.2.3") });
    pkt.mark = 0x1ff;
    evaluateTable(rulesetOf(world), "mangle", pkt, { hook: "PREROUTING", env: envAt(world) });
    expect(pkt.mark).toBe(0x11f);
  });
});
