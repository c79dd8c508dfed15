// The README's CI example: a Docker-style host's iptables-save, tested with the matchers.
import { describe, expect, it } from "vitest";
import { World } from "./api.ts";
import { nfsimMatchers } from "./matchers.ts";

expect.extend(nfsimMatchers);

const HOST_RULES = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
-A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s 192.0.2.0/24 -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -d 172.17.0.2/32 -i eth0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
COMMIT
`;

function host(): World {
  const world = World.fromIptablesSave(HOST_RULES);
  for (const line of ["ip addr add 198.51.100.1/24 dev eth0", "ip addr add 172.17.0.1/16 dev docker0", "ip route replace default via 198.51.100.254"]) {
    expect(world.run(line)).toMatchObject({ exit: 0 });
  }
  return world;
}

describe("nfsim matchers", () => {
  it("toAccept / toDrop: SSH only from the admin network", () => {
    const world = host();
    expect(world).toAccept({ proto: "tcp", src: "192.0.2.10", sport: 40000, dst: "198.51.100.1", dport: 22, in: "eth0" });
    expect(world).toDrop({ proto: "tcp", src: "203.0.113.9", sport: 40000, dst: "198.51.100.1", dport: 22, in: "eth0" });
    expect(world).not.toAccept({ proto: "tcp", src: "203.0.113.9", sport: 40000, dst: "198.51.100.1", dport: 22, in: "eth0" });
    expect(world).not.toDrop({ proto: "tcp", src: "192.0.2.10", sport: 40000, dst: "198.51.100.1", dport: 22, in: "eth0" });
  });

  it("toNatTo: the published port goes to the container, and is then forwarded", () => {
    const world = host();
    const web = { proto: "tcp", src: "203.0.113.9", sport: 40000, dst: "198.51.100.1", dport: 8080, in: "eth0" } as const;
    expect(world).toNatTo(web, "172.17.0.2:80");
    expect(world).toNatTo(web, "172.17.0.2");
    expect(world).not.toNatTo(web, "172.17.0.3:80");
    expect(world).toAccept(web);
    expect(world).not.toNatTo({ ...web, dport: 8081 }, "172.17.0.2:80");
  });

  it("toNatTo sees source NAT too (MASQUERADE from a container)", () => {
    const world = host();
    expect(world).toNatTo({ proto: "udp", src: "172.17.0.2", sport: 5353, dst: "9.9.9.9", dport: 53, in: "docker0" }, "198.51.100.1");
  });

  it("leaves the world as it was", () => {
    const world = host();
    const before = world.save();
    expect(world).toDrop({ proto: "tcp", src: "203.0.113.9", dst: "198.51.100.1", dport: 23, in: "eth0" });
    expect(world.save()).toBe(before);
  });

  it("failure messages print the trace", () => {
    const world = host();
    const r = nfsimMatchers.toAccept(world, { proto: "tcp", src: "203.0.113.9", sport: 1, dst: "198.51.100.1", dport: 23, in: "eth0" });
    expect(r.pass).toBe(false);
    expect(r.message()).toContain("expected tcp 203.0.113.9:1 > 198.51.100.1:23 in eth0 to be accepted, but it was not:\n\npacket #");
    expect(r.message()).toContain("=> DROPPED in [host] at hook INPUT, table filter, chain INPUT, by the chain's policy");
  });

  it("refuses what is not a world", () => {
    expect(() => nfsimMatchers.toDrop({}, { proto: "icmp", src: "1.1.1.1", dst: "2.2.2.2" })).toThrow("must be given an nfsim World");
  });
});
