// -m osf (libxt_osf.c; kernel net/netfilter/xt_osf.c, nfnetlink_osf.c): passive OS
// fingerprinting of TCP SYNs against fingerprints loaded with nfnl_osf, which nfsim does
// not have. Only -p tcp rules in the input and forward paths are accepted.
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

/** XT_OSF_* flags (include/uapi/linux/netfilter/xt_osf.h); libxt_osf never sets XT_OSF_GENRE. */
const TTL = 2;
const LOG = 4;
const INVERT = 8;

interface OsfData {
  readonly genre: string;
  readonly flags: number;
  readonly ttl: number;
  readonly loglevel: number;
}

export const osf = defineMatch<OsfData>({
  name: "osf",
  options: [
    { name: "genre", arg: "required", invert: true, mandatory: true },
    { name: "ttl", arg: "required" },
    { name: "log", arg: "required" },
  ],
  init: () => ({ genre: "", flags: 0, ttl: 0, loglevel: 0 }),
  parse({ option, arg = "", invert, data }) {
    // char genre[MAXGENRELEN]: the copy keeps 31 bytes.
    if (option === "genre") return { ...data, genre: arg.slice(0, 31), flags: data.flags | (invert ? INVERT : 0) };
    if (option === "ttl") return { ...data, ttl: parseIntX6("osf", option, arg, 0, 2), flags: data.flags | TTL };
    return { ...data, loglevel: parseIntX6("osf", option, arg, 0, 2), flags: data.flags | LOG };
  },
  // xt_osf: .proto = IPPROTO_TCP (xt_check_match wants -p tcp, not inverted), and these hooks.
  allowed: { hooks: ["INPUT", "PREROUTING", "FORWARD"] },
  check: (_d, _where, ip) => (ip.proto?.num === 6 && !ip.proto.invert ? undefined : "EINVAL"),
  save(d) {
    let out = `${(d.flags & INVERT) !== 0 ? " !" : ""} --genre ${d.genre}`;
    if ((d.flags & TTL) !== 0) out += ` --ttl ${String(d.ttl)}`;
    if ((d.flags & LOG) !== 0) out += ` --log ${String(d.loglevel)}`;
    return out;
  },
  print: (d) => ` OS fingerprint match ${(d.flags & INVERT) !== 0 ? "! " : ""}${d.genre}`,
  unmodelled: () => "nfsim has no OS fingerprints loaded (nfnl_osf)",
  match: () => false,
});
