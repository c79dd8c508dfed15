// The TRACE lines against what the real xtables-monitor --trace printed for the same
// ruleset and packets (tests/golden/trace/capture-*.sh, iptables 1.8.9).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { sendPacket } from "../../world/send.ts";
import { newWorld, type World } from "../../world/world.ts";
import { parseIpv4Strict } from "../../wire/ipv4.ts";
import { monitorLines } from "./monitor.ts";

const GOLDEN = new URL("../../../tests/golden/trace/", import.meta.url);

function ip(text: string): number {
  const a = parseIpv4Strict(text);
  if (a === undefined) throw new Error(text);
  return a;
}

/** The capture script's host, built with nfsim's own commands. */
function captureHost(rulesFile: string): World {
  const world = newWorld();
  const lines = [
    "ip link set lo up",
    "ip netns add trcpeer",
    "ip link add va type veth peer name vb netns trcpeer",
    "ip link set va address 02:00:00:00:00:01",
    "ip addr add 10.9.0.1/24 dev va",
    "ip link set va up",
    "ip -n trcpeer link set lo up",
    "ip -n trcpeer link set vb address 02:00:00:00:00:02",
    "ip -n trcpeer addr add 10.9.0.2/24 dev vb",
    "ip -n trcpeer link set vb up",
  ];
  for (const line of lines) expect(runCommand(world, line).exit).toBe(0);
  const rules = readFileSync(new URL(rulesFile, GOLDEN), "utf8");
  expect(runCommand(world, "iptables-restore", rules).exit).toBe(0);
  return world;
}

/** capture-forward.sh's router between a client on c0 and a server on s0. */
function routerHost(): World {
  const world = newWorld();
  const lines = [
    "ip link set lo up",
    "ip netns add trccli",
    "ip netns add trcsrv",
    "ip link add c0 type veth peer name eth0 netns trccli",
    "ip link add s0 type veth peer name eth0 netns trcsrv",
    "ip link set c0 address 02:00:00:00:01:01",
    "ip link set s0 address 02:00:00:00:02:01",
    "ip addr add 10.8.1.1/24 dev c0",
    "ip addr add 10.8.2.1/24 dev s0",
    "ip link set c0 up",
    "ip link set s0 up",
    "ip -n trccli link set eth0 address 02:00:00:00:01:02",
    "ip -n trccli addr add 10.8.1.2/24 dev eth0",
    "ip -n trccli link set eth0 up",
    "ip -n trccli route add default via 10.8.1.1",
    "ip -n trcsrv link set eth0 address 02:00:00:00:02:02",
    "ip -n trcsrv addr add 10.8.2.2/24 dev eth0",
    "ip -n trcsrv link set eth0 up",
    "ip -n trcsrv route add default via 10.8.2.1",
    "sysctl -qw net.ipv4.ip_forward=1",
  ];
  for (const line of lines) expect(runCommand(world, line), line).toMatchObject({ exit: 0 });
  expect(runCommand(world, "iptables-restore", readFileSync(new URL("monitor-forward.rules", GOLDEN), "utf8")).exit).toBe(0);
  return world;
}

/** The trace id is a hash of a kernel pointer and the IP id is random: both vary run to run. */
function normalise(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/^(PACKET| TRACE): 2 [0-9a-f]{8} /, "$1: 2 ID ").replace(/ ID=\d+ /, " ID=N "));
}

describe("xtables-monitor --trace lines", () => {
  it.each([
    ["monitor-filter", "a MARK, a jump, a goto, a RETURN, a REJECT and a DROP"],
    ["monitor-nat", "a RETURN in a base chain, a DNAT and the packet after it"],
    ["monitor-mark", "the packet dumped with each table's first event: before a jump's MARKs, after the first MARK"],
  ])("%s: match the real tool's for %s", (name) => {
    const world = captureHost(`${name}.rules`);
    const got: string[] = [];
    for (const [sport, dport] of [[35886, 80], [45666, 81]] as const) {
      const sent = sendPacket(world, { ns: "", in: "va" }, { proto: "tcp", src: ip("10.9.0.2"), dst: ip("10.9.0.1"), sport, dport, len: 60 });
      got.push(...monitorLines(world, sent.trace));
    }
    const want = readFileSync(new URL(`${name}.txt`, GOLDEN), "utf8").replace(/\n$/, "").split("\n");
    expect(normalise(got)).toEqual(normalise(want));
  });

  it("monitor-forward: match the real tool's for a forwarded, MASQUERADEd packet and one the host sends", () => {
    const world = routerHost();
    const got: string[] = [];
    const forwarded = sendPacket(world, { ns: "", in: "c0" }, { proto: "tcp", src: ip("10.8.1.2"), dst: ip("10.8.2.2"), sport: 35886, dport: 80, len: 60 });
    got.push(...monitorLines(world, forwarded.trace));
    const local = sendPacket(world, { ns: "" }, { proto: "tcp", src: ip("10.8.2.1"), dst: ip("10.8.2.2"), sport: 45666, dport: 81, len: 60 });
    got.push(...monitorLines(world, local.trace));
    const want = readFileSync(new URL("monitor-forward.txt", GOLDEN), "utf8").replace(/\n$/, "").split("\n");
    expect(normalise(got)).toEqual(normalise(want));
  });

  it("prints nothing for a packet no TRACE rule marked", () => {
    const world = captureHost("monitor-filter.rules");
    const sent = sendPacket(world, { ns: "", in: "va" }, { proto: "udp", src: ip("10.9.0.2"), dst: ip("10.9.0.1"), dport: 53 });
    expect(monitorLines(world, sent.trace)).toEqual([]);
  });
});
