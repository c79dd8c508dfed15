// The library as a user imports it: by the package's name, through package.json "exports".
import { describe, expect, it } from "vitest";
import { SendError, World } from "nfsim";
import { nfsimMatchers } from "nfsim/matchers";

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i eth0 -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset
-A INPUT -i eth0 -p udp -j DROP
COMMIT
`;

function host(): World {
  const world = World.fromIptablesSave(RULES);
  expect(world.run("ip addr add 198.51.100.1/24 dev eth0").exit).toBe(0);
  return world;
}

describe("the library API", () => {
  it("sends a packet and reports its fate and trace", () => {
    const r = host().send({ proto: "udp", src: "198.51.100.7", sport: 5000, dst: "198.51.100.1", dport: 53, in: "eth0" });
    expect(r.fate).toMatchObject({ kind: "dropped", hook: "INPUT", table: "filter", chain: "INPUT", rule: 2 });
    expect(r.trace.steps.map((s) => s.kind)).toEqual(["rx", "hook", "route", "hook"]);
    expect(r.text()).toContain("  => DROPPED in [host] at hook INPUT, table filter, chain INPUT, by rule 2: -A INPUT -i eth0 -p udp -j DROP\n");
    expect((JSON.parse(r.json()) as { fate: { rule: number } }).fate.rule).toBe(2);
    expect(r.monitor()).toEqual([]);
  });

  it("names why MASQUERADE dropped a packet: no address on the way out", () => {
    const world = World.fromIptablesSave("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -i eth0 -j ACCEPT\n-A POSTROUTING -o eth1 -j MASQUERADE\nCOMMIT\n");
    expect(world.run("ip addr add 198.51.100.1/24 dev eth0").exit).toBe(0);
    expect(world.run("ip route add 203.0.113.0/24 dev eth1").exit).toBe(0);
    const r = world.send({ proto: "tcp", src: "198.51.100.7", sport: 5000, dst: "203.0.113.9", dport: 80, in: "eth0" });
    expect(r.fate).toMatchObject({ kind: "dropped", hook: "POSTROUTING", why: 'DROP at POSTROUTING by conntrack (nat): MASQUERADE found no address on eth1 ("eth1 ate my IP address")' });
  });

  it("reports what a packet caused: REJECT's reset", () => {
    const r = host().send({ proto: "tcp", src: "198.51.100.7", sport: 5000, dst: "198.51.100.1", dport: 23, in: "eth0" });
    expect(r.fate).toMatchObject({ kind: "dropped", rule: 1 });
    expect(r.trace.steps).toContainEqual({ kind: "reject", ns: "", with: "tcp-reset" });
  });

  it("a sent packet changes the world (counters); a clone keeps it apart", () => {
    const world = host();
    const copy = world.clone();
    copy.send({ proto: "udp", src: "198.51.100.7", dst: "198.51.100.1", dport: 53, in: "eth0" });
    expect(copy.run("iptables -L INPUT -v -n").stdout).toMatch(/^ +1 +\d+ DROP/m);
    expect(world.run("iptables -L INPUT -v -n").stdout).toMatch(/^ +0 +0 DROP/m);
    expect(World.load(world.save()).save()).toBe(world.save());
  });

  it("refuses a bad address, type or device with a message naming it", () => {
    const world = host();
    expect(() => world.send({ proto: "tcp", src: "198.51.100.700", dst: "198.51.100.1" })).toThrow(`nfsim: source "198.51.100.700" is not an IPv4 address`);
    expect(() => world.send({ proto: "icmp", src: "198.51.100.7", dst: "198.51.100.1", type: "bogus" })).toThrow(`"bogus": unknown ICMP type`);
    expect(() => world.send({ proto: "tcp", src: "198.51.100.7", dst: "198.51.100.1", in: "eth7" })).toThrow(SendError);
  });

  it("exports the matchers from nfsim/matchers", () => {
    expect(Object.keys(nfsimMatchers)).toEqual(["toAccept", "toDrop", "toNatTo"]);
  });
});
