// -m helper (libxt_helper.c; kernel net/netfilter/xt_helper.c helper_mt): an expected
// connection whose master has a helper named like --helper ("" matches any helper).
import { defineMatch } from "../extension.ts";
import { saveString } from "../xtparse.ts";
import type { PacketState } from "../context.ts";
import { trackedEntry } from "./ctstate.ts";

interface HelperData {
  readonly name: string;
  readonly invert: boolean;
}

export function expectedWithoutMaster(packet: PacketState): boolean {
  const ct = trackedEntry(packet);
  return ct !== undefined && ct.status.includes("EXPECTED") && ct.master === undefined;
}

export const helper = defineMatch<HelperData>({
  name: "helper",
  options: [{ name: "helper", arg: "required", invert: true, mandatory: true }],
  init: () => ({ name: "", invert: false }),
  // char name[30]: the copy keeps 29 bytes.
  parse: ({ arg = "", invert, data }) => ({ name: arg.slice(0, 29), invert: data.invert || invert }),
  save: (d) => `${d.invert ? " !" : ""} --helper${saveString(d.name)}`,
  print: (d) => ` helper match ${d.invert ? "! " : ""}"${d.name}"`,
  // An expected connection (IPS_EXPECTED) has a master; without it in the view, the helper is unknown.
  unmodelled: (_d, { packet }) => (expectedWithoutMaster(packet) ? "the conntrack view does not say which master expected this connection" : undefined),
  match(d, { packet }) {
    const name = trackedEntry(packet)?.master?.helper;
    if (name === undefined) return d.invert;
    // strncmp over the helper's own length: "ftp" also answers "ftp-2121".
    const hit = d.name === "" || d.name.slice(0, name.length) === name;
    return hit !== d.invert;
  },
});
