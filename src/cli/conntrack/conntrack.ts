// The conntrack frontend (conntrack-tools 1.4.7, src/conntrack.c do_command_ct and
// print_stats) over the namespace's connection table: list, get, delete, flush, update
// the mark, count, statistics, and events (a process, events.ts). The table lists in the
// order entries were confirmed; the kernel lists by hash bucket under a per-boot random
// seed, an order nothing can reproduce.
import {
  deleteEntry, findEntry, liveEntries, newConntrackTable, type CtEntry, type CtTable, type Tuple,
} from "../../conntrack/index.ts";
import { asRequester, ctDeliverCached } from "../../conntrack/events.ts";
import { findExpectation } from "../../conntrack/expect.ts";
import { formatExpect } from "../../conntrack/expect-format.ts";
import { keepExpects } from "../../conntrack/stats.ts";
import { collectExpired, entryById, flushTable } from "../../conntrack/table.ts";
import { sysctlGet } from "../../stack/sysctl.ts";
import type { World } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";
import { netOf, runTool } from "../proc.ts";
import { create, tupleOf } from "./create.ts";
import { EventProcess } from "./events.ts";
import { ExpEventProcess } from "./expect-events.ts";
import { kernelFilter, userFilter } from "./filter.ts";
import { CtError, errorText, OTHER_PROBLEM, PROG, USAGE_TEXT, VERSION_TEXT } from "./messages.ts";
import { parseArgs, type CtArgs } from "./options.ts";
import { getLine, listLine, outputFlags, statsText } from "./print.ts";
import { saveLine } from "./save.ts";
import { EXPECT_XML_FOOTER, EXPECT_XML_HEADER, XML_FOOTER, XML_HEADER, xmlExpect } from "./xml.ts";

interface Ctx {
  readonly a: CtArgs;
  readonly world: World;
  readonly ns: string;
  readonly io: ToolIO;
  readonly table: CtTable;
  /** Virtual time in ms, as entries keep their timeouts. */
  readonly now: number;
  /** The wall clock (ms) at virtual time 0, as this command reads it (timestamps). */
  readonly epochMs: number;
}

/** CT_COMPARISON: the options that filter, which -z refuses. */
const COMPARISON = ["protonum", "src", "dst", "reply-src", "reply-dst", "mark", "secmark", "status", "id", "zone", "label", "orig-zone", "reply-zone"];

/** The arguments without some of their filters (a command that leaves them to another step). */
function omit(a: CtArgs, keys: ReadonlyArray<"mark" | "userMark" | "status" | "zone" | "proto">): CtArgs {
  const copy: { -readonly [K in keyof CtArgs]?: CtArgs[K] } = { ...a };
  for (const k of keys) delete copy[k];
  return { ...copy, table: a.table, given: a.given, l4: a.l4, eventMask: a.eventMask, output: a.output };
}

function trailer(io: ToolIO, text: string): void {
  io.stderr(`${PROG}${text}\n`);
}

/**
 * -L expect: every live expectation, as the kernel dumps them (in the order they were made);
 * with -o xml, dump_exp_cb opens an <expect> document at the first one.
 */
function listExpects(c: Ctx): number {
  collectExpired(c.table, c.now);
  const xml = c.a.output.has("xml");
  const shown = c.a.family === "ipv6" ? [] : c.table.expects;
  if (xml && shown.length > 0) c.io.stdout(EXPECT_XML_HEADER);
  for (const x of shown) {
    const master = entryById(c.table, x.master);
    c.io.stdout(`${xml && master !== undefined ? xmlExpect(x, master.orig, c.now) : formatExpect(x, master, c.now)}\n`);
  }
  if (xml && shown.length > 0) c.io.stdout(EXPECT_XML_FOOTER);
  trailer(c.io, `${String(shown.length)} expectations have been shown.`);
  return 0;
}

function list(c: Ctx): number {
  const { a, io } = c;
  if (a.table === "expect") return listExpects(c);
  if (a.given.has("zero") && COMPARISON.some((o) => a.given.has(o))) throw new CtError("Can't use -z with filtering parameters");
  // A status filter without a bit (-u UNSET, SRC_NAT) has a zero mask: ctnetlink refuses it.
  if (a.status !== undefined && a.status.mask === 0) throw new CtError("Operation failed: invalid parameters", OTHER_PROBLEM);
  const out = outputFlags(a.output, c.epochMs);
  let shown = 0;
  for (const e of liveEntries(c.table, c.now)) {
    if (!kernelFilter(a, e) || !userFilter(a, e)) continue;
    // mnl_nfct_dump_cb opens the XML document at the first entry; the list closes it.
    if (out.xml && shown === 0) io.stdout(XML_HEADER);
    io.stdout(listLine(e, c.now, out));
    if (a.given.has("zero") && e.counters !== undefined) e.counters = [0, 0, 0, 0];
    shown++;
  }
  if (out.xml && shown > 0) io.stdout(XML_FOOTER);
  trailer(io, `${String(shown)} flow entries have been shown.`);
  return 0;
}

/** The original tuple -G asks for (an IPv6 one finds nothing here). */
function wantedTuple(a: CtArgs): Tuple | undefined {
  return tupleOf(a, a.origSrc, a.origDst, ["sport", "dport"]);
}

/**
 * -G expect: ctnetlink_get_expect finds the expectation the tuple given falls under (the
 * tuple conntrack sends as the master's is looked up as the expected one), or ENOENT.
 */
function getExpect(c: Ctx): number {
  const t = wantedTuple(c.a);
  const x = t === undefined ? undefined : findExpectation(c.table, t, c.now);
  if (x === undefined) throw new CtError("Operation failed: No such file or directory", OTHER_PROBLEM);
  c.io.stdout(`${formatExpect(x, entryById(c.table, x.master), c.now)}\n`);
  return 0;
}

/** ctnetlink_get_conntrack: the entry with that tuple in either direction, or ENOENT. */
function get(c: Ctx): number {
  if (c.a.table === "expect") return getExpect(c);
  // -p sets the protocol of the original tuple only: a reply tuple goes without one, and
  // ctnetlink_parse_tuple refuses it (EINVAL).
  if (c.a.origSrc === undefined || c.a.origDst === undefined) throw new CtError("Operation failed: invalid parameters", OTHER_PROBLEM);
  const t = wantedTuple(c.a);
  const zone = c.a.zone !== undefined && c.a.zone !== 0 ? { id: c.a.zone, dir: "both" as const } : undefined;
  const found = t === undefined ? undefined : findEntry(c.table, t, zone, c.now);
  if (found === undefined) throw new CtError("Operation failed: such conntrack doesn't exist", OTHER_PROBLEM);
  // mnl_nfct_dump_cb filters the answer too: a tuple found as the reply one is not shown.
  const shown = userFilter(c.a, found.entry);
  const out = outputFlags(c.a.output, c.epochMs);
  // The answer opens an XML document that nothing closes, as conntrack -G does.
  if (shown) c.io.stdout((out.xml ? XML_HEADER : "") + getLine(found.entry, c.now, out));
  trailer(c.io, `${shown ? "1" : "0"} flow entries have been shown.`);
  return shown ? 0 : 1;
}

/**
 * -D expect: ctnetlink_del_expect unlinks the expectation the tuple given falls under
 * (ENOENT when none); conntrack then reports EXP_DELETE's count, which nothing increments
 * ("0 expectations have been shown."), and so fails.
 */
function delExpect(c: Ctx): number {
  const t = wantedTuple(c.a);
  const x = t === undefined ? undefined : findExpectation(c.table, t, c.now);
  if (x === undefined) throw new CtError("Operation failed: No such file or directory", OTHER_PROBLEM);
  keepExpects(c.table, c.table.expects.filter((y) => y !== x));
  trailer(c.io, "0 expectations have been shown.");
  return 1;
}

/** mnl_nfct_delete_cb: each entry the filters keep is deleted, then printed. */
function del(c: Ctx, pid: number): number {
  const { a, io } = c;
  if (a.table === "expect") return delExpect(c);
  const out = outputFlags(a.output, c.epochMs);
  let deleted = 0;
  for (const e of liveEntries(c.table, c.now)) {
    if (a.mark !== undefined && !kernelFilter(omit(a, ["status"]), e)) continue;
    if (!userFilter(a, e)) continue;
    asRequester(pid, () => deleteEntry(c.table, e));
    io.stdout(out.save ? saveLine(e, c.now, "DESTROY") : listLine(e, c.now, out));
    deleted++;
  }
  trailer(io, `${String(deleted)} flow entries have been deleted.`);
  return deleted === 0 ? 1 : 0;
}

function flush(c: Ctx, pid: number): number {
  if (c.a.table === "expect") {
    keepExpects(c.table, []);
    trailer(c.io, "expectation table has been emptied.");
    return 0;
  }
  if (c.a.family !== "ipv6") {
    asRequester(pid, () => {
      collectExpired(c.table, c.now);
      flushTable(c.table);
    });
  }
  trailer(c.io, "connection tracking table has been emptied.");
  return 0;
}

/** The orig/reply tuple check of mnl_nfct_update_cb: the attributes given must match. */
function updateSelects(a: CtArgs, e: CtEntry): boolean {
  return userFilter(omit(a, ["mark", "userMark", "status", "zone"]), e);
}

/**
 * -U: the mark of each selected entry becomes (mark & ~mask) ^ value; unchanged ones are
 * skipped. Without an address the update request carries no layer-3 protocol and the
 * kernel refuses it (EOPNOTSUPP): conntrack says so, then fails on the entry's lookup.
 */
function update(c: Ctx, pid: number): number {
  const { a, io } = c;
  const addressed = [a.origSrc, a.origDst, a.replySrc, a.replyDst].some((x) => x !== undefined);
  let updated = 0;
  for (const e of liveEntries(c.table, c.now)) {
    if (!updateSelects(a, e) || a.userMark === undefined) continue;
    const mark = ((e.mark & ~a.userMark.mask) ^ a.userMark.value) >>> 0;
    if (mark === e.mark) continue;
    if (!addressed) {
      io.stderr("Operation failed: Operation not supported\n");
      throw new CtError("Operation failed: Operation not supported", OTHER_PROBLEM);
    }
    e.mark = mark;
    asRequester(pid, () => ctDeliverCached(c.table, e));
    io.stdout(getLine(e, c.now, outputFlags(a.output, c.epochMs)));
    updated++;
  }
  trailer(io, `${String(updated)} flow entries have been updated.`);
  return updated === 0 ? 1 : 0;
}

function count(c: Ctx): number {
  const n = c.a.table === "expect" ? c.table.expects.length : liveEntries(c.table, c.now).length;
  c.io.stdout(`${String(n)}\n`);
  return 0;
}

function events(c: Ctx): number {
  const net = netOf(c.world);
  net.settleNow();
  const p = c.a.table === "expect"
    ? new ExpEventProcess(net, net.newPid(), c.ns, c.table, c.a, c.io)
    : new EventProcess(net, net.newPid(), c.ns, c.table, c.a, c.io);
  net.spawn(p);
  return runTool(net, p, c.io);
}

function run(c: Ctx): number {
  // The netlink port of a request that changes the table: nfsim gives the command a pid.
  const pid = (): number => netOf(c.world).newPid();
  switch (c.a.command) {
    case undefined:
    case "help":
      c.io.stdout(USAGE_TEXT);
      return 0;
    case "version":
      c.io.stdout(VERSION_TEXT);
      return 0;
    case "list":
      return list(c);
    case "get":
      return get(c);
    case "delete":
      return del(c, pid());
    case "flush":
      return flush(c, pid());
    case "update":
      return update(c, pid());
    case "count":
      return count(c);
    case "stats":
      c.io.stdout(statsText(c.table, c.a.table === "expect"));
      return 0;
    case "event":
      return events(c);
    default: {
      const namespace = c.world.namespaces[c.ns];
      const stamp = namespace !== undefined && sysctlGet(namespace, "net.netfilter.nf_conntrack_timestamp") === "1";
      const made = create(c.table, c.a, c.now, pid(), asRequester, stamp);
      trailer(c.io, `${String(made)} flow entries have been ${c.a.command === "add" ? "added" : "created"}.`);
      return 0;
    }
  }
}

export const conntrack: Tool = (argv, world, ns, io) => {
  try {
    const a = parseArgs(argv, (text) => io.stderr(text));
    const namespace = world.namespaces[ns];
    if (namespace === undefined) throw new CtError("Can't open handler", OTHER_PROBLEM);
    const table = (namespace.conntrack ??= newConntrackTable());
    const now = netOf(world).now() / 1000;
    return run({ a, world, ns, io, table, now, epochMs: io.now.getTime() - now });
  } catch (e) {
    if (!(e instanceof CtError)) throw e;
    io.stderr(errorText(e));
    return e.status;
  }
};
