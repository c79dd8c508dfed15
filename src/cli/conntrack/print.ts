// The lines conntrack prints: an entry as listed (formatEntry of src/conntrack/format.ts),
// fetched with -G, or told by an event (ctnetlink_conntrack_event carries no use count,
// and the mark only when set or changed), and the statistics of -S.
import { formatEntry, secondsLeft, type CtEntry } from "../../conntrack/index.ts";
import type { CtEvent } from "../../conntrack/events.ts";
import { CT_STAT_NAMES, ctStat, EXP_STAT_NAMES } from "../../conntrack/stats.ts";
import type { CtTable } from "../../conntrack/table.ts";
import { saveLine } from "./save.ts";
import { xmlFlow } from "./xml.ts";

const XML_TYPES = { NEW: "new", UPDATE: "update", DESTROY: "destroy" } as const;

export interface OutputFlags {
  readonly extended: boolean;
  readonly id: boolean;
  readonly xml: boolean;
  /** -o save: entries as the conntrack commands that make them (save.ts). */
  readonly save: boolean;
  /** -o ktimestamp: an entry's start (and stop) dates. */
  readonly ktimestamp: boolean;
  /** Wall-clock ms at virtual time 0, for the timestamps. */
  readonly epochMs: number;
}

/** The flags of -o, and the wall clock the command reads (`epochMs`: its time at virtual 0). */
export function outputFlags(output: ReadonlySet<string>, epochMs = 0): OutputFlags {
  return {
    extended: output.has("extended"), id: output.has("id"), xml: output.has("xml"), save: output.has("save"),
    ktimestamp: output.has("ktimestamp"), epochMs,
  };
}

function xmlTimes(out: OutputFlags, stop?: number): { epochMs: number; ktimestamp: boolean; stop?: number } {
  return { epochMs: out.epochMs, ktimestamp: out.ktimestamp, ...(stop !== undefined ? { stop } : {}) };
}

export function listLine(e: CtEntry, now: number, out: OutputFlags): string {
  if (out.save) return saveLine(e, now, "NEW");
  return out.xml ? xmlFlow(e, now, { use: 1, mark: true, ...xmlTimes(out) }) : `${formatEntry(e, now, out)}\n`;
}

/** ctnetlink_get_conntrack holds a reference while it answers: the entry shows use=2. */
export function getLine(e: CtEntry, now: number, out: OutputFlags): string {
  if (out.save) return saveLine(e, now, "NEW");
  return out.xml ? xmlFlow(e, now, { use: 2, mark: true, ...xmlTimes(out) }) : listLine(e, now, out).replace(/ use=1(?= |\n)/, " use=2");
}

/** "%9s " of the event type, then the entry as the event message has it. */
export function eventLine(ev: CtEvent, now: number, out: OutputFlags, when?: Date): string {
  const user = ev.portid !== undefined ? ` [USERSPACE] portid=${String(ev.portid)}` : "";
  const mark = ev.entry.mark !== 0 || ev.markChanged;
  // event_cb: -o save replaces the entry's text, [USERSPACE] still follows; a destroy
  // event of an expired entry carries no timeout.
  if (out.save) return `${saveLine(ev.entry, now, ev.type, ev.type !== "DESTROY" || secondsLeft(ev.entry, now) !== 0).slice(0, -1)}${user}\n`;
  // ctnetlink_conntrack_event sends the timestamp only in a destroy event, stopped then.
  const destroy = ev.type === "DESTROY";
  if (out.xml) {
    const times = destroy ? xmlTimes(out, now) : { timestamps: false };
    return `${xmlFlow(ev.entry, now, { type: XML_TYPES[ev.type], mark, ...times, ...(when !== undefined ? { when } : {}) }).slice(0, -1)}${user}\n`;
  }
  let line = formatEntry(ev.entry, now, destroy ? { ...out, stop: now } : { ...out, timestamps: false }).replace(/ use=1(?= |$)/, "");
  // ctnetlink_dump_timeout skips a zero timeout in a destroy event (an entry that expired).
  if (ev.type === "DESTROY" && secondsLeft(ev.entry, now) === 0) line = line.replace(/^((?:ipv4 +2 )?\S+ +\d+ )0 /, "$1");
  if (!mark) line = line.replace(/ mark=0(?= |$)/, "");
  return `${`[${ev.type}]`.padStart(9)} ${line}${user}\n`;
}

/**
 * nfct_stats_cb (or nfexp_stats_cb for `-S expect`): one line per CPU, and nfsim has one:
 * the table's counters (stats.ts).
 */
export function statsText(table: CtTable, expect: boolean): string {
  const names = expect ? EXP_STAT_NAMES : CT_STAT_NAMES;
  return `${"cpu=0".padEnd(8)}\t${names.map((f) => `${f}=${String(ctStat(table, f))} `).join("")}\n`;
}

/** -o timestamp on events: "[%-.8ld.%-.6ld]\t" of gettimeofday. */
export function timestampPrefix(us: number): string {
  const sec = Math.floor(us / 1e6);
  return `[${String(sec).padStart(8, "0")}.${String(us % 1e6).padStart(6, "0")}]\t`;
}
