// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, rulesetOf, session, tcpPacket, testEnv, tracked, verdicts } from "../testkit.ts";
import { evaluateTable } from "../evaluate.ts";

describe("helper match", () => {
  it("saves the name (quoted when needed) and lists it quoted", () => {
    const setup = ["iptables -A INPUT -m helper --helper ftp", 'iptables -A INPUT -m helper ! --helper "irc 2"'];
    expect(session(...setup, "iptables -S INPUT").stdout).toBe(
      '-P INPUT ACCEPT\n-A INPUT -m helper --helper ftp\n-A INPUT -m helper ! --helper "irc 2"\n',
    );
    expect(session(...setup, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        '           all  --  anywhere             anywhere             helper match "ftp"\n' +
        '           all  --  anywhere             anywhere             helper match ! "irc 2"\n',
    );
    expect(refusal("iptables -A INPUT -m helper")).toEqual(fails('helper: option "--helper" must be specified\n'));
  });

  it("matches connections expected by a master with that helper (xt_helper.c, a prefix of the name)", () => {
    const { world } = session("iptables -A INPUT -m helper --helper ftp-21 -j DROP");
    const related = (helper?: string) =>
      tracked(tcpPacket(20, 40000), { state: "RELATED", master: { origSrc: 0x0a000001, ...(helper !== undefined ? { helper } : {}) } });
    expect(verdicts(world, [related("ftp"), related("irc"), related(), tcpPacket(20, 40000)])).toEqual(["DROP", "ACCEPT", "ACCEPT", "ACCEPT"]);
    const unknown = evaluateTable(rulesetOf(world), "filter", tracked(tcpPacket(20, 40000), { state: "RELATED", status: ["EXPECTED"] }), {
      hook: "INPUT",
      env: testEnv(),
    });
    expect(unknown.trace[0]).toMatchObject({ failed: { unmodelled: "the conntrack view does not say which master expected this connection" } });
    const any = session('iptables -A INPUT -m helper --helper "" -j DROP').world;
    expect(verdicts(any, [related("sip"), tracked(tcpPacket(1, 2))])).toEqual(["DROP", "ACCEPT"]);
  });
});
