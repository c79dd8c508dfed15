// -j TEE, revision 1 (libxt_TEE.c; kernel net/netfilter/xt_TEE.c tee_tg4 and
// nf_dup_ipv4.c): send a copy of the packet to --gateway (the next hop, optionally through
// --oif) and go on with the original. The effect asks the stack for the copy; a copy is
// never duplicated again (nf_skb_duplicated).
import { defineTarget } from "../extension.ts";
import { formatIpv4, type Ipv4 } from "../../wire/ipv4.ts";
import { anyName, parseXtHost } from "./xthost.ts";

interface TeeData {
  gateway: Ipv4;
  /** oif[16]: at most 15 characters are kept; "" for none. */
  oif: string;
}

export const tee = defineTarget<TeeData>({
  name: "TEE",
  options: [
    { name: "gateway", arg: "required", mandatory: true },
    { name: "oif", arg: "required" },
  ],
  init: () => ({ gateway: 0, oif: "" }),
  parse({ option, arg = "", data }) {
    return option === "gateway" ? { ...data, gateway: parseXtHost(arg) } : { ...data, oif: arg.slice(0, 15) };
  },
  // tee_tg_check: a zero gateway is no gateway.
  check: (d) => (d.gateway === 0 ? "EINVAL" : undefined),
  save: (d) => ` --gateway ${formatIpv4(d.gateway)}${d.oif === "" ? "" : ` --oif ${d.oif}`}`,
  print: (d, { numeric }) => ` TEE gw:${numeric ? formatIpv4(d.gateway) : anyName(d.gateway)}${d.oif === "" ? "" : ` oif=${d.oif}`}`,
  act(d, ctx) {
    ctx.effects.push({ kind: "tee", gateway: d.gateway, ...(d.oif !== "" ? { oif: d.oif } : {}) });
    return "continue";
  },
});
