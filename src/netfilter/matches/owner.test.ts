// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, kernel, refusal, rulesetOf, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A OUTPUT -m owner --uid-owner root",
  "iptables -A OUTPUT -m owner ! --uid-owner 1000-2000 --gid-owner nogroup --suppl-groups",
  "iptables -A OUTPUT -m owner ! --socket-exists --gid-owner 33",
];

describe("owner match", () => {
  it("saves ids as numbers, lists them as names unless -n", () => {
    expect(session(...SETUP, "iptables -S OUTPUT").stdout).toBe(
      "-P OUTPUT ACCEPT\n" +
        "-A OUTPUT -m owner --uid-owner 0\n" +
        "-A OUTPUT -m owner ! --uid-owner 1000-2000 --gid-owner 65534 --suppl-groups\n" +
        "-A OUTPUT -m owner ! --socket-exists --gid-owner 33\n",
    );
    expect(session(...SETUP, "iptables -L OUTPUT").stdout).toBe(
      "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             owner UID match root\n" +
        "           all  --  anywhere             anywhere             ! owner UID match 1000-2000 owner GID match nogroup incl. suppl. groups\n" +
        "           all  --  anywhere             anywhere             ! owner socket exists owner GID match www-data\n",
    );
    expect(session(...SETUP, "iptables -L OUTPUT -n").stdout).toContain("owner GID match 65534 incl. suppl. groups\n");
  });

  it("refuses as libxt_owner and owner_check do, and outside the output hooks", () => {
    expect(refusal("iptables -A OUTPUT -m owner --uid-owner 5:3")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A OUTPUT -m owner --uid-owner nosuchuser")).toEqual(fails('owner: Bad value for "--uid-owner" option: "nosuchuser"'));
    expect(refusal("iptables -A OUTPUT -m owner --suppl-groups")).toEqual(
      fails('owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"'),
    );
    expect(refusal("iptables -A OUTPUT -m owner")).toEqual(fails("owner: At least one of --uid-owner, --gid-owner or --socket-exists is required"));
    expect(refusal("iptables -A INPUT -m owner --uid-owner 0")).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -A OUTPUT -m owner --gid-owner 1 ! --suppl-groups")).toEqual(fails('owner: option "--suppl-groups" cannot be inverted.\n'));
  });

  it("answers forwarded packets exactly (no socket: only inverted options match)", () => {
    const { world } = session(
      "iptables -t mangle -A POSTROUTING -m owner ! --socket-exists -j MARK --set-mark 1",
      "iptables -t mangle -A POSTROUTING -m owner --uid-owner 0 -j DROP",
    );
    const pkt = tcpPacket(1, 2);
    expect(verdicts(world, [pkt], { table: "mangle", hook: "POSTROUTING", inIface: "eth0", outIface: "eth1" })).toEqual(["ACCEPT"]);
    expect(pkt.mark).toBe(1);
  });

  it("does not guess the owner of a locally sent packet", () => {
    const { world } = session("iptables -A OUTPUT -m owner ! --uid-owner 0 -j DROP");
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "OUTPUT", outIface: "eth0", env: testEnv() });
    expect(out.verdict).toBe("ACCEPT");
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not model the local socket that sent a packet, nor its owner" } });
  });
});
