// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, saved, session, tcpPacket, udpPacket, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -p tcp -m multiport --dports 22,80,443:445 -j ACCEPT",
  "iptables -A INPUT -p udp -m multiport ! --sports 53,1024:65535",
  "iptables -A INPUT -p tcp -m multiport --ports domain:http,0x10",
];

describe("multiport match", () => {
  it("saves ports by number, ranges as a:b", () => {
    expect(saved("INPUT", ...SETUP)).toEqual([
      "-A INPUT -p tcp -m multiport --dports 22,80,443:445 -j ACCEPT",
      "-A INPUT -p udp -m multiport ! --sports 53,1024:65535",
      "-A INPUT -p tcp -m multiport --ports 53:80,16",
    ]);
  });

  it("lists service names of the rule's protocol, numbers with -n", () => {
    expect(session(...SETUP, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "ACCEPT     tcp  --  anywhere             anywhere             multiport dports ssh,http,https:microsoft-ds\n" +
        "           udp  --  anywhere             anywhere             multiport sports  !domain,1024:65535\n" +
        "           tcp  --  anywhere             anywhere             multiport ports domain:http,16\n",
    );
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            multiport dports 22,80,443:445\n" +
        "           17   --  0.0.0.0/0            0.0.0.0/0            multiport sports  !53,1024:65535\n" +
        "           6    --  0.0.0.0/0            0.0.0.0/0            multiport ports 53:80,16\n",
    );
  });

  it("takes 15 slots, a range using two", () => {
    expect(saved("INPUT", "iptables -A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:20")).toEqual([
      "-A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:20",
    ]);
    expect(refusal("iptables -A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16")).toEqual(fails("too many ports specified"));
    expect(refusal("iptables -A INPUT -p tcp -m multiport --ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:20")).toEqual(fails("too many ports specified"));
  });

  it("refuses what libxt_multiport refuses", () => {
    expect(refusal("iptables -A INPUT -p tcp -m multiport --ports 5:5")).toEqual(fails("invalid portrange specified"));
    expect(refusal("iptables -A INPUT -p tcp -m multiport --sports 1024:65536")).toEqual(fails("invalid port/service `65536' specified"));
    expect(refusal("iptables -A INPUT -p tcp -m multiport --ports 1,")).toEqual(fails("invalid port/service `' specified"));
    expect(refusal("iptables -A INPUT -m multiport --ports 1")).toEqual(
      fails("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"),
    );
    expect(refusal("iptables -A INPUT -m multiport --ports 1 -p tcp")).toEqual(
      fails("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"),
    );
    expect(refusal("iptables -A INPUT ! -p tcp -m multiport --ports 1")).toEqual(fails("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP"));
    expect(refusal("iptables -A INPUT -p icmp -m multiport --ports 1")).toEqual(fails("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP"));
    expect(refusal("iptables -A INPUT -p tcp -m multiport")).toEqual(fails("multiport expection an option"));
    expect(refusal("iptables -A INPUT -p tcp -m multiport --sports 1 --dports 2")).toEqual(
      fails('multiport: option "--source-ports" cannot be used together with "--destination-ports".\n'),
    );
    expect(refusal("iptables -A INPUT -p tcp -m multiport --dports 22 --dport 23")).toEqual(
      fails('multiport: option "--destination-ports" can only be used once.\n'),
    );
  });

  it("matches listed ports and ranges on the chosen side, inverted with !", () => {
    const { world } = session(
      "iptables -A INPUT -p tcp -m multiport --dports 22,443:445 -j ACCEPT",
      "iptables -A INPUT -p udp -m multiport ! --sports 53,1024:65535 -j DROP",
      "iptables -A INPUT -p udp -m multiport --ports 7000 -j ACCEPT",
      "iptables -P INPUT DROP",
    );
    expect(verdicts(world, [tcpPacket(22, 1000), tcpPacket(1000, 22), tcpPacket(1, 444), tcpPacket(1, 446), tcpPacket(1, 22, { fragOffset: 3 })])).toEqual([
      "DROP", "ACCEPT", "ACCEPT", "DROP", "DROP",
    ]);
    expect(verdicts(world, [udpPacket(500, 7000), udpPacket(53, 7000), udpPacket(7000, 1), udpPacket(2000, 1)])).toEqual([
      "DROP", "ACCEPT", "ACCEPT", "DROP",
    ]);
  });
});
