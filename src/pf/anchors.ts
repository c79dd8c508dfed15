// Anchor rules (parse.y anchorrule, pfa_anchor, loadrule) and antispoof: calls into
// named anchors with their macOS kinds, inline anchors in braces, `load anchor`.
import type { Af } from "./addr.ts";
import { expandRule, type RuleDraft } from "./expand.ts";
import type { HostNode } from "./hosts.ts";
import { filterOpts } from "./opts.ts";
import { decideAf, emptyKinds, joinPath, STATE, type Parser } from "./parse.ts";
import { SyntaxFail } from "./stream.ts";
import type { IfNode } from "./terms.ts";
import type { RulesetKind } from "./types.ts";

/** anchorrule: anchor, nat-anchor, rdr-anchor, binat-anchor, scrub-anchor, dummynet-anchor. */
export function parseAnchorRule(p: Parser): void {
  const kw = p.ts.next().text;
  const kind: Record<string, [RulesetKind, RuleDraft["action"], number]> = {
    anchor: ["filter", "pass", STATE.filter],
    "nat-anchor": ["nat", "nat", STATE.nat],
    "rdr-anchor": ["rdr", "rdr", STATE.nat],
    "binat-anchor": ["binat", "binat", STATE.nat],
    "scrub-anchor": ["scrub", "scrub", STATE.scrub],
    "dummynet-anchor": ["dummynet", "dummynet", STATE.filter],
  };
  const [rs, action, state] = kind[kw] ?? ["filter", "pass", STATE.filter];
  if (kw === "anchor") return filterAnchor(p);
  const name = p.ts.expectString();
  const dir = rs === "scrub" || rs === "dummynet" ? p.dir() : "inout";
  const ifs = p.terms.interfaces();
  const af = p.terms.af();
  const protos = p.terms.protos();
  const ft = p.terms.fromto();
  p.checkRulestate(state);
  if (rs === "rdr" && ft.src.ports) p.ts.fail("source port parameter not supported in rdr-anchor");
  if (rs === "rdr" && ft.dst.ports && ft.dst.ports.length > 1) p.ts.fail("destination port list expansion not supported in rdr-anchor");
  if (rs === "rdr" && ft.dst.ports && ft.dst.ports[0]?.op !== "=") p.ts.fail("destination port operators not supported in rdr-anchor");
  const draft: RuleDraft = {
    action, direction: dir, quick: false, af: decideAf(decideAf(af, ft.src.hosts), ft.dst.hosts),
    flags: 0, flagset: 0, tos: 0, keepState: "none", anchor: p.anchorCall(name),
  };
  p.addRules(rs, expandRule(p.ts, draft, { ifs, protos, src: ft.src, dst: ft.dst }, () => p.nextNr()));
}


/** `anchor [name] ... [{ rules }]` in the filter ruleset. */
function filterAnchor(p: Parser): void {
  const name = p.ts.peek().kind === "string" ? p.ts.expectString() : undefined;
  const dir = p.dir();
  const quick = p.ts.acceptKw("quick");
  const ifs = p.terms.interfaces();
  const af = p.terms.af();
  const protos = p.terms.protos();
  const ft = p.terms.fromto();
  const fo = filterOpts(p);
  const inline = p.ts.isPunct("{") ? inlineAnchor(p) : undefined;
  p.checkRulestate(STATE.filter);
  if (name !== undefined && (name.startsWith("_") || name.includes("/_"))) p.ts.fail("anchor names beginning with '_' are reserved for internal use");
  if (inline === undefined && name === undefined) p.ts.fail("anchors without explicit rules must specify a name");
  p.checkTcpOnly(fo, protos, ft);
  if (fo.keep) p.ts.fail("cannot specify state handling on anchors");
  const call = inline !== undefined ? placeInline(p, inline, name) : (name ?? "");
  const draft: RuleDraft = {
    action: "pass", direction: dir, quick, af: decideAf(decideAf(af, ft.src.hosts), ft.dst.hosts),
    flags: fo.flags?.[0] ?? 0, flagset: fo.flags?.[1] ?? 0, tos: fo.tos ?? 0, keepState: "none",
    ...(fo.label !== undefined ? { label: fo.label } : {}),
    ...(fo.tag !== undefined ? { tag: fo.tag } : {}),
    ...(fo.tagged ? { tagged: fo.tagged } : {}),
    ...(fo.prob !== undefined ? { prob: fo.prob } : {}),
    anchor: p.anchorCall(call),
  };
  p.addRules("filter", expandRule(p.ts, draft, { ifs, protos, icmp: fo.icmp, src: ft.src, dst: ft.dst, uids: fo.uids, gids: fo.gids }, () => p.nextNr()));
}

/** pfa_anchor: '{' '\n' rules '}' read into a holding anchor "_N". */
function inlineAnchor(p: Parser): string {
  p.ts.expectPunct("{");
  if (p.ts.peek().kind !== "nl") throw new SyntaxFail(p.ts.peek());
  p.braceCount++;
  const holding = `_${String(p.braceCount)}`;
  const path = joinPath(p.currentAnchor, holding);
  p.astack.push(path);
  p.rulesets[path] ??= emptyKinds();
  try {
    p.ts.next();
    while (!p.ts.isPunct("}")) {
      if (p.ts.peek().kind === "eof") throw new SyntaxFail(p.ts.peek());
      anchorListLine(p);
    }
    p.ts.next();
  } finally {
    p.astack.pop();
  }
  return path;
}

function anchorListLine(p: Parser): void {
  const t = p.ts.peek();
  if (t.kind === "nl") {
    p.ts.next();
    return;
  }
  if (!p.ts.isKw("pass") && !p.ts.isKw("block") && !p.ts.isKw("anchor")) throw new SyntaxFail(t);
  if (p.ts.isKw("anchor")) filterAnchor(p);
  else p.pfrule();
  const end = p.ts.peek();
  if (end.kind !== "nl") throw new SyntaxFail(end);
  p.ts.next();
}

/** Moves an inline anchor's rules from its holding name to the name it was given. */
function placeInline(p: Parser, holding: string, name: string | undefined): string {
  if (name === undefined) return holding.slice(holding.lastIndexOf("/") + 1);
  const target = p.anchorCall(name).path;
  if (target !== holding) {
    if (p.rulesets[target] !== undefined) p.ts.fail(`inline anchor '${name}' already exists`);
    const moved = p.rulesets[holding] ?? emptyKinds();
    delete p.rulesets[holding];
    p.rulesets[target] = moved;
    for (const key of Object.keys(p.rulesets)) {
      if (!key.startsWith(`${holding}/`)) continue;
      p.rulesets[target + key.slice(holding.length)] = p.rulesets[key] ?? emptyKinds();
      delete p.rulesets[key];
    }
  }
  return name;
}

/** loadrule: `load anchor NAME from FILE`, read once the main ruleset has parsed. */
export function parseLoadRule(p: Parser): void {
  p.ts.next();
  p.ts.expectKw("anchor");
  const name = p.ts.expectString();
  p.ts.expectKw("from");
  const file = p.ts.expectString();
  const anchor = joinPath(p.opts.anchor, name);
  p.loadAnchors.push({ anchor, file });
}

/** antispoof [log] [quick] for if|{ifs} [af] [label ...]: block what claims the interface's networks. */
/** antispoof [log] [quick] for if|{ifs} [af] [label ...]: block what claims the interface's networks. */
export function parseAntispoof(p: Parser): void {
  p.ts.next();
  const lq = p.logquick();
  p.ts.expectKw("for");
  const ifs = p.terms.list(() => antispoofIf(p));
  const af = p.terms.af();
  const label = p.ts.acceptKw("label") ? p.ts.expectString() : undefined;
  p.checkRulestate(STATE.filter);
  for (const i of ifs) antispoofOne(p, i, lq, af, label);
}

function antispoofIf(p: Parser): IfNode {
  if (!p.ts.acceptPunct("(")) return { ...p.terms.ifItem(), not: false };
  const i = p.terms.ifItem();
  p.ts.expectPunct(")");
  return { name: i.name, not: false, dynamic: true };
}

function antispoofOne(p: Parser, i: IfNode, lq: ReturnType<Parser["logquick"]>, af: Af, label: string | undefined): void {
  const base: RuleDraft = {
    action: "block", block: { kind: "drop" }, direction: "in", ...(lq.log ? { log: lq.log } : {}), quick: lq.quick, af,
    flags: 0, flagset: 0, tos: 0, keepState: "none", ...(label !== undefined ? { label } : {}),
  };
  const nets: HostNode[] = i.dynamic
    ? [{ addr: { type: "dynif", ifname: i.name, mods: ["network"] }, not: false, af: 0 }]
    : p.terms.interfaceAddrs(i.name, true);
  if (nets.length > 0) p.addRules("filter", expandRule(p.ts, base, { ifs: [{ name: i.name, not: true }], src: { hosts: nets } }, () => p.nextNr()));
  if (p.terms.isLoopback(i.name)) return;
  const own: HostNode[] = i.dynamic ? [{ addr: { type: "dynif", ifname: i.name, mods: [] }, not: false, af: 0 }] : p.terms.interfaceAddrs(i.name, false);
  if (own.length > 0) p.addRules("filter", expandRule(p.ts, base, { src: { hosts: own } }, () => p.nextNr()));
}
