// Real hosts' rulesets: a kube-proxy node serving 1,000 services (scripts/gen-kube-proxy-dump.ts)
// and a Docker 24/25 host (tests/fixtures/docker-host.iptables-save). Each loads with
// iptables-restore, prints back byte for byte with iptables-save (as the real iptables 1.8.9
// does, which tests/kernel/host-dumps-live.test.ts checks), and walks packets to their fate.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { kubeProxyDump, KUBE_NODE } from "../scripts/gen-kube-proxy-dump.ts";
import { runCommand } from "../src/cli/run.ts";
import type { ConntrackView, EngineEnv, NatEffect, PacketState } from "../src/netfilter/context.ts";
import { traverseHook, type HookOutcome } from "../src/netfilter/hook.ts";
import type { Ruleset } from "../src/netfilter/ruleset.ts";
import type { Hook } from "../src/netfilter/tables.ts";
import type { Transport } from "../src/wire/packet.ts";
import { newWorld, type World } from "../src/world/world.ts";
import { normaliseDates } from "./golden/case.ts";

const ip = (text: string) => text.split(".").reduce((a, b) => a * 256 + Number(b), 0);

function load(dump: string): World {
  const world = newWorld();
  expect(runCommand(world, "iptables-restore", dump)).toEqual({ stdout: "", stderr: "", exit: 0 });
  return world;
}

function saved(world: World): string {
  const { stdout, exit } = runCommand(world, "iptables-save");
  expect(exit).toBe(0);
  return normaliseDates(stdout);
}

function rulesetOf(world: World): Ruleset {
  const ns = world.namespaces[""];
  if (ns === undefined) throw new Error("no initial namespace");
  return ns.ruleset;
}

const NEW: ConntrackView = { state: "NEW", dir: "ORIGINAL", status: [], mark: 0, expires: 120 };

function tcp(src: string, dst: string, dport: number, extra: Partial<PacketState> = {}): PacketState {
  const l4: Transport = { kind: "tcp", sport: 40000, dport, seq: 0, ack: 0, flags: 0x02, window: 0, options: [] };
  return packet(src, dst, 6, l4, extra);
}

function udp(src: string, dst: string, dport: number, extra: Partial<PacketState> = {}): PacketState {
  return packet(src, dst, 17, { kind: "udp", sport: 40000, dport }, extra);
}

function packet(src: string, dst: string, proto: number, l4: Transport, extra: Partial<PacketState>): PacketState {
  return {
    ip: { src: ip(src), dst: ip(dst), proto, ttl: 64, tos: 0, length: 60, id: 1, fragOffset: 0, moreFragments: false, dontFragment: true, options: [] },
    l4,
    payload: [],
    mark: 0,
    ct: NEW,
    ...extra,
  };
}

/** An environment whose local addresses are the host's, with a fixed draw for statistic. */
function hostEnv(local: readonly string[], draw = 0): EngineEnv {
  return { now: () => 0, random: () => draw, addrType: (addr) => (local.map(ip).includes(addr) ? "LOCAL" : "UNICAST") };
}

function walk(world: World, hook: Hook, pkt: PacketState, env: EngineEnv, ifaces: { inIface?: string; outIface?: string } = {}): HookOutcome {
  return traverseHook(rulesetOf(world), hook, pkt, { ...ifaces, env });
}

/** The user chains the packet was sent to, in order. */
function jumps(outcome: HookOutcome): string[] {
  return outcome.trace.flatMap((e) => (e.kind === "jump" || e.kind === "goto" ? [e.to] : []));
}

function nat(outcome: HookOutcome): NatEffect | undefined {
  return outcome.effects.find((e): e is NatEffect => e.kind === "nat");
}

function dnatTo(outcome: HookOutcome): string | undefined {
  const effect = nat(outcome);
  const addrs = effect?.data.addrs;
  if (effect?.type !== "DNAT" || addrs === undefined) return undefined;
  const port = effect.data.ports?.min;
  const addr = [addrs.min >>> 24, (addrs.min >>> 16) & 255, (addrs.min >>> 8) & 255, addrs.min & 255].join(".");
  return port === undefined ? addr : `${addr}:${String(port)}`;
}

describe("a kube-proxy node with 1,000 services", () => {
  const dump = kubeProxyDump(1000);
  let world: World;
  beforeAll(() => {
    world = load(dump);
  });
  const env = (draw = 0) => hostEnv([KUBE_NODE.nodeIp, "127.0.0.1"], draw);
  /** The chain a KUBE-SERVICES rule of the dump sends a service's cluster IP to. */
  const svcChainOf = (clusterIp: string, port: number) => {
    const line = dump.split("\n").find((l) => l.startsWith(`-A KUBE-SERVICES -d ${clusterIp}/32 `) && l.includes(`--dport ${String(port)} `));
    return line?.split(" -j ")[1];
  };

  it("loads and saves back identical", () => {
    expect(dump.split("\n").filter((l) => l.startsWith("-A KUBE-SEP-")).length).toBeGreaterThan(2000);
    expect(saved(world)).toBe(normaliseDates(dump));
  });

  it("sends a pod's packet for the kubernetes service's cluster IP through KUBE-SVC to its one endpoint", () => {
    const out = walk(world, "PREROUTING", tcp("10.244.0.5", "10.96.0.1", 443), env(), { inIface: "cni0" });
    const svc = svcChainOf("10.96.0.1", 443) ?? "";
    expect(svc).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
    expect(jumps(out)).toEqual(["KUBE-SERVICES", svc, expect.stringMatching(/^KUBE-SEP-/)]);
    expect(dnatTo(out)).toBe("192.168.1.10:6443");
  });

  it("picks an endpoint of a three-endpoint service by the statistic draw", () => {
    // svc-11 is TCP with three endpoints, on nodes 3, 0 and 1.
    const svc = svcChainOf("10.96.1.11", 80) ?? "";
    const endpoints = ["10.244.3.35", "10.244.0.36", "10.244.1.37"].map((a) => `${a}:8080`);
    const to = () => tcp("10.244.2.9", "10.96.1.11", 80);
    expect(jumps(walk(world, "OUTPUT", to(), env(), { outIface: "eth0" })).slice(0, 2)).toEqual(["KUBE-SERVICES", svc]);
    expect([0, 0.4, 0.9].map((draw) => dnatTo(walk(world, "OUTPUT", to(), env(draw), { outIface: "eth0" })))).toEqual(endpoints);
  });

  it("keeps a client on its endpoint with session affinity (xt_recent lists)", () => {
    // svc-7 has ClientIP affinity: the first connection records the client, later ones follow it.
    const from = (client: string) => tcp(client, "10.96.1.7", 80);
    const first = dnatTo(walk(world, "OUTPUT", from("10.244.2.50"), env(0.9), { outIface: "eth0" }));
    expect(first).toBe("10.244.1.25:8080");
    expect(dnatTo(walk(world, "OUTPUT", from("10.244.2.50"), env(0), { outIface: "eth0" }))).toBe(first);
    expect(dnatTo(walk(world, "OUTPUT", from("10.244.2.51"), env(0), { outIface: "eth0" }))).toBe("10.244.3.23:8080");
  });

  it("rejects a packet for a service without endpoints in the filter table", () => {
    // svc-4 has no endpoints: kube-proxy rejects in filter KUBE-SERVICES (OUTPUT, ctstate NEW).
    const out = walk(world, "OUTPUT", tcp("192.168.1.10", "10.96.1.4", 80), env(), { outIface: "eth0" });
    expect(out.verdict).toBe("DROP");
    expect(out.table).toBe("filter");
    expect(out.effects).toContainEqual({ kind: "reject", with: "icmp-port-unreachable" });
  });

  it("takes a NodePort through KUBE-NODEPORTS and KUBE-EXT, marked for masquerade, and masquerades it on the way out", () => {
    // svc-10: NodePort 30010, Cluster policy, two endpoints.
    const pkt = tcp("198.51.100.7", KUBE_NODE.nodeIp, 30010);
    const pre = walk(world, "PREROUTING", pkt, env(0.99), { inIface: "eth0" });
    expect(jumps(pre).slice(0, 3)).toEqual(["KUBE-SERVICES", "KUBE-NODEPORTS", expect.stringMatching(/^KUBE-EXT-/)]);
    expect(pkt.mark).toBe(0x4000);
    expect(dnatTo(pre)).toBe("10.244.3.33:8080");
    const post = walk(world, "POSTROUTING", pkt, env(), { inIface: "eth0", outIface: "eth0" });
    expect(jumps(post)).toEqual(["KUBE-POSTROUTING"]);
    expect(nat(post)).toMatchObject({ type: "MASQUERADE", data: { randomFully: true } });
    expect(pkt.mark).toBe(0);
  });

  it("drops a NodePort of an externalTrafficPolicy Local service without local endpoints", () => {
    // svc-5: NodePort 30005, Local policy, its one endpoint is on another node.
    const out = walk(world, "INPUT", tcp("198.51.100.7", KUBE_NODE.nodeIp, 30005), env(), { inIface: "eth0" });
    expect(out).toMatchObject({ verdict: "DROP", table: "filter" });
    expect(jumps(out)).toContain("KUBE-EXTERNAL-SERVICES");
  });

  it("leaves other traffic alone", () => {
    const out = walk(world, "PREROUTING", udp("198.51.100.7", "8.8.8.8", 53), env(), { inIface: "eth0" });
    expect(out.verdict).toBe("ACCEPT");
    expect(nat(out)).toBeUndefined();
  });
});

describe("a Docker 24/25 host with published ports", () => {
  const dump = readFileSync(new URL("./fixtures/docker-host.iptables-save", import.meta.url), "utf8");
  let world: World;
  beforeAll(() => {
    world = load(dump);
  });
  const env = hostEnv(["192.168.1.10", "127.0.0.1", "172.17.0.1", "172.18.0.1"]);

  it("loads and saves back identical", () => {
    expect(saved(world)).toBe(normaliseDates(dump));
  });

  it("DNATs a published port to its container and lets it through DOCKER in FORWARD", () => {
    const pkt = tcp("198.51.100.7", "192.168.1.10", 8080);
    const pre = walk(world, "PREROUTING", pkt, env, { inIface: "eth0" });
    expect(jumps(pre)).toEqual(["DOCKER"]);
    expect(dnatTo(pre)).toBe("172.17.0.2:80");
    // After the DNAT the packet is routed to docker0.
    const forwarded = tcp("198.51.100.7", "172.17.0.2", 80);
    const fwd = walk(world, "FORWARD", forwarded, env, { inIface: "eth0", outIface: "docker0" });
    expect(jumps(fwd)).toEqual(["DOCKER-USER", "DOCKER-ISOLATION-STAGE-1", "DOCKER"]);
    expect(fwd.verdict).toBe("ACCEPT");
    // A port that is not published falls to FORWARD's DROP policy.
    expect(walk(world, "FORWARD", tcp("198.51.100.7", "172.17.0.2", 22), env, { inIface: "eth0", outIface: "docker0" }).verdict).toBe("DROP");
  });

  it("publishes 127.0.0.1:5432 only to the host's loopback, not to the network", () => {
    const out = walk(world, "PREROUTING", tcp("198.51.100.7", "192.168.1.10", 5432), env, { inIface: "eth0" });
    expect(jumps(out)).toEqual(["DOCKER"]);
    expect(nat(out)).toBeUndefined();
  });

  it("drops what DOCKER-USER drops, before Docker's own rules", () => {
    const fwd = walk(world, "FORWARD", tcp("203.0.113.9", "172.17.0.2", 80), env, { inIface: "eth0", outIface: "docker0" });
    expect(jumps(fwd)).toEqual(["DOCKER-USER"]);
    expect(fwd.verdict).toBe("DROP");
  });

  it("isolates the bridges from each other", () => {
    const fwd = walk(world, "FORWARD", tcp("172.17.0.2", "172.18.0.2", 443), env, { inIface: "docker0", outIface: "br-5f3c2a1b9d8e" });
    expect(jumps(fwd)).toEqual(["DOCKER-USER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2"]);
    expect(fwd.verdict).toBe("DROP");
  });

  it("masquerades a container's traffic to the outside, and a UDP published port goes to the other bridge", () => {
    const post = walk(world, "POSTROUTING", udp("172.17.0.3", "9.9.9.9", 53), env, { outIface: "eth0" });
    expect(nat(post)).toMatchObject({ type: "MASQUERADE" });
    const pre = walk(world, "PREROUTING", udp("198.51.100.7", "192.168.1.10", 8443), env, { inIface: "eth0" });
    expect(dnatTo(pre)).toBe("172.18.0.2:443");
  });
});
