// route-to and dup-to in a Mac's packet path (xnu bsd/net/pf.c pf_route): a routed packet
// skips ip_forward (no forwarding switch, no TTL decrement) and leaves by the rule's
// interface to its next hop; dup-to sends a copy and lets the packet go its way. The Mac's
// ping lines follow network_cmds-741 ping.c; the captures are tcpdump 4.99's.
import { describe, expect, it } from "vitest";
import { runScript } from "../src/cli/shell/testkit.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
/** LIME on the Mac's en0, GW (with 10.99.0.5 on lo) on en1; the Mac's default route is LIME. */
const LAB = `ip netns add LIME
ip netns add MAC
ip netns add GW
nfsim host MAC --os macos
ip link add veth0 netns LIME type veth peer name en0 netns MAC
ip link add veth0 netns GW type veth peer name en1 netns MAC
ip -n LIME addr add 10.10.10.2/24 dev veth0
ip -n MAC addr add 10.10.10.1/24 dev en0
ip -n MAC addr add 10.20.0.1/24 dev en1
ip -n GW addr add 10.20.0.2/24 dev veth0
ip -n GW addr add 10.99.0.5/32 dev lo
ip -n LIME link set veth0 up
ip -n MAC link set en0 up
ip -n MAC link set en1 up
ip -n GW link set veth0 up
ip -n LIME route add default via 10.10.10.1
ip -n MAC route add default via 10.10.10.2
ip -n GW route add 10.10.10.0/24 via 10.20.0.1
`;

function run(body: string): { out: string; err: string } {
  return runScript(LAB + body, undefined, { now: NOW });
}

describe("pf route-to and dup-to", () => {
  it("route-to takes an arriving packet to its next hop though the Mac does not forward, TTL untouched", () => {
    const r = run(`ip netns exec MAC pfctl -q -f - <<'EOF'
pass in on en0 route-to (en1 10.20.0.2) proto icmp to 10.99.0.5
EOF
ip netns exec MAC pfctl -q -e
ip netns exec GW tcpdump -v -n -i veth0 icmp & W=$!
ip netns exec LIME ping -c 1 -W 1 10.99.0.5 >/dev/null
kill $W
`);
    const lines = r.out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("    10.10.10.2 > 10.99.0.5: ICMP echo request,"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toMatch(/ IP \(tos 0x0, ttl 64, id \d+, offset 0, flags \[DF\], proto ICMP \(1\), length 84\)$/);
  });

  it("dup-to sends a copy to its next hop while the packet itself reaches its destination", () => {
    const r = run(`ip netns exec MAC pfctl -q -f - <<'EOF'
pass out on en0 dup-to (en1 10.20.0.2) proto icmp to 10.10.10.2
EOF
ip netns exec MAC pfctl -q -e
ip netns exec GW tcpdump -n -i veth0 icmp & W=$!
ip netns exec MAC ping -c 1 10.10.10.2
kill $W
`);
    const lines = r.out.split("\n");
    expect(lines.filter((l) => l.includes("ICMP"))).toEqual([
      expect.stringMatching(/^00:00:00\.\d{6} IP 10\.10\.10\.1 > 10\.10\.10\.2: ICMP echo request, id \d+, seq 0, length 64$/),
    ]);
    expect(lines).toContain("1 packets transmitted, 1 packets received, 0.0% packet loss");
  });

  it("without a route-to rule the same packet follows the Mac's routing table back to LIME", () => {
    const r = run(`ip netns exec MAC pfctl -q -f - <<'EOF'
pass in on en0 proto icmp to 10.99.0.5
EOF
ip netns exec MAC pfctl -q -e
ip netns exec GW tcpdump -n -i veth0 icmp & W=$!
ip netns exec LIME ping -c 1 -W 1 10.99.0.5 >/dev/null
kill $W
`);
    expect(r.out.split("\n").filter((l) => l.includes("ICMP"))).toEqual([]);
  });
});
