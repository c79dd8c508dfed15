// -j SECMARK (libxt_SECMARK.c, revision 1; kernel net/netfilter/xt_SECMARK.c): give the
// packet an SELinux security context. secmark_tg_check turns the context into a secid
// through the LSM; nfsim, like a host without SELinux, has none, so the kernel refuses the
// rule with ENOENT (after refusing tables other than mangle and security with EINVAL).
import { defineTarget } from "../extension.ts";

interface SecmarkData {
  /** selctx[256]: at most 255 characters are kept. */
  context: string;
}

export const secmark = defineTarget<SecmarkData>({
  name: "SECMARK",
  options: [{ name: "selctx", arg: "required", mandatory: true }],
  init: () => ({ context: "" }),
  parse: ({ arg = "" }) => ({ context: arg.slice(0, 255) }),
  allowed: { tables: ["mangle", "security"] },
  check: () => "ENOENT",
  save: (d) => ` --selctx ${d.context}`,
  print: (d) => ` SECMARK selctx ${d.context}`,
  act(_d, ctx) {
    ctx.effects.push({ kind: "unmodelled", target: "SECMARK", what: "security contexts (no LSM)" });
    return "continue";
  },
});
