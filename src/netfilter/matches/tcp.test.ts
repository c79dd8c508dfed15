import { describe, expect, it } from "vitest";
import { testEnv } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import { evaluateTable } from "../evaluate.ts";
import type { PacketState } from "../context.ts";

function save(args: string): string {
  const world = newWorld();
  const r = runCommand(world, `iptables -A INPUT ${args}`);
  expect(r.stderr).toBe("");
  return runCommand(world, "iptables -S INPUT").stdout.split("\n")[1] ?? "";
}

function tcp(dport: number, flags: number): PacketState {
  return {
    ip: { src: 0x0a000001, dst: 0x0a000002, proto: 6, ttl: 64, tos: 0, length: 40, id: 0, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] },
    l4: { kind: "tcp", sport: 1234, dport, seq: 0, ack: 0, flags, window: 0, options: [] },
    payload: [],
    mark: 0,
  };
}

describe("tcp match", () => {
  it("prints -p tcp --dport as the canonical -m tcp form", () => {
    expect(save("-p tcp --dport 22 -j ACCEPT")).toBe("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
    expect(save("-p tcp --sport 1000:2000 ! --syn")).toBe("-A INPUT -p tcp -m tcp --sport 1000:2000 ! --tcp-flags FIN,SYN,RST,ACK SYN");
    expect(save("-p tcp --dport http:")).toBe("-A INPUT -p tcp -m tcp --dport 80:65535");
  });

  it("refuses what libxt_tcp refuses", () => {
    const world = newWorld();
    expect(runCommand(world, "iptables -A INPUT -p tcp --dport 1 --dport 2").stderr).toContain("Only one `--destination-port' allowed");
    expect(runCommand(world, "iptables -A INPUT -p tcp --dport 5:1").stderr).toContain("invalid portrange (min > max)");
    expect(runCommand(world, "iptables -A INPUT -p tcp --tcp-flags SYN").stderr).toContain("--tcp-flags requires two args.");
  });

  it("matches ports and flags", () => {
    const world = newWorld();
    runCommand(world, "iptables -A INPUT -p tcp --dport 22 --syn -j DROP");
    const rs = world.namespaces[""]!.ruleset;
    const env = testEnv();
    expect(evaluateTable(rs, "filter", tcp(22, 0x02), { hook: "INPUT", env }).verdict).toBe("DROP");
    expect(evaluateTable(rs, "filter", tcp(22, 0x12), { hook: "INPUT", env }).verdict).toBe("ACCEPT");
    expect(evaluateTable(rs, "filter", tcp(23, 0x02), { hook: "INPUT", env }).verdict).toBe("ACCEPT");
    expect(rs.tables.filter!.chains[0]!.rules[0]!.counters).toEqual({ packets: 1, bytes: 40 });
  });
});
