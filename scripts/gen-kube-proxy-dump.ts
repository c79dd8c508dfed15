// The `iptables-save` of a Kubernetes node whose kube-proxy (1.28, iptables mode) serves N
// services: the rules of pkg/proxy/iptables/proxier.go syncProxyRules and the kubelet's,
// written in the form iptables-save 1.8.9 (nf_tables) prints them back (addresses with
// their mask, matches after -s/-d/-p, MARK as --set-xmark, statistic's fixed-point
// probability, chains sorted by name). The services are made up but deterministic: ClusterIP
// services with 0-3 endpoints, UDP ones, NodePorts, externalTrafficPolicy Local, session
// affinity and external IPs, across 4 nodes of which this is node 0.
//
// Usage: npx tsx scripts/gen-kube-proxy-dump.ts [SERVICES] > dump   (default 1000)
import { createHash } from "node:crypto";

/** The node's addresses: its own, the cluster's pod range and this node's share of it. */
export const KUBE_NODE = {
  nodeIp: "192.168.1.10",
  clusterCidr: "10.244.0.0/16",
  /** Pods on this node (10.244.0.0/24) are local endpoints. */
  localPodPrefix: "10.244.0.",
} as const;

const MASQ_MARK = "0x4000";

export interface KubePort {
  readonly name: string;
  readonly protocol: "tcp" | "udp";
  readonly port: number;
  readonly targetPort: number;
  readonly nodePort?: number;
}

export interface KubeService {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIp: string;
  readonly ports: readonly KubePort[];
  /** Pod IPs of the ready endpoints. */
  readonly endpoints: readonly string[];
  readonly externalLocal?: boolean;
  readonly affinity?: boolean;
  readonly externalIps?: readonly string[];
}

/** The made-up cluster: kubernetes, kube-dns, then services 2..n-1. */
export function kubeServices(count: number): KubeService[] {
  const services: KubeService[] = [
    { namespace: "default", name: "kubernetes", clusterIp: "10.96.0.1", ports: [{ name: "https", protocol: "tcp", port: 443, targetPort: 6443 }], endpoints: [KUBE_NODE.nodeIp] },
    {
      namespace: "kube-system", name: "kube-dns", clusterIp: "10.96.0.10",
      ports: [
        { name: "dns", protocol: "udp", port: 53, targetPort: 53 },
        { name: "dns-tcp", protocol: "tcp", port: 53, targetPort: 53 },
        { name: "metrics", protocol: "tcp", port: 9153, targetPort: 9153 },
      ],
      endpoints: ["10.244.0.2", "10.244.1.3"],
    },
  ];
  for (let i = 2; i < count; i++) services.push(madeUpService(i));
  return services;
}

function madeUpService(i: number): KubeService {
  const udp = i % 10 === 3;
  const nodePort = i % 5 === 0 ? 30000 + i : undefined;
  const port: KubePort = {
    name: udp ? "udp" : "http", protocol: udp ? "udp" : "tcp", port: udp ? 53 : 80, targetPort: udp ? 5353 : 8080,
    ...(nodePort !== undefined ? { nodePort } : {}),
  };
  const endpoints = Array.from({ length: i % 4 }, (_, j) => `10.244.${String((i + j) % 4)}.${String(2 + ((i * 3 + j) % 250))}`);
  const ip = 0x0a600100 + i;
  return {
    namespace: `team-${String(i % 25)}`, name: `svc-${String(i)}`,
    clusterIp: [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join("."),
    ports: [port], endpoints,
    ...(nodePort !== undefined && i % 10 === 5 ? { externalLocal: true } : {}),
    ...(i % 50 === 7 ? { affinity: true } : {}),
    ...(i % 100 === 42 ? { externalIps: [`192.168.100.${String(i % 256)}`] } : {}),
  };
}

// ---- names and numbers as kube-proxy makes them ----

/** Go's base32.StdEncoding of a SHA-256, first 16 characters (portProtoHash). */
function hash16(text: string): string {
  const bytes = createHash("sha256").update(text).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const svcChain = (spn: string, proto: string, prefix: string) => `${prefix}${hash16(spn + proto)}`;
const sepChain = (spn: string, proto: string, endpoint: string) => `KUBE-SEP-${hash16(spn + proto + endpoint)}`;

/**
 * computeProbability's "%0.10f" of 1/n, as libxt_statistic stores it (lround(p * 2^31))
 * and iptables-save prints it ("%.11f" of the fixed point value).
 */
export function probability(n: number): string {
  const written = Number((1 / n).toFixed(10));
  const fixed = BigInt(Math.round(written * 0x80000000));
  const den = 1n << 31n;
  const scaled = fixed * 10n ** 11n;
  let q = scaled / den;
  const twice = (scaled % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(12, "0");
  return `${digits.slice(0, -11)}.${digits.slice(-11)}`;
}

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted. */
function quote(text: string): string {
  return /^[A-Za-z0-9_-]+$/.test(text) ? text : `"${text}"`;
}

const comment = (text: string) => `-m comment --comment ${quote(text)}`;

// ---- the tables ----

/** One table's chains (built-in first, in the table's order) and their rules. */
class Table {
  readonly rules = new Map<string, string[]>();

  constructor(
    readonly name: string,
    readonly builtins: readonly string[],
  ) {
    for (const c of builtins) this.rules.set(c, []);
  }

  chain(name: string): void {
    if (!this.rules.has(name)) this.rules.set(name, []);
  }

  add(chain: string, rule: string): void {
    this.chain(chain);
    this.rules.get(chain)?.push(`-A ${chain} ${rule}`);
  }

  /** iptables-save's section: built-in chains, then user chains sorted by name, then the rules chain by chain. */
  save(date: string): string {
    const users = [...this.rules.keys()].filter((c) => !this.builtins.includes(c)).sort();
    const order = [...this.builtins, ...users];
    const lines = [
      `# Generated by iptables-save v1.8.9 (nf_tables) on ${date}`,
      `*${this.name}`,
      ...this.builtins.map((c) => `:${c} ACCEPT [0:0]`),
      ...users.map((c) => `:${c} - [0:0]`),
      ...order.flatMap((c) => this.rules.get(c) ?? []),
      "COMMIT",
      `# Completed on ${date}`,
    ];
    return lines.map((l) => `${l}\n`).join("");
  }
}

interface Tables {
  readonly mangle: Table;
  readonly filter: Table;
  readonly nat: Table;
}

/** The jump rules kube-proxy and kubelet keep at the head of the built-in chains, and the canaries. */
function baseRules({ mangle, filter, nat }: Tables): void {
  for (const t of [mangle, filter, nat]) {
    t.chain("KUBE-KUBELET-CANARY");
    t.chain("KUBE-PROXY-CANARY");
  }
  const isNew = "-m conntrack --ctstate NEW";
  filter.add("INPUT", `${isNew} ${comment("kubernetes load balancer firewall")} -j KUBE-PROXY-FIREWALL`);
  filter.add("INPUT", `${comment("kubernetes health check service ports")} -j KUBE-NODEPORTS`);
  filter.add("INPUT", `${isNew} ${comment("kubernetes externally-visible service portals")} -j KUBE-EXTERNAL-SERVICES`);
  filter.add("INPUT", "-j KUBE-FIREWALL");
  filter.add("FORWARD", `${isNew} ${comment("kubernetes load balancer firewall")} -j KUBE-PROXY-FIREWALL`);
  filter.add("FORWARD", `${comment("kubernetes forwarding rules")} -j KUBE-FORWARD`);
  filter.add("FORWARD", `${isNew} ${comment("kubernetes service portals")} -j KUBE-SERVICES`);
  filter.add("FORWARD", `${isNew} ${comment("kubernetes externally-visible service portals")} -j KUBE-EXTERNAL-SERVICES`);
  filter.add("OUTPUT", `${isNew} ${comment("kubernetes load balancer firewall")} -j KUBE-PROXY-FIREWALL`);
  filter.add("OUTPUT", `${isNew} ${comment("kubernetes service portals")} -j KUBE-SERVICES`);
  filter.add("OUTPUT", "-j KUBE-FIREWALL");
  for (const c of ["KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES"]) filter.chain(c);
  filter.add(
    "KUBE-FIREWALL",
    `! -s 127.0.0.0/8 -d 127.0.0.0/8 ${comment("block incoming localnet connections")} -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
  );
  nat.add("PREROUTING", `${comment("kubernetes service portals")} -j KUBE-SERVICES`);
  nat.add("OUTPUT", `${comment("kubernetes service portals")} -j KUBE-SERVICES`);
  nat.add("POSTROUTING", `${comment("kubernetes postrouting rules")} -j KUBE-POSTROUTING`);
  nat.chain("KUBE-NODEPORTS");
  nat.add("KUBE-POSTROUTING", `-m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`);
  nat.add("KUBE-POSTROUTING", `-j MARK --set-xmark ${MASQ_MARK}/0x0`);
  nat.add("KUBE-POSTROUTING", `${comment("kubernetes service traffic requiring SNAT")} -j MASQUERADE --random-fully`);
  nat.add("KUBE-MARK-MASQ", `-j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`);
}

/** What syncProxyRules writes for one service port. */
function servicePort(t: Tables, svc: KubeService, port: KubePort, large: boolean): void {
  const { filter, nat } = t;
  const p = port.protocol;
  const spn = `${svc.namespace}/${svc.name}${port.name === "" ? "" : `:${port.name}`}`;
  const clusterChain = svcChain(spn, p, "KUBE-SVC-");
  const localChain = svcChain(spn, p, "KUBE-SVL-");
  const extChain = svcChain(spn, p, "KUBE-EXT-");
  const eps = svc.endpoints.map((ip) => `${ip}:${String(port.targetPort)}`);
  const local = eps.filter((ep) => ep.startsWith(KUBE_NODE.localPodPrefix));
  const dport = (n: number) => `-m ${p} --dport ${String(n)}`;
  const has = eps.length > 0;
  const hasExternal = has && (!svc.externalLocal || local.length > 0);
  const external = port.nodePort !== undefined || (svc.externalIps?.length ?? 0) > 0;
  const noEndpoints = `${spn} has no endpoints`;
  const filterTarget = has ? "DROP" : "REJECT --reject-with icmp-port-unreachable";
  const filterComment = has ? `${spn} has no local endpoints` : noEndpoints;

  if (has) nat.add("KUBE-SERVICES", `-d ${svc.clusterIp}/32 -p ${p} ${comment(`${spn} cluster IP`)} ${dport(port.port)} -j ${clusterChain}`);
  else filter.add("KUBE-SERVICES", `-d ${svc.clusterIp}/32 -p ${p} ${comment(noEndpoints)} ${dport(port.port)} -j REJECT --reject-with icmp-port-unreachable`);
  for (const ext of svc.externalIps ?? []) {
    if (has) nat.add("KUBE-SERVICES", `-d ${ext}/32 -p ${p} ${comment(`${spn} external IP`)} ${dport(port.port)} -j ${extChain}`);
    if (!hasExternal) filter.add("KUBE-EXTERNAL-SERVICES", `-d ${ext}/32 -p ${p} ${comment(filterComment)} ${dport(port.port)} -j ${filterTarget}`);
  }
  if (port.nodePort !== undefined) {
    if (has) nat.add("KUBE-NODEPORTS", `-p ${p} ${comment(spn)} ${dport(port.nodePort)} -j ${extChain}`);
    if (!hasExternal) {
      filter.add("KUBE-EXTERNAL-SERVICES", `-p ${p} ${comment(filterComment)} -m addrtype --dst-type LOCAL ${dport(port.nodePort)} -j ${filterTarget}`);
    }
  }
  if (!has) return;
  nat.add(clusterChain, `! -s ${KUBE_NODE.clusterCidr} -d ${svc.clusterIp}/32 -p ${p} ${comment(`${spn} cluster IP`)} ${dport(port.port)} -j KUBE-MARK-MASQ`);
  if (external) externalChain(nat, spn, extChain, clusterChain, svc.externalLocal ? (local.length > 0 ? localChain : undefined) : clusterChain, svc.externalLocal === true);
  endpointRules(nat, spn, p, clusterChain, eps, svc.affinity === true, large);
  if (svc.externalLocal && local.length > 0) endpointRules(nat, spn, p, localChain, local, svc.affinity === true, large);
  for (const ep of eps) sepChainRules(nat, spn, p, ep, svc.affinity === true, large);
}

/** The KUBE-EXT chain: masquerade for Cluster policy, short-circuits for Local policy. */
function externalChain(nat: Table, spn: string, ext: string, cluster: string, policy: string | undefined, local: boolean): void {
  nat.chain(ext);
  if (!local) {
    nat.add(ext, `${comment(`masquerade traffic for ${spn} external destinations`)} -j KUBE-MARK-MASQ`);
  } else {
    nat.add(ext, `-s ${KUBE_NODE.clusterCidr} ${comment(`pod traffic for ${spn} external destinations`)} -j ${cluster}`);
    nat.add(ext, `${comment(`masquerade LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
    nat.add(ext, `${comment(`route LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j ${cluster}`);
  }
  if (policy !== undefined) nat.add(ext, `-j ${policy}`);
}

/** writeServiceToEndpointRules: affinity checks, then one statistic rule per endpoint but the last. */
function endpointRules(nat: Table, spn: string, p: string, chain: string, eps: readonly string[], affinity: boolean, large: boolean): void {
  const note = (ep: string) => (large ? "" : `${comment(`${spn} -> ${ep}`)} `);
  if (affinity) {
    for (const ep of eps) {
      const sep = sepChain(spn, p, ep);
      nat.add(chain, `${note(ep)}-m recent --rcheck --seconds 10800 --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`);
    }
  }
  eps.forEach((ep, i) => {
    const stat = i < eps.length - 1 ? `-m statistic --mode random --probability ${probability(eps.length - i)} ` : "";
    nat.add(chain, `${note(ep)}${stat}-j ${sepChain(spn, p, ep)}`);
  });
}

/** A KUBE-SEP chain: hairpin masquerade, then the DNAT (with the affinity list's --set). */
function sepChainRules(nat: Table, spn: string, p: string, ep: string, affinity: boolean, large: boolean): void {
  const sep = sepChain(spn, p, ep);
  const note = large ? "" : `${comment(spn)} `;
  nat.add(sep, `-s ${ep.split(":")[0] ?? ""}/32 ${note}-j KUBE-MARK-MASQ`);
  const recent = affinity ? `-m recent --set --name ${sep} --mask 255.255.255.255 --rsource ` : "";
  nat.add(sep, `-p ${p} ${note}${recent}-m ${p} -j DNAT --to-destination ${ep}`);
}

/** The whole iptables-save output of the node. */
export function kubeProxyDump(count = 1000, date = "Mon Jan  1 00:00:00 2024"): string {
  const t: Tables = {
    mangle: new Table("mangle", ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]),
    filter: new Table("filter", ["INPUT", "FORWARD", "OUTPUT"]),
    nat: new Table("nat", ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]),
  };
  baseRules(t);
  const services = kubeServices(count);
  // largeClusterMode: past 1000 endpoint chains, kube-proxy drops the per-endpoint comments.
  const endpoints = services.reduce((n, s) => n + s.endpoints.length * s.ports.length, 0);
  const large = endpoints > 1000;
  for (const svc of services) {
    for (const port of svc.ports) {
      servicePort(t, svc, port, large);
    }
  }
  t.nat.add(
    "KUBE-SERVICES",
    `${comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain")} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
  );
  t.filter.add("KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP");
  t.filter.add("KUBE-FORWARD", `${comment("kubernetes forwarding rules")} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`);
  t.filter.add("KUBE-FORWARD", `${comment("kubernetes forwarding conntrack rule")} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
  return t.mangle.save(date) + t.filter.save(date) + t.nat.save(date);
}

if (process.argv[1]?.endsWith("gen-kube-proxy-dump.ts")) {
  process.stdout.write(kubeProxyDump(Number(process.argv[2] ?? 1000)));
}
