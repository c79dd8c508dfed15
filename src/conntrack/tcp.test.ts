// The TCP tracker against the real kernel (6.18, conntrack-tools 1.4.7): the expected
// states and `conntrack -L` lines were captured on a router namespace forwarding crafted
// segments (scapy) between two spoofed hosts, 50 ms apart. The real lines said use=2..10
// because the router's neighbour queue held those packets (the spoofed hosts never answer
// ARP); an idle entry says use=1, as nfsim does.
import { describe, expect, it } from "vitest";
import { emitTcp } from "../wire/tcp.ts";
import type { TcpHeader } from "../wire/packet.ts";
import { DEFAULT_CONFIG } from "./config.ts";
import { forwardAll, listing, makeHost, seen, tcp } from "./testkit.ts";

const C = "10.0.1.50";
const S = "10.0.2.50";
const W = { window: 8192 };
const c2s = (flags: string, seq: number, ack = 0, payload = "") =>
  tcp(C, 40000, S, 80, flags, { ...W, seq, ack, payload: [...payload].map((x) => x.charCodeAt(0)) });
const s2c = (flags: string, seq: number, ack = 0) => tcp(S, 80, C, 40000, flags, { ...W, seq, ack });
const tuples = "src=10.0.1.50 dst=10.0.2.50 sport=40000 dport=80 src=10.0.2.50 dst=10.0.1.50 sport=80 dport=40000";
const line = (timeout: number, state: string, assured = true) => `tcp      6 ${String(timeout)} ${state} ${tuples}${assured ? " [ASSURED]" : ""} mark=0 use=1`;
const handshake = () => [c2s("S", 1000), s2c("SA", 5000, 1001), c2s("A", 1001, 5001)];

describe("TCP connection tracking", () => {
  it("follows a handshake, data and teardown through the kernel's states and timeouts", () => {
    const h = makeHost();
    const steps = forwardAll(h, [
      ...handshake(),
      c2s("PA", 1001, 5001, "hello"), s2c("A", 5001, 1006),
      c2s("FA", 1006, 5001), s2c("A", 5001, 1007), s2c("FA", 5001, 1007), c2s("A", 1007, 5002),
    ]);
    expect(steps.map((s) => s.state)).toEqual(["NEW", ...Array<string>(8).fill("ESTABLISHED")]);
    expect(steps.map((s) => s.table[0])).toEqual([
      "tcp      6 119 SYN_SENT src=10.0.1.50 dst=10.0.2.50 sport=40000 dport=80 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=80 dport=40000 mark=0 use=1",
      line(59, "SYN_RECV", false),
      line(431999, "ESTABLISHED"),
      // Unacknowledged data: the 300 s timeout until the ACK comes.
      line(299, "ESTABLISHED"),
      line(431999, "ESTABLISHED"),
      line(119, "FIN_WAIT"),
      line(59, "CLOSE_WAIT"),
      line(29, "LAST_ACK"),
      line(119, "TIME_WAIT"),
    ]);
  });

  it("gives no entry to an unsolicited SYN/ACK, RST, FIN, flagless or SYN+FIN segment", () => {
    const h = makeHost();
    const steps = forwardAll(h, [
      tcp(S, 80, C, 40001, "SA", { ...W, seq: 5000, ack: 1001 }),
      tcp(C, 40002, S, 80, "R", { ...W, seq: 1000 }),
      tcp(C, 40003, S, 80, "RA", { ...W, seq: 1000, ack: 1 }),
      tcp(C, 40004, S, 80, "FA", { ...W, seq: 1000, ack: 1 }),
      tcp(C, 40005, S, 80, "", { ...W, seq: 1000 }),
      tcp(C, 40006, S, 80, "SF", { ...W, seq: 1000 }),
    ]);
    expect(steps).toEqual(Array(6).fill({ state: "INVALID", table: [] }));
  });

  it("picks up a connection from a bare ACK (nf_conntrack_tcp_loose=1), with the unacknowledged timeout", () => {
    const h = makeHost();
    const [step] = forwardAll(h, [tcp(C, 40007, S, 80, "A", { ...W, seq: 1000, ack: 77 })]);
    expect(step).toEqual({
      state: "NEW",
      table: ["tcp      6 299 ESTABLISHED src=10.0.1.50 dst=10.0.2.50 sport=40007 dport=80 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=80 dport=40007 mark=0 use=1"],
    });
    const strict = makeHost({ config: { ...DEFAULT_CONFIG, tcpLoose: false } });
    expect(forwardAll(strict, [tcp(C, 40007, S, 80, "A", { ...W, seq: 1000, ack: 77 })])).toEqual([{ state: "INVALID", table: [] }]);
  });

  it("forgets a connection whose only answer is a RST, which still passes as ESTABLISHED", () => {
    const h = makeHost();
    const steps = forwardAll(h, [tcp(C, 40010, S, 80, "S", { ...W, seq: 1000 }), tcp(S, 80, C, 40010, "RA", { ...W, seq: 0, ack: 1001 })]);
    expect(steps.map((s) => [s.state, s.table.length])).toEqual([["NEW", 1], ["ESTABLISHED", 0]]);
  });

  it("marks out-of-window segments INVALID and resyncs on a SYN answered by a SYN/ACK", () => {
    const h = makeHost();
    const steps = forwardAll(h, [
      ...handshake(),
      c2s("PA", 900000, 5001, "x"), // SEQ over the receiver's window
      c2s("A", 1001, 999999), // ACK of data never sent
      c2s("S", 1001), // a SYN in ESTABLISHED: ignored, remembered
      tcp(S, 80, C, 40000, "SA", { ...W, seq: 7000, ack: 1002 }), // answers it: back in sync
    ]);
    expect(steps.map((s) => s.state)).toEqual(["NEW", "ESTABLISHED", "ESTABLISHED", "INVALID", "INVALID", "ESTABLISHED", "ESTABLISHED"]);
    expect(steps.slice(3).map((s) => s.table[0])).toEqual([
      line(431999, "ESTABLISHED"), line(431999, "ESTABLISHED"), line(431999, "ESTABLISHED"), line(59, "SYN_RECV"),
    ]);
  });

  it("keeps ESTABLISHED on a RST beside the expected sequence (10 s), closes on the exact one", () => {
    const h = makeHost();
    const steps = forwardAll(h, [...handshake(), c2s("R", 1500), c2s("R", 1001)]);
    expect(steps.slice(3).map((s) => [s.state, s.table[0]])).toEqual([
      ["ESTABLISHED", line(9, "ESTABLISHED")],
      ["ESTABLISHED", line(9, "CLOSE")],
    ]);
  });

  it("reopens a TIME_WAIT connection with a new SYN as a NEW one", () => {
    const h = makeHost();
    const steps = forwardAll(h, [
      ...handshake(), c2s("FA", 1001, 5001), s2c("FA", 5001, 1002), c2s("A", 1002, 5002),
      c2s("S", 9000), s2c("SA", 7000, 9001),
    ]);
    expect(steps.slice(5).map((s) => [s.state, s.table[0]])).toEqual([
      ["ESTABLISHED", line(119, "TIME_WAIT")],
      ["NEW", "tcp      6 119 SYN_SENT src=10.0.1.50 dst=10.0.2.50 sport=40000 dport=80 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=80 dport=40000 mark=0 use=1"],
      ["ESTABLISHED", line(59, "SYN_RECV", false)],
    ]);
  });

  it("expires each state after its timeout on the virtual clock", () => {
    const h = makeHost();
    h.forward(c2s("S", 1000));
    h.env.advance(119_999);
    expect(listing(h)).toHaveLength(1);
    h.env.advance(1);
    expect(listing(h)).toEqual([]);
    // A packet of the expired connection starts a new one.
    const again = c2s("S", 1000);
    h.forward(again);
    expect(seen(again)).toBe("NEW");
  });

  it("does not renew the timeout for a retransmitted SYN", () => {
    const h = makeHost();
    h.forward(c2s("S", 1000));
    h.env.advance(100_000);
    const retransmit = c2s("S", 1000);
    h.forward(retransmit);
    expect(seen(retransmit)).toBe("NEW");
    expect(listing(h)[0]).toContain(" 20 SYN_SENT ");
  });

  it("shortens the timeout after tcp_max_retrans identical ACKs (the handshake's ACK being the first)", () => {
    const h = makeHost();
    forwardAll(h, handshake());
    const steps = forwardAll(h, [c2s("A", 1001, 5001), c2s("A", 1001, 5001), c2s("A", 1001, 5001)]);
    // As the kernel listed them after each repeat.
    expect(steps.map((s) => s.table[0])).toEqual([line(431999, "ESTABLISHED"), line(431999, "ESTABLISHED"), line(299, "ESTABLISHED")]);
  });

  it("accepts out-of-window segments with nf_conntrack_tcp_be_liberal", () => {
    const h = makeHost({ config: { ...DEFAULT_CONFIG, tcpBeLiberal: true } });
    const steps = forwardAll(h, [...handshake(), c2s("PA", 900000, 5001, "x")]);
    // Accepted without learning from it: no unacknowledged data, the long timeout stays (as the kernel listed).
    expect([steps[3]?.state, steps[3]?.table[0]]).toEqual(["ESTABLISHED", line(431999, "ESTABLISHED")]);
  });

  it("tracks a simultaneous open through SYN_SENT2 (states and timeouts as the kernel listed them)", () => {
    const h = makeHost();
    const steps = forwardAll(h, [c2s("S", 1000), s2c("S", 5000), s2c("SA", 5000, 1001), c2s("SA", 1000, 5001), s2c("A", 5001, 1001)]);
    expect(steps.map((s) => s.table[0]?.split(" ").slice(7, 9).join(" "))).toEqual([
      "119 SYN_SENT", "119 SYN_SENT2", "59 SYN_RECV", "59 SYN_RECV", "431999 ESTABLISHED",
    ]);
  });

  it("refuses segments with a checksum that does not add up (nf_conntrack_checksum)", () => {
    const h = makeHost();
    const bad = c2s("S", 1000);
    bad.l4 = { ...bad.l4, checksum: 0x1234 } as typeof bad.l4;
    h.forward(bad);
    expect(seen(bad)).toBe("INVALID");
    const good = c2s("S", 1000);
    const bytes = emitTcp(good.l4 as TcpHeader, [], good.ip.src, good.ip.dst);
    good.l4 = { ...good.l4, checksum: ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0) } as typeof good.l4;
    h.forward(good);
    expect(seen(good)).toBe("NEW");
  });
});
