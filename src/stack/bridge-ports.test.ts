// Bridge port flags and br_netfilter's DNAT, driven as a user would (ip, bridge, iptables,
// ping): hairpin mode for a packet DNATed back to the pod that sent it, learning, port
// isolation, and a Service address DNATed to a pod on the same bridge (bridged, TTL kept).
import { describe, expect, it } from "vitest";
import { runScript } from "../cli/shell/testkit.ts";
import type { World } from "../world/world.ts";
import { deviceByName } from "./namespace.ts";

function pod(n: number): string {
  const s = String(n);
  return `ip netns add C${s}
ip link add vc${s} address 02:00:00:00:00:1${s} type veth peer name eth0 netns C${s} address 02:00:00:00:0${s}:0${s}
ip link set vc${s} master br0
ip link set vc${s} up
ip -n C${s} addr add 10.20.0.${String(n + 1)}/24 dev eth0
ip -n C${s} link set eth0 up
ip -n C${s} route add default via 10.20.0.1
`;
}

const NODE = `ip link add br0 type bridge
ip addr add 10.20.0.1/24 dev br0
ip link set br0 up
${pod(1)}${pod(2)}sysctl -q -w net.ipv4.ip_forward=1
sysctl -q -w net.bridge.bridge-nf-call-iptables=1
iptables -t nat -A PREROUTING -d 10.96.0.10 -j DNAT --to-destination 10.20.0.2
iptables -t nat -A POSTROUTING -s 10.20.0.2 -d 10.20.0.2 -j MASQUERADE
ping -c 1 10.20.0.2 > /dev/null
`;

const LOST = "1 packets transmitted, 0 received, 100% packet loss";
const GOT = "1 packets transmitted, 1 received, 0% packet loss";

function learned(world: World): string[] {
  const host = world.namespaces[""];
  const br = host === undefined ? undefined : deviceByName(host, "br0");
  return (br?.bridge?.fdb ?? []).map((e) => e.mac);
}

describe("bridge ports", () => {
  it("drop a frame bridged back out of the port it came in by unless hairpin mode is on", () => {
    const off = runScript(`${NODE}ip netns exec C1 ping -c 1 -W 1 10.96.0.10\n`);
    expect(off.out).toContain(LOST);
    const on = runScript(`${NODE}bridge link set dev vc1 hairpin on\nip netns exec C1 ping -c 1 -W 1 10.96.0.10\n`);
    expect(on.out).toContain(GOT);
  });

  it("take hairpin mode from ip link's bridge_slave options too", () => {
    const r = runScript(`${NODE}ip link set vc1 type bridge_slave hairpin on\nip netns exec C1 ping -c 1 -W 1 10.96.0.10\nip -d link show vc1\n`);
    expect(r.out).toContain(GOT);
    expect(r.out).toContain("bridge_slave state forwarding priority 32 cost 2 hairpin on guard off");
  });

  it("bridge a Service packet DNATed to a pod on the same bridge, without a TTL decrement", () => {
    const r = runScript(`${NODE}ip netns exec C2 ping -c 1 -W 1 10.96.0.10\n`);
    expect(r.out).toContain("64 bytes from 10.96.0.10: icmp_seq=1 ttl=64");
  });

  it("lose a DNATed packet when forwarding is off, even one for the same bridge", () => {
    const r = runScript(`${NODE}sysctl -q -w net.ipv4.ip_forward=0\nip netns exec C2 ping -c 1 -W 1 10.96.0.10\n`);
    expect(r.out).toContain(LOST);
  });

  it("learn nothing on a port whose learning is off", () => {
    const r = runScript(`${NODE}bridge link set dev vc2 learning off\nip netns exec C2 ping -c 1 10.20.0.2 > /dev/null\n`);
    expect(learned(r.world)).toEqual(["02:00:00:00:01:01"]);
  });

  it("keep two isolated ports apart, but not from the bridge itself", () => {
    const r = runScript(`${NODE}bridge link set dev vc1 isolated on\nbridge link set dev vc2 isolated on
ip netns exec C2 ping -c 1 -W 1 10.20.0.2
ip netns exec C2 ping -c 1 -W 1 10.20.0.1
`);
    expect(r.out.split("\n").filter((l) => l.includes("packets transmitted"))).toEqual([`${LOST}, time 0ms`, `${GOT}, time 0ms`]);
  });

  it("keep static and permanent entries past the ageing time, and deliver frames for a permanent one to the bridge", () => {
    const r = runScript(`${NODE}bridge fdb add 02:00:00:00:aa:01 dev vc1 master static
bridge fdb add 02:00:00:00:02:02 dev vc2 master
sleep 320
bridge fdb show dev vc1 | head -n 2
ip netns exec C1 ping -c 1 -W 1 10.20.0.3
`);
    const lines = r.out.split("\n");
    expect(lines.slice(0, 2)).toEqual(["02:00:00:00:aa:01 master br0 static", "02:00:00:00:00:11 master br0 permanent"]);
    expect(lines).toContain(`${LOST}, time 0ms`);
  });
});
