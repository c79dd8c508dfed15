// nfsim's pcap files and tcpdump printing against the real tcpdump 4.99.3: the real tool
// reads the files nfsim writes and prints what nfsim prints for them, and nfsim prints
// what the real tool prints for the golden captures. Run in a private network namespace
// (no route anywhere, so name lookups fail at once) with TZ=UTC.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufferIO } from "../../src/cli/io.ts";
import { nodeFiles } from "../../src/cli/tcpdump/files.ts";
import { makeTcpdump } from "../../src/cli/tcpdump/tcpdump.ts";
import { emitFrame, emitPcap, type EthernetFrame, type PcapRecord } from "../../src/wire/index.ts";
import { newWorld } from "../../src/world/world.ts";

function tcpdumpSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "not root";
  try {
    const v = execFileSync("tcpdump", ["--version"], { encoding: "utf8" });
    if (!v.startsWith("tcpdump version 4.99.3\n")) return `real tcpdump is ${v.split("\n")[0] ?? "?"}, not 4.99.3`;
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "tcpdump or ip netns is not available";
  }
  return undefined;
}

const reason = tcpdumpSkipReason();
if (reason) console.warn(`tcpdump kernel tests skipped: ${reason}`);
const ns = `nfsim-tcpdump-${String(process.pid)}`;
const dir = mkdtempSync(join(tmpdir(), "nfsim-tcpdump-"));

function real(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync("ip", ["netns", "exec", ns, "tcpdump", ...args], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
  return { stdout: r.stdout, stderr: r.stderr };
}

function ours(args: string[]): string {
  const io = bufferIO();
  makeTcpdump(nodeFiles)(args, newWorld(), "", io);
  return io.out;
}

const A = "02:00:00:00:00:0a";
const B = "02:00:00:00:00:0b";
const ip = { src: 0x0a000001, dst: 0x0a000002, tos: 0, id: 7, fragOffset: 0, moreFragments: false, dontFragment: true, options: [] };

/** Frames built from header data alone: every length and checksum is nfsim's. */
const frames: EthernetFrame[] = [
  { eth: { dst: "ff:ff:ff:ff:ff:ff", src: A, ethertype: 0x0806 }, trailer: [], body: { kind: "arp", arp: { hardware: 1, protocol: 0x0800, op: 1, senderMac: A, senderIp: 0x0a000001, targetMac: "00:00:00:00:00:00", targetIp: 0x0a000002 } } },
  { eth: { dst: B, src: A, ethertype: 0x0800 }, trailer: [], body: { kind: "ipv4", packet: { ip: { ...ip, proto: 1, ttl: 64, length: 84 }, l4: { kind: "icmp", type: 8, code: 0, id: 1, seq: 1 }, payload: Array.from({ length: 56 }, (_, i) => i) } } },
  { eth: { dst: B, src: A, ethertype: 0x0800 }, trailer: [], body: { kind: "ipv4", packet: { ip: { ...ip, proto: 6, ttl: 64, length: 60 }, l4: { kind: "tcp", sport: 40000, dport: 22, seq: 1, ack: 0, flags: 0x02, window: 64240, options: [{ kind: 2, data: [5, 180] }, { kind: 4, data: [] }, { kind: 8, data: [0, 0, 0, 1, 0, 0, 0, 0] }, { kind: 1, data: [] }, { kind: 3, data: [7] }] }, payload: [] } } },
  { eth: { dst: A, src: B, ethertype: 0x0800 }, trailer: [], body: { kind: "ipv4", packet: { ip: { ...ip, src: ip.dst, dst: ip.src, proto: 6, ttl: 64, length: 40 }, l4: { kind: "tcp", sport: 22, dport: 40000, seq: 0, ack: 2, flags: 0x14, window: 0, options: [] }, payload: [] } } },
  { eth: { dst: B, src: A, ethertype: 0x0800 }, trailer: [], body: { kind: "ipv4", packet: { ip: { ...ip, proto: 17, ttl: 64, length: 33 }, l4: { kind: "udp", sport: 5000, dport: 9999 }, payload: [104, 101, 108, 108, 111] } } },
];

describe.skipIf(reason !== undefined)("nfsim's pcap and tcpdump agree with the real tcpdump", () => {
  beforeAll(() => execFileSync("ip", ["netns", "add", ns]));
  afterAll(() => {
    execFileSync("ip", ["netns", "del", ns]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("the real tcpdump reads an nfsim-written file and prints what nfsim prints", () => {
    const records: PcapRecord[] = frames.map((f, i) => {
      const data = emitFrame(f);
      return { timeUs: 1_000_000 * (i + 1) + 250, length: data.length, data };
    });
    const file = join(dir, "nfsim.pcap");
    writeFileSync(file, emitPcap({ header: { snaplen: 262144, linktype: 1 }, records }));
    for (const opts of [["-n"], ["-nv"], ["-nvv"], ["-e"], ["-nX"]]) {
      const args = [...opts, "-r", file];
      const got = real(args);
      expect(got.stderr).toBe(`reading from file ${file}, link-type EN10MB (Ethernet), snapshot length 262144\n`);
      expect(ours(args)).toBe(got.stdout);
    }
    // Every checksum nfsim computed is the one tcpdump -vv checks as correct.
    expect(real(["-nvv", "-r", file]).stdout).not.toMatch(/incorrect|bad|wrong/);
  });

  it("the real tcpdump -w copy of a golden capture is what nfsim writes", () => {
    const src = new URL("../golden/tcpdump/real-a0.pcap", import.meta.url).pathname;
    const theirs = join(dir, "theirs.pcap");
    const mine = join(dir, "mine.pcap");
    real(["-r", src, "-w", theirs, "icmp"]);
    ours(["-r", src, "-w", mine, "icmp"]);
    expect(Buffer.compare(readFileSync(mine), readFileSync(theirs))).toBe(0);
  });

  it("nfsim prints the golden captures as the real tool does", () => {
    for (const name of ["real-a0.pcap", "crafted.pcap"]) {
      const src = new URL(`../golden/tcpdump/${name}`, import.meta.url).pathname;
      for (const opts of [["-n"], [], ["-nev"], ["-vv"]]) {
        const args = [...opts, "-r", src];
        expect(ours(args)).toBe(real(args).stdout);
      }
    }
  });
});
