// A 1,000-service kube-proxy node (scripts/gen-kube-proxy-dump.ts) imported from its
// iptables-save, then one packet traced to a service: what `nfsim trace --world dump`
// does. Issue 6 asks for both in under a second.
import { performance } from "node:perf_hooks";
import { kubeProxyDump, kubeServices, KUBE_NODE } from "../scripts/gen-kube-proxy-dump.ts";
import { World } from "../src/api.ts";

const SERVICES = 1000;

function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** The last service with endpoints and a TCP port: the deepest in KUBE-SERVICES. */
function target(): { ip: string; port: number } {
  const svc = kubeServices(SERVICES).filter((s) => s.endpoints.length > 0 && s.ports.some((p) => p.protocol === "tcp")).at(-1);
  const port = svc?.ports.find((p) => p.protocol === "tcp")?.port;
  if (svc === undefined || port === undefined) throw new Error("no TCP service with endpoints");
  return { ip: svc.clusterIp, port };
}

/** Prints the import and trace times; throws when the packet is not DNATed to an endpoint. */
export function benchTraceKube(fmt: (n: number) => string): void {
  const dump = kubeProxyDump(SERVICES);
  const svc = target();
  const imported = timeIt(() => World.fromIptablesSave(dump));
  const traced = timeIt(() => imported.value.send({ proto: "tcp", src: KUBE_NODE.nodeIp, sport: 40000, dst: svc.ip, dport: svc.port }));
  if (!traced.value.trace.steps.some((s) => s.kind === "hook" && s.ct?.reply !== undefined && s.ct.reply.src !== s.ct.orig?.dst)) {
    throw new Error(`the packet to ${svc.ip}:${String(svc.port)} was not DNATed to an endpoint`);
  }
  const total = imported.ms + traced.ms;
  console.log(
    `kube-proxy node, ${fmt(SERVICES)} services (${fmt(dump.split("\n").length)} lines): import ${fmt(imported.ms)} ms, trace to ${svc.ip}:${String(svc.port)} ${fmt(traced.ms)} ms, total ${fmt(total)} ms (target < 1,000 ms)`,
  );
}
