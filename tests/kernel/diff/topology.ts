// The namespaces of one case, as ../shared/replay-schema.md draws its topologies:
//   router: client 10.0.1.2 — eth0 10.0.1.1 [dut] eth1 10.0.2.1 — server 10.0.2.2
//   host:   client 10.0.1.2 — eth0 10.0.1.1 [dut]
// Every namespace is made for the case under a unique name and deleted after it, even
// when the case fails (and at exit, for any a crash left behind). The veth pairs are made
// from inside the dut, so nothing is ever created in the namespace the harness runs in.
// client and server are passive: their own filter drops every IPv4 packet in and out,
// so their kernels never answer; the harness sends and sniffs there with packet sockets,
// which sit below netfilter. The dut knows their MAC addresses statically, so no ARP
// exchange runs during a case, and IPv6 is off everywhere, so nothing else is sent.
import { execFileSync } from "node:child_process";
import type { Topology } from "../../../src/cli/replay/schema.ts";
import { inNs, must } from "./exec.ts";
import { MAC } from "../../../src/cli/replay/topology.ts";

export interface CaseNetns {
  readonly client: string;
  readonly dut: string;
  readonly server?: string;
}

// The same MAC addresses as nfsim's replay gives the hosts (src/cli/replay/topology.ts).
export { MAC };

const live = new Set<string>();
let exitHookSet = false;

/** Deletes, synchronously, every namespace this process made and has not deleted yet. */
function deleteLeftovers(): void {
  for (const ns of live) {
    try {
      execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
  live.clear();
}

function hookExit(): void {
  if (exitHookSet) return;
  exitHookSet = true;
  process.on("exit", deleteLeftovers);
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      deleteLeftovers();
      process.exit(130);
    });
  }
}

async function addNs(name: string): Promise<void> {
  hookExit();
  live.add(name);
  await must("ip", ["netns", "add", name]);
  await inNs(name, "sysctl", ["-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
}

const DROP_ALL = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\nCOMMIT\n";

async function passive(ns: string, addr: string, gw: string, mac: string): Promise<void> {
  const batch = [
    "link set lo up",
    `link set eth0 address ${mac} up`,
    `addr add ${addr}/24 dev eth0`,
    `route add default via ${gw}`,
  ];
  await must("ip", ["-n", ns, "-batch", "-"], batch.join("\n") + "\n");
  await inNs(ns, "iptables-restore", [], DROP_ALL);
}

function dutBatch(n: CaseNetns): string[] {
  const lines = [
    "link set lo up",
    `link add eth0 address ${MAC.dutEth0} type veth peer name eth0 netns ${n.client}`,
    "addr add 10.0.1.1/24 dev eth0",
    "link set eth0 up",
    `neigh replace 10.0.1.2 lladdr ${MAC.client} dev eth0 nud permanent`,
  ];
  if (n.server === undefined) return lines;
  return [
    ...lines,
    `link add eth1 address ${MAC.dutEth1} type veth peer name eth0 netns ${n.server}`,
    "addr add 10.0.2.1/24 dev eth1",
    "link set eth1 up",
    `neigh replace 10.0.2.2 lladdr ${MAC.server} dev eth1 nud permanent`,
  ];
}

/** Makes the namespaces of a case under names starting with `prefix`. */
export async function makeTopology(prefix: string, topology: Topology): Promise<CaseNetns> {
  const n: CaseNetns = {
    client: `${prefix}-c`,
    dut: `${prefix}-d`,
    ...(topology === "router" ? { server: `${prefix}-s` } : {}),
  };
  try {
    await Promise.all([n.client, n.dut, n.server].filter((x) => x !== undefined).map(addNs));
    await must("ip", ["-n", n.dut, "-batch", "-"], dutBatch(n).join("\n") + "\n");
    await passive(n.client, "10.0.1.2", "10.0.1.1", MAC.client);
    if (n.server !== undefined) await passive(n.server, "10.0.2.2", "10.0.2.1", MAC.server);
    if (topology === "router") await inNs(n.dut, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
    return n;
  } catch (e) {
    await removeTopology(n);
    throw e;
  }
}

/** Deletes the namespaces of a case (the veth pairs go with them). */
export async function removeTopology(n: CaseNetns): Promise<void> {
  for (const ns of [n.client, n.dut, n.server]) {
    if (ns === undefined || !live.has(ns)) continue;
    live.delete(ns);
    await must("ip", ["netns", "del", ns]).catch(() => undefined);
  }
}
