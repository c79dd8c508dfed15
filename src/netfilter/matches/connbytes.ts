// -m connbytes (libxt_connbytes.c; kernel net/netfilter/xt_connbytes.c): the entry's
// packet, byte or average packet size counters, in one direction or both, within a
// range. An inverted range is stored swapped (from > to) and matches outside it.
import { parameterProblem } from "../errors.ts";
import type { ConntrackCounter } from "../context.ts";
import { defineMatch } from "../extension.ts";
import { trackedEntry } from "./ctstate.ts";
import { parseRange64X6, U64_MAX } from "./x6.ts";

type What = "packets" | "bytes" | "avgpkt";
type Dir = "original" | "reply" | "both";

interface ConnbytesData {
  /** u64 bounds as decimal strings; from > to means inverted. */
  readonly from: string;
  readonly to: string;
  readonly what: What;
  readonly dir: Dir;
}

function parseCount(arg: string, invert: boolean, d: ConnbytesData): ConnbytesData {
  const [from = 0n, to = U64_MAX] = parseRange64X6("connbytes", "connbytes", arg);
  if (to < from) throw parameterProblem(`${String(from)} should be less than ${String(to)}`);
  return invert ? { ...d, from: String(to), to: String(from) } : { ...d, from: String(from), to: String(to) };
}

/** print_from_to: " [!] [--]connbytes FROM[:TO]", TO left out when 0 or the maximum. */
function fromTo(d: ConnbytesData, prefix: string): string {
  const [a, b] = [BigInt(d.from), BigInt(d.to)];
  const [from, to, inv] = a > b ? [b, a, " !"] : [a, b, ""];
  return `${inv} ${prefix}connbytes ${String(from)}${to !== 0n && to < U64_MAX ? `:${String(to)}` : ""}`;
}

function sum(c: { orig: ConntrackCounter; reply: ConntrackCounter }, dir: Dir, key: "packets" | "bytes"): bigint {
  const o = BigInt(c.orig[key]);
  const r = BigInt(c.reply[key]);
  return dir === "original" ? o : dir === "reply" ? r : o + r;
}

export const connbytes = defineMatch<ConnbytesData>({
  name: "connbytes",
  options: [
    { name: "connbytes", arg: "required", invert: true, mandatory: true },
    { name: "connbytes-dir", arg: "required", mandatory: true },
    { name: "connbytes-mode", arg: "required", mandatory: true },
  ],
  init: () => ({ from: "0", to: "0", what: "packets", dir: "original" }),
  parse({ option, arg = "", invert, data }) {
    if (option === "connbytes") return parseCount(arg, invert, data);
    if (option === "connbytes-dir") {
      if (arg !== "original" && arg !== "reply" && arg !== "both") throw parameterProblem(`Unknown --connbytes-dir \`${arg}'`);
      return { ...data, dir: arg };
    }
    if (arg !== "packets" && arg !== "bytes" && arg !== "avgpkt") throw parameterProblem(`Unknown --connbytes-mode \`${arg}'`);
    return { ...data, what: arg };
  },
  save: (d) => `${fromTo(d, "--")} --connbytes-mode ${d.what} --connbytes-dir ${d.dir}`,
  print: (d) => `${fromTo(d, "")} connbytes mode ${d.what} connbytes direction ${d.dir}`,
  unmodelled(_d, { packet }) {
    const ct = trackedEntry(packet);
    return ct !== undefined && ct.acct === undefined ? "the connection's packet and byte counters are not kept" : undefined;
  },
  match(d, { packet }) {
    const acct = trackedEntry(packet)?.acct;
    if (acct === undefined) return false;
    let what = 0n;
    if (d.what === "avgpkt") {
      const pkts = sum(acct, d.dir, "packets");
      if (pkts !== 0n) what = sum(acct, d.dir, "bytes") / pkts;
    } else {
      what = sum(acct, d.dir, d.what);
    }
    const [from, to] = [BigInt(d.from), BigInt(d.to)];
    return to >= from ? what <= to && what >= from : what < to || what > from;
  },
});
