// What route-to, reply-to and dup-to do to a packet that passes (xnu bsd/net/pf.c
// pf_route, and pf_create_state which picks the next hop once per state): the packet leaves
// by the rule's interface to the rule's next hop, whatever the routing table says.
// route-to acts on packets going the rule's way, reply-to on the others (the replies),
// dup-to sends a copy of every packet and lets the original go on.
import { poolIndex } from "./nat.ts";
import type { PfRule, StateRoute } from "./types.ts";

/**
 * pf_map_addr over the routing pool: the next pool entry (round-robin moves a cursor) and
 * the interface named with it. An entry that is only an interface leaves the destination
 * as the next hop. undefined when the rule has no routing pool.
 */
export function mapRoute(r: PfRule): StateRoute | undefined {
  const pool = r.rpool;
  if (r.rt === undefined || r.rt === "fastroute" || pool === undefined || r.direction === "inout") return undefined;
  const n = pool.addrs.length;
  if (n === 0) return undefined;
  const pa = pool.addrs[pool.type === "round-robin" ? poolIndex(pool, n) : 0];
  if (pa === undefined) return undefined;
  const addr = pa.addr.type === "addrmask" ? pa.addr.addr : undefined;
  return { rt: r.rt, ruleDir: r.direction, ifname: pa.ifname ?? "", ...(addr !== undefined ? { addr } : {}) };
}

/** pf_route's first test: dup-to always; else `(rt == PF_REPLYTO) == (r->direction == dir)` leaves the packet alone. */
export function routeApplies(route: StateRoute, dir: "in" | "out"): boolean {
  if (route.rt === "dup-to") return true;
  return (route.rt === "reply-to") !== (route.ruleDir === dir);
}
