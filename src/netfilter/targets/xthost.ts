// XTTYPE_HOST (libxtables/xtoptions.c xtopt_parse_host): one IPv4 address through
// getaddrinfo, as TEE --gateway and TPROXY --on-ip take it, and its -L form.
import { parameterProblem } from "../errors.ts";
import { hostName, networkName } from "../names.ts";
import { inetAton } from "../matches/hostmask.ts";
import { formatIpv4, type Ipv4 } from "../../wire/ipv4.ts";

/**
 * getaddrinfo(AF_INET): a numeric address in inet_aton's forms, else /etc/hosts of a fresh
 * Debian, else DNS, which this offline host cannot reach; a name that is no valid host name
 * ("1.2.3.0/24") never gets that far.
 */
export function parseXtHost(text: string): Ipv4 {
  const numeric = inetAton(text);
  if (numeric !== undefined) return numeric;
  if (text.toLowerCase() === "localhost") return 0x7f000001;
  const valid = /^[A-Za-z0-9._-]+$/.test(text);
  throw parameterProblem(`getaddrinfo: ${valid ? "Temporary failure in name resolution" : "Name or service not known"}\n`);
}

/** xtables_ipaddr_to_anyname: the host's name, else the network's, else the number. */
export function anyName(addr: Ipv4): string {
  return hostName(addr) ?? networkName(addr) ?? formatIpv4(addr);
}
