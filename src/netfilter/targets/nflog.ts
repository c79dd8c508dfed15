// -j NFLOG (libxt_NFLOG.c). iptables-nft does not use the kernel's xt_NFLOG: nft.c add_log
// turns the rule into a native `log group` expression, and nft-shared.c nft_parse_log reads
// it back. So the prefix keeps up to 127 characters (NF_LOG_PREFIXLEN, not xt_NFLOG's 64),
// --nflog-range (which never worked) is dropped, and a threshold of 0 reads back as the
// default. The packet goes on to the next rule; a copy goes to nfnetlink_log's group.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { parseIntX6, saveString } from "../xtparse.ts";

interface NflogData {
  group: number;
  prefix: string;
  /** --nflog-size (NFTA_LOG_SNAPLEN); absent: the whole packet. */
  size?: number;
  threshold: number;
}

const PREFIX_MAX = 127;

function parsePrefix(arg: string): string {
  if (arg.length < 1) throw parameterProblem("Argument must have a minimum length of 1 characters\n");
  if (arg.includes("\n")) throw parameterProblem("Newlines not allowed in --log-prefix");
  return arg.slice(0, PREFIX_MAX);
}

/** nflog_print: prefix, group, size, threshold, each only when set. */
function describe(d: NflogData, dashes: string): string {
  let out = d.prefix === "" ? "" : ` ${dashes}nflog-prefix${saveString(d.prefix)}`;
  if (d.group !== 0) out += ` ${dashes}nflog-group ${String(d.group)}`;
  if (d.size !== undefined) out += ` ${dashes}nflog-size ${String(d.size)}`;
  if (d.threshold !== 0) out += ` ${dashes}nflog-threshold ${String(d.threshold)}`;
  return out;
}

export const nflog = defineTarget<NflogData>({
  name: "NFLOG",
  options: [
    { name: "nflog-group", arg: "required" },
    { name: "nflog-prefix", arg: "required" },
    { name: "nflog-range", arg: "required", excl: ["nflog-size"] },
    { name: "nflog-size", arg: "required", excl: ["nflog-range"] },
    { name: "nflog-threshold", arg: "required" },
  ],
  init: () => ({ group: 0, prefix: "", threshold: 0 }),
  parse({ option, arg = "", data }) {
    switch (option) {
      case "nflog-group":
        return { ...data, group: parseIntX6("NFLOG", option, arg, 0, 0xffff) };
      case "nflog-prefix":
        return { ...data, prefix: parsePrefix(arg) };
      case "nflog-range":
        // Parsed, then left out of the native expression; NFLOG_check warns about it.
        parseIntX6("NFLOG", option, arg, 0, 0xffffffff);
        return data;
      case "nflog-size":
        return { ...data, size: parseIntX6("NFLOG", option, arg, 0, 0xffffffff) };
      default:
        return { ...data, threshold: parseIntX6("NFLOG", option, arg, 0, 0xffff) };
    }
  },
  finalCheck(data, seen, env) {
    if (seen.has("nflog-range")) env.warn?.("warn: --nflog-range has never worked and is no longer supported, please use --nflog-size instead\n");
    return data;
  },
  save: (d) => describe(d, "--"),
  print: (d) => describe(d, ""),
  act(d, ctx) {
    const { group, prefix, size, threshold } = d;
    ctx.effects.push({ kind: "nflog", group, prefix, threshold, ...(size !== undefined ? { size } : {}) });
    return "continue";
  },
});
