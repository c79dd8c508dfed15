// -j CONNSECMARK (libxt_CONNSECMARK.c; kernel net/netfilter/xt_CONNSECMARK.c): copy the
// packet's security mark to its connection (--save) or back (--restore); mangle and
// security tables only. Security marks come from SECMARK, which needs an LSM (SELinux) that
// nfsim does not have: every mark is 0, and copying 0 changes nothing, as on such a host.
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";

interface ConnsecmarkData {
  mode: "save" | "restore";
}

export const connsecmark = defineTarget<ConnsecmarkData>({
  name: "CONNSECMARK",
  options: [
    { name: "save", arg: "none", excl: ["restore"] },
    { name: "restore", arg: "none", excl: ["save"] },
  ],
  init: () => ({ mode: "save" }),
  parse: ({ option }) => ({ mode: option === "save" ? "save" : "restore" }),
  finalCheck(data, seen) {
    if (seen.size === 0) throw parameterProblem("CONNSECMARK target: parameter required");
    return data;
  },
  // connsecmark_tg_check: "only valid in 'mangle' or 'security' table".
  allowed: { tables: ["mangle", "security"] },
  save: (d) => ` --${d.mode}`,
  print: (d) => ` CONNSECMARK ${d.mode}`,
  act: () => "continue",
});
