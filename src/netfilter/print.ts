// Rules as iptables 1.8.9 prints them: the save form of -S and iptables-save
// (nft_ipv4_save_rule, save_matches_and_target) and the table of -L (print_header,
// print_rule_details, print_ifaces, print_ipv4_addresses, print_matches_and_target).
import type { PrintEnv } from "./extension.ts";
import { hostName, networkName } from "./names.ts";
import { protoToName } from "./parse.ts";
import { findMatch, findTarget } from "./registry.ts";
import { references, type Chain, type Table } from "./ruleset.ts";
import { targetName, type AddrMatch, type IpPart, type Rule } from "./rule.ts";
import { formatIpv4, maskToPrefix } from "../wire/ipv4.ts";

/** Counters in the save form: none, `-c P B` before the target (-S -v), or `[P:B] ` in front (iptables-save -c). */
export type SaveCounters = "none" | "inline" | "prefix";

function saveAddr(letter: string, a: AddrMatch | undefined): string {
  if (a === undefined || (a.mask === 0 && !a.invert && a.addr === 0)) return "";
  const bits = maskToPrefix(a.mask);
  return `${a.invert ? " !" : ""} -${letter} ${formatIpv4(a.addr)}/${bits >= 0 ? String(bits) : formatIpv4(a.mask)}`;
}

/** print_rule_details' protocol: the number under -n, else proto_to_name with lookup. */
export function protoName(num: number, numeric: boolean): string | undefined {
  return numeric ? undefined : protoToName(num, false);
}

const U64_MAX = 2n ** 64n - 1n;

/** A counter as the kernel's u64 (counters are numbers here, exact up to 2^53; larger ones are clamped). */
function u64(n: number): bigint {
  const big = BigInt(Math.max(0, Math.floor(n)));
  return big > U64_MAX ? U64_MAX : big;
}

/** A counter printed with %llu. */
export function formatU64(n: number): string {
  return String(u64(n));
}

function saveIpPart(ip: IpPart): string {
  let out = saveAddr("s", ip.src) + saveAddr("d", ip.dst);
  for (const [letter, iface] of [["i", ip.in], ["o", ip.out]] as const) {
    if (iface !== undefined && iface.name !== "" && (iface.name !== "+" || iface.invert)) {
      out += `${iface.invert ? " !" : ""} -${letter} ${iface.name}`;
    }
  }
  if (ip.proto !== undefined && ip.proto.num !== 0) {
    out += `${ip.proto.invert ? " !" : ""} -p ${protoName(ip.proto.num, false) ?? String(ip.proto.num)}`;
  }
  if (ip.frag !== undefined) out += `${ip.frag.invert ? " !" : ""} -f`;
  return out;
}

/** The rule after `-A CHAIN`: ` -s 10.0.0.0/24 -p tcp -m tcp --dport 22 -j ACCEPT`. */
export function saveRuleBody(rule: Rule, counters: SaveCounters = "none"): string {
  const env: PrintEnv = { numeric: false, ip: rule.ip };
  let out = saveIpPart(rule.ip);
  for (const m of rule.matches) {
    const ext = findMatch(m.name);
    out += ` -m ${m.name}${ext ? ext.save(m.data, env) : ""}`;
  }
  if (counters === "inline") out += ` -c ${formatU64(rule.counters.packets)} ${formatU64(rule.counters.bytes)}`;
  const t = rule.target;
  if (t.kind === "extension") {
    const ext = findTarget(t.name);
    out += ` -j ${ext?.alias?.(t.data) ?? t.name}${ext ? ext.save(t.data, env) : ""}`;
  } else if (t.kind === "goto") {
    out += ` -g ${t.chain}`;
  } else if (t.kind !== "none") {
    out += ` -j ${targetName(t)}`;
  }
  return out;
}

/** The stderr notices of the rule's extensions, which the real tool prints as it prints the rule. */
export function ruleNotices(rule: Rule): string {
  const t = rule.target;
  const notices = rule.matches.map((m) => findMatch(m.name)?.notice?.(m.data) ?? "");
  if (t.kind === "extension") notices.push(findTarget(t.name)?.notice?.(t.data) ?? "");
  return notices.join("");
}

export function saveRule(chain: string, rule: Rule, counters: SaveCounters = "none"): string {
  const prefix = counters === "prefix" ? `[${formatU64(rule.counters.packets)}:${formatU64(rule.counters.bytes)}] ` : "";
  return `${prefix}-A ${chain}${saveRuleBody(rule, counters)}`;
}

/** -S's chain line: `-P INPUT ACCEPT` or `-N USER` (with `-c P B` under -v). */
export function specChainLine(chain: Chain, verbose: boolean): string {
  if (chain.policy === undefined) return `-N ${chain.name}`;
  const c = verbose ? ` -c ${formatU64(chain.counters.packets)} ${formatU64(chain.counters.bytes)}` : "";
  return `-P ${chain.name} ${chain.policy}${c}`;
}

/** iptables-save's chain line: `:INPUT ACCEPT [0:0]`, `:USER - [0:0]`. */
export function saveChainLine(chain: Chain): string {
  return `:${chain.name} ${chain.policy ?? "-"} [${formatU64(chain.counters.packets)}:${formatU64(chain.counters.bytes)}]`;
}

// ---- -L ----

export interface ListFormat {
  readonly numeric: boolean;
  readonly verbose: boolean;
  readonly exact: boolean;
  readonly lineNumbers: boolean;
}

/** xtables_print_num: 5 columns with K/M/G/T unless -x, then 8; u64 arithmetic, so rounding may wrap. */
export function formatCount(n: number, f: ListFormat, table = true): string {
  const value = u64(n);
  if (f.exact) return table ? `${String(value).padStart(8)} ` : `${String(value)} `;
  if (value <= 99999n) return table ? `${String(value).padStart(5)} ` : `${String(value)} `;
  let scaled = value;
  for (const unit of ["K", "M", "G"]) {
    scaled = ((scaled + 500n) & U64_MAX) / 1000n;
    if (scaled <= 9999n) return table ? `${String(scaled).padStart(4)}${unit} ` : `${String(scaled)}${unit} `;
  }
  scaled = ((scaled + 500n) & U64_MAX) / 1000n;
  return table ? `${String(scaled).padStart(4)}T ` : `${String(scaled)}T `;
}

export function listHeader(table: Table, chain: Chain, f: ListFormat): string {
  let out = `Chain ${chain.name}`;
  if (chain.policy !== undefined) {
    out += ` (policy ${chain.policy}`;
    if (f.verbose) out += ` ${formatCount(chain.counters.packets, f, false)}packets, ${formatCount(chain.counters.bytes, f, false)}bytes`;
    out += ")\n";
  } else {
    out += ` (${String(references(table, chain.name))} references)\n`;
  }
  if (f.lineNumbers) out += "num  ".padEnd(5);
  if (f.verbose) out += f.exact ? `${"pkts".padStart(8)} ${"bytes".padStart(10)} ` : `${"pkts".padStart(5)} ${"bytes".padStart(5)} `;
  out += `${"target".padEnd(9)} `;
  out += " prot opt";
  if (f.verbose) out += ` ${"in".padEnd(6)} ${"out".padEnd(6)} `;
  out += ` ${"source".padEnd(19)} `;
  out += ` ${"destination".padEnd(19)} `;
  return `${out}\n`;
}

/** ipv4_addr_to_string: "anywhere" for /0 unless -n, the host's name for a known address, the mask unless /32. */
function listAddr(a: AddrMatch | undefined, numeric: boolean): string {
  const addr = a?.addr ?? 0;
  const mask = a?.mask ?? 0;
  let text: string;
  if (mask === 0 && !numeric) text = "anywhere";
  else {
    const bits = maskToPrefix(mask);
    const host = numeric ? formatIpv4(addr) : anyName(addr);
    text = host + (bits === 32 ? "" : `/${bits >= 0 ? String(bits) : formatIpv4(mask)}`);
  }
  return `${a?.invert ? "!" : " "}${text.padEnd(19)} `;
}

/** xtables_ipaddr_to_anyname: the host's name, else the network's (/etc/networks), else the number. */
function anyName(addr: number): string {
  return hostName(addr) ?? networkName(addr) ?? formatIpv4(addr);
}

export function listRule(rule: Rule, num: number, f: ListFormat): string {
  const { ip } = rule;
  let out = "";
  if (f.lineNumbers) out += `${String(num).padEnd(4)} `;
  if (f.verbose) out += formatCount(rule.counters.packets, f) + formatCount(rule.counters.bytes, f);
  out += `${targetName(rule.target).padEnd(9)} `;
  const proto = ip.proto?.num ?? 0;
  out += ip.proto?.invert ? "!" : " ";
  out += `${(protoName(proto, f.numeric) ?? String(proto)).padEnd(4)} `;
  out += `${ip.frag?.invert ? "!" : "-"}${ip.frag ? "f" : "-"} `;
  if (f.verbose) {
    const any = f.numeric ? "*" : "any";
    out += ` ${`${ip.in?.invert ? "!" : ""}${ip.in?.name ?? any}`.padEnd(6)} `;
    out += `${`${ip.out?.invert ? "!" : ""}${ip.out?.name ?? any}`.padEnd(6)} `;
  }
  out += listAddr(ip.src, f.numeric) + listAddr(ip.dst, f.numeric);
  if (rule.target.kind === "goto") out += "[goto] ";
  const env: PrintEnv = { numeric: f.numeric, ip };
  for (const m of rule.matches) {
    const ext = findMatch(m.name);
    out += ext ? ext.print(m.data, env) : `${m.name} `;
  }
  if (rule.target.kind === "extension") {
    const ext = findTarget(rule.target.name);
    if (ext) out += ext.print(rule.target.data, env);
  }
  return `${out}\n`;
}

/** FMT_PRINT_RULE, what `-v` prints for a rule command: `ACCEPT  tcp opt -- in * out *  1.2.3.4  -> 0.0.0.0/0   tcp dpt:22`. */
export function printRuleVerbose(rule: Rule): string {
  const { ip } = rule;
  const addr = (a: AddrMatch | undefined) => {
    const bits = maskToPrefix(a?.mask ?? 0);
    const text = formatIpv4(a?.addr ?? 0) + (bits === 32 ? "" : `/${bits >= 0 ? String(bits) : formatIpv4(a?.mask ?? 0)}`);
    return `${a?.invert ? "!" : " "}${text}`;
  };
  let out = `${targetName(rule.target)} `;
  const proto = ip.proto?.num ?? 0;
  out += `${ip.proto?.invert ? "!" : " "}${protoToName(proto, true) ?? String(proto)} `;
  out += `opt ${ip.frag?.invert ? "!" : "-"}${ip.frag ? "f" : "-"} `;
  out += `in ${ip.in?.invert ? "!" : ""}${ip.in?.name ?? "*"} out ${ip.out?.invert ? "!" : ""}${ip.out?.name ?? "*"} `;
  out += `${addr(ip.src)} `;
  const dst = addr(ip.dst);
  out += `${dst.slice(0, 1)}-> ${dst.slice(1)}`;
  out += "  ";
  if (rule.target.kind === "goto") out += "[goto] ";
  const env: PrintEnv = { numeric: true, ip };
  for (const m of rule.matches) {
    const ext = findMatch(m.name);
    out += ext ? ext.print(m.data, env) : `${m.name} `;
  }
  if (rule.target.kind === "extension") out += findTarget(rule.target.name)?.print(rule.target.data, env) ?? "";
  return `${out}\n`;
}
