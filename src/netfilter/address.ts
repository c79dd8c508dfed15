// `-s` / `-d` arguments: comma lists of host[/mask], as libxtables'
// xtables_ipparse_multiple reads them (mask first, then the address; host bits cleared).
import { parameterProblem } from "./errors.ts";
import { parseIpv4, parseUintBase0, prefixToMask, type Ipv4Net } from "../wire/ipv4.ts";

/** Names the resolver answers without a network: /etc/hosts on a fresh Debian. */
const HOSTS: Readonly<Record<string, number>> = {
  localhost: 0x7f000001,
  "ip6-localhost": 0x7f000001,
};

/** A mask: four dotted parts (no autocompletion for masks), or a prefix length 0..32. */
function parseMask(text: string | undefined): number {
  if (text === undefined) return 0xffffffff;
  if (text.split(".").length === 4) {
    const dotted = parseIpv4(text);
    if (dotted !== undefined) return dotted;
  }
  const bits = parseUintBase0(text, 32);
  if (bits === undefined) throw parameterProblem(`invalid mask \`${text}' specified`);
  return prefixToMask(bits);
}

/** ipparse_hostnetwork: a numeric address, else a host name. */
function parseHost(text: string): number {
  const numeric = parseIpv4(text);
  if (numeric !== undefined) return numeric;
  const host = HOSTS[text];
  if (host !== undefined) return host;
  throw parameterProblem(`host/network \`${text}' not found`);
}

/** One network per comma-separated item, in order, host bits cleared. */
export function parseAddressList(text: string): Ipv4Net[] {
  return text.split(",").map((item) => {
    const spec = item.replace(/^\s+/, "");
    if (spec.length > 255) throw parameterProblem("Hostname too long");
    const slash = spec.lastIndexOf("/");
    const mask = parseMask(slash >= 0 ? spec.slice(slash + 1) : undefined);
    const host = slash >= 0 ? spec.slice(0, slash) : spec;
    const addr = mask === 0 ? 0 : parseHost(host);
    return { addr: (addr & mask) >>> 0, mask };
  });
}
