// -m mac (libxt_mac.c; kernel xt_mac.c): the Ethernet source address, on the way in only.
import { defineMatch } from "../extension.ts";
import { parseMac } from "../xtparse.ts";

interface MacData {
  mac: string;
  invert: boolean;
}

export const mac = defineMatch<MacData>({
  name: "mac",
  options: [{ name: "mac-source", arg: "required", invert: true, mandatory: true }],
  allowed: { hooks: ["PREROUTING", "INPUT", "FORWARD"] },
  init: () => ({ mac: "00:00:00:00:00:00", invert: false }),
  parse: ({ arg = "", invert }) => ({ mac: parseMac(arg), invert }),
  // xtables_print_mac prints "%02x": lower case, whatever case was typed.
  save: (d) => `${d.invert ? " !" : ""} --mac-source ${d.mac}`,
  print: (d) => ` MAC ${d.invert ? "! " : ""}${d.mac}`,
  match: (d, { packet }) => (packet.srcMac?.toLowerCase() === d.mac) !== d.invert,
});
