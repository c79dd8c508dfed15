// `replay(case)`: one case of ../shared/replay-schema.md run through nfsim's own packet
// path (src/world/net.ts driving src/stack), observed as the differential harness observes
// the kernel (tests/kernel/diff/kernel.ts): after each packet, the counters it moved
// (`iptables-save -c` before and after), what arrived at client and server, and the dut's
// connection table.
//
// Each packet is sent as the harness's injector sends it: from client or server a frame
// to the dut's MAC put on the passive host's eth0 (below its netfilter, as a packet
// socket sends); from the dut a raw IPv4 socket with IP_HDRINCL (raw_send_hdrinc in
// net/ipv4/raw.c: routed by destination, then OUTPUT and POSTROUTING, the header kept).
import { Net } from "../../world/net.ts";
import type { Capture, Process } from "../../world/process.ts";
import { newWorld, type World } from "../../world/world.ts";
import { deviceByName } from "../../stack/namespace.ts";
import { ipLocalOut } from "../../stack/path.ts";
import { routeOutput } from "../../stack/route-output.ts";
import { ETHERTYPE } from "../../wire/ethernet.ts";
import type { Ipv4Packet } from "../../wire/packet.ts";
import { conntrackList } from "./conntrack.ts";
import { counterIncrease, parseSaveCounters, type Counters } from "./counters.ts";
import { buildCasePacket, describeFrame } from "./packets.ts";
import { splitArrivals, type Arrival, type Case, type CasePacket, type PacketResult, type PassiveHost, type Result } from "./schema.ts";
import { applySysctls, loadRuleset, MAC, makeTopology, must, NS } from "./topology.ts";

/** The world's random seed: fixed, so a case always replays alike. */
const SEED = 1;
/**
 * Virtual time the event loop runs after each packet: frames cross a veth in tens of
 * microseconds, so the dut's answers are long in by then; short beside every conntrack
 * timeout, as the harness's own listening window (tens of milliseconds) is on the kernel.
 */
const SETTLE_US = 10_000;

/** The dut's MAC on the side of each passive host, where their frames are addressed. */
const DUT_MAC: Readonly<Record<PassiveHost, string>> = { client: MAC.dutEth0, server: MAC.dutEth1 };
const HOST_MAC: Readonly<Record<PassiveHost, string>> = { client: MAC.client, server: MAC.server };

/** A packet socket on each passive host's eth0, keeping what comes in (inject.py's sniffers). */
class Sniffer implements Process {
  readonly name = "replay-sniffer";
  readonly done = false;
  readonly status = 0;
  arrivals: Arrival[] = [];

  constructor(readonly pid: number) {}

  onCapture(c: Capture): void {
    if (c.direction !== "in") return;
    const d = describeFrame(c.bytes);
    if (d !== undefined) this.arrivals.push({ host: c.ns as PassiveHost, ...d });
  }

  signal(): void {
    // lives as long as the replay
  }
}

function listen(net: Net, hosts: readonly PassiveHost[]): Sniffer {
  const s = new Sniffer(net.newPid());
  net.spawn(s);
  for (const h of hosts) net.tap(s.pid, NS[h], "eth0");
  return s;
}

function sendFromPassive(net: Net, from: PassiveHost, packet: Ipv4Packet): void {
  const ns = net.namespaces[NS[from]];
  const dev = ns === undefined ? undefined : deviceByName(ns, "eth0");
  if (dev === undefined) throw new Error(`replay: ${from} has no eth0`);
  const frame = { eth: { dst: DUT_MAC[from], src: HOST_MAC[from], ethertype: ETHERTYPE.IPV4 }, body: { kind: "ipv4" as const, packet }, trailer: [] };
  net.transmit(NS[from], dev, frame);
}

/** A raw IPv4 socket with IP_HDRINCL on the dut: no route (or OUTPUT refusing it) and nothing is sent. */
function sendFromDut(net: Net, packet: Ipv4Packet): void {
  const ns = net.namespaces[NS.dut];
  if (ns === undefined) throw new Error("replay: no dut");
  let route;
  try {
    route = routeOutput(ns, packet.ip.dst);
  } catch {
    return; // sendto fails with the route's errno; the harness ignores it too
  }
  const trace = net.beginTrace({ kind: "local", ns: NS.dut, by: "raw socket (IP_HDRINCL)" }, packet);
  ipLocalOut(net, NS.dut, { pkt: { ...packet, mark: 0 }, trace }, route);
}

function send(net: Net, p: CasePacket): void {
  const packet = buildCasePacket(p);
  if (p.from === "dut") sendFromDut(net, packet);
  else sendFromPassive(net, p.from, packet);
}

function counters(world: World): Counters {
  return parseSaveCounters(must(world, `ip netns exec ${NS.dut} iptables-save -c`));
}

function dutConntrack(world: World): PacketResult["conntrack"] {
  const ns = world.namespaces[NS.dut];
  return ns === undefined ? [] : conntrackList(ns, world.clock);
}

/** Runs one case through nfsim and returns its result in the replay schema. */
export function replay(c: Case): Result {
  return replayWorld(c).result;
}

/** The same, with the world it ran in (its traces tell why each packet went where it did). */
export function replayWorld(c: Case): { result: Result; world: World } {
  const world = newWorld(SEED);
  makeTopology(world, c.topology);
  loadRuleset(world, c.ruleset);
  applySysctls(world, c.sysctl ?? {});
  const net = Net.of(world);
  const sniffer = listen(net, c.topology === "router" ? ["client", "server"] : ["client"]);
  net.advance(SETTLE_US);
  let before = counters(world);
  const results: PacketResult[] = [];
  for (const p of c.packets) {
    if ((p.advance ?? 0) > 0) net.advance(Math.round((p.advance ?? 0) * 1_000_000));
    sniffer.arrivals = [];
    send(net, p);
    net.advance(SETTLE_US);
    const after = counters(world);
    results.push({ ...counterIncrease(before, after), ...splitArrivals(p.from, sniffer.arrivals), conntrack: dutConntrack(world) });
    before = after;
  }
  return { result: { results }, world };
}
