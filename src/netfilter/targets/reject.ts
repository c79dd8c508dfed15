// -j REJECT (libipt_REJECT.c; kernel net/ipv4/netfilter/ipt_REJECT.c): drop the packet and
// have the stack answer with an ICMP error or a TCP RST.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";

/** reject_table of libipt_REJECT.c, in enum ipt_reject_with order (ECHOREPLY, 4, left out). */
const REJECT_TYPES: readonly (readonly [name: string, alias: string])[] = [
  ["icmp-net-unreachable", "net-unreach"],
  ["icmp-host-unreachable", "host-unreach"],
  ["icmp-proto-unreachable", "proto-unreach"],
  ["icmp-port-unreachable", "port-unreach"],
  ["icmp-net-prohibited", "net-prohib"],
  ["icmp-host-prohibited", "host-prohib"],
  ["tcp-reset", "tcp-rst"],
  ["icmp-admin-prohibited", "admin-prohib"],
];

interface RejectData {
  /** The canonical name of the reply, as -L and iptables-save print it. */
  with: string;
}

/** True when `arg` is a case-insensitive prefix of `word` (strncasecmp over strlen(arg)). */
function abbreviates(arg: string, word: string): boolean {
  return word.toLowerCase().startsWith(arg.toLowerCase());
}

/** REJECT_parse: the first type whose name or alias `arg` abbreviates, in table order. */
function parseRejectWith(arg: string): string {
  const found = REJECT_TYPES.find(([name, alias]) => abbreviates(arg, name) || abbreviates(arg, alias));
  if (found !== undefined) return found[0];
  const err = parameterProblem(`unknown reject type "${arg}"`);
  // libipt_REJECT.c still recognises the echo-reply type dropped from 2.4 and says so first.
  if (abbreviates(arg, "echo-reply") || abbreviates(arg, "echoreply")) {
    err.preamble = "--reject-with echo-reply no longer supported\n";
  }
  throw err;
}

export const reject = defineTarget<RejectData>({
  name: "REJECT",
  options: [{ name: "reject-with", arg: "required" }],
  init: () => ({ with: "icmp-port-unreachable" }),
  parse: ({ arg = "" }) => ({ with: parseRejectWith(arg) }),
  // ipt_REJECT.c registers for the filter table at INPUT, FORWARD and OUTPUT only.
  allowed: { tables: ["filter"], hooks: ["INPUT", "FORWARD", "OUTPUT"] },
  check(d, _where, ip) {
    // reject_tg_check: a TCP RST needs a rule that only matches TCP.
    if (d.with === "tcp-reset" && (ip.proto?.num !== 6 || ip.proto.invert)) return "EINVAL";
    return undefined;
  },
  save: (d) => ` --reject-with ${d.with}`,
  print: (d) => ` reject-with ${d.with}`,
  act(d, ctx) {
    ctx.effects.push({ kind: "reject", with: d.with });
    return "drop";
  },
});
