// route-to / reply-to / dup-to as pf_test reports them to the packet path (xnu pf.c
// pf_route's direction test, pf_create_state's rt_addr/rt_kif picked once per state).
import { describe, expect, it } from "vitest";
import { formatAddr } from "./addr.ts";
import { pfTest, type PfEffect, type PfEnv } from "./eval.ts";
import { newPfState } from "./kernel.ts";
import { loadRules } from "./load.ts";
import type { PfState } from "./types.ts";
import { parseIpv4Strict } from "../wire/ipv4.ts";
import type { Ipv4Packet } from "../wire/packet.ts";

function pfWith(conf: string): PfState {
  const pf = newPfState();
  const r = loadRules(pf, "/pf.conf", { verbose: 0, noAction: false, anchor: "", readFile: (p) => (p === "/pf.conf" ? conf : undefined), interfaces: [], now: 0 });
  if (!r.ok) throw new Error(r.err);
  pf.running = true;
  return pf;
}

const env: PfEnv = { now: () => 0, random: () => 0.25 };
const ip = (s: string) => parseIpv4Strict(s) ?? 0;

function udp(src: string, dst: string, sport: number, dport: number): Ipv4Packet {
  return {
    ip: { src: ip(src), dst: ip(dst), proto: 17, ttl: 64, tos: 0, length: 28, id: 1, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] },
    l4: { kind: "udp", sport, dport },
    payload: [],
  };
}

/** "rt ifname [nexthop]" of the route effect, or "" when pf leaves the routing to the stack. */
function routed(effects: readonly PfEffect[]): string {
  const e = effects.find((x) => x.kind === "route");
  if (e?.kind !== "route") return "";
  return `${e.route.rt} ${e.route.ifname}${e.route.addr !== undefined ? ` ${formatAddr(e.route.addr)}` : ""}`;
}

describe("pf routing options", () => {
  it("route-to routes the packets going the rule's way, state packets too, never the replies", () => {
    const pf = pfWith("pass in on en0 route-to (en1 10.20.0.2) proto udp keep state\n");
    expect(routed(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 53), env).effects)).toBe("route-to en1 10.20.0.2");
    expect(routed(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 53), env).effects)).toBe("route-to en1 10.20.0.2");
    expect(routed(pfTest(pf, "out", "en0", udp("10.9.9.9", "10.0.0.1", 53, 1000), env).effects)).toBe("");
  });

  it("reply-to leaves the first packet to the routing table and routes the replies", () => {
    const pf = pfWith("pass in on en1 reply-to (en1 10.20.0.2) proto udp keep state\n");
    expect(routed(pfTest(pf, "in", "en1", udp("10.99.0.5", "10.20.0.1", 1000, 53), env).effects)).toBe("");
    expect(routed(pfTest(pf, "out", "en0", udp("10.20.0.1", "10.99.0.5", 53, 1000), env).effects)).toBe("reply-to en1 10.20.0.2");
  });

  it("dup-to copies packets both ways; an interface alone keeps the destination as next hop", () => {
    const pf = pfWith("pass out dup-to en2 proto udp keep state\n");
    expect(routed(pfTest(pf, "out", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 53), env).effects)).toBe("dup-to en2");
    expect(routed(pfTest(pf, "in", "en0", udp("10.9.9.9", "10.0.0.1", 53, 1000), env).effects)).toBe("dup-to en2");
  });

  it("a round-robin pool gives each new state the next hop in turn; the state keeps its own", () => {
    const pf = pfWith("pass out route-to { (en1 10.20.0.2), (en2 10.30.0.2) } proto udp keep state\n");
    expect(routed(pfTest(pf, "out", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 53), env).effects)).toBe("route-to en1 10.20.0.2");
    expect(routed(pfTest(pf, "out", "en0", udp("10.0.0.1", "10.9.9.9", 1001, 53), env).effects)).toBe("route-to en2 10.30.0.2");
    expect(routed(pfTest(pf, "out", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 53), env).effects)).toBe("route-to en1 10.20.0.2");
  });

  it("a stateless rule picks a next hop for each packet; a block rule routes nothing", () => {
    const pf = pfWith("pass out route-to (en1 10.20.0.2) proto udp no state\nblock out route-to (en1 10.20.0.2) proto udp to port 9\n");
    expect(routed(pfTest(pf, "out", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 53), env).effects)).toBe("route-to en1 10.20.0.2");
    expect(pf.states).toEqual([]);
    const blocked = pfTest(pf, "out", "en0", udp("10.0.0.1", "10.9.9.9", 1000, 9), env);
    expect([blocked.verdict, routed(blocked.effects)]).toEqual(["drop", ""]);
  });
});
