// -j DSCP (libxt_DSCP.c with dscp_helper.c; kernel net/netfilter/xt_DSCP.c dscp_tg), mangle
// table only: the upper six bits of the TOS byte become the codepoint, the ECN bits stay.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { classToDscp, DSCP_MAX, dscpHex } from "../matches/dscp.ts";
import { rewriteIp } from "./rewrite.ts";

interface DscpData {
  dscp: number;
}

export const dscpTarget = defineTarget<DscpData>({
  name: "DSCP",
  options: [
    { name: "set-dscp", arg: "required", excl: ["set-dscp-class"] },
    { name: "set-dscp-class", arg: "required", excl: ["set-dscp"] },
  ],
  init: () => ({ dscp: 0 }),
  parse: ({ option, arg = "" }) => ({ dscp: option === "set-dscp" ? parseIntX6("DSCP", option, arg, 0, DSCP_MAX) : classToDscp(arg) }),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("DSCP target: Parameter --set-dscp is required");
    return data;
  },
  allowed: { tables: ["mangle"] },
  save: (d) => ` --set-dscp ${dscpHex(d.dscp)}`,
  print: (d) => ` DSCP set ${dscpHex(d.dscp)}`,
  act(d, { packet }) {
    if (packet.ip.tos >> 2 !== d.dscp) rewriteIp(packet, { tos: (packet.ip.tos & 0x03) | (d.dscp << 2) });
    return "continue";
  },
});
