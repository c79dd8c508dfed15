// pf's kernel side as data (xnu pf_ioctl.c, pf_ruleset.c, pf_table.c): anchors found or
// created by path, ruleset transactions that replace an anchor's rules at once, tables that
// live while they are persistent or referenced, the defaults a Mac boots with.
import { inPrefix, type PfAddr } from "./addr.ts";
import { REASON_NAMES } from "./names.ts";
import { RULESET_KINDS, type PfRule, type PfRuleset, type PfState, type PfTable, type RulesetKind } from "./types.ts";

/** The timeouts pfctl_init_options() loads with every ruleset on macOS (as `pfctl -s timeouts` shows them). */
export const DEFAULT_TIMEOUTS: Readonly<Record<string, number>> = {
  "tcp.first": 120, "tcp.opening": 30, "tcp.established": 86400, "tcp.closing": 900, "tcp.finwait": 45,
  "tcp.closed": 90, "tcp.tsdiff": 60, "udp.first": 60, "udp.single": 30, "udp.multiple": 120,
  "icmp.first": 20, "icmp.error": 10, "grev1.first": 120, "grev1.initiating": 30, "grev1.estblished": 1800,
  "esp.first": 120, "esp.estblished": 900, "other.first": 60, "other.single": 30, "other.multiple": 120,
  frag: 30, interval: 10, "adaptive.start": 6000, "adaptive.end": 12000, "src.track": 0,
};

/** PFSTATE_HIWAT and friends (pfvar.h), as `pfctl -s memory` shows them. */
export const DEFAULT_LIMITS: Readonly<Record<string, number>> = {
  states: 10000, "app-states": 10000, "src-nodes": 10000, frags: 5000, tables: 1000, "table-entries": 200000,
};

export function emptyRuleset(): PfRuleset {
  return { rules: { scrub: [], nat: [], rdr: [], binat: [], filter: [], dummynet: [] }, tables: {} };
}

/** pf at boot, before /etc/pf.conf is loaded: disabled, no rules. */
export function newPfState(): PfState {
  return {
    running: false,
    debug: "urgent",
    hostid: 0,
    anchors: { "": emptyRuleset() },
    states: [],
    nextStateId: 1,
    counters: { reasons: REASON_NAMES.map(() => 0), fcounters: [0, 0, 0], scounters: [0, 0, 0], lcounters: [0, 0, 0, 0, 0, 0, 0] },
    timeouts: { ...DEFAULT_TIMEOUTS },
    limits: { ...DEFAULT_LIMITS },
    skip: [],
    tokens: [],
  };
}

export function timeoutOf(pf: PfState, name: string): number {
  return pf.timeouts[name] ?? DEFAULT_TIMEOUTS[name] ?? 0;
}

/** pf_find_or_create_ruleset(): the anchor and every anchor above it. */
export function findOrCreate(pf: PfState, path: string): PfRuleset {
  const parts = path === "" ? [] : path.split("/");
  for (let i = 1; i <= parts.length; i++) pf.anchors[parts.slice(0, i).join("/")] ??= emptyRuleset();
  return (pf.anchors[path] ??= emptyRuleset());
}

/** Direct children of an anchor path, sorted as the kernel's red-black tree walks them. */
export function childAnchors(pf: PfState, path: string): string[] {
  const prefix = path === "" ? "" : `${path}/`;
  return Object.keys(pf.anchors)
    .filter((p) => p !== "" && p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
    .sort();
}

function anchorRefs(pf: PfState): Set<string> {
  const refs = new Set<string>();
  for (const rs of Object.values(pf.anchors)) {
    for (const kind of RULESET_KINDS) for (const r of rs.rules[kind]) if (r.anchor) refs.add(r.anchor.path);
  }
  return refs;
}

/** Tables a rule of any anchor refers to, by the anchor the reference resolves in. */
export function tableRefs(pf: PfState): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  const add = (anchor: string, name: string) => (refs.get(anchor) ?? refs.set(anchor, new Set()).get(anchor))?.add(name);
  for (const [path, rs] of Object.entries(pf.anchors)) {
    for (const kind of RULESET_KINDS) {
      for (const r of rs.rules[kind]) {
        for (const a of [r.src.addr, r.dst.addr, ...(r.rpool?.addrs.map((x) => x.addr) ?? [])]) if (a.type === "table") add(path, a.name);
        if (r.stateOpts?.overload) add(path, r.stateOpts.overload.table);
      }
    }
  }
  return refs;
}

/** pfr_setflags_ktable(): a table that is neither persistent nor referenced goes away. */
export function collectTables(pf: PfState): void {
  const refs = tableRefs(pf);
  for (const [path, rs] of Object.entries(pf.anchors)) {
    for (const name of Object.keys(rs.tables)) {
      const t = rs.tables[name];
      if (t !== undefined && !t.persist && !refs.get(path)?.has(name)) delete rs.tables[name];
    }
  }
}

/** pf_remove_if_empty_ruleset(): anchors with no rules, tables, children or callers. */
export function collectAnchors(pf: PfState): void {
  const refs = anchorRefs(pf);
  const paths = Object.keys(pf.anchors).sort((a, b) => b.length - a.length);
  for (const path of paths) {
    const rs = pf.anchors[path];
    if (path === "" || rs === undefined) continue;
    const empty = RULESET_KINDS.every((k) => rs.rules[k].length === 0) && Object.keys(rs.tables).length === 0;
    if (empty && !refs.has(path) && childAnchors(pf, path).length === 0) delete pf.anchors[path];
  }
}

/** Creates the anchors that anchor rules call (the kernel does so when the rule is added). */
export function createCalledAnchors(pf: PfState): void {
  for (const path of anchorRefs(pf)) if (path !== "") findOrCreate(pf, path);
}

/** Renumbers each ruleset from 0, as DIOCADDRULE numbers rules in a transaction. */
export function numberRules(rules: PfRule[], pid?: number): PfRule[] {
  return rules.map((r, nr) => ({
    ...r,
    nr,
    counters: { evaluations: 0, packets: [0, 0], bytes: [0, 0], statesCur: 0, statesTot: 0 },
    ...(pid !== undefined ? { cpid: pid } : {}),
  }));
}

/** DIOCXCOMMIT of the given kinds of one anchor. */
export function commitRules(pf: PfState, path: string, kinds: readonly RulesetKind[], rules: Record<RulesetKind, PfRule[]>, pid?: number): void {
  const rs = findOrCreate(pf, path);
  for (const k of kinds) rs.rules[k] = numberRules(rules[k], pid);
}

export function newTable(name: string, now: number): PfTable {
  return { name, persist: false, isConst: false, entries: [], tzero: now, packets: [0, 0, 0, 0, 0, 0], bytes: [0, 0, 0, 0, 0, 0], match: 0, nomatch: 0 };
}

/** The table a rule in `anchor` uses: its own if active there, else the main ruleset's. */
export function resolveTable(pf: PfState, anchor: string, name: string): PfTable | undefined {
  return pf.anchors[anchor]?.tables[name] ?? pf.anchors[""]?.tables[name];
}

/** pfr_match_addr(): longest-prefix match; a negated entry means "not in the table". */
export function tableLookup(t: PfTable, addr: PfAddr): PfTable["entries"][number] | undefined {
  let best: PfTable["entries"][number] | undefined;
  for (const e of t.entries) {
    if (e.addr.af !== addr.af || !inPrefix(addr, e.addr, e.bits)) continue;
    if (best === undefined || e.bits > best.bits) best = e;
  }
  return best;
}

export function tableMatch(t: PfTable, addr: PfAddr): boolean {
  const e = tableLookup(t, addr);
  return e !== undefined && !e.not;
}
