import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bufferIO } from "../io.ts";
import { runCommand } from "../run.ts";
import { newWorld, type World } from "../../world/world.ts";
import { traceCommand } from "./index.ts";

/** A router between a client (10.0.1.2 on c0) and a server (10.0.2.2 on s0). */
const ROUTER = [
  "ip netns add client",
  "ip netns add server",
  "ip link add c0 type veth peer name eth0 netns client",
  "ip link add s0 type veth peer name eth0 netns server",
  "ip addr add 10.0.1.1/24 dev c0",
  "ip addr add 10.0.2.1/24 dev s0",
  "ip link set c0 up",
  "ip link set s0 up",
  "ip -n client addr add 10.0.1.2/24 dev eth0",
  "ip -n client link set eth0 up",
  "ip -n client route add default via 10.0.1.1",
  "ip -n server addr add 10.0.2.2/24 dev eth0",
  "ip -n server link set eth0 up",
  "ip -n server route add default via 10.0.2.1",
  "sysctl -w net.ipv4.ip_forward=1",
  "iptables -P FORWARD DROP",
  "iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
  "iptables -A FORWARD -i c0 -o s0 -p tcp --dport 80 -j ACCEPT",
  "iptables -A FORWARD -i c0 -o s0 -p tcp --dport 22 -j DROP",
  "iptables -t nat -A PREROUTING -p tcp -d 10.0.1.1 --dport 8080 -j DNAT --to-destination 10.0.2.2:80",
];

function router(): World {
  const world = newWorld();
  for (const line of ROUTER) expect(runCommand(world, line), line).toMatchObject({ exit: 0 });
  return world;
}

function trace(world: World, line: string, tty = false): { out: string; err: string; exit: number } {
  const io = bufferIO();
  const exit = traceCommand(line.split(" "), io, { world: () => world, tty });
  return { out: io.out, err: io.err, exit };
}

describe("nfsim trace", () => {
  it("names the rule that dropped a forwarded packet, with every rule tested before it", () => {
    const r = trace(router(), "tcp 10.0.1.2:40000 > 10.0.2.2:22 --in c0");
    expect(r.exit).toBe(0);
    expect(r.out).toContain("  [host] routing: forward dev s0 (next hop 10.0.2.2): route 10.0.2.0/24 dev s0\n");
    expect(r.out).toContain("          1  -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT  -- match #1 (-m conntrack) does not match\n");
    expect(r.out).toContain("    conntrack: NEW (original direction)\n");
    expect(r.out).toMatch(/ {2}=> DROPPED in \[host\] at hook FORWARD, table filter, chain FORWARD, by rule 3: -A FORWARD -i c0 -o s0 -p tcp -m tcp --dport 22 -j DROP\n$/);
  });

  it("shows the DNAT binding and follows the packet to the server", () => {
    const r = trace(router(), "tcp 10.0.1.2:40000 -> 10.0.1.1:8080 --in c0");
    expect(r.out).toContain("    NAT binding: 10.0.1.2:40000 -> 10.0.1.1:8080, replies come from 10.0.2.2:80 -> 10.0.1.2:40000\n");
    expect(r.out).toContain("  [host] out s0 -> [server] eth0\n");
    expect(r.out).toContain("  => DROPPED in [server]: no socket on TCP port 80");
    expect(r.out).toMatch(/caused packet #\d+: IP 10\.0\.2\.2\.80 > 10\.0\.1\.2\.40000: Flags \[R\.\]/);
  });

  it("--state ESTABLISHED assumes the connection: the conntrack rule accepts", () => {
    const r = trace(router(), "tcp 10.0.1.2:40000 to 10.0.2.2:22 --in c0 --state ESTABLISHED");
    expect(r.out).toContain("IP 10.0.1.2.40000 > 10.0.2.2.22: Flags [.], ack 5001, win 64240, length 0");
    expect(r.out).toContain("    conntrack: ESTABLISHED (original direction)\n");
    expect(r.out).toContain("          1  -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT  => matched\n");
    expect(r.out).toContain("  [host] out s0 -> [server] eth0\n");
  });

  it("--state RELATED: an ICMP error about the destination's echo request", () => {
    const r = trace(router(), "icmp 10.0.1.2 > 10.0.2.2 --in c0 --type host-unreachable --state RELATED");
    expect(r.out).toContain("ICMP host 10.0.1.2 unreachable");
    expect(r.out).toContain("    conntrack: RELATED (reply direction)\n");
    expect(r.out).toContain("  [host] out s0 -> [server] eth0\n");
  });

  it("a packet the namespace sends itself (--from)", () => {
    const r = trace(router(), "icmp 10.0.1.2 > 10.0.2.2 --from client --type echo-request");
    expect(r.out).toContain("  sent by nfsim trace in [client]\n");
    expect(r.out).toContain("  [client] routing: output dev eth0 (next hop 10.0.1.1): route default via 10.0.1.1\n");
    expect(r.out).toContain("  => DROPPED in [host] at hook FORWARD, table filter, chain FORWARD, by the chain's policy\n");
  });

  it("a packet the namespace cannot route ends at the routing decision", () => {
    const r = trace(router(), "udp 10.0.1.1:5000 > 192.0.2.1:53");
    expect(r.out).toContain("  [host] routing: unreachable: no route to 192.0.2.1: Network is unreachable\n");
    expect(r.out).toContain("  => DROPPED in [host]: no route to 192.0.2.1: Network is unreachable\n");
  });

  it("--mark and --ttl set the packet's mark and TTL", () => {
    const world = router();
    expect(runCommand(world, "iptables -I FORWARD -m mark --mark 0x2a -j ACCEPT").exit).toBe(0);
    const r = trace(world, "tcp 10.0.1.2:40000 > 10.0.2.2:22 --in c0 --mark 42 --ttl 9");
    expect(r.out).toContain("  [host] forwarded: TTL now 8\n");
    expect(r.out).toContain("          1  -A FORWARD -m mark --mark 0x2a -j ACCEPT  => matched\n");
  });

  it("--json prints a document with the fate, the rules as text and the TRACE lines", () => {
    const world = router();
    expect(runCommand(world, "iptables -t raw -A PREROUTING -p tcp --dport 22 -j TRACE").exit).toBe(0);
    const r = trace(world, "tcp 10.0.1.2:40000 > 10.0.2.2:22 --in c0 --json");
    const doc = JSON.parse(r.out) as { fate: { kind: string; rule: number; chain: string; text: string }; packet: { ip: { src: string } }; xtablesMonitor: string[]; steps: { kind: string; events?: { rule?: string }[] }[] };
    expect(doc.fate).toMatchObject({ kind: "dropped", chain: "FORWARD", rule: 3 });
    expect(doc.packet.ip.src).toBe("10.0.1.2");
    expect(doc.steps.find((s) => s.kind === "hook" && s.events?.some((e) => e.rule === "-A FORWARD -i c0 -o s0 -p tcp -m tcp --dport 22 -j DROP"))).toBeDefined();
    expect(doc.xtablesMonitor.at(-1)).toMatch(/^ TRACE: 2 [0-9a-f]{8} filter:FORWARD:rule:0x4:DROP {2}-4 -t filter -A FORWARD -i c0 -o s0 -p tcp -m tcp --dport 22 -j DROP$/);
  });

  it("colours on a terminal and with --color=always, never when piped", () => {
    const world = router();
    expect(trace(world, "tcp 10.0.1.2:1 > 10.0.2.2:22 --in c0", true).out).toContain("\x1b[");
    expect(trace(world, "tcp 10.0.1.2:1 > 10.0.2.2:22 --in c0 --color=always").out).toContain("\x1b[");
    expect(trace(world, "tcp 10.0.1.2:1 > 10.0.2.2:22 --in c0 --color=never", true).out).not.toContain("\x1b[");
    expect(trace(world, "tcp 10.0.1.2:1 > 10.0.2.2:22 --in c0").out).not.toContain("\x1b[");
  });

  it("prints what the README shows for examples/trace-router.sh", () => {
    const world = newWorld();
    const script = readFileSync(new URL("../../../examples/trace-router.sh", import.meta.url), "utf8");
    for (const line of script.split("\n").filter((l) => l !== "" && !l.startsWith("#"))) expect(runCommand(world, line), line).toMatchObject({ exit: 0 });
    const r = trace(world, "tcp 10.0.1.2:40000 > 10.0.2.2:22 --in c0");
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(`$ bin/nfsim trace tcp 10.0.1.2:40000 '>' 10.0.2.2:22 --in c0\n${r.out}\`\`\`\n`);
  });

  it.each([
    ["tcp 10.0.1.300:1 > 10.0.2.2:22", `"10.0.1.300": not an IPv4 address`],
    ["sctp 10.0.1.2 > 10.0.2.2", `"sctp": the protocol is tcp, udp or icmp`],
    ["tcp 10.0.1.2:1 >> 10.0.2.2:22", `">>": expected '>', '->' or 'to' between source and destination`],
    ["tcp 10.0.1.2:99999 > 10.0.2.2:22", `"99999": port must be at most 65535`],
    ["tcp 10.0.1.2:1 > 10.0.2.2:22 --flags SX", `"SX": TCP flags are letters of SAFRPUEC, or names SYN,ACK,FIN,RST,PSH,URG,ECE,CWR`],
    ["icmp 10.0.1.2 > 10.0.2.2 --type echo-bogus", `"echo-bogus": unknown ICMP type (see iptables -p icmp -h)`],
    ["tcp 10.0.1.2:1 > 10.0.2.2:22 --state OPEN", `"OPEN": the state is NEW, ESTABLISHED or RELATED`],
    ["tcp 10.0.1.2:1 > 10.0.2.2:22 --in eth9", `no device "eth9" in the initial namespace`],
    ["tcp 10.0.1.2:1 > 10.0.2.2:22 --from nowhere", `"nowhere": no such namespace`],
    ["tcp 10.0.1.2:1 > 10.0.2.2:22 --bogus", `"--bogus": unknown option`],
    ["tcp 10.0.1.2:1 > 10.0.2.2:22 --ttl", `"--ttl": needs a value`],
  ])("refuses %s (exit 2, nothing changed)", (line, message) => {
    const world = router();
    const before = JSON.stringify(world);
    const r = trace(world, line);
    expect(r).toEqual({ out: "", err: `nfsim trace: ${message}\nTry 'nfsim trace --help' for more information.\n`, exit: 2 });
    expect(JSON.stringify(world)).toBe(before);
  });
});
