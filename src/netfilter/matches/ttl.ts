// -m ttl (libipt_ttl.c; kernel xt_hl.c): compare the IPv4 TTL.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

type Mode = "eq" | "ne" | "lt" | "gt";

interface TtlData {
  mode: Mode;
  ttl: number;
}

const ONE_OF = ["ttl-lt", "ttl-gt", "ttl-eq"];

export const ttl = defineMatch<TtlData>({
  name: "ttl",
  options: [
    { name: "ttl-lt", arg: "required", excl: ONE_OF },
    { name: "ttl-gt", arg: "required", excl: ONE_OF },
    { name: "ttl-eq", arg: "required", invert: true, excl: ONE_OF },
    { name: "ttl", id: "ttl-eq", arg: "required", invert: true, excl: ONE_OF },
  ],
  init: () => ({ mode: "eq", ttl: 0 }),
  parse({ option, arg = "", invert }) {
    const value = parseIntX6("ttl", option, arg, 0, 255);
    const mode: Mode = option === "ttl-lt" ? "lt" : option === "ttl-gt" ? "gt" : invert ? "ne" : "eq";
    return { mode, ttl: value };
  },
  finalCheck(d, seen) {
    if (seen.size === 0) throw parameterProblem("TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt");
    return d;
  },
  save: (d) => `${{ eq: " --ttl-eq", ne: " ! --ttl-eq", lt: " --ttl-lt", gt: " --ttl-gt" }[d.mode]} ${String(d.ttl)}`,
  print: (d) => ` TTL match TTL ${{ eq: "==", ne: "!=", lt: "<", gt: ">" }[d.mode]} ${String(d.ttl)}`,
  match(d, { packet }) {
    const t = packet.ip.ttl;
    return d.mode === "eq" ? t === d.ttl : d.mode === "ne" ? t !== d.ttl : d.mode === "lt" ? t < d.ttl : t > d.ttl;
  },
});
