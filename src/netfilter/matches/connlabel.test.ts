// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { kernel, refusal, session, tcpPacket, tracked, verdicts } from "../testkit.ts";

const WARN = "Warning: cannot open /etc/xtables/connlabel.conf: No such file or directory\n";
const SETUP = ["iptables -A INPUT -m connlabel --label 1", "iptables -A INPUT -m connlabel ! --label 0x10 --set"];

describe("connlabel match", () => {
  it("saves and lists label numbers, warning once per rule printed that the label file is missing", () => {
    expect(session(...SETUP, "iptables -S INPUT")).toMatchObject({
      stdout: '-P INPUT ACCEPT\n-A INPUT -m connlabel --label "1"\n-A INPUT -m connlabel ! --label "16" --set\n',
      stderr: WARN + WARN,
    });
    expect(session(...SETUP, "iptables -L INPUT")).toMatchObject({
      stdout:
        "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             connlabel 1\n" +
        "           all  --  anywhere             anywhere             connlabel ! 16 set\n",
      stderr: WARN + WARN,
    });
  });

  it("refuses names (no label file) and bits past 127", () => {
    expect(refusal("iptables -A INPUT -m connlabel --label 128")).toEqual(kernel("Numerical result out of range"));
    expect(refusal("iptables -A INPUT -m connlabel --label foo")).toEqual({
      stderr: `${WARN}iptables v1.8.9 (nf_tables): label 'foo' not found or invalid value\nTry \`iptables -h' or 'iptables --help' for more information.\n`,
      exit: 2,
    });
  });

  it("tests the entry's label bit; --set sets it and matches (xt_connlabel.c)", () => {
    const { world } = session("iptables -A INPUT -m connlabel --label 5 -j DROP");
    expect(verdicts(world, [tracked(tcpPacket(1, 2), { labels: [5] }), tracked(tcpPacket(1, 2), { labels: [4] }), tcpPacket(1, 2)])).toEqual([
      "DROP", "ACCEPT", "ACCEPT",
    ]);
    const setter = session("iptables -A INPUT -m connlabel --label 7 --set", "iptables -A INPUT -m connlabel --label 7 -j DROP").world;
    const pkt = tracked(tcpPacket(1, 2));
    expect(verdicts(setter, [pkt])).toEqual(["DROP"]);
    expect(pkt.ct?.labels).toEqual([7]);
  });
});
