// ICMP errors RELATED to the connection they quote, and their NAT translation, against
// the real kernel (6.18): states captured as in tcp.test.ts, and the bytes of errors that
// entered a SNAT router (veth-rb) and left it (veth-ra), captured with tcpdump.
import { describe, expect, it } from "vitest";
import type { PacketState } from "../netfilter/context.ts";
import { emitIpv4Packet, parseIpv4Packet } from "../wire/ip.ts";
import { csumReplace } from "./nat-packet.ts";
import { forwardAll, icmp, listing, makeHost, natEffect, seen, tcp, udp } from "./testkit.ts";

const C = "10.0.1.50";
const S = "10.0.2.50";

/** An IPv4 header + UDP header + one byte, as the quoted part of an error. */
function quotedUdp(src: string, dst: string, sport: number, dport: number): number[] {
  const a = (s: string) => s.split(".").map(Number);
  return [0x45, 0, 0, 29, 0, 1, 0, 0, 64, 17, 0, 0, ...a(src), ...a(dst), sport >> 8, sport & 255, dport >> 8, dport & 255, 0, 9, 0, 0, 0x78];
}

describe("ICMP errors", () => {
  it("are RELATED to the connection of the packet they quote, in its reply direction or its original one", () => {
    const h = makeHost();
    const steps = forwardAll(h, [
      udp(C, 5001, S, 53),
      icmp(S, C, 3, 3, 0, 0, quotedUdp(C, S, 5001, 53)),
      // Addressed to another host than the connection's end.
      icmp(S, "10.0.1.51", 3, 3, 0, 0, quotedUdp(C, S, 5001, 53)),
      // About a flow nobody knows.
      icmp(S, C, 3, 3, 0, 0, quotedUdp(C, S, 5002, 53)),
      // Time exceeded travelling toward the server: the connection's original direction.
      icmp(C, S, 11, 0, 0, 0, quotedUdp(S, C, 53, 5001)),
      // The quoted datagram is cut before its ports.
      icmp(S, C, 3, 3, 0, 0, quotedUdp(C, S, 5001, 53).slice(0, 22)),
    ]);
    expect(steps.map((s) => s.state)).toEqual(["NEW", "RELATED", "INVALID", "INVALID", "RELATED", "INVALID"]);
    // An error refreshes nothing and leaves the entry UNREPLIED.
    expect(steps[4]?.table).toEqual([
      "udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5001 dport=53 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=53 dport=5001 mark=0 use=1",
    ]);
  });

  it("relates in the direction of the quoted packet's reply", () => {
    const h = makeHost();
    h.forward(udp(C, 5001, S, 53));
    const toClient = icmp(S, C, 3, 3, 0, 0, quotedUdp(C, S, 5001, 53));
    const toServer = icmp(C, S, 11, 0, 0, 0, quotedUdp(S, C, 53, 5001));
    h.forward(toClient);
    h.forward(toServer);
    expect([toClient.ct?.dir, toServer.ct?.dir]).toEqual(["REPLY", "ORIGINAL"]);
  });
});

const frame = (hex: string): number[] => (hex.replace(/\s+/g, "").match(/../g) ?? []).map((b) => parseInt(b, 16));

function parsed(hex: string): PacketState {
  const p = parseIpv4Packet(Uint8Array.from(frame(hex)));
  if (p === undefined) throw new Error("bad packet");
  return { ip: p.packet.ip, l4: p.packet.l4, payload: p.packet.payload, mark: 0 };
}

/** What leaves a router: the TTL decremented with its incremental checksum update (ip_decrease_ttl). */
function forwarded(p: PacketState): number[] {
  const { ttl, proto, checksum = 0 } = p.ip;
  const ip = { ...p.ip, ttl: ttl - 1, checksum: csumReplace(checksum, [(ttl << 8) | proto], [((ttl - 1) << 8) | proto]) };
  return [...emitIpv4Packet({ ip, l4: p.l4, payload: p.payload })];
}

describe("ICMP errors through SNAT", () => {
  // The router SNATs 10.0.1.51 to 10.0.2.1, with one port (or echo id) per protocol.
  function router() {
    const h = makeHost();
    const snat = (port: number) => ({ POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1", ports: { min: port, max: port } })] });
    h.forward(udp("10.0.1.51", 7000, S, 53, [0x78]), snat(40000));
    h.forward(tcp("10.0.1.51", 7001, S, 80, "S", { seq: 100, window: 8192 }), snat(40001));
    h.forward(icmp("10.0.1.51", S, 8, 0, 555, 3, [0x61, 0x62, 0x63, 0x64]), snat(30000));
    return h;
  }

  it("lists the bindings the kernel made", () => {
    expect(listing(router())).toEqual([
      "udp      17 30 src=10.0.1.51 dst=10.0.2.50 sport=7000 dport=53 [UNREPLIED] src=10.0.2.50 dst=10.0.2.1 sport=53 dport=40000 mark=0 use=1",
      "tcp      6 120 SYN_SENT src=10.0.1.51 dst=10.0.2.50 sport=7001 dport=80 [UNREPLIED] src=10.0.2.50 dst=10.0.2.1 sport=80 dport=40001 mark=0 use=1",
      "icmp     1 30 src=10.0.1.51 dst=10.0.2.50 type=8 code=0 id=555 [UNREPLIED] src=10.0.2.50 dst=10.0.2.1 type=0 code=0 id=30000 mark=0 use=1",
    ]);
  });

  const cases: [string, string, string][] = [
    [
      "a port unreachable quoting UDP",
      "4500 0039 000b 0000 4001 6287 0a00 0232 0a00 0201 0303 154a 0000 0000 4500 001d 1092 0000 3f11 530c 0a00 0201 0a00 0232 9c40 0035 0009 d333 78",
      "4500 0039 000b 0000 3f01 6455 0a00 0232 0a00 0133 0303 147c 0000 0000 4500 001d 1092 0000 3f11 53da 0a00 0133 0a00 0232 1b58 0035 0009 54ea 78",
    ],
    [
      "a port unreachable quoting a whole TCP header",
      "4500 0044 000c 0000 4001 627b 0a00 0232 0a00 0201 0303 154a 0000 0000 4500 0028 1093 0000 3f06 530b 0a00 0201 0a00 0232 9c41 0050 0000 0064 0000 0000 5002 2000 daba 0000",
      "4500 0044 000c 0000 3f01 6449 0a00 0232 0a00 0133 0303 147c 0000 0000 4500 0028 1093 0000 3f06 53d9 0a00 0133 0a00 0232 1b59 0050 0000 0064 0000 0000 5002 2000 5c71 0000",
    ],
    [
      "a port unreachable quoting TCP with data",
      "4500 0052 000e 0000 4001 626b 0a00 0232 0a00 0201 0303 1558 0000 0000 4500 0036 1094 0000 3f06 52fc 0a00 0201 0a00 0232 9c41 0050 0000 0064 0000 0000 5002 2000 8153 0000 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a",
      "4500 0052 000e 0000 3f01 6439 0a00 0232 0a00 0133 0303 148a 0000 0000 4500 0036 1094 0000 3f06 53ca 0a00 0133 0a00 0232 1b59 0050 0000 0064 0000 0000 5002 2000 030a 0000 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a 7a7a",
    ],
    [
      "an echo reply (its id translated back)",
      "4500 0020 000d 0000 4001 629e 0a00 0232 0a00 0201 0000 c605 7530 0003 6162 6364",
      "4500 0020 000d 0000 3f01 646c 0a00 0232 0a00 0133 0000 390b 022b 0003 6162 6364",
    ],
  ];

  for (const [what, entering, leaving] of cases) {
    it(`rewrites ${what} byte for byte as the kernel did`, () => {
      const h = router();
      const p = parsed(entering);
      expect(h.forward(p).verdict).toBe("ACCEPT");
      expect(seen(p)).toBe(what.startsWith("an echo") ? "ESTABLISHED" : "RELATED");
      expect(forwarded(p)).toEqual(frame(leaving));
    });
  }

  it("drops an error whose quoted TCP header is shorter than the 8 bytes NAT must rewrite", () => {
    const h = router();
    const p = parsed("4500 0044 000c 0000 4001 627b 0a00 0232 0a00 0201 0303 154a 0000 0000 4500 0028 1093 0000 3f06 530b 0a00 0201 0a00 0232 9c41 0050 0000 0064 0000 0000 5002 2000 daba 0000");
    p.payload = p.payload.slice(0, 26);
    if (p.l4.kind === "icmp") p.l4 = { kind: "icmp", type: 3, code: 3, id: 0, seq: 0 };
    expect(h.forward(p).verdict).toBe("DROP");
    expect(seen(p)).toBe("RELATED");
  });
});
