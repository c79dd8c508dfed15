// -m set: parsing and printing as iptables 1.8.9 does (outputs from the real tool), and
// matching packets against the namespace's ipsets with the kernel's semantics.
import { describe, expect, it } from "vitest";
import { runCommand } from "../../cli/run.ts";
import type { World } from "../../world/world.ts";
import { envAt, ip, saved, session, tcpPacket, udpPacket, verdicts } from "../testkit.ts";

/** Runs commands on a world; every one must succeed. */
function run(world: World, ...commands: string[]): void {
  for (const cmd of commands) expect({ cmd, ...runCommand(world, cmd) }).toMatchObject({ cmd, exit: 0, stderr: "" });
}

describe("-m set parsing", () => {
  it("saves and lists rules as iptables 1.8.9 does", () => {
    const rules = saved(
      "INPUT",
      "ipset create s hash:ip",
      "ipset create s2 hash:ip,port",
      "iptables -A INPUT -m set ! --match-set s src,dst -j DROP",
      "iptables -A INPUT -m set --match-set s2 src,dst --return-nomatch ! --update-counters ! --update-subcounters --packets-gt 5 --bytes-lt 100 -j ACCEPT",
      "iptables -A INPUT -m set --match-set s dst --packets-eq 3 ! --bytes-eq 7",
      "iptables -A INPUT -m set --match-set s srcfoo,dstbar",
    );
    expect(rules).toEqual([
      "-A INPUT -m set ! --match-set s src,dst -j DROP",
      "-A INPUT -m set --match-set s2 src,dst --return-nomatch ! --update-counters ! --update-subcounters --packets-gt 5 --bytes-lt 100 -j ACCEPT",
      "-A INPUT -m set --match-set s dst --packets-eq 3 ! --bytes-eq 7",
      "-A INPUT -m set --match-set s src,dst",
    ]);
    const { stdout } = session(
      "ipset create s2 hash:ip,port",
      "iptables -A INPUT -m set --match-set s2 src,dst --return-nomatch ! --update-counters --packets-gt 5 -j ACCEPT",
      "iptables -L INPUT",
    );
    expect(stdout).toBe(
      "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n" +
        "ACCEPT     all  --  anywhere             anywhere             match-set s2 src,dst return-nomatch ! update-counters packets-gt 5\n",
    );
  });

  it("refuses a set that does not exist, and the real tool's option errors", () => {
    expect(session("iptables -A INPUT -m set --match-set foo src -j DROP")).toMatchObject({
      stderr: "iptables v1.8.9 (nf_tables): Set foo doesn't exist.\n\nTry `iptables -h' or 'iptables --help' for more information.\n",
      exit: 2,
    });
    const withSet = (rule: string) => session("ipset create s hash:ip", `iptables -A INPUT -m set ${rule}`);
    expect(withSet("--match-set s dst ! --packets-gt 3").stderr).toContain("--packets-gt option cannot be inverted\nTry");
    expect(withSet("--match-set s dst,src,dst,src,dst,src,dst").stderr).toContain("Can't be more src/dst options than 6.\n");
    expect(withSet("--match-set s").stderr).toContain("--match-set requires two args.\n");
    expect(withSet("--packets-eq 3").stderr).toContain("You must specify `--match-set' with proper arguments\n");
    expect(withSet("--match-set s src --match-set s dst").exit).toBe(2);
  });

  it("holds a reference on the set: it cannot be destroyed until the rule goes", () => {
    const { stderr, exit, world } = session("ipset create s hash:ip", "iptables -A INPUT -m set --match-set s src", "ipset destroy s");
    expect({ stderr, exit }).toEqual({ stderr: "ipset v7.17: Set cannot be destroyed: it is in use by a kernel component\n", exit: 1 });
    run(world, "iptables -F INPUT", "ipset destroy s");
  });
});

describe("-m set matching", () => {
  it("matches the source address of a hash:ip set", () => {
    const { world } = session("ipset create s hash:ip", "ipset add s 10.0.0.1", "iptables -A INPUT -m set --match-set s src -j DROP");
    const env = envAt(world);
    expect(verdicts(world, [udpPacket(1, 2, { src: ip("10.0.0.1") }), udpPacket(1, 2, { src: ip("10.0.0.3") })], { env })).toEqual(["DROP", "ACCEPT"]);
  });

  it("hash:net: the longest prefix decides, nomatch elements are exceptions, --return-nomatch swaps them", () => {
    const { world } = session(
      "ipset create n hash:net",
      "ipset add n 10.0.0.0/8",
      "ipset add n 10.1.0.0/16 nomatch",
      "ipset add n 10.1.2.0/24",
      "iptables -A INPUT -m set --match-set n dst -j DROP",
      "iptables -A FORWARD -m set --match-set n dst --return-nomatch -j DROP",
    );
    const env = envAt(world);
    const to = (addr: string) => udpPacket(1, 2, { dst: ip(addr) });
    const packets = [to("10.9.9.9"), to("10.1.9.9"), to("10.1.2.3"), to("11.0.0.1")];
    expect(verdicts(world, packets, { env })).toEqual(["DROP", "ACCEPT", "DROP", "ACCEPT"]);
    expect(verdicts(world, packets, { env, hook: "FORWARD" })).toEqual(["ACCEPT", "DROP", "ACCEPT", "ACCEPT"]);
  });

  it("hash:ip,port takes the port from the direction of the second dimension, and needs both dimensions", () => {
    const { world } = session(
      "ipset create p hash:ip,port",
      "ipset add p 10.0.0.2,tcp:22",
      "ipset add p 10.0.0.2,udp:53",
      "iptables -A INPUT -m set --match-set p dst,dst -j DROP",
      "iptables -A FORWARD -m set --match-set p dst -j DROP",
    );
    const env = envAt(world);
    const dst = ip("10.0.0.2");
    const packets = [tcpPacket(1000, 22, { dst }), tcpPacket(22, 1000, { dst }), udpPacket(1000, 53, { dst }), tcpPacket(1000, 53, { dst })];
    expect(verdicts(world, packets, { env })).toEqual(["DROP", "ACCEPT", "DROP", "ACCEPT"]);
    expect(verdicts(world, packets, { env, hook: "FORWARD" })).toEqual(["ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT"]);
  });

  it("an element stops matching when its timeout runs out on the virtual clock", () => {
    const { world } = session("ipset create t hash:ip timeout 10", "ipset add t 10.0.0.1", "iptables -A INPUT -m set --match-set t src -j DROP");
    const pkt = udpPacket(1, 2, { src: ip("10.0.0.1") });
    expect(verdicts(world, [pkt], { env: envAt(world, 9999) })).toEqual(["DROP"]);
    expect(verdicts(world, [pkt], { env: envAt(world, 10000) })).toEqual(["ACCEPT"]);
  });

  it("counts packets and bytes on the element, and compares the updated counters", () => {
    const { world } = session(
      "ipset create c hash:ip counters",
      "ipset add c 10.0.0.1",
      "iptables -A INPUT -m set --match-set c src --packets-lt 3 -j DROP",
      "iptables -A OUTPUT -m set --match-set c src ! --update-counters -j DROP",
    );
    const env = envAt(world);
    const pkt = udpPacket(1, 2, { src: ip("10.0.0.1") });
    expect(verdicts(world, [pkt, pkt, pkt], { env })).toEqual(["DROP", "DROP", "ACCEPT"]);
    expect(verdicts(world, [pkt], { env, hook: "OUTPUT" })).toEqual(["DROP"]);
    expect(runCommand(world, "ipset list c").stdout).toContain("Members:\n10.0.0.1 packets 3 bytes 180\n");
  });

  it("list:set matches through its member sets, in order", () => {
    const { world } = session(
      "ipset create a hash:ip",
      "ipset create b hash:net",
      "ipset add a 10.0.0.1",
      "ipset add b 192.168.0.0/16",
      "ipset create l list:set",
      "ipset add l a",
      "ipset add l b",
      "iptables -A INPUT -m set --match-set l src -j DROP",
    );
    const env = envAt(world);
    const from = (addr: string) => udpPacket(1, 2, { src: ip(addr) });
    expect(verdicts(world, [from("10.0.0.1"), from("192.168.7.7"), from("10.0.0.2")], { env })).toEqual(["DROP", "DROP", "ACCEPT"]);
  });

  it("bitmap:port matches TCP and UDP ports within its range only", () => {
    const { world } = session("ipset create b bitmap:port range 1-1024", "ipset add b 22", "iptables -A INPUT -m set --match-set b dst -j DROP");
    const env = envAt(world);
    expect(verdicts(world, [tcpPacket(5000, 22), udpPacket(5000, 22), tcpPacket(5000, 23)], { env })).toEqual(["DROP", "DROP", "ACCEPT"]);
  });
});
