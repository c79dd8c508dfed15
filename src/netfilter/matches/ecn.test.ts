// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { kernel, packet, refusal, saved, session, tcpPacket, TRY, udpPacket, verdicts } from "../testkit.ts";
import { TCP_FLAG } from "../../wire/packet.ts";

const APPEND_EINVAL = kernel("Invalid argument");

describe("ecn match", () => {
  it("saves and lists ECE, CWR and the codepoint, each negatable", () => {
    const rules = ["-p tcp -m ecn ! --ecn-tcp-ece ! --ecn-tcp-cwr ! --ecn-ip-ect 2", "-p 6 -m ecn --ecn-tcp-ece", "-m ecn --ecn-ip-ect 0"];
    expect(saved("INPUT", ...rules.map((r) => `iptables -A INPUT ${r}`))).toEqual([
      "-A INPUT -p tcp -m ecn ! --ecn-tcp-ece ! --ecn-tcp-cwr ! --ecn-ip-ect 2",
      "-A INPUT -p tcp -m ecn --ecn-tcp-ece",
      "-A INPUT -m ecn --ecn-ip-ect 0",
    ]);
    expect(session(...rules.map((r) => `iptables -A INPUT ${r}`), "iptables -L INPUT -n").stdout.split("\n").slice(2, 5)).toEqual([
      "           6    --  0.0.0.0/0            0.0.0.0/0            ECN match !ECE !CWR !ECT=2",
      "           6    --  0.0.0.0/0            0.0.0.0/0            ECN match ECE",
      "           0    --  0.0.0.0/0            0.0.0.0/0            ECN match ECT=0",
    ]);
  });

  it("refuses the TCP bits without -p tcp, and a rule without options", () => {
    expect(refusal("iptables -A INPUT -m ecn --ecn-tcp-cwr")).toEqual(APPEND_EINVAL);
    expect(refusal("iptables -A INPUT ! -p tcp -m ecn --ecn-tcp-ece")).toEqual(APPEND_EINVAL);
    expect(refusal("iptables -A INPUT -p tcp -m ecn")).toEqual({ stderr: `iptables v1.8.9 (nf_tables): ECN match: some option required\n${TRY}`, exit: 2 });
    expect(refusal("iptables -A INPUT -p tcp -m ecn --ecn-ip-ect 4")).toEqual({
      stderr: `iptables v1.8.9 (nf_tables): ecn: bad value for option "--ecn-ip-ect", or out of range (0-3).\n\n${TRY}`,
      exit: 2,
    });
  });

  it("tests the codepoint in the TOS byte and the TCP header's ECE and CWR bits", () => {
    const { world } = session(
      "iptables -A INPUT -p tcp -m ecn --ecn-tcp-ece ! --ecn-tcp-cwr -j DROP",
      "iptables -A INPUT -m ecn --ecn-ip-ect 3 -j REJECT",
    );
    const ece = { ...tcpPacket(1, 2), l4: { ...tcpPacket(1, 2).l4, flags: TCP_FLAG.SYN | TCP_FLAG.ECE } } as ReturnType<typeof tcpPacket>;
    const both = { ...ece, l4: { ...ece.l4, flags: TCP_FLAG.ECE | TCP_FLAG.CWR } } as ReturnType<typeof tcpPacket>;
    const ce = udpPacket(1, 2);
    ce.ip = { ...ce.ip, tos: 0x2b };
    const ect1 = packet(17, { kind: "udp", sport: 1, dport: 2 });
    ect1.ip = { ...ect1.ip, tos: 0x01 };
    expect(verdicts(world, [ece, both, tcpPacket(1, 2), ce, ect1])).toEqual(["DROP", "ACCEPT", "ACCEPT", "DROP", "ACCEPT"]);
  });
});
