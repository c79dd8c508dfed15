// pfctl -t TABLE -T command and -s Tables (pfctl_table.c): add, delete, flush, replace,
// show (with -v the counters block), test, zero, expire, kill; the counts go to stderr as
// "N/M addresses added." and the like; errors as radix_perror() words them.
import {
  collectTables, findOrCreate, formatAddr, host, maskAddr, newTable, tableLookup,
  type PfAddr, type PfTable, type TableEntry,
} from "../../pf/index.ts";
import type { PfctlCtx } from "./host.ts";
import type { Titles } from "./show.ts";

export interface TableOpts {
  readonly verbose: number;
  readonly quiet: boolean;
  readonly noAction: boolean;
  readonly showAll: boolean;
  readonly anchor: string;
}

interface Addr {
  readonly addr: PfAddr;
  readonly bits: number;
  readonly not: boolean;
}

/** Feedback of pfr_*_addrs (PFR_FB_*): ' ', M, A, D, C, Z, X, ' ', Y. */
type Feedback = " " | "M" | "A" | "D" | "C" | "Z" | "X" | "Y";

class TableFail {
  constructor(readonly message: string) {}
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime(3), newline included, for a Mac set to UTC (as nfsim's tcpdump prints times). */
export function ctime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()] ?? ""} ${MONTHS[d.getUTCMonth()] ?? ""} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${String(d.getUTCFullYear())}\n`;
}

/** xprintf(): the count line, "(syntax only)" with -n. */
function xprintf(ctx: PfctlCtx, o: TableOpts, text: string): void {
  if (!o.quiet) ctx.io.stderr(`${text}${o.noAction ? " (syntax only)" : ""}.\n`);
}

/** print_addrx(): feedback, '!', the address, /bits when not a host. */
function addrLine(fb: string, a: Addr): string {
  const host = a.addr.af === 4 ? 32 : 128;
  return `${fb} ${a.not ? "!" : " "}${formatAddr(a.addr)}${a.bits < host ? `/${String(a.bits)}` : ""}\n`;
}

/** append_addr(): one argument, `!` prefixes toggling negation; `test` allows only plain hosts. */
function parseArg(ctx: PfctlCtx, word: string, test: boolean): Addr[] {
  let not = false;
  let s = word;
  while (s.startsWith("!")) {
    not = !not;
    s = s.slice(1);
  }
  const r = host(ctx.interfaces, s);
  if (!r.ok) {
    ctx.io.stderr(`${r.message}\n`);
    throw new TableFail("");
  }
  return r.nodes.map((n) => {
    if (n.addr.type !== "addrmask") throw new TableFail(`pfctl: cannot decode ${word}: Invalid argument\n`);
    const hostBits = n.addr.addr.af === 4 ? 32 : 128;
    if (test && (not || n.addr.bits !== hostBits)) throw new TableFail(`pfctl: cannot decode ${word}: Invalid argument\n`);
    return { addr: maskAddr(n.addr.addr, n.addr.bits), bits: n.addr.bits, not: n.not !== not };
  });
}

function same(e: TableEntry, a: Addr): boolean {
  return e.addr.af === a.addr.af && e.addr.hex === a.addr.hex && e.bits === a.bits;
}

function activeTable(ctx: PfctlCtx, o: TableOpts, name: string): PfTable {
  const t = ctx.pf.anchors[o.anchor]?.tables[name];
  if (t === undefined) throw new TableFail("pfctl: Table does not exist.\n");
  return t;
}

/** CREATE_TABLE: -T add and replace make the table (persistent) when it is missing. */
function createTable(ctx: PfctlCtx, o: TableOpts, name: string): PfTable | undefined {
  const rs = ctx.pf.anchors[o.anchor];
  const existing = rs?.tables[name];
  if (existing !== undefined) return existing;
  xprintf(ctx, o, "1 table created");
  if (o.noAction) return undefined;
  const t = newTable(name, ctx.now);
  t.persist = true;
  findOrCreate(ctx.pf, o.anchor).tables[name] = t;
  return t;
}

function checkConst(t: PfTable): void {
  if (t.isConst) throw new TableFail("pfctl: Operation not permitted.\n");
}

function feedbackLines(ctx: PfctlCtx, o: TableOpts, list: readonly [Feedback, Addr][]): void {
  if (o.verbose === 0) return;
  for (const [fb, a] of list) if (o.verbose > 1 || fb !== " ") ctx.io.stdout(addrLine(fb, a));
}

function add(ctx: PfctlCtx, o: TableOpts, name: string, addrs: Addr[]): void {
  const t = createTable(ctx, o, name);
  if (t === undefined) return;
  checkConst(t);
  const fb: [Feedback, Addr][] = [];
  let n = 0;
  for (const a of addrs) {
    const existing = t.entries.find((e) => same(e, a));
    if (fb.some(([f, x]) => f !== " " && x.addr.hex === a.addr.hex && x.bits === a.bits)) fb.push(["X", a]);
    else if (existing !== undefined) fb.push([existing.not !== a.not ? "Y" : " ", a]);
    else {
      fb.push(["A", a]);
      n++;
      if (!o.noAction) t.entries.push({ ...a, tzero: ctx.now, packets: [0, 0, 0, 0], bytes: [0, 0, 0, 0] });
    }
  }
  xprintf(ctx, o, `${String(n)}/${String(addrs.length)} addresses added`);
  feedbackLines(ctx, o, fb);
}

function del(ctx: PfctlCtx, o: TableOpts, name: string, addrs: Addr[], verb = "deleted"): void {
  const t = activeTable(ctx, o, name);
  checkConst(t);
  const fb: [Feedback, Addr][] = [];
  let n = 0;
  for (const a of addrs) {
    if (fb.some(([f, x]) => f === "D" && x.addr.hex === a.addr.hex && x.bits === a.bits)) fb.push(["X", a]);
    else if (t.entries.some((e) => same(e, a))) {
      fb.push(["D", a]);
      n++;
    } else fb.push([" ", a]);
  }
  if (!o.noAction) t.entries = t.entries.filter((e) => !addrs.some((a) => same(e, a)));
  xprintf(ctx, o, `${String(n)}/${String(addrs.length)} addresses ${verb}`);
  feedbackLines(ctx, o, fb);
}

function replace(ctx: PfctlCtx, o: TableOpts, name: string, addrs: Addr[]): void {
  const t = createTable(ctx, o, name);
  if (t === undefined) return;
  checkConst(t);
  const fb: [Feedback, Addr][] = [];
  const added = addrs.filter((a, i) => !t.entries.some((e) => same(e, a)) && addrs.findIndex((x) => x.addr.hex === a.addr.hex && x.bits === a.bits) === i);
  const changed = addrs.filter((a) => t.entries.some((e) => same(e, a) && e.not !== a.not));
  const deleted = t.entries.filter((e) => !addrs.some((a) => same(e, a)));
  for (const a of added) fb.push(["A", a]);
  for (const e of deleted) fb.push(["D", e]);
  for (const a of changed) fb.push(["C", a]);
  if (!o.noAction) {
    t.entries = t.entries.filter((e) => !deleted.includes(e)).map((e) => {
      const c = changed.find((a) => same(e, a));
      return c ? { ...e, not: c.not } : e;
    });
    for (const a of added) t.entries.push({ ...a, tzero: ctx.now, packets: [0, 0, 0, 0], bytes: [0, 0, 0, 0] });
  }
  if (added.length) xprintf(ctx, o, `${String(added.length)} addresses added`);
  if (deleted.length) xprintf(ctx, o, `${String(deleted.length)} addresses deleted`);
  if (changed.length) xprintf(ctx, o, `${String(changed.length)} addresses changed`);
  if (!added.length && !deleted.length && !changed.length) xprintf(ctx, o, "no changes");
  feedbackLines(ctx, o, fb);
}

/** print_astats(): the address, when its counters were cleared, and four counter lines. */
function astats(ctx: PfctlCtx, e: TableEntry): string {
  const labels = ["In/Block:", "In/Pass:", "Out/Block:", "Out/Pass:"];
  let s = addrLine(" ", e) + `\tCleared:     ${ctime(ctx.wallDate(e.tzero))}`;
  labels.forEach((label, i) => {
    s += `\t${label.padEnd(12)} [ Packets: ${String(e.packets[i] ?? 0).padEnd(18)} Bytes: ${String(e.bytes[i] ?? 0).padEnd(18)} ]\n`;
  });
  return s;
}

function show(ctx: PfctlCtx, o: TableOpts, name: string): void {
  const t = activeTable(ctx, o, name);
  for (const e of sortEntries(t.entries)) ctx.io.stdout(o.verbose > 0 ? astats(ctx, e) : addrLine(" ", e));
}

/** The radix tree's walk: IPv4 before IPv6, then by address and prefix. */
function sortEntries(entries: readonly TableEntry[]): TableEntry[] {
  return [...entries].sort((a, b) => (a.addr.af - b.addr.af) || (a.addr.hex < b.addr.hex ? -1 : a.addr.hex > b.addr.hex ? 1 : a.bits - b.bits));
}

/** -T test: how many of the addresses the table matches; exit 2 unless all. */
function test(ctx: PfctlCtx, o: TableOpts, name: string, addrs: Addr[]): number {
  const t = activeTable(ctx, o, name);
  let n = 0;
  const lines: string[] = [];
  for (const a of addrs) {
    const e = tableLookup(t, a.addr);
    const match = e !== undefined && !e.not;
    if (match) n++;
    if (o.verbose === 1 && match) lines.push(addrLine("M", a));
    if (o.verbose > 1) lines.push(e === undefined ? `${addrLine(" ", a).slice(0, -1)}\t nomatch\n` : `${addrLine(match ? "M" : " ", a).slice(0, -1)}\t${e.not ? "!" : " "}${formatAddr(e.addr)}${e.bits < (e.addr.af === 4 ? 32 : 128) ? `/${String(e.bits)}` : ""}\n`);
  }
  xprintf(ctx, o, `${String(n)}/${String(addrs.length)} addresses match`);
  for (const l of lines) ctx.io.stdout(l);
  return n < addrs.length ? 2 : 0;
}

function expire(ctx: PfctlCtx, o: TableOpts, name: string, args: readonly string[]): void {
  const arg = args[0] ?? "";
  if (!/^\d+$/.test(arg)) throw new TableFail(`pfctl: expiry time: ${/^-/.test(arg) ? "too small" : "invalid"}\n`);
  const t = activeTable(ctx, o, name);
  const lifetime = Number(arg);
  const old = t.entries.filter((e) => (ctx.now - e.tzero) / 1000 > lifetime);
  if (!o.noAction) t.entries = t.entries.filter((e) => !old.includes(e));
  xprintf(ctx, o, `${String(old.length)}/${String(old.length)} addresses expired`);
  if (o.verbose > 0) for (const e of old) ctx.io.stdout(addrLine("D", e));
}

/** pfctl_table() for -t NAME -T CMD [args]: 0, 2 (test: not all matched), -1 (pfctl exits 255), -2 (usage). */
export function tableCommand(ctx: PfctlCtx, o: TableOpts, name: string, cmd: string, args: readonly string[], file?: string): number {
  try {
    if (name.length >= 32) return -1;
    const addrs = () => [...args.flatMap((w) => parseArg(ctx, w, cmd === "test")), ...fileAddrs(ctx, file, cmd === "test")];
    const noArgs = () => {
      if (args.length > 0 || file !== undefined) throw new TableFail("usage");
    };
    switch (cmd) {
      case "kill": {
        noArgs();
        const had = ctx.pf.anchors[o.anchor]?.tables[name] !== undefined;
        if (had && !o.noAction) delete ctx.pf.anchors[o.anchor]?.tables[name];
        xprintf(ctx, o, `${had ? "1" : "0"} table deleted`);
        return 0;
      }
      case "flush": {
        noArgs();
        const t = activeTable(ctx, o, name);
        checkConst(t);
        xprintf(ctx, o, `${String(t.entries.length)} addresses deleted`);
        if (!o.noAction) t.entries = [];
        return 0;
      }
      case "add":
        add(ctx, o, name, addrs());
        return 0;
      case "delete":
        del(ctx, o, name, addrs());
        return 0;
      case "replace":
        replace(ctx, o, name, addrs());
        return 0;
      case "show":
        noArgs();
        show(ctx, o, name);
        return 0;
      case "test":
        return test(ctx, o, name, addrs());
      case "zero": {
        noArgs();
        const t = activeTable(ctx, o, name);
        if (!o.noAction) zero(ctx, t);
        xprintf(ctx, o, "1 table/stats cleared");
        return 0;
      }
      case "expire":
        if (args.length !== 1 || file !== undefined) throw new TableFail("usage");
        expire(ctx, o, name, args);
        return 0;
      default:
        return 0;
    }
  } catch (e) {
    if (!(e instanceof TableFail)) throw e;
    if (e.message === "usage") return -2;
    ctx.io.stderr(e.message);
    return -1;
  }
}

function zero(ctx: PfctlCtx, t: PfTable): void {
  t.tzero = ctx.now;
  t.packets = [0, 0, 0, 0, 0, 0];
  t.bytes = [0, 0, 0, 0, 0, 0];
  t.match = t.nomatch = 0;
  for (const e of t.entries) {
    e.tzero = ctx.now;
    e.packets = [0, 0, 0, 0];
    e.bytes = [0, 0, 0, 0];
  }
}

/** -T add|delete|... -f FILE: addresses from a file, as pfr_buf_load reads them. */
function fileAddrs(ctx: PfctlCtx, file: string | undefined, test: boolean): Addr[] {
  if (file === undefined) return [];
  const text = ctx.readFile(file);
  if (text === undefined) throw new TableFail(`pfctl: cannot load ${file}: No such file or directory\n`);
  return text.replace(/#.*$/gm, "").split(/\s+/).filter((w) => w !== "").flatMap((w) => parseArg(ctx, w, test));
}

/** pfctl_clear_tables(): every table of the anchor; "N tables deleted." */
export function flushTables(ctx: PfctlCtx, o: TableOpts): void {
  const rs = ctx.pf.anchors[o.anchor];
  const names = Object.keys(rs?.tables ?? {});
  if (!o.noAction && rs !== undefined) for (const n of names) delete rs.tables[n];
  xprintf(ctx, o, `${String(names.length)} tables deleted`);
  collectTables(ctx.pf);
}

/** print_table(): names, or with -v the flags column "cparh" and the anchor. */
export function showTables(ctx: PfctlCtx, o: TableOpts, titles: Titles): void {
  const rs = ctx.pf.anchors[o.anchor];
  const tables = Object.values(rs?.tables ?? {}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (o.showAll) titles.title(ctx, "TABLES:");
  for (const t of tables) {
    if (o.verbose === 0) {
      ctx.io.stdout(`${t.name}\n`);
      continue;
    }
    const flags = `${t.isConst ? "c" : "-"}${t.persist ? "p" : "-"}a-${referenced(ctx, o.anchor, t.name) ? "r" : "-"}-`;
    ctx.io.stdout(`${flags}\t${t.name}${o.anchor ? `\t${o.anchor}` : ""}\n`);
    if (o.verbose > 1) ctx.io.stdout(tstats(ctx, t, referenced(ctx, o.anchor, t.name) ? 1 : 0));
  }
}

function referenced(ctx: PfctlCtx, anchor: string, name: string): boolean {
  const rs = ctx.pf.anchors[anchor];
  return Object.values(rs?.rules ?? {}).some((rules) => rules.some((r) => [r.src.addr, r.dst.addr].some((a) => a.type === "table" && a.name === name)));
}

/** print_tstats(): the table's counters with -vv. */
function tstats(ctx: PfctlCtx, t: PfTable, rules: number): string {
  const labels = ["In/Block:", "In/Pass:", "In/XPass:", "Out/Block:", "Out/Pass:", "Out/XPass:"];
  let s = `\tAddresses:   ${String(t.entries.length)}\n\tCleared:     ${ctime(ctx.wallDate(t.tzero))}`;
  s += `\tReferences:  [ Anchors: ${"0".padEnd(18)} Rules: ${String(rules).padEnd(18)} ]\n`;
  s += `\tEvaluations: [ NoMatch: ${String(t.nomatch).padEnd(18)} Match: ${String(t.match).padEnd(18)} ]\n`;
  labels.forEach((label, i) => {
    s += `\t${label.padEnd(12)} [ Packets: ${String(t.packets[i] ?? 0).padEnd(18)} Bytes: ${String(t.bytes[i] ?? 0).padEnd(18)} ]\n`;
  });
  return s;
}
