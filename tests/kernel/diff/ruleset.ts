// A generated ruleset in iptables-save form: filter always, nat when NAT is planned (or
// at random), mangle and raw at random; built-in chains with random rules, stateful
// firewall idioms in filter, the planned NAT rules, and user chains (each called from one
// built-in chain, so its rules obey that hook's limits) that may RETURN.
import type { NatPlan } from "./flows.ts";
import type { Rng } from "./rng.ts";
import { randomMatches, randomRule, TABLE_CHAINS, type Builtin, type RuleContext, type Table } from "./rules.ts";

interface UserChain {
  readonly name: string;
  readonly owner: Builtin;
  readonly rules: string[];
}

interface TableDraft {
  readonly table: Table;
  readonly stateless: boolean;
  readonly policies: Map<Builtin, "ACCEPT" | "DROP">;
  readonly rules: Map<Builtin, string[]>;
  readonly users: UserChain[];
}

function stateful(rng: Rng): string[] {
  const m = rng.chance(0.6) ? "-m conntrack --ctstate" : "-m state --state";
  const out: string[] = [];
  if (rng.chance(0.4)) out.push(`${m} INVALID -j DROP`);
  if (rng.chance(0.85)) out.push(`${m} RELATED,ESTABLISHED -j ACCEPT`);
  if (rng.chance(0.5)) out.push(rng.pick(["-p tcp -m tcp --dport 80 -j ACCEPT", "-p tcp -m multiport --dports 22,80,443 -m conntrack --ctstate NEW -j ACCEPT",
    "-p tcp -m tcp --syn -j ACCEPT", "-p udp -j ACCEPT", "-p icmp -m icmp --icmp-type echo-request -j ACCEPT"]));
  return out;
}

function policyFor(rng: Rng, table: Table, chain: Builtin): "ACCEPT" | "DROP" {
  if (table !== "filter") return "ACCEPT";
  return rng.chance(chain === "OUTPUT" ? 0.1 : 0.3) ? "DROP" : "ACCEPT";
}

function userChains(rng: Rng, table: Table): UserChain[] {
  const n = rng.chance(0.35) ? rng.int(1, 2) : 0;
  return Array.from({ length: n }, (_, k) => ({ name: `DX${table.toUpperCase().slice(0, 1)}${String(k + 1)}`, owner: rng.pick(TABLE_CHAINS[table]), rules: [] }));
}

function fillUserChain(rng: Rng, d: TableDraft, u: UserChain): void {
  const ctx: RuleContext = { table: d.table, hook: u.owner, inUserChain: true, callable: [], stateless: d.stateless };
  const n = rng.int(1, 3);
  for (let k = 0; k < n; k++) u.rules.push(randomRule(rng, ctx));
}

function chainRules(rng: Rng, d: TableDraft, chain: Builtin, plans: readonly NatPlan[]): string[] {
  const owned = d.users.filter((u) => u.owner === chain).map((u) => u.name);
  const ctx: RuleContext = { table: d.table, hook: chain, inUserChain: false, callable: owned, stateless: d.stateless };
  const rules: string[] = [];
  if (d.table === "filter" && chain !== "OUTPUT" && !d.stateless && rng.chance(0.5)) rules.push(...stateful(rng));
  const random = Array.from({ length: rng.int(0, d.table === "filter" ? 4 : 2) }, () => randomRule(rng, ctx));
  const planned = d.table === "nat" ? plans.flatMap((p) => p.rules.filter((r) => r.chain === chain).map((r) => r.rule)) : [];
  const cut = rng.int(0, Math.min(1, random.length));
  rules.push(...random.slice(0, cut), ...planned, ...random.slice(cut));
  // Every user chain is called from its owner, from a random position.
  for (const name of owned) {
    if (rules.some((r) => r.endsWith(` ${name}`))) continue;
    const m = randomMatches(rng, ctx).text;
    rules.splice(rng.int(0, rules.length), 0, `${m === "" ? "" : `${m} `}${rng.chance(0.2) ? "-g" : "-j"} ${name}`);
  }
  return rules;
}

function draftTable(rng: Rng, table: Table, plans: readonly NatPlan[], stateless: boolean): TableDraft {
  const d: TableDraft = { table, stateless, policies: new Map(), rules: new Map(), users: userChains(rng, table) };
  for (const u of d.users) fillUserChain(rng, d, u);
  for (const chain of TABLE_CHAINS[table]) {
    d.policies.set(chain, policyFor(rng, table, chain));
    d.rules.set(chain, chainRules(rng, d, chain, plans));
  }
  return d;
}

function render(d: TableDraft): string {
  const lines = [`*${d.table}`];
  for (const chain of TABLE_CHAINS[d.table]) lines.push(`:${chain} ${d.policies.get(chain) ?? "ACCEPT"} [0:0]`);
  for (const u of d.users) lines.push(`:${u.name} - [0:0]`);
  for (const chain of TABLE_CHAINS[d.table]) for (const r of d.rules.get(chain) ?? []) lines.push(`-A ${chain} ${r}`);
  for (const u of d.users) for (const r of u.rules) lines.push(`-A ${u.name} ${r}`);
  lines.push("COMMIT");
  return lines.join("\n") + "\n";
}

/**
 * The ruleset text of a case. A stateless one (no NAT planned then) has only filter and
 * mangle rules that need no conntrack, so the dut's kernel tracks nothing (an empty nat
 * table does not start it either).
 */
export function randomRuleset(rng: Rng, plans: readonly NatPlan[], stateless: boolean): string {
  const tables: Table[] = [];
  if (!stateless && rng.chance(0.25)) tables.push("raw");
  if (rng.chance(0.35)) tables.push("mangle");
  if (plans.length > 0 || rng.chance(stateless ? 0.2 : 0.35)) tables.push("nat");
  tables.push("filter");
  return tables.map((t) => render(stateless && t === "nat" ? emptyNat() : draftTable(rng, t, plans, stateless))).join("");
}

function emptyNat(): TableDraft {
  const policies = new Map(TABLE_CHAINS.nat.map((c) => [c, "ACCEPT" as const]));
  return { table: "nat", stateless: true, policies, rules: new Map(), users: [] };
}
