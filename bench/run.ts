// `npm run bench`: loads a generated 50,000-rule iptables-restore file and sends packets
// that match no rule through the reference evaluator; then fills a conntrack table with a
// million connections and sends their established packets (bench/conntrack.ts; the script
// runs node with --expose-gc for its memory figure). Figures are printed as measured in
// this run, with ratios against a bare loop over the same rules measured alongside, so
// they compare across machines.
import { performance } from "node:perf_hooks";
import { ipPartFailure, traverseHook, type EngineEnv, type PacketState, type Ruleset } from "../src/netfilter/index.ts";
import { runCommand } from "../src/cli/run.ts";
import { newWorld, INITIAL_NS } from "../src/world/world.ts";
import { BURST, conntrackBench } from "./conntrack.ts";
import { benchTraceKube } from "./trace-kube.ts";

const RULES = 50_000;
const PACKETS = 200;

/** Rules of the shapes real rulesets have: addresses, interfaces, ports, a few matches. */
function ruleLine(i: number): string {
  const a = `10.${String((i >> 16) & 255)}.${String((i >> 8) & 255)}.${String(i & 255)}`;
  switch (i % 5) {
    case 0:
      return `-A INPUT -s ${a}/32 -j DROP`;
    case 1:
      return `-A INPUT -s ${a}/32 -d 192.168.0.0/16 -p tcp -m tcp --dport ${String(1 + (i % 60000))} -j ACCEPT`;
    case 2:
      return `-A INPUT -i eth${String(i % 7)} -p udp -m udp --sport 53 --dport ${String(1024 + (i % 60000))} -j ACCEPT`;
    case 3:
      return `-A INPUT -p tcp -m tcp --dport ${String(1 + (i % 1000))} --tcp-flags SYN,ACK SYN -j DROP`;
    default:
      return `-A INPUT -d ${a}/32 -m comment --comment "rule ${String(i)}" -j ACCEPT`;
  }
}

function restoreFile(): string {
  const lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"];
  for (let i = 0; i < RULES; i++) lines.push(ruleLine(i));
  lines.push("COMMIT", "");
  return lines.join("\n");
}

/** TCP from outside 10/8, to a port above every rule's, on an interface no rule names. */
function packet(n: number): PacketState {
  return {
    ip: {
      src: ((172 << 24) | (16 << 16) | n) >>> 0, dst: ((192 << 24) | (168 << 16) | 1) >>> 0, proto: 6, ttl: 64, tos: 0,
      length: 60, id: n, fragOffset: 0, moreFragments: false, dontFragment: true, options: [],
    },
    l4: { kind: "tcp", sport: 40000 + (n % 1000), dport: 65000, seq: n, ack: 0, flags: 0x02, window: 64240, options: [] },
    payload: [],
    mark: 0,
  };
}

const env: EngineEnv = { now: () => 0, random: () => 0, addrType: () => "UNICAST" };

function timeIt(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** The floor any evaluator pays: the base-field test of every rule, no matches, no trace. */
function bareScan(rs: Ruleset, pkt: PacketState): number {
  const rules = rs.tables.filter?.chains[0]?.rules ?? [];
  let failed = 0;
  for (const rule of rules) if (ipPartFailure(rule.ip, pkt, { hook: "INPUT", inIface: "eth9", env })) failed++;
  return failed;
}

const text = restoreFile();
const world = newWorld();
let exit = -1;
const loadMs = timeIt(() => {
  exit = runCommand(world, "iptables-restore", text).exit;
});
const rs = world.namespaces[INITIAL_NS]?.ruleset;
if (exit !== 0 || rs === undefined) throw new Error(`iptables-restore failed (exit ${String(exit)})`);
const loaded = rs.tables.filter?.chains[0]?.rules.length ?? 0;
if (loaded !== RULES) throw new Error(`loaded ${String(loaded)} rules, expected ${String(RULES)}`);

const packets = Array.from({ length: PACKETS }, (_, n) => packet(n));
let verdicts = "";
traverseHook(rs, "INPUT", packet(PACKETS), { inIface: "eth9", env }); // warm-up
const refMs = timeIt(() => {
  for (const p of packets) verdicts = traverseHook(rs, "INPUT", p, { inIface: "eth9", env }).verdict;
});
let sink = 0;
bareScan(rs, packet(PACKETS));
const bareMs = timeIt(() => {
  for (const p of packets) sink += bareScan(rs, p);
});
const probe = traverseHook(rs, "INPUT", packet(0), { inIface: "eth9", env });
if (verdicts !== "ACCEPT" || sink === 0 || probe.trace.some((e) => e.kind === "rule" && e.matched)) {
  throw new Error("a benchmark packet matched a rule");
}

const nsPerPacket = (refMs * 1e6) / PACKETS;
const bareNs = (bareMs * 1e6) / PACKETS;
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`iptables-restore of ${fmt(RULES)} rules (${fmt(text.length / 1024)} KiB): ${fmt(loadMs)} ms (${fmt((loadMs * 1e6) / RULES)} ns/rule)`);
console.log(`reference evaluator, packets matching no rule: ${fmt(nsPerPacket)} ns/packet (${fmt(nsPerPacket / RULES, 1)} ns/rule tested, with its trace)`);
console.log(`bare loop over the rules' base fields: ${fmt(bareNs)} ns/packet`);
console.log(`ratio reference / bare loop: ${fmt(nsPerPacket / bareNs, 1)}x`);

// Conntrack's fast path with a full table (bench/conntrack.ts); targets from issue 4.
const CT_ENTRIES = 1_000_000;
const ct = conntrackBench(CT_ENTRIES, 2);
console.log(`conntrack table of ${fmt(CT_ENTRIES)} TCP connections, filled by handshakes through the engine: ${fmt(ct.fillMs)} ms`);
console.log(`conntrack memory: ${fmt(ct.bytesPerEntry)} bytes/entry (${fmt(ct.heapBytesPerEntry)} on the V8 heap, the rest in typed arrays; target ≤ 300)`);
for (const [name, t] of [["scattered over the table", ct.scattered], [`in bursts of ${String(BURST)} segments + ACKs per connection`, ct.bursts]] as const) {
  const ns = 1e9 / t.packetsPerSecond;
  console.log(`conntrack established packets, ${name}: ${fmt(t.packetsPerSecond)} packets/s, ${fmt(ns)} ns/packet (${fmt(t.packetsPerCpuSecond)} per CPU-second; target ≥ 3,000,000)`);
  console.log(`  of which the table lookup alone: ${fmt(t.lookupNsPerPacket)} ns; bare loop hashing the tuple into a table of that size: ${fmt(t.bareNsPerPacket)} ns/packet`);
  console.log(`  ratio conntrack / bare loop: ${fmt(ns / t.bareNsPerPacket, 1)}x`);
}
benchTraceKube(fmt);
