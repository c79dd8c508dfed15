// What a Mac's sendto meets when the next hop does not answer ARP (xnu bsd/netinet/in_arp.c
// arp_lookup_ip): one request per second for an unresolved entry, up to arp_maxtries (5);
// the next send marks the route RTF_REJECT for arpt_down (20 s) and fails with EHOSTDOWN
// ("Host is down"), or EHOSTUNREACH when the next hop is a gateway. nfsim's stack resolves
// as Linux does; the ping of a Mac keeps this count for its own sends.
import { findNeighbour, neighValid } from "../../stack/neighbour.ts";
import type { OutputRoute } from "../../stack/route-output.ts";
import type { NetNamespace } from "../../stack/types.ts";
import type { Ipv4 } from "../../wire/ipv4.ts";

const ARP_MAXTRIES = 5;
const ARPT_DOWN_US = 20_000_000;

export class ArpTries {
  private asked = 0;
  private askedSec = -1;
  private rejectUntil = 0;

  /** The strerror of a send refused by the reject route, or undefined when the packet may go. */
  check(ns: NetNamespace, r: OutputRoute, dst: Ipv4, nowUs: number): string | undefined {
    if (r.type !== "unicast" || r.dev === undefined) return undefined;
    const hop = r.gateway ?? dst;
    const refused = r.gateway !== undefined ? "No route to host" : "Host is down";
    if (nowUs < this.rejectUntil) return refused;
    const n = findNeighbour(ns, r.dev, hop);
    if (n !== undefined && neighValid(n.state)) {
      this.asked = 0;
      return undefined;
    }
    const sec = Math.floor(nowUs / 1e6);
    if (this.asked > 0 && sec === this.askedSec) return undefined;
    this.askedSec = sec;
    if (this.asked++ < ARP_MAXTRIES) return undefined;
    this.asked = 0;
    this.rejectUntil = nowUs + ARPT_DOWN_US;
    return refused;
  }
}
