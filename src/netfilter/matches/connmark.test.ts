// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, session, tcpPacket, tracked, verdicts } from "../testkit.ts";

const SETUP = ["iptables -A INPUT -m connmark --mark 0x10/0xff", "iptables -A INPUT -m connmark ! --mark 7 -j DROP"];

describe("connmark match", () => {
  it("saves and lists the mark and mask (xtables_print_mark_mask)", () => {
    const s = session(...SETUP, "iptables -S INPUT");
    expect(s.stdout).toBe("-P INPUT ACCEPT\n-A INPUT -m connmark --mark 0x10/0xff\n-A INPUT -m connmark ! --mark 0x7 -j DROP\n");
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            connmark match  0x10/0xff\n" +
        "DROP       0    --  0.0.0.0/0            0.0.0.0/0            connmark match ! 0x7\n",
    );
  });

  it("refuses a mark past 32 bits", () => {
    expect(refusal("iptables -A INPUT -m connmark --mark 0x1ffffffff")).toEqual(
      fails('connmark: bad integer value for option "--mark", or out of range.\n'),
    );
  });

  it("compares the entry's mark under the mask; no entry, no match (xt_connmark.c)", () => {
    const { world } = session("iptables -A INPUT -m connmark --mark 0x10/0xf0 -j ACCEPT", "iptables -A INPUT -j DROP");
    expect(
      verdicts(world, [tracked(tcpPacket(1, 2), { mark: 0x1f }), tracked(tcpPacket(1, 2), { mark: 0x20 }), tcpPacket(1, 2)]),
    ).toEqual(["ACCEPT", "DROP", "DROP"]);
    const inv = session("iptables -A INPUT -m connmark ! --mark 1 -j DROP").world;
    expect(verdicts(inv, [tracked(tcpPacket(1, 2), { mark: 2 }), tcpPacket(1, 2)])).toEqual(["DROP", "ACCEPT"]);
  });
});
