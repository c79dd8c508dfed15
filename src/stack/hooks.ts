// One netfilter hook as the packet path runs it: the tables registered on the hook and the
// conntrack fixed points (src/conntrack/steps.ts), all in priority order, until one drops
// the packet. The nat table is consulted only when conntrack says so (natBefore).
import type { ConntrackSteps, CtIfaces } from "../conntrack/steps.ts";
import type { AddrType, EngineEnv, Effect, PacketState } from "../netfilter/context.ts";
import { evaluateTable, type TraceEvent, type Verdict } from "../netfilter/evaluate.ts";
import { NO_CONNTRACK } from "../conntrack/steps.ts";
import { PRIORITY, TABLE_HOOKS, TABLE_NAMES, type Hook, type TableName } from "../netfilter/tables.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import type { NetHost } from "./host.ts";
import { deviceByName } from "./namespace.ts";
import { routeCovers, routesInDumpOrder } from "./route.ts";
import type { Skb, TableSight } from "./skb.ts";
import { TABLE_LOCAL, type NetNamespace } from "./types.ts";

type Station =
  | { readonly kind: "table"; readonly table: TableName; readonly priority: number }
  | { readonly kind: "ct-in" | "confirm"; readonly priority: number };

/** nf_conntrack_in runs at -200 on PREROUTING and OUTPUT; the confirm step last on INPUT and POSTROUTING. */
const CT_IN_HOOKS: readonly Hook[] = ["PREROUTING", "OUTPUT"];
const CONFIRM_HOOKS: readonly Hook[] = ["INPUT", "POSTROUTING"];

/** Everything that runs on a hook, lowest priority first. */
export function stations(hook: Hook): Station[] {
  const tables: Station[] = TABLE_NAMES.flatMap((table) =>
    TABLE_HOOKS[table].filter((h) => h.hook === hook).map((h) => ({ kind: "table" as const, table, priority: h.priority })),
  );
  const ct: Station[] = [
    ...(CT_IN_HOOKS.includes(hook) ? [{ kind: "ct-in" as const, priority: PRIORITY.conntrack }] : []),
    ...(CONFIRM_HOOKS.includes(hook) ? [{ kind: "confirm" as const, priority: Number.MAX_SAFE_INTEGER }] : []),
  ];
  return [...tables, ...ct].sort((a, b) => a.priority - b.priority);
}

/**
 * inet_dev_addr_type (net/ipv4/fib_frontend.c): broadcast for 0.0.0.0 and 255.255.255.255,
 * multicast for 224/4, else the type of the local table's route (only one out of `dev` when
 * given), unicast when none.
 */
export function addrType(ns: NetNamespace, addr: Ipv4, devName?: string): AddrType {
  if (addr === 0 || addr === 0xffffffff) return "BROADCAST";
  if (addr >>> 28 === 0xe) return "MULTICAST";
  const hit = routesInDumpOrder(ns)
    .filter((r) => r.table === TABLE_LOCAL && routeCovers(r, addr))
    .sort((a, b) => b.prefixLen - a.prefixLen)[0];
  if (hit === undefined) return "UNICAST";
  if (devName !== undefined && hit.dev !== deviceByName(ns, devName)?.ifindex) return "UNICAST";
  return hit.type === "local" ? "LOCAL" : hit.type === "broadcast" ? "BROADCAST" : hit.type === "unreachable" ? "UNREACHABLE" : "UNICAST";
}

export function engineEnv(h: NetHost, ns: NetNamespace): EngineEnv {
  return { now: () => h.now() / 1000, random: () => h.random(), addrType: (addr, dev) => addrType(ns, addr, dev) };
}

export interface Ifaces {
  readonly in?: string;
  readonly out?: string;
  /** The next hop of the route taken (its gateway, else the destination): what MASQUERADE needs. */
  readonly nextHop?: Ipv4;
  /**
   * ip_route_me_harder inside OUTPUT: once mangle changed the addresses, mark or TOS
   * (ipt_mangle_out) or nat the destination (nf_nat_ipv4_local_fn), the packet is routed
   * again at once and dropped there when no route is left. The later tables still see the
   * output device the hook was called with (nf_hook_state.out does not change); the new
   * route is what the packet leaves by.
   */
  readonly routable?: (pkt: PacketState) => boolean;
}

/** What makes OUTPUT route a packet again after a table: mangle watches more than nat does. */
function routeKey(table: TableName, pkt: PacketState): string {
  const { src, dst, tos } = pkt.ip;
  return table === "mangle" ? `${String(src)} ${String(dst)} ${String(pkt.mark)} ${String(tos)}` : String(dst);
}

/** Matches and targets that make the kernel track the namespace's connections (nf_ct_netns_get). */
const CT_MATCHES: ReadonlySet<string> = new Set(["conntrack", "state", "connmark", "connbytes", "connlabel", "connlimit", "helper", "ipvs"]);
const CT_TARGETS: ReadonlySet<string> = new Set(["CT", "NOTRACK", "CONNMARK", "CONNSECMARK", "SNAT", "DNAT", "MASQUERADE", "REDIRECT", "NETMAP", "SYNPROXY"]);

/**
 * Connection tracking runs in a namespace only once a rule needs it (nf_ct_netns_get in
 * the extension's checkentry): a conntrack-minded match or target anywhere. A nat table
 * alone does not start it (checked on kernel 6.x with iptables-nft: the nat chains of an
 * otherwise stateless ruleset see no packet, and `conntrack -L` stays empty); without it
 * the nat chains are never traversed, as nf_nat_inet_fn needs the packet's entry.
 */
export function conntrackNeeded(ns: NetNamespace): boolean {
  const tables = ns.ruleset.tables;
  return Object.values(tables).some((t) =>
    t.chains.some((c) =>
      c.rules.some((r) => r.matches.some((m) => CT_MATCHES.has(m.name)) || (r.target.kind === "extension" && CT_TARGETS.has(r.target.name))),
    ),
  );
}

export interface HookResult {
  readonly verdict: Verdict;
  /** The table that dropped the packet, or the last one that ran. */
  readonly table?: TableName;
  /** A conntrack step dropped it. */
  readonly conntrack?: "in" | "nat" | "confirm";
  readonly events: TraceEvent[];
  readonly effects: Effect[];
  readonly natSkipped: boolean;
  /** The packet where a trace would dump it, per table in the order they ran (TableSights). */
  readonly seen: TableSight[];
}

interface Run {
  readonly hook: Hook;
  readonly ns: NetNamespace;
  readonly skb: Skb;
  readonly ifaces: Ifaces;
  readonly env: EngineEnv;
  readonly ct: ConntrackSteps;
  readonly events: TraceEvent[];
  readonly effects: Effect[];
  readonly seen: TableSight[];
}

function table(run: Run, name: TableName): Verdict {
  const outcome = evaluateTable(run.ns.ruleset, name, run.skb.pkt, {
    hook: run.hook,
    env: run.env,
    ...(run.ifaces.in !== undefined ? { inIface: run.ifaces.in } : {}),
    ...(run.ifaces.out !== undefined ? { outIface: run.ifaces.out } : {}),
  });
  run.events.push(...outcome.trace);
  run.effects.push(...outcome.effects);
  const { first, traced } = outcome.sights;
  if (first !== undefined) run.seen.push({ table: name, ...first });
  if (traced !== undefined) run.seen.push({ table: name, ...traced, traced: true });
  return outcome.verdict;
}

const ctIfaces = (i: Ifaces): CtIfaces => ({
  ...(i.in !== undefined ? { in: i.in } : {}),
  ...(i.out !== undefined ? { out: i.out } : {}),
  ...(i.nextHop !== undefined ? { nextHop: i.nextHop } : {}),
});

/** The nat table at its priority: only for the first packet of a connection, then the binding is made. */
function nat(run: Run): { verdict: Verdict; skipped: boolean; conntrack?: "nat" } {
  const decision = run.ct.natBefore(run.hook, run.skb.pkt, run.env, ctIfaces(run.ifaces)).kind;
  if (decision === "drop") return { verdict: "DROP", skipped: false, conntrack: "nat" };
  if (decision === "skip") return { verdict: "ACCEPT", skipped: true };
  const before = run.effects.length;
  const verdict = table(run, "nat");
  if (verdict !== "ACCEPT") return { verdict, skipped: false };
  const made = run.ct.natAfter(run.hook, run.skb.pkt, run.effects.slice(before), run.env, ctIfaces(run.ifaces));
  return made === "DROP" ? { verdict: "DROP", skipped: false, conntrack: "nat" } : { verdict: "ACCEPT", skipped: false };
}

/** ip_route_me_harder after mangle or nat changed what OUTPUT routes by; false when no route is left. */
function rerouted(run: Run, table: TableName, key: string): boolean {
  const routable = run.ifaces.routable;
  if (run.hook !== "OUTPUT" || routable === undefined || (table !== "mangle" && table !== "nat") || routeKey(table, run.skb.pkt) === key) return true;
  return routable(run.skb.pkt);
}

/** Runs every station of the hook; the packet's headers and mark may change on the way. */
export function runHook(h: NetHost, nsName: string, hook: Hook, skb: Skb, ifaces: Ifaces): HookResult {
  const ns = h.namespaces[nsName];
  if (ns === undefined) throw new Error(`no namespace ${nsName}`);
  const tracking = conntrackNeeded(ns);
  const run: Run = { hook, ns, skb, ifaces, env: engineEnv(h, ns), ct: tracking ? h.conntrack(nsName) : NO_CONNTRACK, events: [], effects: [], seen: [] };
  let natSkipped = false;
  let last: TableName | undefined;
  let rawEffects: readonly Effect[] = [];
  const done = (verdict: Verdict, extra: Partial<HookResult> = {}): HookResult => {
    if (verdict !== "ACCEPT") run.ct.dropped(skb.pkt);
    return { verdict, events: run.events, effects: run.effects, seen: run.seen, natSkipped, ...(last !== undefined ? { table: last } : {}), ...extra };
  };
  for (const st of stations(hook)) {
    if (st.kind === "ct-in") {
      // The raw table ran just before: its CT template applies to the connection made here.
      if (run.ct.conntrackIn(hook, skb.pkt, run.env, ctIfaces(ifaces), rawEffects) === "DROP") return done("DROP", { conntrack: "in" });
      continue;
    }
    if (st.kind !== "table") {
      if (run.ct.confirm(hook, skb.pkt, run.env) === "DROP") return done("DROP", { conntrack: "confirm" });
      continue;
    }
    if (ns.ruleset.tables[st.table] === undefined) continue;
    last = st.table;
    const key = routeKey(st.table, skb.pkt);
    if (st.table === "nat") {
      const r = nat(run);
      natSkipped ||= r.skipped;
      if (r.verdict !== "ACCEPT") return done(r.verdict, r.conntrack !== undefined ? { conntrack: r.conntrack } : {});
    } else {
      const before = run.effects.length;
      const verdict = table(run, st.table);
      if (st.table === "raw") rawEffects = run.effects.slice(before);
      if (verdict !== "ACCEPT") return done(verdict);
    }
    if (!rerouted(run, st.table, key)) return done("DROP");
  }
  return done("ACCEPT");
}
