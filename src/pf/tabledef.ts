// Table definitions (parse.y tabledef, table_opts; pfctl_radix.c pfr_buf_load for files):
// flags, inline addresses and networks with `!`, address files, printed with -v.
import type { HostNode } from "./hosts.ts";
import type { Parser, TableDef } from "./parse.ts";
import { printTableDef } from "./print.ts";

/** tabledef: `table <name> [persist] [const] [{ addresses }] [file "path"]`. */
export function parseTableDef(p: Parser): void {
  p.ts.next();
  p.ts.expectPunct("<");
  const name = p.ts.expectString();
  p.ts.expectPunct(">");
  let persist = false;
  let isConst = false;
  let initAddr = false;
  const groups: { hosts?: HostNode[]; file?: string }[] = [];
  for (;;) {
    const t = p.ts.peek();
    if (t.kind === "string") {
      p.ts.next();
      if (t.text === "const") isConst = true;
      else if (t.text === "persist") persist = true;
      else p.ts.fail(`invalid table option '${t.text}'`);
    } else if (p.ts.acceptPunct("{")) {
      initAddr = true;
      p.ts.optnl();
      if (!p.ts.acceptPunct("}")) groups.push({ hosts: tableHosts(p) });
    } else if (p.ts.acceptKw("file")) {
      initAddr = true;
      groups.push({ file: p.ts.expectString() });
    } else break;
  }
  if (name.length >= 32) p.ts.fail("table name too long, max 31 chars");
  const entries = tableEntries(p, groups);
  if (p.verbose) p.out += printTableDef(name, { persist, isConst }, initAddr, groups);
  p.tables.push({ name, persist, isConst, entries });
}

/** host_list '}' inside a table: plain addresses and networks only. */
function tableHosts(p: Parser): HostNode[] {
  const hosts: HostNode[] = [];
  let first = true;
  while (first || !p.ts.acceptPunct("}")) {
    if (!first) p.ts.comma();
    first = false;
    hosts.push(...(p.terms.ipspec() ?? []));
    p.ts.optnl();
  }
  const messages: Record<string, string> = {
    range: "address ranges are not permitted inside tables",
    dynif: "dynamic addresses are not permitted inside tables",
    table: "tables cannot contain tables",
    noroute: '"no-route" is not permitted inside tables',
    "urpf-failed": '"urpf-failed" is not permitted inside tables',
  };
  for (const h of hosts) {
    const m = messages[h.addr.type];
    if (m !== undefined) p.ts.fail(m);
  }
  return hosts;
}

function tableEntries(p: Parser, groups: { hosts?: HostNode[]; file?: string }[]): TableDef["entries"] {
  const out: { addr: HostNode["addr"]; not: boolean }[] = [];
  for (const g of groups) {
    if (g.file !== undefined) {
      const text = p.opts.readFile?.(g.file);
      if (text === undefined) p.ts.fail(`cannot load "${g.file}": No such file or directory`);
      out.push(...fileEntries(p, g.file, text));
    }
    for (const h of g.hosts ?? []) out.push({ addr: h.addr, not: h.not });
  }
  return out;
}

/** pfr_buf_load(): whitespace-separated addresses, `#` comments. */
function fileEntries(p: Parser, file: string, text: string): { addr: HostNode["addr"]; not: boolean }[] {
  const out: { addr: HostNode["addr"]; not: boolean }[] = [];
  for (const word of text.replace(/#.*$/gm, "").split(/\s+/).filter((w) => w !== "")) {
    const not = word.startsWith("!");
    const r = p.terms.hostOf(not ? word.slice(1) : word);
    if (r === undefined) p.ts.fail(`file "${file}" contains bad data`);
    out.push(...r.map((h) => ({ addr: h.addr, not })));
  }
  return out;
}

/** The pieces of a pass/block rule up to its options. */
