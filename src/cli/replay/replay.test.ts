// replay() against results the real kernel gave for the same cases: kernel-cases.json
// holds each case with the result the differential harness's kernel side
// (tests/kernel/diff/kernel.ts, kernel 6.x, iptables 1.8.9 nf_tables) produced for it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bufferIO } from "../io.ts";
import { replayCommand } from "./command.ts";
import { buildCasePacket, describeFrame } from "./packets.ts";
import { replay } from "./replay.ts";
import { normaliseResult, type Case, type Result } from "./schema.ts";
import { emitEthernet } from "../../wire/ethernet.ts";
import { emitIpv4Packet } from "../../wire/ip.ts";

interface KernelCase {
  readonly name: string;
  readonly case: Case;
  readonly kernel: Result;
}

const CASES = JSON.parse(readFileSync(new URL("./kernel-cases.json", import.meta.url), "utf8")) as KernelCase[];

describe("replay agrees with the kernel", () => {
  for (const k of CASES) {
    it(k.name, () => {
      expect(normaliseResult(replay(k.case))).toEqual(normaliseResult(k.kernel));
    });
  }
});

describe("the case's packets", () => {
  const frame = (p: Parameters<typeof buildCasePacket>[0]) =>
    emitEthernet({ dst: "02:00:00:00:01:01", src: "02:00:00:00:01:02", ethertype: 0x0800 }, emitIpv4Packet(buildCasePacket(p)));

  it("are built as scapy builds them and read back as inject.py reads them", () => {
    const syn = { proto: "tcp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 80, flags: "SA", seq: 7, ack: 9, payload_len: 3 } as const;
    expect(buildCasePacket(syn).ip).toMatchObject({ id: 1, ttl: 64, dontFragment: false, length: 43 });
    expect(buildCasePacket(syn).l4).toMatchObject({ window: 8192, options: [] });
    expect(describeFrame(frame(syn))).toEqual({ ...syn, ttl: 64 });
  });

  it("quote the IPv4 header and 8 bytes of the packet an ICMP error is about", () => {
    const err = { proto: "icmp", src: "10.0.2.2", dst: "10.0.1.2", icmp_type: 3, icmp_code: 3, inner: { proto: "udp", src: "10.0.1.2", dst: "10.0.2.2", sport: 40000, dport: 53 } } as const;
    expect(buildCasePacket(err).payload).toHaveLength(28);
    expect(describeFrame(frame(err))).toEqual({ ...err, ttl: 64 });
  });

  it("leave out what is not IPv4 (ARP)", () => {
    expect(describeFrame(emitEthernet({ dst: "ff:ff:ff:ff:ff:ff", src: "02:00:00:00:01:02", ethertype: 0x0806 }, new Uint8Array(28)))).toBeUndefined();
  });
});

describe("nfsim replay --json", () => {
  const run = (args: string[], stdin: string) => {
    const io = bufferIO(stdin);
    return { exit: replayCommand(args, io), out: io.out, err: io.err };
  };
  const first = CASES[0] as KernelCase;

  it("prints the result of the case on standard input", () => {
    const r = run(["--json"], JSON.stringify(first.case));
    expect(r.exit).toBe(0);
    expect(normaliseResult(JSON.parse(r.out) as Result)).toEqual(normaliseResult(first.kernel));
  });

  it("names the field of a case that breaks the schema, prints nothing and exits 2", () => {
    const bad = { ...first.case, packets: [{ ...first.case.packets[0], sport: 70000 }] };
    expect(run(["--json"], JSON.stringify(bad))).toEqual({ exit: 2, out: "", err: "nfsim replay: packets[0].sport: expected an integer from 0 to 65535, got 70000\n" });
  });

  it("refuses a ruleset that iptables-restore refuses", () => {
    const r = run(["--json"], JSON.stringify({ ...first.case, ruleset: "*filter\n-A NOPE -j ACCEPT\nCOMMIT\n" }));
    expect(r.exit).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^nfsim replay: ruleset: iptables-restore refused it/);
  });

  it("wants --json", () => {
    expect(run([], "{}")).toEqual({ exit: 2, out: "", err: "usage: nfsim replay --json < CASE.json\n" });
  });
});
