import { describe, expect, it } from "vitest";
import { runCommand } from "../cli/run.ts";
import { formatBundle } from "./bundle.ts";
import { ImportError, importWithSummary, importWorld, summaryLine } from "./import.ts";
import { sendPacket } from "./send.ts";
import { parseIpv4 } from "../wire/ipv4.ts";
import type { World } from "./world.ts";

const out = (world: World, cmd: string): string => runCommand(world, cmd).stdout;
const ip = (s: string): number => parseIpv4(s) ?? 0;

/** Rules in Docker's layout, naming docker0 and the veth wildcard. */
const DOCKERISH = [
  "*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
  "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
  "-A FORWARD -i veth+ -j ACCEPT",
  "COMMIT",
  "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]",
  "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
  "COMMIT", "",
].join("\n");

function importError(text: string): string {
  try {
    importWorld(text);
  } catch (e) {
    if (e instanceof ImportError) return e.message;
    throw e;
  }
  throw new Error("imported");
}

/** A bundle of a small router, as `ip -j` prints (trimmed to the fields import reads). */
function routerBundle(overrides: Record<string, string> = {}): string {
  const sections: Record<string, string> = {
    "iptables-save": "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [3:180]\n:OUTPUT ACCEPT [0:0]\n[7:420] -A FORWARD -i eth0 -o eth1 -j ACCEPT\nCOMMIT\n",
    "ip-link": JSON.stringify([
      { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP", "LOWER_UP"], mtu: 65536, link_type: "loopback", address: "00:00:00:00:00:00" },
      { ifindex: 2, ifname: "eth0", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 1500, link_type: "ether", address: "52:54:00:12:34:56" },
      { ifindex: 5, ifname: "eth1", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], mtu: 9000, link_type: "ether", address: "52:54:00:ab:cd:ef" },
      { ifindex: 7, ifname: "spare", flags: ["BROADCAST", "MULTICAST"], mtu: 1500, link_type: "ether", address: "52:54:00:00:00:07" },
    ]),
    "ip-addr": JSON.stringify([
      { ifindex: 1, ifname: "lo", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host", label: "lo" }, { family: "inet6", local: "::1", prefixlen: 128, scope: "host" }] },
      { ifindex: 2, ifname: "eth0", addr_info: [{ family: "inet", local: "10.0.0.1", prefixlen: 24, broadcast: "10.0.0.255", scope: "global", label: "eth0" }] },
      { ifindex: 5, ifname: "eth1", addr_info: [{ family: "inet", local: "192.0.2.1", prefixlen: 24, scope: "global", label: "eth1" }] },
    ]),
    "ip-route": JSON.stringify([
      // Listed before the route that makes its gateway reachable.
      { dst: "198.51.100.0/24", gateway: "172.16.0.2", dev: "eth1", protocol: "static", flags: [] },
      { dst: "default", gateway: "192.0.2.254", dev: "eth1", protocol: "dhcp", metric: 100, flags: [] },
      { dst: "172.16.0.0/30", dev: "eth1", protocol: "static", scope: "link", flags: [] },
      { dst: "10.0.0.0/24", dev: "eth0", protocol: "kernel", scope: "link", prefsrc: "10.0.0.1", flags: [] },
      { type: "local", dst: "10.0.0.1", dev: "eth0", table: "local", protocol: "kernel", scope: "host", prefsrc: "10.0.0.1", flags: [] },
      { dst: "2001:db8::/64", dev: "eth0", protocol: "kernel", metric: 256, flags: [], pref: "medium" },
    ]),
    "ip-rule": JSON.stringify([{ priority: 0, src: "all", table: "local" }, { priority: 100, src: "10.9.0.0/16", table: "7" }, { priority: 32766, src: "all", table: "main" }, { priority: 32767, src: "all", table: "default" }]),
    sysctl: "net.ipv4.conf.eth0.forwarding = 1\nnet.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2\nnet.ipv4.conf.eth1.rp_filter = 1\nnet.netfilter.nf_conntrack_tcp_loose = 0\nnet.netfilter.nf_conntrack_made_up = 3\n",
    ...overrides,
  };
  return formatBundle(Object.entries(sections).map(([name, text]) => ({ name, text })));
}

describe("importing a snapshot bundle", () => {
  const { world, summary } = importWithSummary(routerBundle());

  it("keeps the devices' indexes, addresses, MTUs and states; they are external devices", () => {
    expect(out(world, "ip -br link")).toBe(
      "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n" +
        "eth0             UP             52:54:00:12:34:56 <BROADCAST,MULTICAST,UP,LOWER_UP> \n" +
        "eth1             UP             52:54:00:ab:cd:ef <BROADCAST,MULTICAST,UP,LOWER_UP> \n" +
        "spare            DOWN           52:54:00:00:00:07 <BROADCAST,MULTICAST> \n",
    );
    expect(out(world, "ip -o -4 addr show dev eth1")).toBe("5: eth1    inet 192.0.2.1/24 scope global eth1\\       valid_lft forever preferred_lft forever\n");
    expect(world.namespaces[""]?.devices.map((d) => d.kind)).toEqual(["loopback", "external", "external", "external"]);
  });

  it("adds the routes the kernel did not make, whatever their order, and leaves IPv6 out", () => {
    expect(out(world, "ip route")).toBe(
      "default via 192.0.2.254 dev eth1 proto dhcp metric 100 \n" +
        "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n" +
        "172.16.0.0/30 dev eth1 proto static scope link \n" +
        "192.0.2.0/24 dev eth1 proto kernel scope link src 192.0.2.1 \n" +
        "198.51.100.0/24 via 172.16.0.2 dev eth1 proto static \n",
    );
  });

  it("applies the sysctls, forwarding first, and counts what nfsim does not model", () => {
    expect(out(world, "sysctl net.ipv4.ip_forward net.ipv4.conf.eth0.forwarding net.ipv4.conf.eth1.rp_filter net.netfilter.nf_conntrack_tcp_loose")).toBe(
      "net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0.forwarding = 1\nnet.ipv4.conf.eth1.rp_filter = 1\nnet.netfilter.nf_conntrack_tcp_loose = 0\n",
    );
  });

  it("loads the ruleset with its counters", () => {
    expect(out(world, "iptables -S FORWARD -v")).toBe("-P FORWARD DROP -c 3 180\n-A FORWARD -i eth0 -o eth1 -c 7 420 -j ACCEPT\n");
  });

  it("says in one line what it imported and what it left out", () => {
    expect(summaryLine(summary)).toBe(
      "imported snapshot bundle: 4 devices, 2 addresses, 3 routes, 1 rule in 1 table, 0 ipsets, 5 sysctls; " +
        "not modelled: 1 IPv6 address, 1 IPv6 route, 1 policy routing rule, 1 sysctl",
    );
  });

  it("sends what leaves by an external device out of the world, to its next hop", () => {
    const { trace } = sendPacket(world, { ns: "", in: "eth0" }, { proto: "tcp", src: ip("10.0.0.7"), dst: ip("203.0.113.5"), sport: 40000, dport: 443 });
    expect(trace.fate).toEqual({ kind: "sent", ns: "", dev: "eth1", nexthop: ip("192.0.2.254") });
    expect(trace.steps.find((s) => s.kind === "neigh")).toMatchObject({ state: "REACHABLE", what: "192.0.2.254 assumed to answer (a real host's neighbour)" });
  });
});

describe("damaged or unknown bundles", () => {
  it("names the line and section of JSON that does not parse", () => {
    expect(importError(routerBundle({ "ip-addr": "[{" }))).toMatch(/^line 15 \(section ip-addr\): not valid JSON: /);
  });

  it("names the entry that lacks what it needs", () => {
    expect(importError(routerBundle({ "ip-link": '[{"ifname":"eth0"}]' }))).toBe('line 12 (section ip-link): entry 1 (eth0): an interface needs "ifname" and a positive "ifindex"');
  });

  it("refuses an interface name the kernel would not give", () => {
    expect(importError(routerBundle({ "ip-link": '[{"ifname":"eth 0","ifindex":2}]' }))).toBe('line 12 (section ip-link): entry 1 (eth 0): "eth 0" is not a name the kernel gives an interface');
  });

  it("passes on the tool's own words for an address or route the kernel would refuse", () => {
    const routes = JSON.stringify([{ dst: "10.1.0.0/16", gateway: "10.200.0.1", dev: "eth0", flags: [] }]);
    expect(importError(routerBundle({ "ip-route": routes }))).toBe("line 18 (section ip-route): entry 1 (10.1.0.0/16): Error: Nexthop has invalid gateway.");
  });

  it("names the sysctl line that is not `key = value`, or whose value the kernel refuses", () => {
    expect(importError(routerBundle({ sysctl: "net.ipv4.ip_forward = 1\nnet.ipv4.ip_forward: 1\n" }))).toBe('line 25 (section sysctl): not a "key = value" line: "net.ipv4.ip_forward: 1"');
    expect(importError(routerBundle({ sysctl: "net.netfilter.nf_conntrack_tcp_loose = 7\n" }))).toBe('line 24 (section sysctl): net.netfilter.nf_conntrack_tcp_loose: invalid value "7"');
  });

  it("maps iptables-restore's line to the bundle's", () => {
    const save = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n";
    expect(importError(routerBundle({ "iptables-save": save }))).toMatch(/^line 5 \(section iptables-save\): /);
  });
});

describe("importing a bare iptables-save dump", () => {
  it("makes the interfaces the rules name, a default route, and turns forwarding on for NAT", () => {
    const { world, summary } = importWithSummary(DOCKERISH);
    expect(out(world, "ip -br link")).toBe(
      "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n" +
        `docker0          UP             ${world.namespaces[""]?.devices[1]?.mac ?? ""} <BROADCAST,MULTICAST,UP,LOWER_UP> \n`,
    );
    expect(out(world, "ip route")).toBe("default dev docker0 scope link \n");
    expect(out(world, "sysctl net.ipv4.ip_forward")).toBe("net.ipv4.ip_forward = 1\n");
    expect(summaryLine(summary)).toBe("imported iptables-save dump: 2 devices, 0 addresses, 1 route, 4 rules in 2 tables, 0 ipsets, 1 sysctl");
  });

  it("gives a host whose rules name no interface an eth0, and leaves forwarding off without FORWARD or nat rules", () => {
    const world = importWorld("*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
    expect(out(world, "ip -br addr")).toBe("lo               UNKNOWN        127.0.0.1/8 ::1/128 \neth0             UP             \n");
    expect(out(world, "sysctl net.ipv4.ip_forward")).toBe("net.ipv4.ip_forward = 0\n");
  });

  it("refuses what iptables-restore refuses, naming the line", () => {
    // As the real iptables-restore: a jump to a missing chain is found at COMMIT (line 3).
    expect(importError("*filter\n-A INPUT -j NOSUCH\nCOMMIT\n")).toBe("line 3: iptables-restore v1.8.9 (nf_tables): Chain 'NOSUCH' does not exist\nError occurred at line: 3\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.");
    expect(importError("hello\n")).toBe("line 1: iptables-restore: line 1 failed");
  });
});
