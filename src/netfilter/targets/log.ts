// -j LOG (libxt_LOG.c; kernel net/netfilter/xt_LOG.c): write a line about the packet to the
// kernel log and go on with the next rule.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { saveString, strtoul } from "../xtparse.ts";
import { formatLogLine, LOG_FLAG } from "./log-format.ts";

interface LogData {
  /** syslog level 0-7; 4 (warning) unless --log-level. */
  level: number;
  /** At most 29 characters (xt_log_info.prefix is 30 bytes with its NUL). */
  prefix: string;
  /** XT_LOG_* bits (LOG_FLAG). */
  flags: number;
}

const DEFAULT_LEVEL = 4;
const PREFIX_MAX = 29;

/** xtopt_parse_sysloglevel's names (libxtables/xtoptions.c): exact, lower case. */
const LEVEL_NAMES: Readonly<Record<string, number>> = {
  alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4,
};

/** glibc's prioritynames as LOG_print looks them up: the first name of each value. */
const LEVEL_PRINT = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"] as const;

/** The flag options, in LOG_save's order, with the word -L prints for each. */
const FLAG_OPTIONS: readonly (readonly [option: string, bit: number, word: string])[] = [
  ["log-tcp-sequence", LOG_FLAG.TCPSEQ, "tcp-sequence"],
  ["log-tcp-options", LOG_FLAG.TCPOPT, "tcp-options"],
  ["log-ip-options", LOG_FLAG.IPOPT, "ip-options"],
  ["log-uid", LOG_FLAG.UID, "uid"],
  ["log-macdecode", LOG_FLAG.MACDECODE, "macdecode"],
];

/** A number 0-7 in any C base, else one of the names. */
function parseLevel(arg: string): number {
  const num = strtoul(arg);
  if (num !== undefined && num.rest === "" && num.value <= 7) return num.value;
  const named = Object.hasOwn(LEVEL_NAMES, arg) ? LEVEL_NAMES[arg] : undefined;
  if (named === undefined) throw parameterProblem(`log level "${arg}" unknown\n`);
  return named;
}

/** XTTYPE_STRING with .min = 1, copied into 30 bytes; then LOG_parse's newline check. */
function parsePrefix(arg: string): string {
  if (arg.length < 1) throw parameterProblem("Argument must have a minimum length of 1 characters\n");
  if (arg.includes("\n")) throw parameterProblem("Newlines not allowed in --log-prefix");
  return arg.slice(0, PREFIX_MAX);
}

function flagWords(flags: number): string {
  return FLAG_OPTIONS.filter(([, bit]) => (flags & bit) !== 0).map(([, , word]) => ` ${word}`).join("");
}

export const log = defineTarget<LogData>({
  name: "LOG",
  options: [
    { name: "log-level", arg: "required" },
    { name: "log-prefix", arg: "required" },
    ...FLAG_OPTIONS.map(([name]) => ({ name, arg: "none" as const })),
  ],
  init: () => ({ level: DEFAULT_LEVEL, prefix: "", flags: 0 }),
  parse({ option, arg = "", data }) {
    if (option === "log-level") return { ...data, level: parseLevel(arg) };
    if (option === "log-prefix") return { ...data, prefix: parsePrefix(arg) };
    const bit = FLAG_OPTIONS.find(([name]) => name === option)?.[1] ?? 0;
    return { ...data, flags: data.flags | bit };
  },
  save(d) {
    let out = d.prefix === "" ? "" : ` --log-prefix${saveString(d.prefix)}`;
    if (d.level !== DEFAULT_LEVEL) out += ` --log-level ${String(d.level)}`;
    return out + FLAG_OPTIONS.filter(([, bit]) => (d.flags & bit) !== 0).map(([name]) => ` --${name}`).join("");
  },
  print(d, { numeric }) {
    const head = numeric
      ? ` LOG flags ${String(d.flags)} level ${String(d.level)}`
      : ` LOG level ${LEVEL_PRINT[d.level] ?? `UNKNOWN level ${String(d.level)}`}${flagWords(d.flags)}`;
    return head + (d.prefix === "" ? "" : ` prefix "${d.prefix}"`);
  },
  act(d, ctx) {
    const text = formatLogLine(d.prefix, d.flags, {
      packet: ctx.packet,
      ...(ctx.inIface !== undefined ? { inIface: ctx.inIface } : {}),
      ...(ctx.outIface !== undefined ? { outIface: ctx.outIface } : {}),
    });
    ctx.effects.push({ kind: "log", level: d.level, text });
    return "continue";
  },
});
