import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emitPcap, emitPcapHeader, parsePcap } from "../../src/wire/pcap.ts";

const REAL = new Uint8Array(readFileSync(new URL("../golden/tcpdump/real-a0.pcap", import.meta.url)));

describe("pcap files", () => {
  it("reads what tcpdump -w wrote and writes it back byte for byte", () => {
    const r = parsePcap(REAL);
    if (!r.ok) throw new Error("not parsed");
    expect(r.file.header).toEqual({ snaplen: 262144, linktype: 1 });
    expect(r.file.records).toHaveLength(35);
    expect(r.file.records[0]).toMatchObject({ timeUs: 1795625207950866, length: 42 });
    expect(Buffer.from(emitPcap(r.file)).equals(Buffer.from(REAL))).toBe(true);
  });

  it("writes tcpdump's header: little-endian magic, version 2.4, snaplen, link type", () => {
    expect(Buffer.from(emitPcapHeader({ snaplen: 262144, linktype: 1 })).toString("hex"))
      .toBe("d4c3b2a10200040000000000000000000000040001000000");
  });

  it("cuts data to the snapshot length but keeps the wire length", () => {
    const file = { header: { snaplen: 4, linktype: 1 }, records: [{ timeUs: 2_000_001, length: 6, data: Uint8Array.of(1, 2, 3, 4, 5, 6) }] };
    const back = parsePcap(emitPcap(file));
    expect(back.ok && back.file.records[0]).toEqual({ timeUs: 2_000_001, length: 6, data: Uint8Array.of(1, 2, 3, 4) });
  });

  it("reads big-endian and nanosecond files", () => {
    const be = Buffer.from("a1b2c3d4000200040000000000000000000400000000000100000001000000020000000100000001aa", "hex");
    const r = parsePcap(new Uint8Array(be));
    expect(r.ok && r.file.records[0]).toEqual({ timeUs: 1_000_002, length: 1, data: Uint8Array.of(0xaa) });
    const nano = Buffer.from("4d3cb2a1020004000000000000000000000004000100000001000000e80300000100000001000000bb", "hex");
    const n = parsePcap(new Uint8Array(nano));
    expect(n.ok && n.file.header.nano).toBe(true);
    expect(n.ok && n.file.records[0]?.timeUs).toBe(1_000_001);
  });

  it("says why a file is not a capture", () => {
    expect(parsePcap(new Uint8Array(10))).toEqual({ ok: false, error: { kind: "truncated-header" } });
    expect(parsePcap(new Uint8Array(24))).toEqual({ ok: false, error: { kind: "bad-magic" } });
    const cut = parsePcap(REAL.subarray(0, 100));
    expect(cut.ok).toBe(false);
    expect(!cut.ok && cut.error.kind === "truncated-record" && cut.error.records).toHaveLength(1);
  });
});
