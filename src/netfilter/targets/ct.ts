// -j CT (libxt_CT.c, revision 2 as iptables 1.8.9 picks it against current kernels; kernel
// net/netfilter/xt_CT.c): in the raw table, before conntrack looks at the packet, either mark
// it untracked (--notrack) or attach a template that the new connection inherits (zone,
// helper, timeout policy, event masks).
import type { ConntrackView, CtTemplateEffect, EvalContext } from "../context.ts";
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import type { IpPart } from "../rule.ts";
import { strtoul } from "../xtparse.ts";

export interface CtData {
  notrack: boolean;
  /** XT_CT_NOTRACK_ALIAS: written as `-j NOTRACK`, and saved and listed under that name. */
  alias: boolean;
  /** Conntrack helper name, at most 15 characters (helper[16]); "" for none. */
  helper: string;
  /** Timeout policy name, at most 31 characters (timeout[32]); "" for none. */
  timeout: string;
  /** Event names in ct_event_tbl order (the order of their IPCT_* bits). */
  ctEvents: string[];
  expEvents: string[];
  zone: number;
  /** XT_CT_ZONE_DIR_ORIG, XT_CT_ZONE_DIR_REPL, XT_CT_ZONE_MARK: set by the zone options, never cleared. */
  zoneOrig: boolean;
  zoneReply: boolean;
  zoneMark: boolean;
}

/** ct_event_tbl and exp_event_tbl of libxt_CT.c. */
const CT_EVENTS = ["new", "related", "destroy", "reply", "assured", "protoinfo", "helper", "mark", "natseqinfo", "secmark"] as const;
const EXP_EVENTS = ["new"] as const;

/** Helpers the kernel has (nf_conntrack_{ftp,tftp,irc,sip,amanda,h323,pptp,sane,snmp,netbios_ns}.c, nf_nat_snmp_basic.c), by protocol. */
const HELPERS: Readonly<Record<string, readonly number[]>> = {
  ftp: [6], tftp: [17], irc: [6], sip: [17, 6], amanda: [17], "Q.931": [6], RAS: [17],
  pptp: [6], sane: [6], snmp: [17], snmp_trap: [17], "netbios-ns": [17],
};

export function emptyCt(): CtData {
  return {
    notrack: false, alias: false, helper: "", timeout: "", ctEvents: [], expEvents: [],
    zone: 0, zoneOrig: false, zoneReply: false, zoneMark: false,
  };
}

/** ct_parse_events: comma-separated names, each exactly one of the table's. */
function parseEvents(table: readonly string[], arg: string): string[] {
  const given = arg.split(",");
  for (const name of given) {
    if (!table.includes(name)) throw parameterProblem(`Unknown event type "${name}"`);
  }
  return table.filter((name) => given.includes(name));
}

/** ct_parse_zone_id: "mark" (any case) or a number 0-65535; each zone option resets the id. */
function parseZone(option: string, arg: string, d: CtData): CtData {
  const next = {
    ...d,
    zone: 0,
    zoneOrig: d.zoneOrig || option === "zone-orig",
    zoneReply: d.zoneReply || option === "zone-reply",
  };
  if (arg.toLowerCase() === "mark") return { ...next, zoneMark: true };
  const num = strtoul(arg);
  if (num === undefined || num.rest !== "" || num.value > 0xffff) {
    throw parameterProblem(`Cannot parse ${arg} as a zone ID`);
  }
  return { ...next, zone: num.value };
}

function parseCt(option: string, arg: string, d: CtData): CtData {
  switch (option) {
    case "notrack":
      return { ...d, notrack: true };
    case "helper":
      return { ...d, helper: arg.slice(0, 15) };
    case "timeout":
      return { ...d, timeout: arg.slice(0, 31) };
    case "ctevents":
      return { ...d, ctEvents: parseEvents(CT_EVENTS, arg) };
    case "expevents":
      return { ...d, expEvents: parseEvents(EXP_EVENTS, arg) };
    default:
      return parseZone(option, arg, d);
  }
}

/** The rule's protocol as xt_ct_find_proto sees it: none when absent or inverted. */
function ruleProto(ip: IpPart): number {
  return ip.proto === undefined || ip.proto.invert ? 0 : ip.proto.num;
}

/** xt_ct_tg_check: a template needs its helper to exist for the rule's protocol and its timeout policy to exist. */
function checkCt(d: CtData, ip: IpPart): string | undefined {
  if (d.notrack) return undefined;
  const proto = ruleProto(ip);
  if (d.helper !== "" && !(Object.hasOwn(HELPERS, d.helper) && HELPERS[d.helper]?.includes(proto))) return "ENOENT";
  // nfsim keeps no timeout policies (nfct timeout add), so every name is missing.
  if (d.timeout !== "") return proto === 0 ? "EINVAL" : "ENOENT";
  return undefined;
}

/** ct_print_zone_id: " zone", "-orig"/"-reply" when exactly one direction, then "mark" or the id. */
function zoneText(label: string, d: CtData): string {
  if (!d.zoneMark && d.zone === 0) return "";
  const dir = d.zoneOrig && !d.zoneReply ? "-orig" : d.zoneReply && !d.zoneOrig ? "-reply" : "";
  return ` ${label}${dir} ${d.zoneMark ? "mark" : String(d.zone)}`;
}

/**
 * xt_CT.c registers revisions 1 and 2 with the usersize of revision 0's struct (32 bytes), so
 * the kernel dumps only the first 4 bytes of timeout[32]: iptables lists and saves at most 4
 * characters of the name, while the kernel keeps and uses the whole of it.
 */
const DUMPED_TIMEOUT = 4;

/** What ct_save_v1 and ct_print_v1 share, options named with `dash` ("--" or ""). */
function ctOptions(d: CtData, dash: string): string {
  let out = d.notrack ? ` ${dash}notrack` : "";
  if (d.helper !== "") out += ` ${dash}helper ${d.helper}`;
  if (d.timeout !== "") out += ` ${dash}timeout ${d.timeout.slice(0, DUMPED_TIMEOUT)}`;
  if (d.ctEvents.length > 0) out += ` ${dash}ctevents ${d.ctEvents.join(",")}`;
  if (d.expEvents.length > 0) out += ` ${dash}expevents ${d.expEvents.join(",")}`;
  return out + zoneText(`${dash}zone`, d);
}

export function ctSave(d: CtData): string {
  return d.alias ? "" : ctOptions(d, "--");
}

export function ctPrint(d: CtData): string {
  return d.alias ? " NOTRACK" : ` CT${ctOptions(d, "")}`;
}

export function ctAlias(d: CtData): string {
  return d.alias ? "NOTRACK" : "CT";
}

/** The untracked pseudo-entry later matches see (IP_CT_UNTRACKED): `--ctstate UNTRACKED`. */
const UNTRACKED: ConntrackView = { state: "UNTRACKED", dir: "ORIGINAL", status: [], mark: 0, expires: 0 };

function template(d: CtData): CtTemplateEffect {
  return {
    kind: "ct",
    zone: d.zoneMark ? "mark" : d.zone,
    zoneDir: d.zoneOrig && !d.zoneReply ? "original" : d.zoneReply && !d.zoneOrig ? "reply" : "both",
    ...(d.helper !== "" ? { helper: d.helper } : {}),
    ...(d.timeout !== "" ? { timeout: d.timeout } : {}),
    ctEvents: d.ctEvents,
    expEvents: d.expEvents,
  };
}

/** xt_ct_target: a packet that already has conntrack state (seen before, as on loopback) is left alone. */
export function ctAct(d: CtData, ctx: EvalContext): "continue" {
  if (ctx.packet.ct !== undefined) return "continue";
  if (d.notrack) {
    ctx.effects.push({ kind: "notrack" });
    ctx.packet.ct = { ...UNTRACKED, status: [] };
  } else {
    ctx.effects.push(template(d));
  }
  return "continue";
}

export const ct = defineTarget<CtData>({
  name: "CT",
  options: [
    { name: "notrack", arg: "none" },
    { name: "helper", arg: "required" },
    { name: "timeout", arg: "required" },
    { name: "ctevents", arg: "required" },
    { name: "expevents", arg: "required" },
    { name: "zone-orig", arg: "required" },
    { name: "zone-reply", arg: "required" },
    { name: "zone", arg: "required" },
  ],
  init: emptyCt,
  parse: ({ option, arg = "", data }) => parseCt(option, arg, data),
  // xt_CT.c registers every revision for the raw table only.
  allowed: { tables: ["raw"] },
  check: (d, _where, ip) => checkCt(d, ip),
  alias: ctAlias,
  save: ctSave,
  print: ctPrint,
  act: ctAct,
});
