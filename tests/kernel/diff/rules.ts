// Random rules for the generated rulesets: the matches and targets nfsim supports, each
// only where the kernel takes it (xt_* checkentry hooks, iptables' -i/-o per chain), so
// that iptables-restore on the dut never refuses a generated ruleset.
import type { Rng } from "./rng.ts";

export type Table = "raw" | "mangle" | "nat" | "filter";
export type Builtin = "PREROUTING" | "INPUT" | "FORWARD" | "OUTPUT" | "POSTROUTING";

export const TABLE_CHAINS: Readonly<Record<Table, readonly Builtin[]>> = {
  raw: ["PREROUTING", "OUTPUT"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  filter: ["INPUT", "FORWARD", "OUTPUT"],
};

/** Where a rule runs: its table, the built-in chain it is reached from, whether RETURN and user chains are open to it. */
export interface RuleContext {
  readonly table: Table;
  readonly hook: Builtin;
  readonly inUserChain: boolean;
  readonly callable: readonly string[];
  /** No extension that needs conntrack (nf_ct_netns_get): the dut then tracks nothing at all. */
  readonly stateless: boolean;
}

const ADDRESSES = ["10.0.1.2", "10.0.2.2", "10.0.1.1", "10.0.2.1", "10.0.1.0/24", "10.0.2.0/24", "192.0.2.0/24", "10.0.0.0/16"];
const IFACES = ["eth0", "eth1", "lo", "eth+"];
const PORTS = [22, 53, 80, 443, 8080, 5000];
const STATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"];
const ICMP_TYPES = ["echo-request", "echo-reply", "destination-unreachable", "port-unreachable", "time-exceeded", "8/0"];
const MARKS = ["0x1", "0x2", "0x10", "0x1/0x1", "0x10/0xf0"];

// iptables refuses -i in OUTPUT/POSTROUTING and -o in PREROUTING/INPUT.
const canIn = (h: Builtin) => h === "PREROUTING" || h === "INPUT" || h === "FORWARD";
const canOut = (h: Builtin) => h === "FORWARD" || h === "OUTPUT" || h === "POSTROUTING";

function not(rng: Rng): string {
  return rng.chance(0.15) ? "! " : "";
}

function addressMatch(rng: Rng): string {
  return `${not(rng)}${rng.pick(["-s", "-d"])} ${rng.pick(ADDRESSES)}`;
}

function ifaceMatch(rng: Rng, hook: Builtin): string | undefined {
  const dirs = [...(canIn(hook) ? ["-i"] : []), ...(canOut(hook) ? ["-o"] : [])];
  if (dirs.length === 0) return undefined;
  return `${not(rng)}${rng.pick(dirs)} ${rng.pick(IFACES)}`;
}

function portList(rng: Rng): string {
  return [...new Set([rng.pick(PORTS), rng.pick(PORTS), rng.pick(PORTS)])].join(",");
}

function tcpOptions(rng: Rng): string {
  switch (rng.int(0, 5)) {
    case 0: return `-m tcp ${not(rng)}--dport ${String(rng.pick(PORTS))}`;
    case 1: return `-m tcp --sport ${rng.pick(["1024:65535", "80", "40000:40999"])}`;
    case 2: return `-m tcp ${not(rng)}--syn`;
    case 3: return `-m tcp --tcp-flags ${rng.pick(["SYN,ACK SYN,ACK", "FIN,SYN,RST,ACK ACK", "RST RST", "ALL FIN,ACK"])}`;
    case 4: return `-m multiport --${rng.pick(["dports", "sports", "ports"])} ${portList(rng)}`;
    default: return "";
  }
}

/** A protocol match with its options; the protocol is what a REJECT or NAT port option needs. */
export function protoMatch(rng: Rng): { proto: "tcp" | "udp" | "icmp"; text: string } {
  const proto = rng.pick(["tcp", "tcp", "udp", "icmp"] as const);
  if (proto === "tcp") return { proto, text: `-p tcp ${tcpOptions(rng)}`.trim() };
  if (proto === "udp") {
    const opt = rng.pick([`-m udp --dport ${String(rng.pick(PORTS))}`, `-m multiport --dports ${portList(rng)}`, `-m udp --sport 40000:40999`, ""]);
    return { proto, text: `-p udp ${opt}`.trim() };
  }
  return { proto, text: `-p icmp${rng.chance(0.7) ? ` -m icmp --icmp-type ${rng.pick(ICMP_TYPES)}` : ""}` };
}

function stateList(rng: Rng, extra: readonly string[] = []): string {
  const all = [...STATES, ...extra];
  const chosen = rng.some(all, 0.3);
  return (chosen.length > 0 ? chosen : [rng.pick(all)]).join(",");
}

/** A conntrack, state, mark or connmark match. */
function moduleMatch(rng: Rng, stateless: boolean): string {
  const ct = stateless ? 0 : 1;
  switch (rng.weighted({ ctstate: 5 * ct, state: 2 * ct, ctmore: 3 * ct, mark: 2, connmark: 2 * ct })) {
    case "ctstate": return `-m conntrack ${not(rng)}--ctstate ${stateList(rng, ["SNAT", "DNAT"])}`;
    case "state": return `-m state ${not(rng)}--state ${stateList(rng)}`;
    case "ctmore": return `-m conntrack ${rng.pick([
      `--ctstatus ${rng.pick(["ASSURED", "SEEN_REPLY", "CONFIRMED", "EXPECTED"])}`,
      `--ctdir ${rng.pick(["ORIGINAL", "REPLY"])}`,
      `--ctproto ${rng.pick(["tcp", "udp", "icmp"])}`,
      `${not(rng)}--ctorigsrc ${rng.pick(ADDRESSES)}`,
      `--ctorigdst ${rng.pick(ADDRESSES)}`,
      `--ctreplsrc ${rng.pick(ADDRESSES)}`,
      `--ctrepldst ${rng.pick(ADDRESSES)}`,
      `--ctorigdstport ${String(rng.pick(PORTS))}`,
    ])}`;
    case "mark": return `-m mark ${not(rng)}--mark ${rng.pick(MARKS)}`;
    case "connmark": return `-m connmark --mark ${rng.pick(MARKS)}`;
  }
}

export interface Matches {
  readonly text: string;
  readonly proto?: "tcp" | "udp" | "icmp";
}

/** Zero to three matches for a rule in `ctx`. */
export function randomMatches(rng: Rng, ctx: RuleContext): Matches {
  const parts: string[] = [];
  let proto: "tcp" | "udp" | "icmp" | undefined;
  if (rng.chance(0.5)) {
    const p = protoMatch(rng);
    proto = p.proto;
    parts.push(p.text);
  }
  if (rng.chance(0.3)) parts.push(addressMatch(rng));
  if (rng.chance(0.25)) {
    const i = ifaceMatch(rng, ctx.hook);
    if (i !== undefined) parts.push(i);
  }
  if (rng.chance(0.4)) parts.push(moduleMatch(rng, ctx.stateless));
  return { text: parts.join(" "), ...(proto !== undefined ? { proto } : {}) };
}

const REJECT_WITH = ["icmp-port-unreachable", "icmp-net-unreachable", "icmp-host-unreachable", "icmp-proto-unreachable",
  "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited"];

function rejectTarget(rng: Rng, proto: string | undefined): string {
  if (proto === "tcp" && rng.chance(0.5)) return "REJECT --reject-with tcp-reset";
  return rng.chance(0.4) ? "REJECT" : `REJECT --reject-with ${rng.pick(REJECT_WITH)}`;
}

function markTarget(rng: Rng): string {
  return rng.pick([
    `MARK --set-xmark ${rng.pick(["0x1", "0x2", "0x10"])}/0xffffffff`,
    `MARK --set-mark ${rng.pick(["0x1", "0x3"])}`,
    `MARK --or-mark ${rng.pick(["0x1", "0x10"])}`,
  ]);
}

function connmarkTarget(rng: Rng): string {
  return rng.pick(["CONNMARK --set-mark 0x10", "CONNMARK --set-xmark 0x2/0xff", "CONNMARK --save-mark", "CONNMARK --restore-mark"]);
}

/** A NAT target valid in `hook`; port options only after -p tcp/udp, as the kernel requires. */
function natTarget(rng: Rng, hook: Builtin, proto: string | undefined): string | undefined {
  const ports = proto === "tcp" || proto === "udp";
  if (hook === "PREROUTING" || hook === "OUTPUT") {
    if (ports && rng.chance(0.3)) return `REDIRECT --to-ports ${rng.pick(["8081", "22"])}`;
    const to = rng.pick(["10.0.2.2", "10.0.1.2", hook === "OUTPUT" ? "10.0.2.2" : "10.0.1.1"]);
    return `DNAT --to-destination ${to}${ports && rng.chance(0.4) ? rng.pick([":80", ":8000-8002"]) : ""}`;
  }
  if (hook === "POSTROUTING" && rng.chance(0.4)) return "MASQUERADE";
  if (hook === "POSTROUTING" || hook === "INPUT") return `SNAT --to-source ${rng.pick(["10.0.2.1", "10.0.1.1"])}`;
  return undefined;
}

/** The target of a random rule in `ctx`, given the protocol its matches fixed. */
export function randomTarget(rng: Rng, ctx: RuleContext, proto: string | undefined): string {
  const jump = ctx.callable.length > 0 ? 2 : 0;
  const ret = ctx.inUserChain ? 2 : 0;
  const ct = ctx.stateless ? 0 : 1;
  switch (ctx.table) {
    case "raw":
      return pickTarget(rng, ctx, { "CT --notrack": 3 * ct, ACCEPT: 1, MARK: 2, LOG: 1, jump, RETURN: ret, DROP: 0.3 }, proto);
    case "mangle":
      return pickTarget(rng, ctx, { MARK: 3, CONNMARK: 3 * ct, ACCEPT: 1, LOG: 1, jump, RETURN: ret, DROP: 0.3 }, proto);
    case "nat":
      // ACCEPT (or RETURN) here ends NAT for the connection: a binding of nothing.
      if (rng.chance(0.35)) return ctx.inUserChain && rng.chance(0.5) ? "RETURN" : "ACCEPT";
      return natTarget(rng, ctx.hook, proto) ?? "ACCEPT";
    case "filter":
      return pickTarget(rng, ctx, { ACCEPT: 4, DROP: 2, REJECT: 2, LOG: 1, MARK: 1, CONNMARK: ct, jump, RETURN: ret }, proto);
  }
}

function pickTarget(rng: Rng, ctx: RuleContext, weights: Readonly<Record<string, number>>, proto: string | undefined): string {
  const t = rng.weighted(weights);
  switch (t) {
    case "MARK": return markTarget(rng);
    case "CONNMARK": return connmarkTarget(rng);
    case "REJECT": return rejectTarget(rng, proto);
    case "LOG": return `LOG --log-prefix "dx ${ctx.table} "`;
    case "jump": return `${rng.chance(0.2) ? "GOTO " : ""}${rng.pick(ctx.callable)}`;
    default: return t;
  }
}

/** One rule's text after `-A CHAIN`: matches, then `-j TARGET` (or `-g CHAIN`). */
export function randomRule(rng: Rng, ctx: RuleContext): string {
  let m = randomMatches(rng, ctx);
  // A NAT rule that matches everything would leave the planned NAT nothing to do.
  while (ctx.table === "nat" && m.text === "") m = randomMatches(rng, ctx);
  const t = randomTarget(rng, ctx, m.proto);
  const verdict = t.startsWith("GOTO ") ? `-g ${t.slice(5)}` : `-j ${t}`;
  return m.text === "" ? verdict : `${m.text} ${verdict}`;
}
