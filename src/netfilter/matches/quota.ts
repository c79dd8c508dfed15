// -m quota (libxt_quota.c; kernel net/netfilter/xt_quota.c quota_mt): matches while the
// rule's byte budget lasts, each packet taking its length; once a packet does not fit,
// the budget is gone for good. The remainder is the rule's own run-time state.
import { defineMatch } from "../extension.ts";
import { parseUint64X6 } from "./x6.ts";

interface QuotaData {
  /** u64 as a decimal string. */
  readonly quota: string;
  readonly invert: boolean;
}

export const quota = defineMatch<QuotaData>({
  name: "quota",
  options: [{ name: "quota", arg: "required", invert: true, mandatory: true }],
  init: () => ({ quota: "0", invert: false }),
  parse: ({ arg = "", invert, data }) => ({ quota: String(parseUint64X6("quota", "quota", arg)), invert: data.invert || invert }),
  save: (d) => `${d.invert ? " !" : ""} --quota ${d.quota}`,
  print: (d) => ` quota: ${d.quota} bytes`,
  match(d, ctx) {
    const left = BigInt(typeof ctx.state.left === "string" ? ctx.state.left : d.quota);
    const len = BigInt(ctx.packet.ip.length);
    const fits = left >= len;
    ctx.state.left = String(fits ? left - len : 0n);
    return fits !== d.invert;
  },
});
