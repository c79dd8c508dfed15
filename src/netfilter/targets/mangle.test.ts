// TOS, DSCP, TTL, ECN, CLASSIFY, HMARK: what they change in the packet. Expected strings are
// what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { kernel, packet, refusal, rulesetOf, session, tcpPacket, testEnv, udpPacket } from "../testkit.ts";
import { evaluateTable } from "../evaluate.ts";
import type { ConntrackView, PacketState } from "../context.ts";
import type { World } from "../../world/world.ts";
import { TCP_FLAG } from "../../wire/packet.ts";

function run(world: World, p: PacketState, table: "mangle" | "filter" = "mangle") {
  return evaluateTable(rulesetOf(world), table, p, { hook: table === "mangle" ? "PREROUTING" : "OUTPUT", env: testEnv() });
}

function withTos(p: PacketState, tos: number, checksum = 0x1234): PacketState {
  p.ip = { ...p.ip, tos, checksum };
  return p;
}

const EINVAL = (chain: string) => kernel("Invalid argument", chain);

describe("TOS, DSCP, TTL and ECN targets", () => {
  it("are refused outside the mangle table", () => {
    for (const t of ["TOS --set-tos 1", "DSCP --set-dscp 1", "TTL --ttl-set 1", "ECN --ecn-ip-ect 1", "CHECKSUM --checksum-fill"]) {
      expect(refusal(`iptables -A INPUT -j ${t}`)).toEqual(EINVAL("INPUT"));
    }
    expect(refusal("iptables -t mangle -A PREROUTING -p udp -j ECN --ecn-tcp-cwr 1")).toEqual(EINVAL("PREROUTING"));
  });

  it("rewrite the TOS byte and drop the stale header checksum", () => {
    const { world } = session("iptables -t mangle -A PREROUTING -j TOS --and-tos 0xf0", "iptables -t mangle -A PREROUTING -j TOS --xor-tos 0x01");
    const p = withTos(udpPacket(1, 2), 0x1e);
    run(world, p);
    expect([p.ip.tos, p.ip.checksum]).toEqual([0x11, undefined]);
    const dscp = session("iptables -t mangle -A PREROUTING -j DSCP --set-dscp-class EF").world;
    const q = withTos(udpPacket(1, 2), 0x03);
    run(dscp, q);
    expect(q.ip.tos).toBe(0xbb);
    const same = withTos(udpPacket(1, 2), 0xb9);
    run(dscp, same);
    expect([same.ip.tos, same.ip.checksum]).toEqual([0xb9, 0x1234]);
  });

  it("set, raise and lower the TTL within 0..255", () => {
    const { world } = session("iptables -t mangle -A PREROUTING -p udp -j TTL --ttl-inc 200", "iptables -t mangle -A PREROUTING -p tcp -j TTL --ttl-dec 100");
    const up = udpPacket(1, 2);
    const down = tcpPacket(1, 2);
    run(world, up);
    run(world, down);
    expect([up.ip.ttl, down.ip.ttl]).toEqual([255, 0]);
  });

  it("set the ECN codepoint, and clear ECE and CWR on TCP", () => {
    const { world } = session("iptables -t mangle -A PREROUTING -p tcp -j ECN --ecn-tcp-remove", "iptables -t mangle -A PREROUTING -j ECN --ecn-ip-ect 2");
    const p = withTos(tcpPacket(1, 2), 0xb9);
    if (p.l4.kind === "tcp") p.l4 = { ...p.l4, flags: TCP_FLAG.SYN | TCP_FLAG.ECE | TCP_FLAG.CWR, checksum: 1 };
    run(world, p);
    expect([p.ip.tos, p.l4.kind === "tcp" ? p.l4.flags : -1, p.l4.kind === "tcp" ? p.l4.checksum : -1]).toEqual([0xba, TCP_FLAG.SYN, undefined]);
  });
});

describe("CLASSIFY target", () => {
  it("reads MAJOR:MINOR as sscanf(\"%x:%x\") and sets the priority", () => {
    const { world } = session("iptables -A OUTPUT -j CLASSIFY --set-class 12345:-1", "iptables -S OUTPUT");
    const p = udpPacket(1, 2);
    run(world, p, "filter");
    expect(p.priority).toBe(0x2345ffff);
    expect(session("iptables -A OUTPUT -j CLASSIFY --set-class 12345:-1", "iptables -S OUTPUT").stdout).toBe("-P OUTPUT ACCEPT\n-A OUTPUT -j CLASSIFY --set-class 2345:ffff\n");
  });

  it("is refused at INPUT, even through a user chain", () => {
    expect(refusal("iptables -t mangle -A INPUT -j CLASSIFY --set-class 1:1")).toEqual(EINVAL("INPUT"));
    expect(session("iptables -N D", "iptables -A D -j CLASSIFY --set-class 1:1", "iptables -A INPUT -j D")).toMatchObject(EINVAL("INPUT"));
  });
});

describe("HMARK target", () => {
  const ct: ConntrackView = {
    state: "ESTABLISHED", dir: "ORIGINAL", status: [], mark: 0, expires: 100,
    orig: { src: 0x0a000001, dst: 0x0a000002, proto: 6, sport: 1234, dport: 80 },
    reply: { src: 0x0a000002, dst: 0x0a000001, proto: 6, sport: 80, dport: 1234 },
  };

  it("marks both directions of a flow alike, with the kernel's hash", () => {
    // Values computed with xt_HMARK.c's hmark_hash and include/linux/jhash.h compiled in C.
    const { world } = session("iptables -A OUTPUT -j HMARK --hmark-tuple src,dst,sport,dport,proto --hmark-mod 10 --hmark-rnd 0xfeedcafe --hmark-offset 100");
    const there = tcpPacket(1234, 80, { src: 0x0a000001, dst: 0x0a000002 });
    const back = tcpPacket(80, 1234, { src: 0x0a000002, dst: 0x0a000001 });
    run(world, there, "filter");
    run(world, back, "filter");
    expect([there.mark, back.mark]).toEqual([109, 109]);
  });

  it("hashes the ESP SPI under --hmark-spi-mask, and conntrack tuples under --hmark-tuple ct", () => {
    const spi = session("iptables -A OUTPUT -j HMARK --hmark-src-prefix 16 --hmark-spi-mask 0xffffffff --hmark-mod 1000 --hmark-rnd 1").world;
    const esp = { ...packet(50, { kind: "other" }, { src: 0xc0a80709, dst: 0x08080808 }), payload: [0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1] };
    run(spi, esp, "filter");
    expect(esp.mark).toBe(398);
    const byCt = session(
      "iptables -A OUTPUT -j HMARK --hmark-tuple ct --hmark-src-prefix 32 --hmark-dst-prefix 32 --hmark-sport-mask 0xffff --hmark-dport-mask 0xffff --hmark-rnd 4 --hmark-mod 42 --hmark-offset 1",
    ).world;
    const tracked = { ...udpPacket(9, 9), ct, mark: 7 };
    const untracked = { ...udpPacket(9, 9), mark: 7 };
    run(byCt, tracked, "filter");
    run(byCt, untracked, "filter");
    expect([tracked.mark, untracked.mark]).toEqual([10, 7]);
  });
});
