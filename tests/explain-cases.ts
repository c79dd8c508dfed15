// The explanation cases (tests/fixtures/explain/CASE.sh builds each on the real kernel):
// the packets of each step as nfsim sends them, and how to compare what nfsim and the
// kernel leave behind (the rules' counters from `iptables-save -c`, the connections from
// `conntrack -L`). tests/explain.test.ts runs them on the committed bundles and kernel
// observations; tests/kernel/explain-live.test.ts on a fresh run of the real kernel.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { bufferIO } from "../src/cli/io.ts";
import { conntrack } from "../src/cli/conntrack/conntrack.ts";
import { runCommand } from "../src/cli/run.ts";
import type { Fate, PathTrace } from "../src/stack/skb.ts";
import { parseIpv4 } from "../src/wire/ipv4.ts";
import { TCP_FLAG } from "../src/wire/packet.ts";
import { importWorld } from "../src/world/import.ts";
import { sendPacket, type PacketSpec } from "../src/world/send.ts";
import { formatPathTrace } from "../src/world/trace-text.ts";
import type { World } from "../src/world/world.ts";

export const FIXTURES = new URL("./fixtures/explain/", import.meta.url).pathname;

export interface Step {
  readonly name: string;
  /** Commands run on the host before the packet (as the case script does). */
  readonly before?: readonly string[];
  readonly spec: PacketSpec;
  /** Where the packet arrives on the host. */
  readonly in: string;
}

export interface Case {
  readonly name: string;
  readonly steps: readonly Step[];
  /** Counter and conntrack lines that depend on a random choice (kube-proxy's endpoint, --random-fully's port). */
  readonly random?: RegExp;
}

const ip = (s: string): number => parseIpv4(s) ?? 0;
const tcp = (src: string, dst: string, sport: number, dport: number, flags: number = TCP_FLAG.SYN): PacketSpec => ({ proto: "tcp", src: ip(src), dst: ip(dst), sport, dport, flags });
const udp = (src: string, dst: string, sport: number, dport: number): PacketSpec => ({ proto: "udp", src: ip(src), dst: ip(dst), sport, dport });

export const CASES: readonly Case[] = [
  {
    name: "rp-filter",
    steps: [
      { name: "spoofed", in: "eth0", spec: udp("10.9.0.5", "10.2.0.2", 40000, 53) },
      { name: "control", in: "eth0", spec: udp("10.1.0.2", "10.2.0.2", 40001, 53) },
    ],
  },
  {
    name: "ct-invalid",
    steps: [
      { name: "synack", in: "eth0", spec: tcp("10.3.0.2", "10.3.0.1", 40000, 80, TCP_FLAG.SYN | TCP_FLAG.ACK) },
      { name: "ack", in: "eth0", spec: tcp("10.3.0.2", "10.3.0.1", 40001, 80, TCP_FLAG.ACK) },
      { name: "loose_ack", in: "eth0", before: ["sysctl -qw net.netfilter.nf_conntrack_tcp_loose=1"], spec: tcp("10.3.0.2", "10.3.0.1", 40002, 80, TCP_FLAG.ACK) },
    ],
  },
  { name: "hairpin", steps: [{ name: "hairpin", in: "eth0", spec: tcp("10.4.0.2", "203.0.113.1", 40000, 8080) }] },
  { name: "docker", steps: [{ name: "published", in: "eth0", spec: tcp("192.0.2.20", "192.0.2.10", 40000, 8080) }] },
  {
    name: "kube-proxy",
    steps: [
      { name: "clusterip", in: "eth0", spec: tcp("192.168.1.20", "10.96.1.15", 40000, 80) },
      { name: "nodeport", in: "eth0", spec: tcp("192.168.1.20", "192.168.1.10", 40001, 30010) },
    ],
    random: /KUBE-SEP-|-> 10\.244\.|dport=\d+ mark|src=10\.244\./,
  },
];

export function caseByName(name: string): Case {
  const c = CASES.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no case ${name}`);
  return c;
}

/** The rules that counted something: `[p:b] -A ...` lines other than zero, sorted. */
export function countedRules(save: string, random?: RegExp): string[] {
  return save.split("\n").filter((l) => /^\[[1-9]\d*:\d+\] -A /.test(l) && !(random?.test(l) ?? false)).sort();
}

/** TCP and UDP connections as `conntrack -L` prints them, without the timeout and what follows the tuples. */
export function connections(list: string, random?: RegExp): string[] {
  return list
    .split("\n")
    .filter((l) => /^(tcp|udp) /.test(l))
    .map((l) => l.replace(/^(\w+)\s+(\d+) \d+ /, "$1 $2 ").replace(/ mark=.*$/, ""))
    .map((l) => (random === undefined ? l : l.replace(/src=10\.244\.\d+\.\d+/g, "src=ENDPOINT").replace(/dport=\d+$/, "dport=PORT")))
    .sort();
}

/** What the host shows after a step: its counters and its connections. */
export interface Observed {
  readonly counters: string;
  readonly conntrack: string;
}

export function observedFiles(dir: string, step: string): Observed {
  return { counters: readFileSync(`${dir}/${step}.counters`, "utf8"), conntrack: readFileSync(`${dir}/${step}.conntrack`, "utf8") };
}

export function nfsimObserved(world: World): Observed {
  const io = bufferIO();
  conntrack(["-L"], world, "", io);
  return { counters: runCommand(world, "iptables-save -c").stdout, conntrack: io.out };
}

export interface StepRun {
  readonly step: Step;
  readonly trace: PathTrace;
  readonly text: string;
  readonly observed: Observed;
}

/** Imports a bundle and plays every step of the case through it, as the live script does on the kernel. */
export function playCase(c: Case, bundle: string, seed?: number): { world: World; runs: StepRun[] } {
  const world = importWorld(bundle);
  if (seed !== undefined) world.random = { seed };
  const runs = c.steps.map((step) => {
    for (const cmd of step.before ?? []) expect(runCommand(world, cmd).exit).toBe(0);
    const { trace } = sendPacket(world, { ns: "", in: step.in }, step.spec);
    return { step, trace, text: formatPathTrace(world, trace), observed: nfsimObserved(world) };
  });
  return { world, runs };
}

/** nfsim's counters and connections after each step equal the kernel's (random choices aside). */
export function expectSameAsKernel(c: Case, runs: readonly StepRun[], kernel: (step: string) => Observed): void {
  for (const run of runs) {
    const k = kernel(run.step.name);
    expect(countedRules(run.observed.counters, c.random), `${c.name}/${run.step.name}: counters`).toEqual(countedRules(k.counters, c.random));
    expect(connections(run.observed.conntrack, c.random), `${c.name}/${run.step.name}: conntrack`).toEqual(connections(k.conntrack, c.random));
  }
}

export function fateOf(run: StepRun): Fate {
  return run.trace.fate;
}
