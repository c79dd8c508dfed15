// The table's statistics (stats.ts) as the kernel counts them, and the expectation line of
// `conntrack -L expect`. The expected line is the one the real conntrack 1.4.7 printed on
// Linux 6.18 for an FTP PORT command seen by `-t raw -j CT --helper ftp` (captured by hand:
// the shell runner cannot yet send two lines as two segments with nc -i):
//   298 proto=6 src=10.0.0.2 dst=10.0.0.1 sport=0 dport=51210 mask-src=255.255.255.255
//   mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.0.0.1 master-dst=10.0.0.2
//   sport=58438 dport=21 class=0 helper=ftp
// and the sum over its CPUs of `conntrack -S expect` was expect_new=0 expect_create=1
// expect_delete=0.
import { describe, expect, it } from "vitest";
import type { CtTemplateEffect, PacketState } from "../netfilter/context.ts";
import { formatExpect } from "./expect-format.ts";
import { CT_STAT_NAMES, ctStat, EXP_STAT_NAMES, type CtStatName } from "./stats.ts";
import { entryById } from "./table.ts";
import { ascii, makeHost, tcp, type Host } from "./testkit.ts";

const C = "10.0.0.1";
const S = "10.0.0.2";
const W = { window: 8192 };
const HELPER: CtTemplateEffect = { kind: "ct", zone: 0, zoneDir: "both", helper: "ftp", ctEvents: [], expEvents: [] };

const c2s = (flags: string, seq: number, ack = 0, text = "") => tcp(C, 58438, S, 21, flags, { ...W, seq, ack, payload: ascii(text) });
const s2c = (flags: string, seq: number, ack = 0, text = "") => tcp(S, 21, C, 58438, flags, { ...W, seq, ack, payload: ascii(text) });

function run(h: Host, packets: readonly PacketState[]): void {
  for (const p of packets) {
    const toFtp = p.l4.kind === "tcp" && p.l4.dport === 21;
    h.input(p, {}, {}, toFtp ? [HELPER] : []);
    h.env.advance(50);
  }
}

function counters(h: Host, names: readonly CtStatName[]): string {
  return names.map((n) => `${n}=${String(ctStat(h.table, n))}`).join(" ");
}

/** The handshake and a first line, then the PORT command the helper reads. */
function portCommand(h: Host): void {
  run(h, [c2s("S", 1000), s2c("SA", 5000, 1001), c2s("A", 1001, 5001), c2s("PA", 1001, 5001, "USER a\r\n")]);
  run(h, [c2s("PA", 1009, 5001, "PORT 10,0,0,1,200,10\r\n")]);
}

describe("expectation statistics and listing", () => {
  it("counts the expectation a PORT command makes, and prints it as conntrack -L expect does", () => {
    const h = makeHost();
    portCommand(h);
    expect(counters(h, EXP_STAT_NAMES)).toBe("expect_new=0 expect_create=1 expect_delete=0");
    const [x] = h.table.expects;
    expect(x).toBeDefined();
    if (x === undefined) return;
    const now = x.timeout - 298_500;
    expect(formatExpect(x, entryById(h.table, x.master), now)).toBe(
      "298 proto=6 src=10.0.0.2 dst=10.0.0.1 sport=0 dport=51210 mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 " +
        "master-src=10.0.0.1 master-dst=10.0.0.2 sport=58438 dport=21 class=0 helper=ftp",
    );
  });

  it("counts the data connection that fulfils it as expect_new, and its unlinking as expect_delete", () => {
    const h = makeHost();
    portCommand(h);
    run(h, [tcp(S, 20, C, 51210, "S", { ...W, seq: 9000 })]);
    expect(counters(h, EXP_STAT_NAMES)).toBe("expect_new=1 expect_create=1 expect_delete=1");
    expect(h.table.expects).toEqual([]);
  });
});

describe("conntrack statistics", () => {
  it("counts nothing for valid traffic: 6.x no longer counts found", () => {
    const h = makeHost();
    portCommand(h);
    expect(counters(h, CT_STAT_NAMES)).toBe(
      "found=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0",
    );
  });

  it("counts a packet the TCP tracker refuses as invalid (a SYN/ACK with no connection)", () => {
    const h = makeHost();
    run(h, [s2c("SA", 5000, 1001)]);
    expect(ctStat(h.table, "invalid")).toBe(1);
    expect(ctStat(h.table, "drop")).toBe(0);
  });
});
