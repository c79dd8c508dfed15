// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, saved, session, udpPacket, verdicts } from "../testkit.ts";

function withTos(tos: number) {
  const p = udpPacket(1, 2);
  p.ip = { ...p.ip, tos };
  return p;
}

describe("dscp match", () => {
  it("saves a class as its codepoint; a class name only has to start the word", () => {
    expect(saved("INPUT", "iptables -A INPUT -m dscp --dscp 12", "iptables -A INPUT -m dscp ! --dscp-class af41x", "iptables -A INPUT -m dscp --dscp-class BE")).toEqual([
      "-A INPUT -m dscp --dscp 0x0c",
      "-A INPUT -m dscp ! --dscp 0x22",
      "-A INPUT -m dscp --dscp 0x00",
    ]);
    expect(refusal("iptables -A INPUT -m dscp --dscp-class FOO")).toEqual(fails("Invalid DSCP value `FOO'"));
    expect(refusal("iptables -A INPUT -m dscp")).toEqual(fails("DSCP match: Parameter --dscp is required"));
  });

  it("compares the upper six bits of the TOS byte", () => {
    const { world } = session("iptables -A INPUT -m dscp --dscp-class EF -j DROP", "iptables -A INPUT -m dscp ! --dscp 0 -j REJECT");
    expect(verdicts(world, [withTos(0xb8), withTos(0xbb), withTos(0x03), withTos(0x04)])).toEqual(["DROP", "DROP", "ACCEPT", "DROP"]);
  });
});

describe("tos match", () => {
  it("takes a symbol with the mask 0x3f and a bare number with 0xff", () => {
    expect(saved("INPUT", "iptables -A INPUT -m tos --tos minimize-cost", "iptables -A INPUT -m tos ! --tos 0xff", "iptables -A INPUT -m tos --tos 0x0f/0x0f")).toEqual([
      "-A INPUT -m tos --tos 0x02/0x3f",
      "-A INPUT -m tos ! --tos 0xff/0xff",
      "-A INPUT -m tos --tos 0x0f/0x0f",
    ]);
    expect(refusal("iptables -A INPUT -m tos --tos 0x1ff")).toEqual(fails('Symbolic name "0x1ff" is unknown'));
    expect(refusal("iptables -A INPUT -m tos --tos 0x1/")).toEqual(fails('Illegal value: "0x1/"'));
  });

  it("lists a symbol only for the mask 0x3f, glued to the negation", () => {
    const out = session("iptables -A INPUT -m tos ! --tos Minimize-Delay", "iptables -A INPUT -m tos --tos 0x10", "iptables -L INPUT").stdout;
    expect(out.split("\n").slice(2, 4)).toEqual([
      "           all  --  anywhere             anywhere             tos match! Minimize-Delay",
      "           all  --  anywhere             anywhere             tos match0x10/0xff",
    ]);
  });

  it("matches (TOS & mask) == value", () => {
    const { world } = session("iptables -A INPUT -m tos --tos Minimize-Delay -j DROP", "iptables -A INPUT -m tos ! --tos 0x01/0x01 -j REJECT");
    expect(verdicts(world, [withTos(0x10), withTos(0xd2), withTos(0x11), withTos(0x09)])).toEqual(["DROP", "DROP", "ACCEPT", "ACCEPT"]);
  });
});
