// -m dscp (libxt_dscp.c with dscp_helper.c; kernel net/netfilter/xt_dscp.c dscp_mt): the
// upper six bits of the IPv4 TOS byte equal a codepoint, given as a number or a class name.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

interface DscpData {
  dscp: number;
  invert: boolean;
}

/** dscp_helper.c ds_classes, in its order (the first name that fits wins). */
const DS_CLASSES: readonly (readonly [string, number])[] = [
  ["CS0", 0x00], ["CS1", 0x08], ["CS2", 0x10], ["CS3", 0x18], ["CS4", 0x20], ["CS5", 0x28], ["CS6", 0x30], ["CS7", 0x38],
  ["BE", 0x00], ["AF11", 0x0a], ["AF12", 0x0c], ["AF13", 0x0e], ["AF21", 0x12], ["AF22", 0x14], ["AF23", 0x16],
  ["AF31", 0x1a], ["AF32", 0x1c], ["AF33", 0x1e], ["AF41", 0x22], ["AF42", 0x24], ["AF43", 0x26], ["EF", 0x2e],
];

/** XT_DSCP_MAX: six bits. */
export const DSCP_MAX = 0x3f;

/**
 * class_to_dscp: strncasecmp over the class name's own length, so a name only has to start
 * with a class ("af41x" is AF41).
 */
export function classToDscp(name: string): number {
  const hit = DS_CLASSES.find(([cls]) => name.slice(0, cls.length).toUpperCase() === cls);
  if (hit === undefined) throw parameterProblem(`Invalid DSCP value \`${name}'`);
  return hit[1];
}

/** "0x2e": the codepoint as libxt_dscp prints it (%02x). */
export function dscpHex(dscp: number): string {
  return `0x${dscp.toString(16).padStart(2, "0")}`;
}

export const dscp = defineMatch<DscpData>({
  name: "dscp",
  options: [
    { name: "dscp", arg: "required", invert: true, excl: ["dscp-class"] },
    { name: "dscp-class", arg: "required", invert: true, excl: ["dscp"] },
  ],
  init: () => ({ dscp: 0, invert: false }),
  parse({ option, arg = "", invert, data }) {
    const value = option === "dscp" ? parseIntX6("dscp", "dscp", arg, 0, DSCP_MAX) : classToDscp(arg);
    return { dscp: value, invert: data.invert || invert };
  },
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("DSCP match: Parameter --dscp is required");
    return data;
  },
  save: (d) => `${d.invert ? " !" : ""} --dscp ${dscpHex(d.dscp)}`,
  print: (d) => ` DSCP match ${d.invert ? "!" : ""}${dscpHex(d.dscp)}`,
  match: (d, { packet }) => (packet.ip.tos >> 2 === d.dscp) !== d.invert,
});
