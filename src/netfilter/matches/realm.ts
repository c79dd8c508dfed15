// -m realm (libipt_realm.c; kernel net/netfilter/xt_realm.c realm_mt): the routing realm
// (tclassid) of the packet's route. nfsim's routes carry no realm, so it is 0, as for
// any route added without one.
import { defineMatch } from "../extension.ts";
import { formatValMask, parseValMask, type Lmap } from "./x6.ts";

interface RealmData {
  readonly id: number;
  readonly mask: number;
  readonly invert: boolean;
}

/** /etc/iproute2/rt_realms of Debian's iproute2 6.1: only 0 is named. */
const REALMS: Lmap = [[0, "cosmos"]];

export const realm = defineMatch<RealmData>({
  name: "realm",
  options: [{ name: "realm", arg: "required", invert: true, mandatory: true }],
  init: () => ({ id: 0, mask: 0xffffffff, invert: false }),
  parse({ arg = "", invert, data }) {
    const { value, mask } = parseValMask("realm", "realm", arg, REALMS);
    return { id: value, mask, invert: data.invert || invert };
  },
  // xt_realm: the route is only known after the routing decision.
  allowed: { hooks: ["POSTROUTING", "FORWARD", "OUTPUT", "INPUT"] },
  save: (d) => `${d.invert ? " !" : ""} --realm${formatValMask(d.id, d.mask, REALMS)}`,
  print: (d, { numeric }) => `${d.invert ? " !" : ""} realm${formatValMask(d.id, d.mask, numeric ? undefined : REALMS)}`,
  match: (d) => ((0 & d.mask) === d.id) !== d.invert,
});
