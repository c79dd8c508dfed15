// -j NOTRACK (libxt_CT.c, the NOTRACK entries with real_name "CT"): iptables 1.8.9 sends CT
// revision 2 with XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS, so the rule is a CT rule (its -L target
// column says CT) that lists as " NOTRACK" and saves as `-j NOTRACK`. It takes no options.
import { defineTarget } from "../extension.ts";
import { ctAct, ctAlias, ctPrint, ctSave, emptyCt, type CtData } from "./ct.ts";

export const notrack = defineTarget<CtData>({
  name: "NOTRACK",
  realName: "CT",
  options: [],
  init: () => ({ ...emptyCt(), notrack: true, alias: true }),
  parse: ({ data }) => data,
  allowed: { tables: ["raw"] },
  alias: ctAlias,
  save: ctSave,
  print: ctPrint,
  act: ctAct,
});
