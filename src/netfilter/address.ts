// `-s` / `-d` arguments: comma lists of host[/mask], as libxtables'
// xtables_ipparse_multiple reads them (mask first, then the address; host bits cleared).
import { parameterProblem } from "./errors.ts";
import { networkByName } from "./names.ts";
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

/**
 * ipparse_hostnetwork: libxtables' own dotted form, else a network name (getnetbyname),
 * else what getaddrinfo resolves: inet_aton's forms ("0x0a000001", "10.256") or /etc/hosts.
 */
function parseHost(text: string): number {
  const found = parseIpv4(text) ?? networkByName(text) ?? inetAton(text) ?? HOSTS[text];
  if (found === undefined) throw parameterProblem(`host/network \`${text}' not found`);
  return found;
}

/** inet_aton, exactly (as getaddrinfo uses it): 1 to 4 parts in C notation, the last filling the remaining bytes. */
function inetAton(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => !/^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*)$/.test(p))) return undefined;
  const values = parts.map((p) => (/^0[xX]/.test(p) ? parseInt(p.slice(2) || "0", 16) : p.startsWith("0") ? parseInt(p, 8) || 0 : Number(p)));
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  return values.reduce((acc, v, i) => acc + v * 2 ** (24 - 8 * i), 0) + last;
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
