import { describe, expect, it } from "vitest";
import { runCommand } from "../cli/run.ts";
import { newWorld, type World } from "../world/world.ts";
import type { PacketState } from "./context.ts";
import { evaluateTable } from "./evaluate.ts";
import type { Ruleset } from "./ruleset.ts";

const env = { now: () => 0, random: () => 0, addrType: () => "UNICAST" as const };

function udp(length: number): PacketState {
  return {
    ip: { src: 0x0a000001, dst: 0x0a000002, proto: 17, ttl: 64, tos: 0, length, id: 0, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] },
    l4: { kind: "udp", sport: 5353, dport: 53 },
    payload: [],
    mark: 0,
  } as PacketState;
}

function run(world: World, ...lines: string[]): void {
  for (const line of lines) expect(runCommand(world, line)).toMatchObject({ exit: 0, stderr: "" });
}

const ruleset = (world: World): Ruleset => world.namespaces[""]!.ruleset;

describe("built-in chains under nf_tables", () => {
  it("count their policy only once -P, -Z or a restore policy line gave it a counter", () => {
    const world = newWorld();
    const policyLine = (chain: string) => runCommand(world, `iptables -L ${chain} -v`).stdout.split("\n")[0];
    run(world, "iptables -A INPUT -p tcp -j ACCEPT", "iptables -A OUTPUT -j ACCEPT", "iptables -F OUTPUT");
    evaluateTable(ruleset(world), "filter", udp(84), { hook: "INPUT", env });
    evaluateTable(ruleset(world), "filter", udp(84), { hook: "OUTPUT", env });
    expect([policyLine("INPUT"), policyLine("OUTPUT")]).toEqual([
      "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)",
      "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)",
    ]);
    run(world, "iptables -Z INPUT", "iptables -P OUTPUT ACCEPT");
    evaluateTable(ruleset(world), "filter", udp(84), { hook: "INPUT", env });
    evaluateTable(ruleset(world), "filter", udp(84), { hook: "OUTPUT", env });
    expect([policyLine("INPUT"), policyLine("OUTPUT")]).toEqual([
      "Chain INPUT (policy ACCEPT 1 packets, 84 bytes)",
      "Chain OUTPUT (policy ACCEPT 1 packets, 84 bytes)",
    ]);
  });

  it("are listed before they exist, but count nothing until a command creates them", () => {
    const world = newWorld();
    run(world, "iptables -N U");
    expect(runCommand(world, "iptables -S INPUT").stdout).toBe("-P INPUT ACCEPT\n");
    expect(evaluateTable(ruleset(world), "filter", udp(100), { hook: "INPUT", env }).verdict).toBe("ACCEPT");
    expect(runCommand(world, "iptables -S INPUT -v").stdout).toBe("-P INPUT ACCEPT -c 0 0\n");
    run(world, "iptables -P INPUT DROP");
    expect(evaluateTable(ruleset(world), "filter", udp(100), { hook: "INPUT", env }).verdict).toBe("DROP");
    expect(runCommand(world, "iptables -S INPUT -v").stdout).toBe("-P INPUT DROP -c 1 100\n");
  });

  it("answer commands that need the kernel's chain with ENOENT until created", () => {
    const world = newWorld();
    expect(runCommand(world, "iptables -D INPUT 1")).toEqual({ stdout: "", stderr: "iptables: No chain/target/match by that name.\n", exit: 1 });
    expect(runCommand(world, "iptables -Z INPUT 1").stderr).toBe("iptables: Bad rule (does a matching rule exist in that chain?).\n");
    run(world, "iptables -F INPUT", "iptables -Z INPUT 1");
    expect(runCommand(world, "iptables -D INPUT 1").stderr).toBe("iptables: Index of deletion too big.\n");
  });

  it("go away with -X when empty with policy ACCEPT, taking their counters", () => {
    const world = newWorld();
    // -Z gives the policy its counter (a chain made by -A alone counts nothing).
    run(world, "iptables -A INPUT -j ACCEPT -c 3 4", "iptables -F INPUT", "iptables -Z INPUT");
    evaluateTable(ruleset(world), "filter", udp(60), { hook: "INPUT", env });
    expect(runCommand(world, "iptables -S INPUT -v").stdout).toBe("-P INPUT ACCEPT -c 1 60\n");
    run(world, "iptables -X");
    expect(runCommand(world, "iptables -S INPUT -v").stdout).toBe("-P INPUT ACCEPT -c 0 0\n");
    expect(runCommand(world, "iptables -Z INPUT").stderr).toBe("iptables: No chain/target/match by that name.\n");
  });

  it("keep a DROP policy or rules against -X CHAIN, each refused in its own way", () => {
    const world = newWorld();
    run(world, "iptables -P FORWARD DROP", "iptables -A OUTPUT -j ACCEPT");
    expect(runCommand(world, "iptables -X FORWARD")).toMatchObject({ stderr: "iptables: Directory not empty.\n", exit: 1 });
    expect(runCommand(world, "iptables -X OUTPUT")).toMatchObject({
      stderr: "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain OUTPUT\n",
      exit: 4,
    });
  });

  it("renamed with -E drop out of iptables' view and taint the table", () => {
    const world = newWorld();
    run(world, "iptables -P INPUT DROP", "iptables -E INPUT GONE");
    expect(runCommand(world, "iptables -S").stdout).toBe(
      "# Table `filter' contains incompatible base-chains, use 'nft' tool to list them.\n-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n",
    );
    expect(runCommand(world, "iptables -N GONE").stderr).toBe("iptables v1.8.9 (nf_tables):  CHAIN_USER_ADD failed (File exists): chain GONE\n");
  });
});

describe("kernel refusals", () => {
  it("refuse an inverted zero-length address match", () => {
    const world = newWorld();
    expect(runCommand(world, "iptables -A INPUT ! -s 0.0.0.0/0").stderr).toBe(
      "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n",
    );
    expect(runCommand(world, "iptables -S INPUT").stdout).toBe("-P INPUT ACCEPT\n");
  });

  it("in a restore, report the rules refused on arrival and leave loops unreported", () => {
    const world = newWorld();
    const text = "*filter\n:A - [0:0]\n-A A -j A\n-A INPUT -j A\n-A INPUT ! -d 0/0\nCOMMIT\n";
    expect(runCommand(world, "iptables-restore", text)).toEqual({
      stdout: "",
      stderr: "iptables-restore v1.8.9 (nf_tables): \nline 5: RULE_APPEND failed (Invalid argument): rule in chain INPUT\n",
      exit: 4,
    });
    const loop = "*filter\n:A - [0:0]\n-A A -j A\n-A INPUT -j A\n-A INPUT -j ACCEPT\nCOMMIT\n";
    expect(runCommand(world, "iptables-restore", loop).stderr).toBe(
      "iptables-restore v1.8.9 (nf_tables): \nline 4: RULE_APPEND failed (Too many links): rule in chain INPUT\nline 5: RULE_APPEND failed (Too many links): rule in chain INPUT\n",
    );
  });
});
