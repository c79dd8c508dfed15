// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal, session, tcpPacket, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m policy --dir in --pol ipsec --strict --reqid 1 --spi 0x1 --proto esp --mode tunnel --tunnel-dst 10.0.0.0/8 --tunnel-src 10.0.0.1/255.0.0.0 --next --reqid 2 ! --proto ah",
  "iptables -A INPUT -m policy --dir in --pol none",
];

describe("policy match", () => {
  it("saves each element, --next between them; -L numbers them", () => {
    expect(session(...SETUP, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        "-A INPUT -m policy --dir in --pol ipsec --strict --reqid 1 --spi 0x1 --proto esp --mode tunnel --tunnel-dst 10.0.0.0/8 --tunnel-src 10.0.0.1/8 --next --reqid 2 ! --proto ah\n" +
        "-A INPUT -m policy --dir in --pol none\n",
    );
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            policy match dir in pol ipsec strict [0] reqid 1 spi 0x1 proto 50 mode tunnel tunnel-dst 10.0.0.0/8 tunnel-src 10.0.0.1/8 [1] reqid 2 ! proto 51\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            policy match dir in pol none\n",
    );
  });

  it("refuses as libxt_policy and policy_mt_check do", () => {
    expect(refusal("iptables -A OUTPUT -m policy --dir in --pol ipsec")).toEqual(kernel("Invalid argument", "OUTPUT"));
    expect(refusal("iptables -A FORWARD -m policy --dir in --pol ipsec --proto tcp")).toEqual(fails("policy match: protocol must be ah/esp/ipcomp"));
    expect(refusal("iptables -A FORWARD -m policy --dir in --pol ipsec --reqid 1 --reqid 2")).toEqual(fails("policy match: double --reqid option"));
    expect(refusal("iptables -A FORWARD -m policy --dir in --pol ipsec --proto esp --tunnel-dst 10.0.0.0/8")).toEqual(
      fails("policy match: --tunnel-src/--tunnel-dst is only valid in tunnel mode"),
    );
    expect(refusal("iptables -A FORWARD -m policy --pol ipsec")).toEqual(fails("policy match: neither --dir in nor --dir out specified"));
    expect(refusal("iptables -A FORWARD -m policy --dir in --pol none --strict")).toEqual(fails("policy match: policy none but --strict given"));
  });

  it("sees no IPsec (nfsim has none): only --pol none matches", () => {
    const { world } = session("iptables -A INPUT -m policy --dir in --pol ipsec -j ACCEPT", "iptables -A INPUT -m policy --dir in --pol none -j DROP");
    expect(verdicts(world, [tcpPacket(1, 2)])).toEqual(["DROP"]);
  });
});
