// A bridge with three "containers" on it, driven as a user would (ip, ping, tcpdump): what
// its FDB learns, where unicast and broadcast frames go, ageing, and the bridge's carrier.
import { describe, expect, it } from "vitest";
import { runScript } from "../cli/shell/testkit.ts";
import { Net } from "../world/net.ts";
import type { World } from "../world/world.ts";
import { bridgeXmit } from "./bridge-path.ts";
import { deviceByName } from "./namespace.ts";
import type { Device } from "./types.ts";

function container(n: number): string {
  return `ip netns add C${String(n)}
ip link add vc${String(n)} address 02:00:00:00:00:1${String(n)} type veth peer name eth0 netns C${String(n)} address 02:00:00:00:0${String(n)}:0${String(n)}
ip link set vc${String(n)} master br0
ip link set vc${String(n)} up
ip -n C${String(n)} addr add 10.20.0.${String(n + 1)}/24 dev eth0
ip -n C${String(n)} link set eth0 up
`;
}

const HOST = `ip link add br0 type bridge
ip addr add 10.20.0.1/24 dev br0
ip link set br0 up
${container(1)}${container(2)}${container(3)}`;

function dev(world: World, ns: string, name: string): Device {
  const d = world.namespaces[ns] === undefined ? undefined : deviceByName(world.namespaces[ns], name);
  if (d === undefined) throw new Error(`no ${name} in ${ns}`);
  return d;
}

function fdb(world: World): Record<string, string> {
  const br = dev(world, "", "br0");
  const host = world.namespaces[""];
  const byIndex = (i: number) => host?.devices.find((d) => d.ifindex === i)?.name ?? "?";
  return Object.fromEntries((br.bridge?.fdb ?? []).map((e) => [e.mac, byIndex(e.port)]));
}

const C1 = "02:00:00:00:01:01";
const C2 = "02:00:00:00:02:02";

describe("a bridge", () => {
  it("learns each source MAC on the port it came in by", () => {
    const r = runScript(`${HOST}ip netns exec C1 ping -c 1 10.20.0.3\n`);
    expect(r.out).toContain("1 packets transmitted, 1 received, 0% packet loss");
    expect(fdb(r.world)).toEqual({ [C1]: "vc1", [C2]: "vc2" });
  });

  it("floods a broadcast to every other port, but sends a learned unicast only to its port", () => {
    const r = runScript(`${HOST}ip netns exec C3 tcpdump -l -n -i eth0 arp or icmp &
ip netns exec C1 ping -c 2 -i 0.5 10.20.0.3 > /dev/null
kill %1
`);
    const seen = r.out.split("\n").filter((l) => l !== "");
    expect(seen).toEqual([expect.stringMatching(/ ARP, Request who-has 10\.20\.0\.3 tell 10\.20\.0\.2, length 28$/)]);
  });

  it("forgets what it learned after 300 s and floods the next unicast frame", () => {
    // The last frames of the first ping are the neighbour probes 5 s later (C2 confirming
    // C1 by unicast ARP): they refresh both entries.
    const probe = (wait: number) =>
      runScript(`${HOST}ip netns exec C1 ping -c 1 10.20.0.3 > /dev/null
sleep ${String(wait)}
ip netns exec C3 tcpdump -l -n -i eth0 icmp &
ip netns exec C1 ping -c 1 10.20.0.3 > /dev/null
kill %1
`);
    const fresh = probe(304);
    expect(fresh.out.split("\n").filter((l) => l.includes("ICMP"))).toEqual([]);
    const aged = probe(306);
    expect(aged.out.split("\n").filter((l) => l.includes("ICMP"))).toEqual([
      expect.stringMatching(/ IP 10\.20\.0\.2 > 10\.20\.0\.3: ICMP echo request, id \d+, seq 1, length 64$/),
    ]);
    expect(fdb(aged.world)).toEqual({ [C1]: "vc1", [C2]: "vc2" });
  });

  it("never sends a frame back out of the port its destination was learned on while hairpin mode is off", () => {
    const r = runScript(`${HOST}ip netns exec C1 ping -c 1 10.20.0.3 > /dev/null\n`);
    const net = Net.of(r.world);
    const echo = net.traces().find((t) => t.packet.l4.kind === "icmp" && t.packet.l4.type === 8);
    if (echo === undefined) throw new Error("no echo request");
    const trace = net.beginTrace({ kind: "wire", ns: "C1", dev: "eth0" }, echo.packet);
    // C1 sends a frame to its own MAC: it reaches vc1, where that MAC was learned.
    net.transmit("C1", dev(r.world, "C1", "eth0"), { eth: { dst: C1, src: C1, ethertype: 0x0800 }, body: { kind: "ipv4", packet: echo.packet }, trailer: [] }, trace);
    net.settleNow();
    net.advance(1000);
    expect(net.traceOf(trace)?.fate).toEqual({ kind: "dropped", ns: "", why: `${C1} was learned on vc1, the port it came in by, and its hairpin mode is off` });
  });

  it("sends what the host sends out of br0 to the learned port only", () => {
    const r = runScript(`${HOST}ip netns exec C1 ping -c 1 10.20.0.1 > /dev/null\n`);
    const net = Net.of(r.world);
    const br = dev(r.world, "", "br0");
    const echo = net.traces().find((t) => t.packet.l4.kind === "icmp" && t.packet.l4.type === 0);
    if (echo === undefined) throw new Error("no echo reply");
    const trace = net.beginTrace({ kind: "local", ns: "", by: "test" }, echo.packet);
    bridgeXmit(net, "", br, { eth: { dst: C1, src: br.mac, ethertype: 0x0800 }, body: { kind: "ipv4", packet: echo.packet }, trailer: [] }, trace);
    expect(net.traceOf(trace)?.steps).toEqual([{ kind: "xmit", ns: "", dev: "vc1", to: { ns: "C1", dev: "eth0" } }]);
  });

  it("shows bridged packets to iptables only with bridge-nf-call-iptables, in and out the bridge, without routing", () => {
    const rules = `iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-in vc1 --physdev-out vc2 -j DROP\n`;
    const off = runScript(`${HOST}${rules}ip netns exec C1 ping -c 1 -W 1 10.20.0.3\n`);
    expect(off.out).toContain("1 packets transmitted, 1 received");
    const on = runScript(`${HOST}${rules}sysctl -qw net.bridge.bridge-nf-call-iptables=1
ip netns exec C1 ping -c 1 -W 1 10.20.0.3
ip netns exec C3 ping -c 1 -W 1 10.20.0.3
`);
    expect(on.out).toContain("1 packets transmitted, 0 received, 100% packet loss");
    expect(on.out).toContain("1 packets transmitted, 1 received, 0% packet loss");
    const echo = on.net.traces().find((t) => t.packet.l4.kind === "icmp" && t.packet.l4.type === 8);
    expect(echo?.fate).toMatchObject({ kind: "dropped", ns: "", hook: "FORWARD", chain: "FORWARD", rule: 1 });
    const hooks = echo?.steps.flatMap((s) => (s.kind === "hook" ? [`${s.hook} ${s.in ?? "*"} ${s.out ?? "*"}`] : []));
    expect(hooks).toEqual(["OUTPUT * eth0", "POSTROUTING * eth0", "PREROUTING br0 *", "FORWARD br0 br0"]);
    // No TTL was taken off: the bridge does not route.
    expect(echo?.steps.some((s) => s.kind === "ttl")).toBe(false);
  });

  it("has carrier while a port forwards, and none once its last port has gone", () => {
    const r = runScript(`${HOST}ip -br link show br0
ip link set vc1 down
ip link set vc2 down
ip -br link show br0
ip link set vc3 nomaster
ip -br link show br0
ip link set vc3 master br0
ip -br link show br0
ip link set br0 down
ip link set br0 up
ip -br addr show br0
`);
    const mac = dev(r.world, "", "br0").mac;
    expect(mac).toBe("02:00:00:00:00:11");
    expect(r.out).toBe(
      `br0              UP             ${mac} <BROADCAST,MULTICAST,UP,LOWER_UP> \n` +
        `br0              UP             ${mac} <BROADCAST,MULTICAST,UP,LOWER_UP> \n` +
        `br0              DOWN           ${mac} <NO-CARRIER,BROADCAST,MULTICAST,UP> \n` +
        `br0              UP             ${mac} <BROADCAST,MULTICAST,UP,LOWER_UP> \n` +
        `br0              UP             10.20.0.1/24 fe80::ff:fe00:11/64 \n`,
    );
  });
});
