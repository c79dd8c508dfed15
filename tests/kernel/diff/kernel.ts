// One case on the real kernel: namespaces made for it, the ruleset restored into the
// dut, the case's sysctls set there, each packet sent after waiting its `advance` for
// real, and after each packet what the schema asks: counters moved (iptables-save -c
// before and after), what arrived at client and server, and the dut's conntrack table.
//
// Time: `advance` is waited for real, second for second, and the kernel's conntrack
// timeouts are what is compared. The generator keeps the cases that advance time short
// by setting short conntrack timeouts in their sysctls, and keeps every span of virtual
// time between two packets away from each timeout; the harness's own overhead (a few
// tens of milliseconds a packet) adds real time that the virtual clock does not see, so
// the real times are recorded for the caller to check (timing.ts, timingHazard).
import { performance } from "node:perf_hooks";
import { splitArrivals, type Arrival, type Case, type CtEntry, type PacketResult, type Result } from "../../../src/cli/replay/schema.ts";
import { inNs, run, sleep } from "./exec.ts";
import type { Injector, Listen } from "./injector.ts";
import { counterIncrease, parseConntrack, parseSaveCounters, type Counters } from "./observe.ts";
import type { RealTimes } from "./timing.ts";
import { makeTopology, removeTopology, type CaseNetns } from "./topology.ts";

export interface KernelRun {
  readonly result: Result;
  /** Frames that arrived outside any packet's listening window (should be none). */
  readonly strays: readonly Arrival[];
  /** Real time the case took beyond its virtual time, from the first packet to the last read. */
  readonly driftMs: number;
  readonly times: RealTimes;
  readonly wallMs: number;
}

/** Listening windows short enough for hundreds of cases, long enough for veth delivery under load. */
export const DEFAULT_LISTEN: Listen = { minMs: 8, quietMs: 8, maxMs: 300 };

async function loadRuleset(dut: string, ruleset: string): Promise<void> {
  const r = await run("ip", ["netns", "exec", dut, "iptables-restore"], ruleset);
  if (r.code !== 0) throw new Error(`the kernel refused the ruleset (iptables-restore exited ${String(r.code)}): ${r.stderr.trim()}`);
}

/** The case's sysctls in the dut. net.netfilter.* exist only once nf_conntrack is loaded; `-e` lets a ruleset without it pass. */
async function applySysctls(dut: string, sysctl: Readonly<Record<string, number | string>>): Promise<void> {
  const assign = (keys: [string, number | string][]) => keys.map(([k, v]) => `${k}=${String(v)}`);
  const entries = Object.entries(sysctl);
  const conntrack = entries.filter(([k]) => k.startsWith("net.netfilter."));
  const other = entries.filter(([k]) => !k.startsWith("net.netfilter."));
  if (other.length > 0) await inNs(dut, "sysctl", ["-qw", ...assign(other)]);
  if (conntrack.length > 0) await inNs(dut, "sysctl", ["-qew", ...assign(conntrack)]);
}

const MARK = "@@conntrack@@";

/** Counters and the connection table of the dut, read in one process to keep the harness's overhead small. */
async function observe(dut: string): Promise<{ counters: Counters; conntrack: CtEntry[] }> {
  const out = await inNs(dut, "sh", ["-c", `iptables-save -c && echo ${MARK} && conntrack -L -f ipv4 2>/dev/null`]);
  const [save = "", table = ""] = out.split(`${MARK}\n`);
  return { counters: parseSaveCounters(save), conntrack: parseConntrack(table) };
}

async function sendAll(inj: Injector, n: CaseNetns, c: Case, listen: Listen): Promise<Omit<KernelRun, "wallMs">> {
  const results: PacketResult[] = [];
  const strays: Arrival[] = [];
  const times = { sent: [] as number[], observed: [] as number[] };
  let before = (await observe(n.dut)).counters;
  let virtualMs = 0;
  for (const p of c.packets) {
    if ((p.advance ?? 0) > 0) {
      virtualMs += (p.advance ?? 0) * 1000;
      await sleep((p.advance ?? 0) * 1000);
    }
    times.sent.push(performance.now());
    const sent = await inj.send(p, listen);
    strays.push(...sent.strays);
    const after = await observe(n.dut);
    times.observed.push(performance.now());
    results.push({ ...counterIncrease(before, after.counters), ...splitArrivals(p.from, sent.arrivals), conntrack: after.conntrack });
    before = after.counters;
  }
  const driftMs = (times.observed.at(-1) ?? 0) - (times.sent[0] ?? 0) - virtualMs;
  strays.push(...(await inj.drain()));
  return { result: { results }, strays, driftMs: Math.max(0, driftMs), times };
}

/** Runs one case on the kernel in namespaces named `${prefix}-c/-d/-s`, deleted afterwards. */
export async function runOnKernel(inj: Injector, prefix: string, c: Case, listen = DEFAULT_LISTEN): Promise<KernelRun> {
  const start = performance.now();
  const n = await makeTopology(prefix, c.topology);
  try {
    await loadRuleset(n.dut, c.ruleset);
    await applySysctls(n.dut, c.sysctl ?? {});
    await inj.open(n);
    try {
      return { ...(await sendAll(inj, n, c, listen)), wallMs: performance.now() - start };
    } finally {
      await inj.close();
    }
  } finally {
    await removeTopology(n);
  }
}
