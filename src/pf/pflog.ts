// pflog: what pf hands to the pflog0 interface for a logged packet (xnu bsd/net/if_pflog.c
// pflog_packet, net/if_pflog.h struct pfloghdr), and the line tcpdump prints for that header
// (print-pflog.c pflog_print). pf_test_rule logs the packet a rule with `log` decided (after
// translation); a state made by a `log (all)` rule logs every later packet of it too.
import type { Ipv4Packet } from "../wire/packet.ts";
import type { PfRule, PflogSource } from "./types.ts";

export interface PflogRecord extends PflogSource {
  /** PFRES_*: 0 (match) for what a rule logged. */
  readonly reason: number;
  readonly dir: "in" | "out";
  readonly ifname: string;
  readonly packet: Ipv4Packet;
}

/** pf_actions of print-pflog.c, by pf's action word. */
const ACTION_WORDS: Readonly<Record<string, string>> = {
  pass: "pass", block: "block", scrub: "scrub", "no scrub": "noscrub", nat: "nat", "no nat": "nonat",
  binat: "binat", "no binat": "nobinat", rdr: "rdr", "no rdr": "nordr",
};

/** pflog_packet's rule fields: am given when rm was found inside an anchor called from the main ruleset. */
export function pflogSource(rm: PfRule, anchorPath: string, am: PfRule | undefined): PflogSource {
  const inAnchor = am !== undefined && anchorPath !== "";
  return {
    action: ACTION_WORDS[rm.action] ?? rm.action,
    rulenr: inAnchor ? am.nr : rm.nr,
    subrulenr: inAnchor ? rm.nr : -1,
    // ruleset->anchor->name: the last part of the path.
    ruleset: inAnchor ? (anchorPath.split("/").at(-1) ?? "") : "",
    logif: rm.log?.logif ?? 0,
  };
}

export function pflogRecord(src: PflogSource, dir: "in" | "out", ifname: string, packet: Ipv4Packet): PflogRecord {
  return { ...src, reason: 0, dir, ifname, packet };
}

/** pf_reasons of print-pflog.c (PFRES_NAMES with the number first). */
const REASONS = ["match", "bad-offset", "fragment", "short", "normalize", "memory", "bad-timestamp", "congestion", "ip-option", "proto-cksum", "state-mismatch", "state-insert", "state-limit", "src-limit", "synproxy"];

/** pflog_print: "rule 0/0(match): block in on en0: " (with -e, before the packet). */
export function pflogHeaderText(r: PflogRecord): string {
  const rule = r.subrulenr === -1 ? `rule ${String(r.rulenr)}/` : `rule ${String(r.rulenr)}.${r.ruleset}.${String(r.subrulenr)}/`;
  const reason = REASONS[r.reason];
  const why = reason === undefined ? `unkn(${String(r.reason)})` : `${String(r.reason)}(${reason})`;
  return `${rule}${why}: ${r.action} ${r.dir} on ${r.ifname}: `;
}
