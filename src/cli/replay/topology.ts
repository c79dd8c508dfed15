// The namespaces of a replay case, made with nfsim's own commands exactly as the
// differential harness makes them on the kernel (tests/kernel/diff/topology.ts): the
// same namespaces, device names, MAC addresses, addresses and default routes; IPv6 off;
// the dut's permanent neighbour entries for client and server; ip_forward on a router
// dut; the passive hosts' own filter dropping every IPv4 packet in and out, so that their
// stacks never answer (ARP is not filtered, as on the kernel).
import { runCommand } from "../run.ts";
import { CaseError, type Topology } from "./schema.ts";
import type { World } from "../../world/world.ts";

export const NS = { client: "client", dut: "dut", server: "server" } as const;

export const MAC = {
  client: "02:00:00:00:01:02",
  dutEth0: "02:00:00:00:01:01",
  dutEth1: "02:00:00:00:02:01",
  server: "02:00:00:00:02:02",
} as const;

const DROP_ALL = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\nCOMMIT\n";
/** Output is irrelevant here; runCommand wants a date for the tools that print one. */
const EPOCH = new Date(0);

/** Runs an nfsim command line; a refusal is a bug in this file, so it throws with the tool's words. */
export function must(world: World, line: string, stdin = ""): string {
  const r = runCommand(world, line, stdin, EPOCH);
  if (r.exit !== 0) throw new Error(`replay: \`${line}\` exited ${String(r.exit)}: ${r.stderr.trim()}`);
  return r.stdout;
}

function addNs(world: World, name: string): void {
  must(world, `ip netns add ${name}`);
  must(world, `ip netns exec ${name} sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1`);
}

function passive(world: World, ns: string, address: string, gw: string, mac: string): void {
  must(world, `ip -n ${ns} link set lo up`);
  must(world, `ip -n ${ns} link set eth0 address ${mac} up`);
  must(world, `ip -n ${ns} addr add ${address}/24 dev eth0`);
  must(world, `ip -n ${ns} route add default via ${gw}`);
  must(world, `ip netns exec ${ns} iptables-restore`, DROP_ALL);
}

function dutSide(world: World, dev: string, mac: string, peerNs: string, address: string, peer: string, peerMac: string): void {
  must(world, `ip -n ${NS.dut} link add ${dev} address ${mac} type veth peer name eth0 netns ${peerNs}`);
  must(world, `ip -n ${NS.dut} addr add ${address}/24 dev ${dev}`);
  must(world, `ip -n ${NS.dut} link set ${dev} up`);
  must(world, `ip -n ${NS.dut} neigh replace ${peer} lladdr ${peerMac} dev ${dev} nud permanent`);
}

/** Makes the case's namespaces in `world`. */
export function makeTopology(world: World, topology: Topology): void {
  const router = topology === "router";
  for (const ns of router ? [NS.client, NS.dut, NS.server] : [NS.client, NS.dut]) addNs(world, ns);
  must(world, `ip -n ${NS.dut} link set lo up`);
  dutSide(world, "eth0", MAC.dutEth0, NS.client, "10.0.1.1", "10.0.1.2", MAC.client);
  if (router) dutSide(world, "eth1", MAC.dutEth1, NS.server, "10.0.2.1", "10.0.2.2", MAC.server);
  passive(world, NS.client, "10.0.1.2", "10.0.1.1", MAC.client);
  if (router) {
    passive(world, NS.server, "10.0.2.2", "10.0.2.1", MAC.server);
    must(world, `ip netns exec ${NS.dut} sysctl -qw net.ipv4.ip_forward=1`);
  }
}

/** The case's ruleset into the dut with nfsim's iptables-restore; a ruleset it refuses makes the case invalid. */
export function loadRuleset(world: World, ruleset: string): void {
  const r = runCommand(world, `ip netns exec ${NS.dut} iptables-restore`, ruleset, EPOCH);
  if (r.exit !== 0) throw new CaseError(`ruleset: iptables-restore refused it (exit ${String(r.exit)}): ${r.stderr.trim()}`);
}

/** One shell word, whatever the text holds. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function setSysctls(world: World, flags: string, list: readonly [string, number | string][]): void {
  if (list.length === 0) return;
  const words = list.map(([k, v]) => quoted(`${k}=${String(v)}`)).join(" ");
  const r = runCommand(world, `ip netns exec ${NS.dut} sysctl ${flags} ${words}`, "", EPOCH);
  if (r.exit !== 0) throw new CaseError(`sysctl: refused: ${r.stderr.trim()}`);
}

/**
 * The case's sysctls in the dut, as the harness sets them on the kernel: net.netfilter.*
 * with -e (they exist only once conntrack is loaded), the others must all be known.
 */
export function applySysctls(world: World, sysctl: Readonly<Record<string, number | string>>): void {
  const entries = Object.entries(sysctl);
  setSysctls(world, "-qw", entries.filter(([k]) => !k.startsWith("net.netfilter.")));
  setSysctls(world, "-qew", entries.filter(([k]) => k.startsWith("net.netfilter.")));
}
