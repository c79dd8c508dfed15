// -m cluster (libxt_cluster.c; kernel net/netfilter/xt_cluster.c xt_cluster_mt): share
// connections between cluster nodes by a Jenkins hash of the connection's original source
// (its master's for an expected one); matches when the hash picks one of the local nodes.
import { parameterProblem } from "../errors.ts";
import { defineMatch, type OptionSpec } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { trackedEntry } from "./ctstate.ts";
import { expectedWithoutMaster } from "./helper.ts";
import { asLoaded, jhash1word, reciprocalScale } from "../jhash.ts";

interface ClusterData {
  readonly totalNodes: number;
  readonly nodeMask: number;
  readonly hashSeed: number;
  readonly invert: boolean;
}

/** XT_CLUSTER_NODES_MAX. */
const NODES_MAX = 32;

const OPTIONS: readonly OptionSpec[] = [
  { name: "cluster-total-nodes", arg: "required", mandatory: true },
  { name: "cluster-local-node", arg: "required", invert: true, excl: ["cluster-local-nodemask"] },
  { name: "cluster-local-nodemask", arg: "required", invert: true, excl: ["cluster-local-node"] },
  { name: "cluster-hash-seed", arg: "required", mandatory: true },
];

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

function finalCheck(d: ClusterData, seen: ReadonlySet<string>): ClusterData {
  const has = (o: string) => seen.has(`cluster-${o}`);
  const tooBig = d.nodeMask >= 2 ** d.totalNodes;
  if (has("total-nodes") && has("local-node") && has("hash-seed")) {
    if (tooBig) throw parameterProblem("cluster match: `--cluster-local-node' must be <= `--cluster-total-nodes'");
    return d;
  }
  if (has("total-nodes") && has("local-nodemask") && has("hash-seed")) {
    if (tooBig) throw parameterProblem("cluster match: `--cluster-local-nodemask' too big for `--cluster-total-nodes'");
    return d;
  }
  if (!has("local-node") && !has("local-nodemask")) {
    throw parameterProblem("cluster match: `--cluster-local-node' or`--cluster-local-nodemask' is missing");
  }
  return d;
}

export const cluster = defineMatch<ClusterData>({
  name: "cluster",
  options: OPTIONS,
  init: () => ({ totalNodes: 0, nodeMask: 0, hashSeed: 0, invert: false }),
  parse({ option, arg = "", invert, data }) {
    switch (option) {
      case "cluster-total-nodes":
        return { ...data, totalNodes: parseIntX6("cluster", option, arg, 1, NODES_MAX) };
      case "cluster-local-node":
        return { ...data, nodeMask: (1 << (parseIntX6("cluster", option, arg, 1, NODES_MAX) - 1)) >>> 0, invert: data.invert || invert };
      case "cluster-local-nodemask":
        return { ...data, nodeMask: parseIntX6("cluster", option, arg, 1, NODES_MAX), invert: data.invert || invert };
      default:
        return { ...data, hashSeed: parseIntX6("cluster", option, arg, 0, 0xffffffff) };
    }
  },
  finalCheck,
  save: (d) =>
    `${d.invert ? " !" : ""} --cluster-local-nodemask ${hex8(d.nodeMask)} --cluster-total-nodes ${String(d.totalNodes)} --cluster-hash-seed ${hex8(d.hashSeed)}`,
  print: (d) => ` cluster ${d.invert ? "!" : ""}node_mask=${hex8(d.nodeMask)} total_nodes=${String(d.totalNodes)} hash_seed=${hex8(d.hashSeed)}`,
  unmodelled: (_d, { packet }) => (expectedWithoutMaster(packet) ? "the conntrack view does not give the master of this expected connection" : undefined),
  match(d, { packet }) {
    // A unicast packet that came in as link-layer multicast is taken as for this host.
    if (packet.pktType === "multicast" && packet.ip.dst >>> 28 !== 0xe) packet.pktType = "host";
    const ct = trackedEntry(packet);
    const src = ct?.master?.origSrc ?? ct?.orig?.src;
    if (ct === undefined || src === undefined) return false;
    const node = reciprocalScale(jhash1word(asLoaded(src), d.hashSeed), d.totalNodes);
    return ((2 ** node) & d.nodeMask) !== 0 !== d.invert;
  },
});
