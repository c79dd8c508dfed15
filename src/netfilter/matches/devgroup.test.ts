// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal, session, tcpPacket, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m devgroup --src-group 5",
  "iptables -A INPUT -m devgroup ! --src-group default",
  "iptables -A FORWARD -m devgroup --dst-group 1 ! --src-group 0x2/0x3",
];

describe("devgroup match", () => {
  it("saves group names from /etc/iproute2/group, numbers in hex", () => {
    expect(session(...SETUP, "iptables -S").stdout).toBe(
      "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n" +
        "-A INPUT -m devgroup --src-group 0x5\n" +
        "-A INPUT -m devgroup ! --src-group default\n" +
        "-A FORWARD -m devgroup ! --src-group 0x2/0x3 --dst-group 0x1\n",
    );
    expect(session(...SETUP, "iptables -L -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            src-group 0x5\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ! src-group 0x0\n\n" +
        "Chain FORWARD (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ! src-group 0x2/0x3 dst-group 0x1\n\n" +
        "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n",
    );
  });

  it("refuses names it cannot map, no option, and the in device where there is none", () => {
    expect(refusal("iptables -A OUTPUT -m devgroup --src-group 1")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A INPUT -m devgroup --src-group bogus")).toEqual(
      fails('devgroup: could not map name bogus to an integer value for option "--src-group".\n'),
    );
    expect(refusal("iptables -A INPUT -m devgroup")).toEqual(fails("devgroup match: You must specify either '--src-group' or '--dst-group'"));
  });

  it("sees every nfsim device in the default group 0", () => {
    const { world } = session("iptables -A INPUT -m devgroup --src-group default -j DROP");
    expect(verdicts(world, [tcpPacket(1, 2)], { inIface: "eth0" })).toEqual(["DROP"]);
    const masked = session("iptables -A INPUT -m devgroup --src-group 0x10/0x0f -j DROP").world;
    expect(verdicts(masked, [tcpPacket(1, 2)], { inIface: "eth0" })).toEqual(["DROP"]);
    const other = session("iptables -A INPUT -m devgroup --src-group 1 -j DROP").world;
    expect(verdicts(other, [tcpPacket(1, 2)], { inIface: "eth0" })).toEqual(["ACCEPT"]);
  });
});
