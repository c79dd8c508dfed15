// The conntrack fast path under load: a namespace's table filled with 1,000,000 TCP
// connections by real three-way handshakes through the engine (conntrackSteps, as the packet
// path calls it: conntrack in on PREROUTING, confirm on POSTROUTING), then established
// segments of those connections, both directions, scattered over the table or in bursts per
// connection. Memory per entry is the growth of the heap and of typed-array buffers while
// the table fills, after forced collections (`node --expose-gc`, which `npm run bench` passes).
import { performance } from "node:perf_hooks";
import type { EngineEnv, PacketState } from "../src/netfilter/context.ts";
import { DEFAULT_CONFIG } from "../src/conntrack/config.ts";
import { conntrackSteps, packetTuple } from "../src/conntrack/engine.ts";
import type { CtIfaces } from "../src/conntrack/steps.ts";
import { entryCount, findEntry, newConntrackTable } from "../src/conntrack/table.ts";
import { TCP_FLAG } from "../src/wire/packet.ts";

export interface ConntrackBench {
  readonly entries: number;
  readonly fillMs: number;
  readonly bytesPerEntry: number;
  readonly heapBytesPerEntry: number;
  /** Each packet of another connection than the last two: every lookup meets a cold part of the table. */
  readonly scattered: Traffic;
  /** Connections sending BURST segments in a row, each acknowledged. */
  readonly bursts: Traffic;
}

/** Established packets of one traffic pattern through conntrack in + confirm. */
export interface Traffic {
  readonly packets: number;
  readonly packetsPerSecond: number;
  /** The same over the process's CPU time (user + system), which other load on the machine disturbs less. */
  readonly packetsPerCpuSecond: number;
  readonly bareNsPerPacket: number;
  /** The table's share: the packet's tuple read and looked up (findEntry), nothing else. */
  readonly lookupNsPerPacket: number;
}

const CLIENT_NET = 0x0a000000; // 10.0.0.0/8
const SERVER_NET = 0xc0a80000; // 192.168.0.0/16
const PAYLOAD: readonly number[] = new Array<number>(100).fill(0x61);
const BATCH = 1 << 12;
/** Segments a connection of the burst pattern sends in a row (each followed by its ACK). */
export const BURST = 8;

/** Flow i: a client of 10/8 (16 source ports per address) to one of 256 servers on port 443. */
const client = (i: number): number => (CLIENT_NET + (i >>> 4)) >>> 0;
const clientPort = (i: number): number => 20000 + (i & 15);
const server = (i: number): number => (SERVER_NET + 1 + (i & 255)) >>> 0;
const isnA = (i: number): number => Math.imul(i + 1, 0x9e3779b1) >>> 0;
const isnB = (i: number): number => (isnA(i) ^ 0x5bd1e995) >>> 0;

function segment(src: number, dst: number, sport: number, dport: number, flags: number, seq: number, ack: number, payload: readonly number[]): PacketState {
  return {
    ip: {
      src, dst, proto: 6, ttl: 64, tos: 0, length: 40 + payload.length, id: 0, fragOffset: 0, moreFragments: false,
      dontFragment: true, options: [],
    },
    l4: { kind: "tcp", sport, dport, seq: seq >>> 0, ack: ack >>> 0, flags, window: 64240, options: [] },
    payload,
    mark: 0,
  };
}

/** Round r of flow i: data from the client (dir 0), or the server's ACK of it (dir 1). */
function established(i: number, r: number, dir: number): PacketState {
  const a = isnA(i) + 1 + r * PAYLOAD.length;
  const b = isnB(i) + 1;
  const ack = TCP_FLAG.ACK;
  return dir === 0
    ? segment(client(i), server(i), clientPort(i), 443, ack | TCP_FLAG.PSH, a, b, PAYLOAD)
    : segment(server(i), client(i), 443, clientPort(i), ack, b, a + PAYLOAD.length, []);
}

function handshake(i: number): PacketState[] {
  const a = isnA(i), b = isnB(i);
  return [
    segment(client(i), server(i), clientPort(i), 443, TCP_FLAG.SYN, a, 0, []),
    segment(server(i), client(i), 443, clientPort(i), TCP_FLAG.SYN | TCP_FLAG.ACK, b, a + 1, []),
    segment(client(i), server(i), clientPort(i), 443, TCP_FLAG.ACK, a + 1, b + 1, []),
  ];
}

/** Live bytes: the V8 heap plus ArrayBuffer backing stores (typed arrays live outside the heap). */
function liveBytes(): { heap: number; total: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc (npm run bench passes it)");
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, total: m.heapUsed + m.arrayBuffers };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A visiting order that scatters consecutive packets over the table (a stride coprime to n). */
function scattered(k: number, n: number): number {
  return (k * 7919 + 13) % n;
}

/** The floor any table pays per packet: read the tuple, hash it, read one word of a table of the same size. */
function bareLoop(packets: readonly PacketState[], words: Uint32Array): number {
  const mask = words.length - 1;
  let sum = 0;
  for (const p of packets) {
    if (p.l4.kind !== "tcp") continue;
    let h = Math.imul(p.ip.src ^ Math.imul(p.ip.dst, 0x85ebca6b), 0xc2b2ae35);
    h = Math.imul(h ^ (p.l4.sport << 16) ^ p.l4.dport ^ (p.ip.proto << 8), 0x27d4eb2f);
    sum += words[(h ^ (h >>> 15)) & mask] ?? 0;
  }
  return sum;
}

export function conntrackBench(entries: number, rounds: number): ConntrackBench {
  let clock = 1_000_000;
  const env: EngineEnv = { now: () => clock, random: () => 0, addrType: () => "UNICAST" };
  const before = liveBytes();
  const table = newConntrackTable();
  // net.netfilter.nf_conntrack_max raised above the table size, as a busy box would have it.
  const steps = conntrackSteps(table, { config: { ...DEFAULT_CONFIG, max: 2 * entries } });
  // The packet path hands over the devices it already knows; the benchmark's packets have none.
  const ifaces: CtIfaces = {};
  const pass = (p: PacketState): void => {
    if (steps.conntrackIn("PREROUTING", p, env, ifaces) !== "ACCEPT" || steps.confirm("POSTROUTING", p, env) !== "ACCEPT") {
      throw new Error("the engine dropped a benchmark packet");
    }
  };
  const fillStart = performance.now();
  for (let i = 0; i < entries; i++) for (const p of handshake(i)) pass(p);
  const fillMs = performance.now() - fillStart;
  if (entryCount(table) !== entries) throw new Error(`${String(entryCount(table))} entries, expected ${String(entries)}`);
  const after = liveBytes();

  const words = new Uint32Array(1 << 21).fill(1);
  /** Sends packets 0..count-1 of a pattern in batches, timing the engine, the bare loop and the lookup alone. */
  const measure = (count: number, nth: (k: number) => PacketState): Traffic => {
    let engineMs = 0, engineCpuMs = 0, bareMs = 0, lookupMs = 0, sink = 0, found = 0;
    for (let start = 0; start < count; start += BATCH) {
      const batch: PacketState[] = [];
      for (let k = start; k < Math.min(start + BATCH, count); k++) batch.push(nth(k));
      clock += 1;
      let t = performance.now();
      const c = cpuMs();
      for (const p of batch) pass(p);
      engineCpuMs += cpuMs() - c;
      engineMs += performance.now() - t;
      t = performance.now();
      sink += bareLoop(batch, words);
      bareMs += performance.now() - t;
      t = performance.now();
      for (const p of batch) {
        const tuple = packetTuple(p);
        if (tuple !== undefined && findEntry(table, tuple, undefined, clock) !== undefined) found++;
      }
      lookupMs += performance.now() - t;
      for (const p of batch) if (p.ct?.state !== "ESTABLISHED") throw new Error("a benchmark packet was not ESTABLISHED");
    }
    if (sink !== count || found !== count) throw new Error("bare loop or lookup miscounted");
    return {
      packets: count,
      packetsPerSecond: count / (engineMs / 1000),
      packetsPerCpuSecond: count / (engineCpuMs / 1000),
      bareNsPerPacket: (bareMs * 1e6) / count,
      lookupNsPerPacket: (lookupMs * 1e6) / count,
    };
  };
  const flowPackets = 2 * entries;
  // Every packet of another connection than the one before (a data segment and its ACK aside).
  const spread = measure(rounds * flowPackets, (k) => established(scattered((k % flowPackets) >> 1, entries), Math.floor(k / flowPackets), k & 1));
  // A quarter of the connections send BURST segments and their ACKs back to back.
  const burst = measure(BURST * 2 * Math.floor(entries / 4), (k) => {
    const j = k % (2 * BURST);
    return established(scattered(Math.floor(k / (2 * BURST)), entries), rounds + (j >> 1), j & 1);
  });
  const grown = after.total - before.total;
  return {
    entries, fillMs,
    bytesPerEntry: grown / entries,
    heapBytesPerEntry: (after.heap - before.heap) / entries,
    scattered: spread,
    bursts: burst,
  };
}
