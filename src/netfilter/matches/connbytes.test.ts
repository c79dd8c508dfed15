// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, rulesetOf, session, tcpPacket, testEnv, tracked, verdicts } from "../testkit.ts";
import { evaluateTable } from "../evaluate.ts";

const SETUP = [
  "iptables -A INPUT -m connbytes --connbytes 10:20 --connbytes-dir both --connbytes-mode bytes",
  "iptables -A INPUT -m connbytes ! --connbytes 10 --connbytes-dir reply --connbytes-mode avgpkt",
  "iptables -A INPUT -m connbytes --connbytes :1000 --connbytes-dir original --connbytes-mode packets",
];

const acct = (op: number, ob: number, rp: number, rb: number) => ({ orig: { packets: op, bytes: ob }, reply: { packets: rp, bytes: rb } });

describe("connbytes match", () => {
  it("saves the range, mode and direction; an open top is left out", () => {
    expect(session(...SETUP, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        "-A INPUT -m connbytes --connbytes 10:20 --connbytes-mode bytes --connbytes-dir both\n" +
        "-A INPUT -m connbytes ! --connbytes 10 --connbytes-mode avgpkt --connbytes-dir reply\n" +
        "-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir original\n",
    );
    expect(session(...SETUP, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             connbytes 10:20 connbytes mode bytes connbytes direction both\n" +
        "           all  --  anywhere             anywhere             ! connbytes 10 connbytes mode avgpkt connbytes direction reply\n" +
        "           all  --  anywhere             anywhere             connbytes 0:1000 connbytes mode packets connbytes direction original\n",
    );
  });

  it("refuses as libxt_connbytes does", () => {
    expect(refusal("iptables -A INPUT -m connbytes --connbytes 5:3 --connbytes-dir reply --connbytes-mode packets")).toEqual(
      fails("5 should be less than 3"),
    );
    expect(refusal("iptables -A INPUT -m connbytes --connbytes 1 --connbytes-dir sideways --connbytes-mode packets")).toEqual(
      fails("Unknown --connbytes-dir `sideways'"),
    );
    expect(refusal("iptables -A INPUT -m connbytes --connbytes 1 --connbytes-mode packets")).toEqual(
      fails('connbytes: option "--connbytes-dir" must be specified\n'),
    );
  });

  it("reads the entry's counters: a range, or outside it when inverted (xt_connbytes.c)", () => {
    const both = session("iptables -A INPUT -m connbytes --connbytes 10:20 --connbytes-dir both --connbytes-mode bytes -j DROP").world;
    expect(
      verdicts(both, [
        tracked(tcpPacket(1, 2), { acct: acct(1, 5, 1, 15) }),
        tracked(tcpPacket(1, 2), { acct: acct(1, 5, 1, 16) }),
        tcpPacket(1, 2),
      ]),
    ).toEqual(["DROP", "ACCEPT", "ACCEPT"]);
    const avg = session("iptables -A INPUT -m connbytes ! --connbytes 100:200 --connbytes-dir reply --connbytes-mode avgpkt -j DROP").world;
    expect(
      verdicts(avg, [tracked(tcpPacket(1, 2), { acct: acct(1, 500, 2, 300) }), tracked(tcpPacket(1, 2), { acct: acct(1, 500, 2, 900) })]),
    ).toEqual(["ACCEPT", "DROP"]);
  });

  it("says so when the entry keeps no counters", () => {
    const { world } = session("iptables -A INPUT -m connbytes --connbytes 1 --connbytes-dir both --connbytes-mode bytes");
    const out = evaluateTable(rulesetOf(world), "filter", tracked(tcpPacket(1, 2)), { hook: "INPUT", env: testEnv() });
    expect(out.trace[0]).toMatchObject({ matched: false, failed: { unmodelled: "the connection's packet and byte counters are not kept" } });
  });
});
