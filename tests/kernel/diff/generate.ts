// The seeded generator of differential cases: case `index` of run `seed` is always the
// same case, whatever else the run holds. A case is a topology, a ruleset over
// raw/mangle/nat/filter (ruleset.ts, rules.ts), one to four flows with their NAT predicted
// (flows.ts), their packets interleaved (scripts.ts), ICMP errors about packets a passive
// host received, and in some cases time passing between packets (timing.ts).
import type { Case, CasePacket, Topology } from "../../../src/cli/replay/schema.ts";
import { natPlans, Ports, randomFlow } from "./flows.ts";
import { caseSeed, Rng } from "./rng.ts";
import { randomRuleset } from "./ruleset.ts";
import { flowScript, icmpErrorAbout, strayIcmpError, type FlowPacket } from "./scripts.ts";
import { randomTimeouts, timeoutSysctls, withAdvances } from "./timing.ts";

export interface GeneratedCase {
  readonly seed: number;
  readonly index: number;
  readonly case: Case;
  /** What the generator put in the case, for the case mix. */
  readonly tags: readonly string[];
}

const MAX_PACKETS = 14;
/** ip_error (route.c) answers unroutable packets from its own token bucket: five in a burst, then one a second. */
const MAX_UNROUTABLE = 3;

/** Merges the flows' packet lists at random, keeping each flow's order. */
function interleave(rng: Rng, lists: readonly (readonly FlowPacket[])[]): FlowPacket[] {
  const queues = lists.map((l) => [...l]);
  const out: FlowPacket[] = [];
  for (;;) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) return out;
    const next = rng.pick(open).shift();
    if (next !== undefined) out.push(next);
  }
}

/** Adds ICMP errors: some about a packet a passive host just received, sometimes one about nothing. */
function withIcmpErrors(rng: Rng, fps: readonly FlowPacket[], topology: Topology, tags: string[]): CasePacket[] {
  const out: CasePacket[] = [];
  for (const fp of fps) {
    out.push(fp.packet);
    if (!rng.chance(0.1)) continue;
    const err = icmpErrorAbout(rng, fp.flow, fp.dir);
    if (err === undefined) continue;
    out.push(err);
    tags.push(`icmp-error:${fp.flow.proto}`);
  }
  if (rng.chance(0.05)) {
    out.splice(rng.int(0, out.length), 0, strayIcmpError(rng, topology === "router" && rng.chance(0.5) ? "server" : "client"));
    tags.push("icmp-error:stray");
  }
  return out;
}

function isUnroutable(p: CasePacket): boolean {
  return p.from === "client" && p.dst === "192.0.2.9";
}

/** At most MAX_PACKETS packets, of which at most MAX_UNROUTABLE go nowhere. */
function capped(packets: readonly CasePacket[]): CasePacket[] {
  let unroutable = 0;
  return packets.filter((p) => (isUnroutable(p) ? ++unroutable <= MAX_UNROUTABLE : true)).slice(0, MAX_PACKETS);
}

function sysctls(rng: Rng, topology: Topology, tags: string[]): Record<string, number> {
  // icmp_ratemask 0: no ICMP rate limit, which refills on real time (icmpv4_xrlim_allow).
  const s: Record<string, number> = { "net.ipv4.icmp_ratemask": 0 };
  if (topology === "router") {
    // A packet DNATed back out of the interface it came in on draws an ICMP redirect, whose
    // backoff (ip_rt_send_redirect, 20 ms doubling) runs on real time: off, on every device.
    for (const dev of ["all", "eth0", "eth1"]) s[`net.ipv4.conf.${dev}.send_redirects`] = 0;
  }
  if (rng.chance(0.1)) {
    s["net.netfilter.nf_conntrack_tcp_loose"] = 0;
    tags.push("sysctl:tcp_loose=0");
  }
  if (rng.chance(0.05)) {
    s["net.netfilter.nf_conntrack_tcp_be_liberal"] = 1;
    tags.push("sysctl:tcp_be_liberal=1");
  }
  return s;
}

/** Case `index` of the run with seed `seed`. */
export function generateCase(seed: number, index: number): GeneratedCase {
  const rng = new Rng(caseSeed(seed, index));
  const topology: Topology = rng.chance(0.8) ? "router" : "host";
  const tags: string[] = [`topology:${topology}`];
  const stateless = rng.chance(0.1);
  if (stateless) tags.push("ruleset:stateless");
  const plans = stateless ? [] : natPlans(rng, topology);
  tags.push(...plans.flatMap((p) => p.tags));
  const ports = new Ports(rng);
  const scripts = Array.from({ length: rng.int(1, 4) }, () => flowScript(rng, randomFlow(rng, topology, plans, ports)));
  tags.push(...scripts.flatMap((s) => s.tags));
  let packets = capped(withIcmpErrors(rng, interleave(rng, scripts.map((s) => s.packets)), topology, tags));
  const sysctl = sysctls(rng, topology, tags);
  if (rng.chance(0.15)) {
    const t = randomTimeouts(rng);
    Object.assign(sysctl, timeoutSysctls(t));
    packets = withAdvances(rng, packets, t, 2);
    if (packets.some((p) => (p.advance ?? 0) > 0)) tags.push("time:advances");
  }
  const ruleset = randomRuleset(rng, plans, stateless);
  return { seed, index, tags: [...new Set(tags)].sort(), case: { topology, ruleset, sysctl, packets } };
}

/** Cases 0 to n-1 of the run with seed `seed`. */
export function generateCases(seed: number, n: number): GeneratedCase[] {
  return Array.from({ length: n }, (_, i) => generateCase(seed, i));
}
