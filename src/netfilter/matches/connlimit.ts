// -m connlimit, revision 1 (libxt_connlimit.c; kernel net/netfilter/xt_connlimit.c): the
// number of connections sharing the packet's masked source (or destination) address,
// above or up to a limit. Counting needs the whole connection table (nf_conncount).
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { parsePlenMask } from "./x6.ts";

interface ConnlimitData {
  readonly limit: number;
  /** XT_CONNLIMIT_INVERT: match up to the limit (--connlimit-upto, or ! --connlimit-above). */
  readonly upto: boolean;
  readonly daddr: boolean;
  readonly mask: number;
}

/** count_bits4: 32 less the bit length of the inverted mask. */
function maskBits(mask: number): number {
  const inv = ~mask >>> 0;
  return 32 - (inv === 0 ? 0 : Math.floor(Math.log2(inv)) + 1);
}

export const connlimit = defineMatch<ConnlimitData>({
  name: "connlimit",
  options: [
    { name: "connlimit-upto", arg: "required", invert: true, excl: ["connlimit-above"] },
    { name: "connlimit-above", arg: "required", invert: true, excl: ["connlimit-upto"] },
    { name: "connlimit-mask", arg: "required" },
    { name: "connlimit-saddr", arg: "none", excl: ["connlimit-daddr"] },
    { name: "connlimit-daddr", arg: "none", excl: ["connlimit-saddr"] },
  ],
  init: () => ({ limit: 0, upto: false, daddr: false, mask: 0xffffffff }),
  parse({ option, arg = "", invert, data }) {
    switch (option) {
      case "connlimit-upto":
      case "connlimit-above": {
        const limit = parseIntX6("connlimit", option, arg, 0, 0xffffffff);
        // The flag only ever gets set: a later option cannot clear what an earlier one set.
        const upto = data.upto || (option === "connlimit-upto" ? !invert : invert);
        return { ...data, limit, upto };
      }
      case "connlimit-mask":
        return { ...data, mask: parsePlenMask("connlimit", option, arg) };
      case "connlimit-saddr":
        return { ...data, daddr: false };
      default:
        return { ...data, daddr: true };
    }
  },
  finalCheck(d, seen) {
    if (!seen.has("connlimit-upto") && !seen.has("connlimit-above")) {
      throw parameterProblem('You must specify "--connlimit-above" or "--connlimit-upto".');
    }
    return d;
  },
  save: (d) =>
    ` --connlimit-${d.upto ? "upto" : "above"} ${String(d.limit)} --connlimit-mask ${String(maskBits(d.mask))} --connlimit-${d.daddr ? "daddr" : "saddr"}`,
  print: (d) => ` #conn ${d.daddr ? "dst" : "src"}/${String(maskBits(d.mask))} ${d.upto ? "<=" : ">"} ${String(d.limit)}`,
  unmodelled: () => "nfsim does not count the connections of an address (nf_conncount)",
  match: () => false,
});
