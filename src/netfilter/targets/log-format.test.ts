// Lines in the format nf_log_syslog.c writes (as dmesg shows them after the level), for
// packets built as plain data.
import { describe, expect, it } from "vitest";
import type { PacketState } from "../context.ts";
import type { Ipv4Header, Transport } from "../../wire/packet.ts";
import { formatLogLine, LOG_FLAG } from "./log-format.ts";

function ip(proto: number, length: number, extra: Partial<Ipv4Header> = {}): Ipv4Header {
  return {
    src: 0x0a000001, dst: 0x0a000002, proto, ttl: 64, tos: 0, length, id: 0,
    fragOffset: 0, moreFragments: false, dontFragment: true, options: [], ...extra,
  };
}

function pkt(header: Ipv4Header, l4: Transport, payload: number[] = [], mark = 0): PacketState {
  return { ip: header, l4, payload, mark };
}

const ECHO: Transport = { kind: "icmp", type: 8, code: 0, id: 1234, seq: 1 };

describe("the LOG line (nf_log_syslog.c)", () => {
  it("starts with the prefix and the devices; a packet that came in shows its MAC header", () => {
    const p = { ...pkt(ip(1, 84), ECHO), srcMac: "02:00:00:00:00:01", dstMac: "02:00:00:00:00:02" };
    expect(formatLogLine("ping: ", 0, { packet: p, inIface: "veth0" })).toBe(
      "ping: IN=veth0 OUT= MAC=02:00:00:00:00:02:02:00:00:00:00:01:08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=1234 SEQ=1 ",
    );
    expect(formatLogLine("", 0, { packet: pkt(ip(1, 84), ECHO), outIface: "veth0" })).toBe(
      "IN= OUT=veth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=1234 SEQ=1 ",
    );
    // lo carries an all-zero Ethernet header and is never decoded.
    expect(formatLogLine("", LOG_FLAG.MACDECODE, { packet: pkt(ip(1, 84), ECHO), inIface: "lo" })).toBe(
      "IN=lo OUT= MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=1234 SEQ=1 ",
    );
    const fwd = { ...pkt(ip(1, 84), ECHO), srcMac: "02:00:00:00:00:01", dstMac: "02:00:00:00:00:02" };
    expect(formatLogLine("", LOG_FLAG.MACDECODE, { packet: fwd, inIface: "veth0", outIface: "veth1" })).toBe(
      "IN=veth0 OUT=veth1 MACSRC=02:00:00:00:00:01 MACDST=02:00:00:00:00:02 MACPROTO=0800 SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=1234 SEQ=1 ",
    );
  });

  it("prints TOS and precedence masked, the fragment bits, IP options and the mark", () => {
    const h = ip(17, 1500, { tos: 0xb9, dontFragment: false, moreFragments: true, fragOffset: 185, id: 7, options: [0x94, 0x04, 0, 0], reservedFlag: true });
    const p = pkt(h, { kind: "other" }, [], 0x2a);
    expect(formatLogLine("", LOG_FLAG.IPOPT, { packet: p, outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=1500 TOS=0x18 PREC=0xA0 TTL=64 ID=7 CE MF FRAG:185 OPT (94040000) PROTO=UDP MARK=0x2a ",
    );
  });

  it("prints TCP ports, flags, sequence numbers and options as asked", () => {
    const syn: Transport = {
      kind: "tcp", sport: 51234, dport: 22, seq: 3735928559, ack: 0, flags: 0xc2, window: 64240,
      options: [{ kind: 2, data: [0x05, 0xb4] }, { kind: 4, data: [] }, { kind: 1, data: [] }, { kind: 3, data: [7] }],
    };
    const flags = LOG_FLAG.TCPSEQ | LOG_FLAG.TCPOPT;
    expect(formatLogLine("", flags, { packet: pkt(ip(6, 52), syn), outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=52 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=TCP SPT=51234 DPT=22 SEQ=3735928559 ACK=0 WINDOW=64240 RES=0x00 CWR ECE SYN URGP=0 OPT (020405B40402010303070000) ",
    );
    const rst: Transport = { kind: "tcp", sport: 22, dport: 51234, seq: 0, ack: 1, flags: 0x14, window: 0, options: [], urgent: 3, reserved: 0x1 };
    expect(formatLogLine("", 0, { packet: pkt(ip(6, 40), rst), outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=TCP SPT=22 DPT=51234 WINDOW=0 RES=0x04 ACK RST URGP=3 ",
    );
    // Not the first fragment: the protocol only.
    const frag = pkt(ip(6, 100, { fragOffset: 2, dontFragment: false }), { kind: "other" });
    expect(formatLogLine("", 0, { packet: frag, outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=0 FRAG:2 PROTO=TCP ",
    );
  });

  it("prints UDP with its length field", () => {
    const dns: Transport = { kind: "udp", sport: 53000, dport: 53 };
    expect(formatLogLine("", 0, { packet: pkt(ip(17, 60), dns), outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=UDP SPT=53000 DPT=53 LEN=40 ",
    );
  });

  it("quotes the packet inside an ICMP error once, and the MTU of fragmentation-needed", () => {
    const inner = [
      0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 2, 10, 0, 0, 1,
      0x00, 0x35, 0x0f, 0xa0, 0x00, 0x08, 0x00, 0x00,
    ];
    const unreach: Transport = { kind: "icmp", type: 3, code: 3, id: 0, seq: 0 };
    expect(formatLogLine("", 0, { packet: pkt(ip(1, 56, { dontFragment: false }), unreach, inner), outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=56 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=ICMP TYPE=3 CODE=3 " +
        "[SRC=10.0.0.2 DST=10.0.0.1 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=4660 DF PROTO=UDP SPT=53 DPT=4000 LEN=8 ] ",
    );
    const tcpInner = [
      0x45, 0x00, 0x05, 0xdc, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 10, 0, 0, 2, 10, 0, 0, 1,
      0x00, 0x50, 0xc3, 0x50, 0x00, 0x00, 0x00, 0x01,
    ];
    const needFrag: Transport = { kind: "icmp", type: 3, code: 4, id: 0, seq: 1400, rest: 1400 };
    expect(formatLogLine("", 0, { packet: pkt(ip(1, 56), needFrag, tcpInner), outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=56 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=ICMP TYPE=3 CODE=4 " +
        "[SRC=10.0.0.2 DST=10.0.0.1 LEN=1500 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP INCOMPLETE [8 bytes] ] MTU=1400 ",
    );
    // Too short to hold the quoted header: the kernel gives up on the fields.
    expect(formatLogLine("", 0, { packet: pkt(ip(1, 36), unreach, inner.slice(0, 8)), outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=36 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=ICMP TYPE=3 CODE=3 INCOMPLETE [16 bytes] ",
    );
  });

  it("prints the SPI of ESP and AH, and the number of other protocols", () => {
    const esp = pkt(ip(50, 100), { kind: "other" }, [0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1]);
    expect(formatLogLine("", 0, { packet: esp, outIface: "eth0" })).toContain("PROTO=ESP SPI=0xdeadbeef ");
    const ah = pkt(ip(51, 100), { kind: "other" }, [4, 4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(formatLogLine("", 0, { packet: ah, outIface: "eth0" })).toContain("PROTO=AH SPI=0x100 ");
    const gre = pkt(ip(47, 100), { kind: "other" }, [], 1);
    expect(formatLogLine("", 0, { packet: gre, outIface: "eth0" })).toBe(
      "IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.2 LEN=100 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=47 MARK=0x1 ",
    );
  });
});
