// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { testEnv, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import type { PacketState } from "../context.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

describe("TRACE target", () => {
  it("saves and lists with no options", () => {
    const w = worldAfter("iptables -t raw -A OUTPUT -j TRACE");
    expect(runCommand(w, "iptables -t raw -S OUTPUT").stdout).toBe("-P OUTPUT ACCEPT\n-A OUTPUT -j TRACE\n");
    expect(runCommand(w, "iptables -t raw -L OUTPUT").stdout).toBe(
      "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "TRACE      all  --  anywhere             anywhere            \n",
    );
    expect(runCommand(w, "iptables -t raw -L OUTPUT -n -v").stdout).toBe(
      "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n" +
        " pkts bytes target     prot opt in     out     source               destination         \n" +
        "    0     0 TRACE      0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n",
    );
    expect(runCommand(newWorld(), "iptables -v -A INPUT -j TRACE").stdout).toBe(
      "TRACE  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n",
    );
  });

  it("is accepted in every table, being nft's meta nftrace rather than xt_TRACE", () => {
    const w = worldAfter(
      "iptables -A INPUT -j TRACE",
      "iptables -t mangle -A FORWARD -j TRACE",
      "iptables -t nat -A POSTROUTING -j TRACE",
      "iptables -N Y",
      "iptables -A Y -j TRACE",
    );
    expect(runCommand(w, "iptables -S").stdout).toBe(
      "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N Y\n-A INPUT -j TRACE\n-A Y -j TRACE\n",
    );
    expect(runCommand(w, "iptables -N TRACE").exit).toBe(2);
  });

  it("marks the packet for tracing and goes on", () => {
    const w = worldAfter("iptables -t raw -A PREROUTING -j TRACE", "iptables -t raw -A PREROUTING -j DROP");
    const pkt: PacketState = {
      ip: { src: 0x0a000001, dst: 0x0a000002, proto: 17, ttl: 64, tos: 0, length: 40, id: 0, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] },
      l4: { kind: "udp", sport: 1, dport: 2 },
      payload: [],
      mark: 0,
    };
    expect(evaluateTable(w.namespaces[""]!.ruleset, "raw", pkt, { hook: "PREROUTING", env })).toMatchObject({
      verdict: "DROP",
      effects: [{ kind: "trace" }],
    });
  });
});
