// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, icmpPacket, refusal, session, tcpPacket, udpPacket, verdicts } from "../testkit.ts";

const HTTP_GET = '"6 & 0xFF = 6 && 0 >> 22 & 0x3C @ 12 >> 26 & 0x3C @ 0 = 0x47455420 , 1:0x10"';

describe("u32 match", () => {
  it("saves and lists every number in hex, without blanks", () => {
    const setup = ['iptables -A INPUT -m u32 --u32 "0x0=0x0&&0x0=0x1"', `iptables -A INPUT -m u32 ! --u32 ${HTTP_GET}`];
    expect(session(...setup, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        '-A INPUT -m u32 --u32 "0x0=0x0&&0x0=0x1"\n' +
        '-A INPUT -m u32 ! --u32 "0x6&0xff=0x6&&0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x47455420,0x1:0x10"\n',
    );
    expect(session(...setup, "iptables -L INPUT").stdout).toContain(
      '           all  --  anywhere             anywhere             u32 ! "0x6&0xff=0x6&&0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x47455420,0x1:0x10"\n',
    );
  });

  it("reports parse errors with their character position", () => {
    expect(refusal('iptables -A INPUT -m u32 --u32 "0<4=1"')).toEqual(fails("u32: at char 2: a second '<' was expected"));
    expect(refusal('iptables -A INPUT -m u32 --u32 "0="')).toEqual(fails("u32: test ended with no value specified"));
    expect(refusal('iptables -A INPUT -m u32 --u32 "=1"')).toEqual(fails("u32: at char 0: location spec missing"));
    expect(refusal('iptables -A INPUT -m u32 --u32 "0=1;"')).toEqual(fails('u32: at char 3: expected "," or "&&"'));
  });

  it("reads words of the packet, follows @ into the TCP payload (xt_u32.c)", () => {
    const { world } = session(`iptables -A INPUT -m u32 --u32 ${HTTP_GET} -j DROP`);
    const get = { ...tcpPacket(40000, 80), payload: [...new TextEncoder().encode("GET / HTTP/1.0")] };
    const post = { ...tcpPacket(40000, 80), payload: [...new TextEncoder().encode("POST / HTTP/1.0")] };
    expect(verdicts(world, [get, post, udpPacket(1, 2)])).toEqual(["DROP", "ACCEPT", "ACCEPT"]);
    // Protocol byte (offset 9) is 1 for ICMP; a read past the end fails the test.
    const icmp = session('iptables -A INPUT -m u32 --u32 "6&0xff=1" -j DROP', 'iptables -A INPUT -m u32 --u32 "1000=0" -j REJECT').world;
    expect(verdicts(icmp, [icmpPacket(8, 0), tcpPacket(1, 2)])).toEqual(["DROP", "ACCEPT"]);
  });
});
