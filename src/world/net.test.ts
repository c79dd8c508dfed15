// The packet path end to end (src/stack driven by src/world/net.ts), set up as a user
// would with ip, iptables and sysctl, and observed through traces, counters and captures.
import { describe, expect, it } from "vitest";
import { LAB, ROUTER, runScript } from "../cli/shell/testkit.ts";
import type { ConntrackSteps } from "../conntrack/steps.ts";
import { findNeighbour } from "../stack/neighbour.ts";
import type { PathTrace } from "../stack/skb.ts";
import { parseIpv4Strict } from "../wire/ipv4.ts";
import { Net } from "./net.ts";
import { formatPathTrace } from "./trace-text.ts";
import { newWorld } from "./world.ts";

const ip = (s: string) => parseIpv4Strict(s) ?? 0;

function icmpTraces(traces: readonly PathTrace[], type: number): PathTrace[] {
  return traces.filter((t) => t.packet.l4.kind === "icmp" && t.packet.l4.type === type);
}

describe("the packet path", () => {
  it("answers an echo request across a veth pair after ARP, and records both journeys", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 1 10.10.10.2\n`);
    expect(r.out).toContain("64 bytes from 10.10.10.2: icmp_seq=1 ttl=64 time=0.080 ms\n");
    const [request] = icmpTraces(r.net.traces(), 8);
    const [reply] = icmpTraces(r.net.traces(), 0);
    expect(request?.fate).toEqual({ kind: "delivered", ns: "LIME", to: "ICMP echo (answered with an echo reply)" });
    expect(request?.steps.map((s) => `${s.kind}${"hook" in s ? `:${s.hook}` : ""}`)).toEqual([
      "route", "hook:OUTPUT", "hook:POSTROUTING", "neigh", "neigh", "xmit", "rx", "hook:PREROUTING", "route", "hook:INPUT", "deliver",
    ]);
    expect(reply?.cause).toBe(request?.id);
    expect(reply?.fate).toEqual({ kind: "delivered", ns: "LEMON", to: "raw ICMP socket" });
  });

  it("says which hook, table, chain and rule dropped a packet, and counts it", () => {
    const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -s 10.10.10.1 -j DROP
ip netns exec LEMON ping -c 1 -W 1 10.10.10.2
ip netns exec LIME iptables -L INPUT -v -n
`);
    const [dropped] = icmpTraces(r.net.traces(), 8);
    expect(dropped?.fate).toEqual({
      kind: "dropped", ns: "LIME", why: "DROP at INPUT by filter INPUT rule 1", hook: "INPUT", table: "filter", chain: "INPUT", rule: 1,
    });
    expect(r.out).toContain("    1    84 DROP       0    --  *      *       10.10.10.1           0.0.0.0/0");
    expect(formatPathTrace(r.world, dropped as PathTrace)).toContain(
      "  => DROPPED in [LIME] at hook INPUT, table filter, chain INPUT, by rule 1: -A INPUT -s 10.10.10.1/32 -j DROP\n",
    );
  });

  it("forwards only with ip_forward, decrementing the TTL, and answers TTL 1 with time exceeded", () => {
    const off = runScript(`${ROUTER}ip netns exec A ping -c 1 -W 1 10.0.2.2\n`);
    expect(icmpTraces(off.net.traces(), 8)[0]?.fate).toMatchObject({ kind: "dropped", ns: "R", why: "not for this host and forwarding is off on r0" });
    const on = runScript(`${ROUTER}ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip netns exec A ping -c 1 10.0.2.2
ip netns exec A ping -c 1 -t 1 10.0.2.2
`);
    expect(on.out).toContain("64 bytes from 10.0.2.2: icmp_seq=1 ttl=63 time=0.160 ms\n");
    expect(on.out).toContain("From 10.0.1.1 icmp_seq=1 Time to live exceeded\n");
    const exceeded = icmpTraces(on.net.traces(), 11)[0];
    expect(exceeded?.packet.ip).toMatchObject({ src: ip("10.0.1.1"), dst: ip("10.0.1.2"), ttl: 64, tos: 0xc0, dontFragment: false, length: 112 });
  });

  it("sends ICMP net unreachable for a missing route only when it forwards, rate-limited with ip_error", () => {
    const r = runScript(`${ROUTER}ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip netns exec A ping -c 1 192.168.9.9
ip netns exec A ping -c 1 192.168.9.9
ip netns exec A ping -c 1 -W 1 192.168.9.9
`);
    expect(r.out.match(/Destination Net Unreachable/g)).toHaveLength(2);
  });

  it("drops what fails the strict reverse-path check, and ARP from such a sender too", () => {
    const r = runScript(`${ROUTER}ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip netns exec R sysctl -qw net.ipv4.conf.all.rp_filter=1
ip netns exec A ping -c 1 10.0.2.2
ip -n A addr add 10.0.2.99/32 dev lo
ip netns exec A ping -c 1 -W 1 -I 10.0.2.99 10.0.2.2
`);
    expect(r.out).toContain("1 packets transmitted, 1 received");
    const spoofed = icmpTraces(r.net.traces(), 8).find((t) => t.packet.ip.src === ip("10.0.2.99"));
    expect(spoofed?.fate).toMatchObject({ kind: "dropped", ns: "R", why: "rp_filter=1 (strict): the route back to 10.0.2.99 leaves by r1, not r0" });
  });

  it("answers a closed UDP port with ICMP port unreachable and a closed TCP port with RST", () => {
    const r = runScript(`${LAB}echo hi | ip netns exec LEMON nc -u -w 1 10.10.10.2 53
ip netns exec LEMON nc -v -p 4444 10.10.10.2 80
`);
    expect(r.err).toBe("nc: connect to 10.10.10.2 port 80 (tcp) failed: Connection refused\n");
    const unreach = icmpTraces(r.net.traces(), 3)[0];
    expect(unreach?.packet.l4).toMatchObject({ type: 3, code: 3 });
    const syn = r.net.traces().find((t) => t.packet.l4.kind === "tcp" && t.packet.l4.flags === 0x02);
    const rst = r.net.traces().find((t) => t.packet.l4.kind === "tcp" && (t.packet.l4.flags & 0x04) !== 0);
    if (syn?.packet.l4.kind !== "tcp" || rst?.packet.l4.kind !== "tcp") throw new Error("no SYN or RST");
    expect(rst.packet.ip).toMatchObject({ src: ip("10.10.10.2"), dst: ip("10.10.10.1"), ttl: 64, id: 0, dontFragment: true });
    expect(rst.packet.l4).toMatchObject({ sport: 80, dport: 4444, seq: 0, ack: (syn.packet.l4.seq + 1) >>> 0, flags: 0x14, window: 0 });
  });

  it("carries out REJECT: a RST for tcp-reset, ICMP with the asked code otherwise", () => {
    const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec LIME iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
ip netns exec LEMON ping -c 1 10.10.10.2
ip netns exec LEMON nc -zv 10.10.10.2 22
`);
    expect(r.out).toContain("From 10.10.10.2 icmp_seq=1 Destination Host Prohibited\n");
    expect(r.err).toBe("nc: connect to 10.10.10.2 port 22 (tcp) failed: Connection refused\n");
    const request = icmpTraces(r.net.traces(), 8)[0];
    expect(request?.steps.at(-1)).toEqual({ kind: "reject", ns: "LIME", with: "icmp-host-prohibited" });
  });

  it("writes LOG lines to the kernel log only for the initial namespace unless nf_log_all_netns", () => {
    const script = `${LAB}ip netns exec LIME iptables -A INPUT -p icmp -j LOG --log-prefix "in: "
ip netns exec LEMON ping -c 1 10.10.10.2
`;
    const quiet = runScript(script);
    expect(quiet.world.net?.log).toEqual([]);
    expect(icmpTraces(quiet.net.traces(), 8)[0]?.steps.find((s) => s.kind === "log")).toMatchObject({ written: false });
    const world = newWorld();
    // An initial-namespace-only sysctl (net/netfilter/nf_log.c), set as `sysctl -w` would store it.
    world.namespaces[""]!.sysctl["net.netfilter.nf_log_all_netns"] = "1";
    const loud = runScript(`${script}dmesg\n`, world);
    expect(loud.out).toMatch(/^\[ {4}0\.000060\] in: IN=veth-lime OUT= MAC=[0-9a-f:]{41} SRC=10\.10\.10\.1 DST=10\.10\.10\.2 LEN=84 /m);
  });

  it("calls connection tracking at its fixed points, in the kernel's order", () => {
    const world = newWorld();
    const calls: string[] = [];
    const ct: ConntrackSteps = {
      conntrackIn: (hook) => (calls.push(`in ${hook}`), "ACCEPT"),
      natBefore: (hook) => (calls.push(`nat? ${hook}`), { kind: "consult" }),
      natAfter: (hook) => (calls.push(`nat! ${hook}`), "ACCEPT"),
      confirm: (hook) => (calls.push(`confirm ${hook}`), "ACCEPT"),
      dropped: () => undefined,
      rejected: () => undefined,
      attach: () => undefined,
    };
    Net.of(world).rt.conntrack = () => ct;
    runScript(`${LAB}ip netns exec LIME iptables -t nat -A PREROUTING -m conntrack --ctstate NEW -j ACCEPT
ip netns exec LIME iptables -t mangle -A PREROUTING -j ACCEPT
ip netns exec LEMON ping -c 1 10.10.10.2
`, world);
    // LEMON has no rule that needs conntrack: only LIME (with its conntrack match) tracks.
    expect(calls).toEqual([
      "in PREROUTING", "nat? PREROUTING", "nat! PREROUTING", "nat? INPUT", "nat! INPUT", "confirm INPUT",
      "in OUTPUT", "nat? OUTPUT", "nat! OUTPUT", "nat? POSTROUTING", "nat! POSTROUTING", "confirm POSTROUTING",
    ]);
  });

  it("keeps frames on the wire and kernel timers in the saved world", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 1 -W 1 10.10.10.99\n`);
    const saved = JSON.parse(JSON.stringify(r.world)) as typeof r.world;
    expect(saved.net?.events.some((e) => e.work.kind === "neigh")).toBe(true);
    const lemon = saved.namespaces.LEMON!;
    const ifindex = lemon.devices.find((d) => d.name === "veth-lemon")!.ifindex;
    expect(findNeighbour(lemon, ifindex, ip("10.10.10.99"))?.state).toBe("INCOMPLETE");
    Net.of(saved).advance(3_000_000);
    expect(findNeighbour(lemon, ifindex, ip("10.10.10.99"))?.state).toBe("FAILED");
  });
});

describe("neighbour resolution", () => {
  it("learns the asker STALE, uses it (DELAY), and probes it by unicast after delay_first_probe_time", () => {
    const r = runScript(`${LAB}ip netns exec LEMON tcpdump -l -n -e -i veth-lemon arp &
ip netns exec LEMON ping -c 1 10.10.10.2 > /dev/null
ip netns exec LIME ip neigh
sleep 6
kill %1
ip netns exec LIME ip neigh
`);
    const lines = r.out.split("\n");
    expect(lines.filter((l) => l.includes("ARP"))).toHaveLength(4);
    expect(lines[2]).toMatch(/^10\.10\.10\.1 dev veth-lime lladdr \S+ DELAY $/);
    // The probe five seconds later goes to the cached address, not to broadcast.
    expect(lines[3]).toMatch(/^00:00:05\.000080 (\S+) > (\S+), ethertype ARP \(0x0806\), length 42: Request who-has 10\.10\.10\.1 tell 10\.10\.10\.2, length 28$/);
    expect(lines[3]).not.toContain("ff:ff:ff:ff:ff:ff");
    expect(lines.at(-2)).toMatch(/^10\.10\.10\.1 dev veth-lime lladdr \S+ REACHABLE $/);
  });

  it("fails after three solicitations a second apart and answers the waiting packets with host unreachable", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 3 -i 0.2 10.10.10.99\nip -n LEMON neigh show 10.10.10.99\n`);
    expect(r.out).toContain("From 10.10.10.1 icmp_seq=3 Destination Host Unreachable\n");
    expect(r.out).toContain("3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 400ms\npipe 3\n");
    expect(r.out).toContain("10.10.10.99 dev veth-lemon FAILED \n");
    expect(r.world.clock).toBe(3000.01);
  });

  it("has no answer without lo: the error to itself cannot be looped back", () => {
    const r = runScript(`${LAB}ip -n LEMON link set lo down\nip netns exec LEMON ping -c 1 10.10.10.99\n`);
    expect(r.out).toContain("1 packets transmitted, 0 received, 100% packet loss, time 0ms\n");
    expect(r.world.clock).toBe(10000);
  });
});
