// The FTP helper (nf_conntrack_ftp.c) against the real kernel (6.18): a control
// connection tracked with `-t raw -j CT --helper ftp`, its PORT command and 227 reply
// making the data connections RELATED, as the router's ctstate counters showed.
import { describe, expect, it } from "vitest";
import type { CtTemplateEffect, PacketState } from "../netfilter/context.ts";
import { IPS } from "./entry.ts";
import { ascii, listing, makeHost, seen, tcp, type Host } from "./testkit.ts";

const C = "10.0.1.50";
const S = "10.0.2.50";
const W = { window: 8192 };
const HELPER: CtTemplateEffect = { kind: "ct", zone: 0, zoneDir: "both", helper: "ftp", ctEvents: [], expEvents: [] };

const c2s = (flags: string, seq: number, ack = 0, text = "") => tcp(C, 40000, S, 21, flags, { ...W, seq, ack, payload: ascii(text) });
const s2c = (flags: string, seq: number, ack = 0, text = "") => tcp(S, 21, C, 40000, flags, { ...W, seq, ack, payload: ascii(text) });

/** Every packet through the router, the helper template applied as the raw table would (its rule matches --dport 21). */
function run(h: Host, packets: readonly PacketState[]): string[] {
  return packets.map((p) => {
    const toFtp = p.l4.kind === "tcp" && p.l4.dport === 21;
    const walk = h.forward(p, {}, {}, toFtp ? [HELPER] : []);
    h.env.advance(50);
    return walk.verdict === "DROP" ? "DROP" : seen(p);
  });
}

/** The handshake, the server's banner and the client's first command (which is not read: no newline seen before it). */
function login(h: Host): void {
  run(h, [c2s("S", 1000), s2c("SA", 5000, 1001), c2s("A", 1001, 5001), s2c("PA", 5001, 1001, "220 hi\r\n"), c2s("PA", 1001, 5009, "USER a\r\n")]);
}

describe("FTP helper", () => {
  it("makes the data connections of PORT and of a 227 reply RELATED", () => {
    const h = makeHost();
    login(h);
    const states = run(h, [
      c2s("PA", 1009, 5009, "PORT 10,0,1,50,39,16\r\n"),
      tcp(S, 20, C, 10000, "S", { ...W, seq: 9000 }),
      s2c("PA", 5009, 1031, "227 Entering Passive Mode (10,0,2,50,78,32)\r\n"),
      tcp(C, 40001, S, 20000, "S", { ...W, seq: 3000 }),
    ]);
    expect(states).toEqual(["ESTABLISHED", "RELATED", "ESTABLISHED", "RELATED"]);
    // What the kernel listed afterwards (ordered by creation here); use=1 for idle entries.
    expect(listing(h)).toEqual([
      "tcp      6 299 ESTABLISHED src=10.0.1.50 dst=10.0.2.50 sport=40000 dport=21 src=10.0.2.50 dst=10.0.1.50 sport=21 dport=40000 [ASSURED] mark=0 helper=ftp use=1",
      "tcp      6 119 SYN_SENT src=10.0.2.50 dst=10.0.1.50 sport=20 dport=10000 [UNREPLIED] src=10.0.1.50 dst=10.0.2.50 sport=10000 dport=20 mark=0 use=1",
      "tcp      6 119 SYN_SENT src=10.0.1.50 dst=10.0.2.50 sport=40001 dport=20000 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=20000 dport=40001 mark=0 use=1",
    ]);
    expect(h.table.expects).toEqual([]);
    const data = Object.values(h.table.entries)[1];
    expect(data?.master).toBe(Object.values(h.table.entries)[0]?.id);
    expect((data?.status ?? 0) & IPS.EXPECTED).toBe(IPS.EXPECTED);
  });

  it("reads EPRT and 229 (EPSV) as well", () => {
    const h = makeHost();
    login(h);
    const states = run(h, [
      c2s("PA", 1009, 5009, "EPRT |1|10.0.1.50|10001|\r\n"),
      tcp(S, 20, C, 10001, "S", { ...W, seq: 9000 }),
      s2c("PA", 5009, 1035, "229 Entering Extended Passive Mode (|||20001|)\r\n"),
      tcp(C, 40002, S, 20001, "S", { ...W, seq: 3000 }),
    ]);
    expect(states).toEqual(["ESTABLISHED", "RELATED", "ESTABLISHED", "RELATED"]);
  });

  it("does not read a command that does not start right after a newline it saw", () => {
    const h = makeHost();
    run(h, [c2s("S", 1000), s2c("SA", 5000, 1001), c2s("A", 1001, 5001)]);
    const states = run(h, [c2s("PA", 1001, 5001, "PORT 10,0,1,50,39,16\r\n"), tcp(S, 20, C, 10000, "S", { ...W, seq: 9000 })]);
    expect(states).toEqual(["ESTABLISHED", "NEW"]);
  });

  it("drops a partial or malformed command, as the kernel does to keep its tracking exact", () => {
    const h = makeHost();
    login(h);
    expect(run(h, [c2s("PA", 1009, 5009, "PORT 10,0,1,50,39\r\n")])).toEqual(["DROP"]);
    expect(run(h, [c2s("PA", 1009, 5009, "PO")])).toEqual(["DROP"]);
    expect(h.table.expects).toEqual([]);
  });

  it("does not expect a connection to another address than the sender's (the module's loose=0)", () => {
    const h = makeHost();
    login(h);
    run(h, [c2s("PA", 1009, 5009, "PORT 10,0,1,99,39,16\r\n")]);
    expect(h.table.expects).toEqual([]);
  });

  it("keeps one expectation per control connection, for five minutes, carrying the master's mark", () => {
    const h = makeHost();
    login(h);
    const master = Object.values(h.table.entries)[0];
    if (master) master.mark = 0x2a;
    run(h, [c2s("PA", 1009, 5009, "PORT 10,0,1,50,39,16\r\n"), c2s("PA", 1031, 5009, "PORT 10,0,1,50,39,17\r\n")]);
    expect(h.table.expects.map((x) => x.tuple.dport)).toEqual([10001]);
    const late = tcp(S, 20, C, 10001, "S", { ...W, seq: 9000 });
    h.env.advance(299_800);
    run(h, [late]);
    expect([seen(late), late.ct?.mark]).toEqual(["RELATED", 0x2a]);
    run(h, [c2s("PA", 1053, 5009, "PORT 10,0,1,50,39,18\r\n")]);
    h.env.advance(300_000);
    expect(run(h, [tcp(S, 20, C, 10002, "S", { ...W, seq: 9000 })])).toEqual(["NEW"]);
  });
});
