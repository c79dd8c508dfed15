// -m nfacct (libxt_nfacct.c; kernel net/netfilter/xt_nfacct.c): counts into a named
// accounting object made with nfacct(8). nfsim has no nfacct tool, so no object exists
// and the kernel's checkentry refuses every rule (nfnl_acct_find_get fails: ENOENT).
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { saveString } from "../xtparse.ts";

interface NfacctData {
  readonly name: string;
}

export const nfacct = defineMatch<NfacctData>({
  name: "nfacct",
  options: [{ name: "nfacct-name", arg: "required", mandatory: true }],
  init: () => ({ name: "" }),
  parse({ arg = "" }) {
    if (arg.length < 1) throw parameterProblem("Argument must have a minimum length of 1 characters\n");
    if (arg.includes("\n")) throw parameterProblem("Newlines not allowed in --nfacct-name");
    // char name[NFACCT_NAME_MAX]: the copy keeps 31 bytes.
    return { name: arg.slice(0, 31) };
  },
  check: () => "ENOENT",
  save: (d) => ` --nfacct-name${saveString(d.name)}`,
  print: (d) => ` nfacct-name${saveString(d.name)}`,
  match: () => true,
});
