// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, icmpPacket, kernel, refusal, session, tcpPacket, udpPacket, verdicts } from "../testkit.ts";

/** nfbpf_compile RAW 'ip proto 6': load the protocol byte, TCP returns 1, else 0. */
const IS_TCP = 'iptables -A INPUT -m bpf --bytecode "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0"';

describe("bpf match", () => {
  it("saves the program with its length; lists it after 'match bpf', ending in a NUL byte", () => {
    expect(session(IS_TCP, "iptables -S INPUT").stdout).toBe('-P INPUT ACCEPT\n-A INPUT -m bpf --bytecode "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0"\n');
    expect(session(IS_TCP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0           match bpf 48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\0\n",
    );
  });

  it("refuses malformed programs and what bpf_check_classic rejects", () => {
    expect(refusal('iptables -A INPUT -m bpf --bytecode "2,48 0 0 9,21 0 1 6"')).toEqual(kernel("Invalid argument"));
    expect(refusal('iptables -A INPUT -m bpf --bytecode "2,96 0 0 3,6 0 0 1"')).toEqual(kernel("Invalid argument"));
    expect(refusal('iptables -A INPUT -m bpf --bytecode "2,6 0 0 1"')).toEqual(fails("bpf: parsed program length is less than the encoded length parameter"));
    expect(refusal('iptables -A INPUT -m bpf --bytecode "1,6 0 0 1,6 0 0 1"')).toEqual(fails("bpf: real program length exceeds the encoded length parameter"));
    expect(refusal("iptables -A INPUT -m bpf --object-pinned /sys/fs/bpf/x")).toEqual(fails("bpf: failed to get bpf object"));
    expect(refusal("iptables -A INPUT -m bpf")).toEqual(fails("bpf: one of --bytecode or --pinned is required"));
  });

  it("runs the classic program over the packet from its IP header", () => {
    const { world } = session(`${IS_TCP} -j DROP`);
    expect(verdicts(world, [tcpPacket(1, 2), udpPacket(1, 2), icmpPacket(8, 0)])).toEqual(["DROP", "ACCEPT", "ACCEPT"]);
    // ldx 4*(ip[0]&0xf); ldh [x+2]: the destination port; 22 returns 1.
    const ssh = session('iptables -A INPUT -m bpf --bytecode "5,177 0 0 0,72 0 0 2,21 0 1 22,6 0 0 1,6 0 0 0" -j DROP').world;
    expect(verdicts(ssh, [tcpPacket(40000, 22), tcpPacket(40000, 80)])).toEqual(["DROP", "ACCEPT"]);
  });
});
