// One line of `conntrack -L expect` (libnetfilter_conntrack's default expectation output,
// captured from conntrack-tools 1.4.7 in tests/golden/net/cases/conntrack-expect.sh):
//   299 proto=6 src=10.0.0.2 dst=10.0.0.1 sport=0 dport=51210 mask-src=255.255.255.255
//   mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.0.0.1 master-dst=10.0.0.2
//   sport=45044 dport=21 class=0 helper=ftp
// The timeout left, the expected tuple, its mask (a wildcard source port is 0 in both), the
// master's original tuple, the class (the FTP helper has one) and the helper's name.
import { formatIpv4 } from "../wire/ipv4.ts";
import type { CtEntry } from "./entry.ts";
import type { CtExpect } from "./table.ts";
import type { Tuple } from "./tuple.ts";

function ports(t: Tuple): string {
  return `sport=${String(t.sport)} dport=${String(t.dport)}`;
}

/** The line for `x`, whose master's original tuple is `master.orig` (none when it is gone). */
export function formatExpect(x: CtExpect, master: Pick<CtEntry, "orig"> | undefined, now: number): string {
  const left = Math.floor(Math.max(0, x.timeout - now) / 1000);
  const t = x.tuple;
  const sport = x.anySport ? 0 : t.sport;
  const expected = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} sport=${String(sport)} dport=${String(t.dport)}`;
  const mask = `mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=${x.anySport ? "0" : "65535"} dport=65535`;
  const m = master?.orig;
  const masterPart = m === undefined ? "" : ` master-src=${formatIpv4(m.src)} master-dst=${formatIpv4(m.dst)} ${ports(m)}`;
  return `${String(left)} proto=${String(t.proto)} ${expected} ${mask}${masterPart} class=0 helper=${x.helper}`;
}
