// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal, session, tcpPacket, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m physdev --physdev-in eth0",
  "iptables -A INPUT -m physdev ! --physdev-in veth+ --physdev-is-in",
  "iptables -A FORWARD -m physdev --physdev-out eth1 --physdev-is-bridged",
];

describe("physdev match", () => {
  it("saves and lists the options in physdev_save's order", () => {
    expect(session(...SETUP, "iptables -S").stdout).toBe(
      "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n" +
        "-A INPUT -m physdev --physdev-in eth0\n" +
        "-A INPUT -m physdev --physdev-is-in ! --physdev-in veth+\n" +
        "-A FORWARD -m physdev --physdev-out eth1 --physdev-is-bridged\n",
    );
    expect(session(...SETUP, "iptables -L -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            PHYSDEV match --physdev-in eth0\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            PHYSDEV match --physdev-is-in ! --physdev-in veth+\n\n" +
        "Chain FORWARD (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            PHYSDEV match --physdev-out eth1 --physdev-is-bridged\n\n" +
        "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n",
    );
  });

  it("refuses the out port of a locally sent packet, long names, and no option", () => {
    expect(refusal("iptables -A OUTPUT -m physdev --physdev-out eth1")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A INPUT -m physdev --physdev-in abcdefghijklmnop")).toEqual(
      fails("interface name `abcdefghijklmnop' must be shorter than IFNAMSIZ (15)"),
    );
    expect(refusal("iptables -A INPUT -m physdev")).toEqual(fails("PHYSDEV: no physdev option specified"));
    expect(session("iptables -A INPUT -m physdev --physdev-in a/b")).toMatchObject({
      stderr: "Warning: weird character in interface `a/b' ('/' and ' ' are not allowed by the kernel).\n",
      exit: 0,
    });
  });

  it("sees a packet without bridge info as not bridged: only inverted options match", () => {
    const { world } = session(
      "iptables -P FORWARD DROP",
      "iptables -A FORWARD -m physdev --physdev-is-bridged -j DROP",
      "iptables -A FORWARD -m physdev ! --physdev-is-bridged ! --physdev-in br+ -j ACCEPT",
    );
    expect(verdicts(world, [tcpPacket(1, 2)], { hook: "FORWARD", inIface: "eth0", outIface: "eth1" })).toEqual(["ACCEPT"]);
    const plain = session("iptables -A INPUT -m physdev --physdev-in eth0 -j DROP").world;
    expect(verdicts(plain, [tcpPacket(1, 2)], { inIface: "eth0" })).toEqual(["ACCEPT"]);
  });
});
