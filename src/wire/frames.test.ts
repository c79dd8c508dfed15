// Real frames captured on a veth (tests/golden/tcpdump/real-a0.pcap): parse, emit back
// byte for byte, and emit from header data with the checksums computed.
import { describe, expect, it } from "vitest";
import { emitArp, parseArp } from "./arp.ts";
import { emitEthernet, parseEthernet } from "./ethernet.ts";
import { emitFrame, parseFrame } from "./frame.ts";
import { emitIcmp, parseIcmp } from "./icmp.ts";
import { emitIpv4Packet, finalDestination, ipv4TotalLength, parseIpv4Packet } from "./ip.ts";
import type { Ipv4Packet, TcpHeader } from "./packet.ts";
import { emitTcp, parseTcp } from "./tcp.ts";
import { emitUdp, parseUdp } from "./udp.ts";

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const ARP_REQUEST = hex("ffffffffffffea1ba885750808060001080006040001ea1ba88575080a0000010000000000000a0000fe");
const ECHO_REQUEST = hex(`9271be27004cea1ba885750808004500005413ea4000400111bd0a0000010a0001020800cee828450001f710
  076b0000000035820e0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637`);
const SYN = hex(`9271be27004cea1ba885750808004500003cd0ec4000400654cd0a0000010a000102c6a2005146874b3a00000000
  a002faf015310000020405b40402080aaea5406f000000000103030a`);
const UDP = hex("9271be27004cea1ba885750808004500002112284000401113a20a0000010a000102a606270f000d152168656c6c6f");
const PORT_UNREACHABLE = hex(`ea1ba88575089271be27004c080045c0003dffe500003f0166180a0001020a0000010303d6e60000000045000021
  122840003f1114a20a0000010a000102a606270f000d152168656c6c6f`);
const RECORD_ROUTE_HEAD = hex(`4f00007c156e40004001d4000a0000010a000102010727080a00000100000000000000000000000000000000
  00000000000000000000000000000000000008003a9729270001fa10076b00000000cef1050000000000`);

describe("Ethernet and ARP", () => {
  it("parses a real ARP request", () => {
    const e = parseEthernet(ARP_REQUEST);
    expect(e?.header).toEqual({ dst: "ff:ff:ff:ff:ff:ff", src: "ea:1b:a8:85:75:08", ethertype: 0x0806 });
    const arp = parseArp(e?.payload ?? new Uint8Array());
    expect(arp).toEqual({
      hardware: 1, protocol: 0x0800, op: 1, senderMac: "ea:1b:a8:85:75:08", senderIp: 0x0a000001,
      targetMac: "00:00:00:00:00:00", targetIp: 0x0a0000fe,
    });
    expect(toHex(emitEthernet(e!.header, emitArp(arp!)))).toBe(toHex(ARP_REQUEST));
  });

  it("keeps Ethernet padding after an ARP packet as the frame's trailer", () => {
    const padded = Uint8Array.from([...ARP_REQUEST, ...new Uint8Array(18)]);
    const frame = parseFrame(padded);
    expect(frame?.trailer).toHaveLength(18);
    expect(toHex(emitFrame(frame!))).toBe(toHex(padded));
  });

  it("refuses a frame shorter than a header and keeps unknown EtherTypes raw", () => {
    expect(parseFrame(new Uint8Array(13))).toBeUndefined();
    const odd = hex("0200000000020200000000010000abcd");
    expect(parseFrame(odd)?.body).toEqual({ kind: "raw", bytes: [0xab, 0xcd] });
    expect(toHex(emitFrame(parseFrame(odd)!))).toBe(toHex(odd));
  });
});

describe("IPv4 and ICMP", () => {
  it("parses a real echo request", () => {
    const p = parseIpv4Packet(ECHO_REQUEST.subarray(14))?.packet;
    expect(p?.ip).toMatchObject({ src: 0x0a000001, dst: 0x0a000102, proto: 1, ttl: 64, tos: 0, length: 84, id: 5098, dontFragment: true, moreFragments: false, fragOffset: 0, checksum: 0x11bd });
    expect(p?.l4).toEqual({ kind: "icmp", type: 8, code: 0, checksum: 0xcee8, id: 10309, seq: 1 });
    expect(p?.payload).toHaveLength(56);
    expect(toHex(emitIpv4Packet(p!))).toBe(toHex(ECHO_REQUEST.subarray(14)));
  });

  it("computes the header and ICMP checksums when they are left out", () => {
    const p = parseIpv4Packet(ECHO_REQUEST.subarray(14))!.packet;
    const { checksum: _ip, ...ip } = p.ip;
    const { checksum: _icmp, ...icmp } = p.l4 as typeof p.l4 & { checksum?: number };
    const rebuilt = emitIpv4Packet({ ip, l4: icmp as Ipv4Packet["l4"], payload: p.payload });
    expect(toHex(rebuilt)).toBe(toHex(ECHO_REQUEST.subarray(14)));
    expect(ipv4TotalLength(p)).toBe(84);
  });

  it("parses an ICMP error and the datagram it quotes", () => {
    const p = parseIpv4Packet(PORT_UNREACHABLE.subarray(14))!.packet;
    expect(p.l4).toEqual({ kind: "icmp", type: 3, code: 3, checksum: 0xd6e6, id: 0, seq: 0, rest: 0 });
    const quoted = parseIpv4Packet(Uint8Array.from(p.payload))!.packet;
    expect(quoted.l4).toMatchObject({ kind: "udp", sport: 42502, dport: 9999 });
    expect(toHex(emitIcmp(parseIcmp(Uint8Array.from(emitIpv4Packet(p)).subarray(20))!.header, p.payload))).toBe(toHex(PORT_UNREACHABLE.subarray(34)));
  });

  it("keeps options, and a source route names the pseudo-header's destination", () => {
    const ip = parseIpv4Packet(RECORD_ROUTE_HEAD)!.packet.ip;
    expect(ip.options.slice(0, 4)).toEqual([1, 7, 39, 8]);
    expect(ip.options).toHaveLength(40);
    expect(finalDestination(ip)).toBe(ip.dst);
    const lsrr = { ...ip, options: [1, 131, 7, 4, 192, 168, 1, 254] };
    expect(finalDestination(lsrr)).toBe(0xc0a801fe);
  });

  it("leaves non-first fragments and unknown protocols unparsed", () => {
    const frag = hex("45000024156d00b940014db10a0000010a000102c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
    const p = parseIpv4Packet(frag)!.packet;
    expect(p.ip.fragOffset).toBe(185);
    expect(p.l4).toEqual({ kind: "other" });
    expect(p.payload).toHaveLength(16);
    expect(toHex(emitIpv4Packet(p))).toBe(toHex(frag));
    const sctp = hex("450000200001400040840000" + "0a0000010a000002" + "0050005100000000");
    const q = parseIpv4Packet(sctp)!.packet;
    expect(q.l4).toEqual({ kind: "other", sport: 80, dport: 81 });
    expect(toHex(emitIpv4Packet(q))).toBe(toHex(sctp));
  });

  it("refuses what is not an IPv4 header", () => {
    expect(parseIpv4Packet(hex("60000000"))).toBeUndefined();
    expect(parseIpv4Packet(hex("4400001400000000400100000a0000010a000002"))).toBeUndefined();
  });
});

describe("TCP", () => {
  it("parses a real SYN with its options", () => {
    const t = parseTcp(SYN.subarray(34))!;
    expect(t.header).toMatchObject({ sport: 50850, dport: 81, seq: 1183271738, ack: 0, flags: 0x02, window: 64240, checksum: 0x1531 });
    expect(t.header.options).toEqual([
      { kind: 2, data: [0x05, 0xb4] }, { kind: 4, data: [] },
      { kind: 8, data: [0xae, 0xa5, 0x40, 0x6f, 0, 0, 0, 0] }, { kind: 1, data: [] }, { kind: 3, data: [10] },
    ]);
    expect(toHex(emitTcp(t.header, t.payload, 0x0a000001, 0x0a000102))).toBe(toHex(SYN.subarray(34)));
  });

  it("computes the checksum tcpdump says the segment should carry", () => {
    const { checksum: _, ...rest } = parseTcp(SYN.subarray(34))!.header;
    const segment = emitTcp(rest as TcpHeader, [], 0x0a000001, 0x0a000102);
    expect(segment[16]! * 256 + segment[17]!).toBe(0xf03f);
  });

  it("keeps a malformed option tail byte for byte", () => {
    const seg = hex("9c4000160000000100000000" + "7002faf0" + "00000000" + "020405b4" + "0409aabb");
    const t = parseTcp(seg)!;
    expect(t.header.options.at(-1)).toEqual({ kind: 4, data: [9, 0xaa, 0xbb], malformed: true });
    expect(toHex(emitTcp(t.header, t.payload, 1, 2))).toBe(toHex(seg));
  });
});

describe("UDP", () => {
  it("parses a real datagram and computes its checksum", () => {
    const u = parseUdp(UDP.subarray(34))!;
    expect(u.header).toEqual({ kind: "udp", sport: 42502, dport: 9999, length: 13, checksum: 0x1521 });
    expect(Buffer.from(u.payload).toString()).toBe("hello");
    expect(toHex(emitUdp(u.header, u.payload, 0x0a000001, 0x0a000102))).toBe(toHex(UDP.subarray(34)));
    // The veth sent a partial checksum; tcpdump -vv: "[bad udp cksum 0x1521 -> 0xd9e9!]".
    const computed = emitUdp({ kind: "udp", sport: 42502, dport: 9999 }, u.payload, 0x0a000001, 0x0a000102);
    expect(computed[6]! * 256 + computed[7]!).toBe(0xd9e9);
  });
});
