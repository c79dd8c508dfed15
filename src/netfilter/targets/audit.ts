// -j AUDIT (libxt_AUDIT.c; kernel net/netfilter/xt_AUDIT.c): write an audit record about the
// packet (type NETFILTER_PKT) and go on. Allowed in every table and chain.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";

type AuditType = "accept" | "drop" | "reject";

interface AuditData {
  type: AuditType;
}

/** audit_parse: the three words, any case. */
function parseType(arg: string): AuditType {
  const type = arg.toLowerCase();
  if (type === "accept" || type === "drop" || type === "reject") return type;
  throw parameterProblem(`Bad action type value "${arg}"`);
}

export const audit = defineTarget<AuditData>({
  name: "AUDIT",
  options: [{ name: "type", arg: "required", mandatory: true }],
  init: () => ({ type: "accept" }),
  parse: ({ arg = "" }) => ({ type: parseType(arg) }),
  save: (d) => ` --type ${d.type}`,
  print: (d) => ` AUDIT ${d.type}`,
  act(d, ctx) {
    // audit_tg: the record goes to the audit subsystem; the stack may write it to its log.
    ctx.effects.push({ kind: "audit", type: d.type });
    return "continue";
  },
});
