// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { packet, refusal, saved, session, TRY, verdicts } from "../testkit.ts";
import type { PacketState } from "../context.ts";

/** An SCTP packet: common header, then chunks [type, flags, length] each padded to 4 bytes. */
function sctpPacket(sport: number, dport: number, chunks: readonly (readonly [number, number, number])[]): PacketState {
  const bytes = [sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, 0, 0, 0, 1, 0, 0, 0, 0];
  for (const [type, flags, len] of chunks) {
    bytes.push(type, flags, len >> 8, len & 0xff);
    for (let i = 4; i < ((len + 3) & ~3); i++) bytes.push(0);
  }
  return { ...packet(132, { kind: "other", sport, dport }), payload: bytes };
}

/** A DCCP packet with X=1: 16-byte generic header, the type's own fields, then options. */
function dccpPacket(type: number, options: readonly number[] = []): PacketState {
  const fixed = 16 + (type === 2 ? 0 : type === 0 ? 4 : type === 1 || type === 7 ? 12 : 8);
  const doff = (fixed + options.length) / 4;
  const bytes = [0x04, 0x00, 0x00, 0x50, doff, 0, 0, 0, (type << 1) | 1, ...Array.from({ length: fixed - 9 }, () => 0), ...options];
  return { ...packet(33, { kind: "other", sport: 1024, dport: 80 }), payload: bytes };
}

describe("sctp match", () => {
  it("parses the old way: one of each option, two words for --chunk-types", () => {
    expect(refusal("iptables -A INPUT -p sctp -m sctp --sport 1 --sport 2")).toEqual({ stderr: `iptables v1.8.9 (nf_tables): Only one \`--source-port' allowed\n${TRY}`, exit: 2 });
    expect(refusal("iptables -A INPUT -p sctp -m sctp --chunk-types all")).toEqual({ stderr: `iptables v1.8.9 (nf_tables): --chunk-types requires two args\n${TRY}`, exit: 2 });
    expect(refusal("iptables -A INPUT -p sctp -m sctp --chunk-types all INIT:X")).toEqual({ stderr: `iptables v1.8.9 (nf_tables): Invalid flags for chunk type 1\n${TRY}`, exit: 2 });
  });

  it("saves chunk types in numeric order and loses the flags of I_DATA (its row is not its type)", () => {
    expect(saved("INPUT", "iptables -A INPUT -p sctp -m sctp --chunk-types all I_DATA:I,PAD,DATA:i", "iptables -A INPUT -p sctp -m sctp --sport :")).toEqual([
      "-A INPUT -p sctp -m sctp --chunk-types all DATA:i,I_DATA,PAD",
      "-A INPUT -p sctp -m sctp --sport 0:65535",
    ]);
  });

  it("matches ports and chunks: any, all (with flags) and only", () => {
    const { world } = session(
      "iptables -A INPUT -p sctp -m sctp --dport 80 --chunk-types any INIT,ABORT -j DROP",
      "iptables -A INPUT -p sctp -m sctp --chunk-types all DATA:E,SACK -j REJECT",
      "iptables -A INPUT -p sctp -m sctp ! --chunk-types only DATA,SACK,HEARTBEAT -j ACCEPT",
      "iptables -A INPUT -p sctp -j DROP",
    );
    const p = [
      sctpPacket(5000, 80, [[1, 0, 20]]), // INIT to 80
      sctpPacket(5000, 81, [[1, 0, 20]]), // INIT elsewhere: only the last rules
      sctpPacket(5000, 81, [[0, 0x01, 17], [3, 0, 16]]), // DATA with E, and SACK
      sctpPacket(5000, 81, [[0, 0x00, 17], [3, 0, 16]]), // DATA without E: not all, but only listed types
      sctpPacket(5000, 81, [[0, 0x00, 17], [6, 0, 4]]), // ABORT is not in the only-list
    ];
    expect(verdicts(world, p)).toEqual(["DROP", "ACCEPT", "DROP", "DROP", "ACCEPT"]);
  });
});

describe("dccp match", () => {
  it("saves an empty type list with its trailing blank, as 1.8.9 does", () => {
    expect(saved("INPUT", "iptables -A INPUT -p dccp -m dccp --dccp-types ,", "iptables -A INPUT -p dccp -m dccp ! --dccp-option 3 --sport ssh")).toEqual([
      "-A INPUT -p dccp -m dccp --dccp-types ",
      "-A INPUT -p dccp -m dccp --sport 22 ! --dccp-option 3",
    ]);
  });

  it("lists INVALID's hidden types under -n only", () => {
    const out = (flag: string) => session("iptables -A INPUT -p dccp -m dccp --dccp-types INVALID,REQUEST", `iptables -L INPUT ${flag}`).stdout.split("\n")[2];
    expect(out("")).toBe("           dccp --  anywhere             anywhere             dccp REQUEST,INVALID");
    expect(out("-n")).toBe("           33   --  0.0.0.0/0            0.0.0.0/0            dccp 0,10,11,12,13,14,15");
  });

  it("matches the type and options after the type's fixed fields", () => {
    const { world } = session(
      "iptables -A INPUT -p dccp -m dccp --dccp-types REQUEST,RESPONSE -j DROP",
      "iptables -A INPUT -p dccp -m dccp --dport 80 --dccp-option 32 -j REJECT",
    );
    const p = [dccpPacket(0), dccpPacket(3, [32, 3, 1, 0]), dccpPacket(3, [0, 0, 1, 1]), dccpPacket(2, [1, 1, 32, 0])];
    expect(verdicts(world, p)).toEqual(["DROP", "DROP", "ACCEPT", "DROP"]);
  });
});
