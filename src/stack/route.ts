// The FIB lookup (net/ipv4/fib_trie.c, fib_rules.c default rules): the local table first,
// then main; the longest prefix wins, then the lowest metric.
import type { Ipv4 } from "../wire/ipv4.ts";
import { prefixToMask } from "../wire/ipv4.ts";
import { TABLE_LOCAL, TABLE_MAIN, type NetNamespace, type Route } from "./types.ts";

export function routeCovers(route: Route, addr: Ipv4): boolean {
  return ((addr & prefixToMask(route.prefixLen)) >>> 0) === route.dst;
}

/** The route a packet to `dst` takes, honouring only routes whose device is up. */
export function lookupRoute(ns: NetNamespace, dst: Ipv4, tables: readonly number[] = [TABLE_LOCAL, TABLE_MAIN]): Route | undefined {
  for (const table of tables) {
    let best: Route | undefined;
    for (const route of ns.routes) {
      if (route.table !== table || !routeCovers(route, dst)) continue;
      if (route.dev !== undefined && !ns.devices.find((d) => d.ifindex === route.dev)?.up) continue;
      if (
        best === undefined ||
        route.prefixLen > best.prefixLen ||
        (route.prefixLen === best.prefixLen && (route.metric ?? 0) < (best.metric ?? 0))
      ) {
        best = route;
      }
    }
    if (best !== undefined) return best;
  }
  return undefined;
}
