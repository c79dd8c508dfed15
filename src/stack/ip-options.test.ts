import { describe, expect, it } from "vitest";
import { parseIpv4 } from "../wire/ipv4.ts";
import { echoOptions, recordOnArrival, recordRoute, rewriteLastHop } from "./ip-options.ts";

const addr = (s: string): number => {
  const a = parseIpv4(s);
  if (a === undefined) throw new Error(s);
  return a;
};

/** ping -R's option space: a NOP, then RR of length 39 with nine empty slots. */
const PING_RR = [1, 7, 39, 4, ...new Array<number>(36).fill(0)];

describe("the record route option", () => {
  it("takes an address in the next free slot and moves the pointer on", () => {
    const once = recordRoute(PING_RR, addr("10.0.1.2"));
    expect(once.slice(0, 8)).toEqual([1, 7, 39, 8, 10, 0, 1, 2]);
    const twice = recordRoute(once, addr("10.0.2.1"));
    expect(twice.slice(0, 12)).toEqual([1, 7, 39, 12, 10, 0, 1, 2, 10, 0, 2, 1]);
    expect(twice.length).toBe(40);
  });

  it("leaves a full route alone (no slot left: rr_needaddr stays unset)", () => {
    let o: readonly number[] = PING_RR;
    for (let i = 1; i <= 9; i++) o = recordRoute(o, addr(`10.0.0.${String(i)}`));
    expect(o[3]).toBe(40);
    expect(recordRoute(o, addr("10.9.9.9"))).toBe(o);
  });

  it("changes nothing without a record route option", () => {
    const nops = [1, 1, 1, 0];
    expect(recordRoute(nops, addr("10.0.0.1"))).toBe(nops);
    expect(recordRoute([], addr("10.0.0.1"))).toEqual([]);
  });

  it("keeps the checksum the header came with on arrival (nothing recomputes it there)", () => {
    const ip = { src: 1, dst: 2, proto: 1, ttl: 64, tos: 0, length: 124, id: 1, fragOffset: 0, moreFragments: false, dontFragment: true, options: PING_RR, checksum: 0x1234 };
    const arrived = recordOnArrival(ip, addr("10.0.1.1"));
    expect(arrived.recorded).toBe(true);
    expect(arrived.ip.checksum).toBe(0x1234);
    expect(arrived.ip.options[3]).toBe(8);
    const full = { ...ip, options: [7, 7, 8, 10, 0, 0, 1, 0] };
    expect(recordOnArrival(full, addr("10.0.1.1"))).toEqual({ ip: full, recorded: false });
  });

  it("rewrites the slot taken on arrival with the address the router sends from, and drops the stale checksum", () => {
    const ip = { src: 1, dst: 2, proto: 1, ttl: 64, tos: 0, length: 124, id: 1, fragOffset: 0, moreFragments: false, dontFragment: true, options: PING_RR, checksum: 0x1234 };
    const arrived = recordOnArrival(recordOnArrival(ip, addr("10.0.1.2")).ip, addr("10.0.1.1")).ip;
    const out = rewriteLastHop(arrived, addr("10.0.2.1"));
    expect(out.options.slice(0, 12)).toEqual([1, 7, 39, 12, 10, 0, 1, 2, 10, 0, 2, 1]);
    expect(out.checksum).toBeUndefined();
  });

  it("echoes only the route, padded to whole words with EOL (ip_options_echo)", () => {
    // tcpdump -v on the real reply: "options (RR 10.0.1.2, 10.0.2.1, ... ,EOL)": 39 bytes and an EOL.
    const request = recordRoute(recordRoute(PING_RR, addr("10.0.1.2")), addr("10.0.2.1"));
    const echoed = echoOptions(request);
    expect(echoed.length).toBe(40);
    expect(echoed.slice(0, 11)).toEqual([7, 39, 12, 10, 0, 1, 2, 10, 0, 2, 1]);
    expect(echoed[39]).toBe(0);
    expect(echoOptions([1, 1, 1, 0])).toEqual([]);
  });
});
