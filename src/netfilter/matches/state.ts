// -m state: in iptables 1.8.9 an alias of conntrack revision 3 carrying only the state
// test (libxt_conntrack.c state_ct23_parse; kernel xt_conntrack.c conntrack_mt), listed
// back through conntrack_dump as "state" / "--state".
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { CT_DNAT, CT_SNAT, formatBits, packetStateBits, parseNameList, STATE_PARSE, STATE_PRINT } from "./ctstate.ts";

interface StateData {
  readonly states: number;
  readonly invert: boolean;
}

/** state_parse_state knows no SNAT/DNAT. */
const STATE_NAMES = STATE_PARSE.filter(([, bit]) => bit !== CT_SNAT && bit !== CT_DNAT);

const stateErrors = {
  bad: (rest: string) => parameterProblem(`Bad state "${rest}"`),
  emptyLast: () => parameterProblem('"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED'),
};

export const state = defineMatch<StateData>({
  name: "state",
  options: [{ name: "state", arg: "required", invert: true, mandatory: true }],
  init: () => ({ states: 0, invert: false }),
  parse: ({ arg = "", invert }) => ({ states: parseNameList(arg, STATE_NAMES, stateErrors), invert }),
  save: (d) => `${d.invert ? " !" : ""} --state ${formatBits(d.states, STATE_PRINT)}`,
  print: (d) => `${d.invert ? " !" : ""} state ${formatBits(d.states, STATE_PRINT)}`,
  match: (d, { packet }) => ((packetStateBits(packet) & d.states) !== 0) !== d.invert,
});
