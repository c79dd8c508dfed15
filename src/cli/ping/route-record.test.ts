import { describe, expect, it } from "vitest";
import { ROUTER, runScript } from "../shell/testkit.ts";
import { parsePingArgs } from "./options.ts";
import { OptionPrinter, recordRouteOption } from "./route-record.ts";

/** A reply's RR option with these addresses recorded (of nine slots), padded with an EOL. */
function replyRr(...addrs: string[]): number[] {
  const slots = addrs.flatMap((a) => a.split(".").map(Number));
  return [7, 39, 4 + slots.length, ...slots, ...new Array<number>(36 - slots.length).fill(0), 0];
}

const ROUTE = ["10.0.1.2", "10.0.2.1", "10.0.2.2", "10.0.2.2", "10.0.1.1", "10.0.1.2"];

describe("ping -R's option printer (pr_options)", () => {
  it("sends a NOP and an empty route of nine slots", () => {
    const o = recordRouteOption();
    expect(o.length).toBe(40);
    expect(o.slice(0, 4)).toEqual([1, 7, 39, 4]);
  });

  it("prints the route once, then (same route) while it stays, as the real ping did through a router", () => {
    const p = new OptionPrinter(false);
    expect(p.print(replyRr(...ROUTE))).toBe("\nRR: \t10.0.1.2\n\t10.0.2.1\n\t10.0.2.2\n\t10.0.2.2\n\t10.0.1.1\n\t10.0.1.2\n");
    expect(p.print(replyRr(...ROUTE))).toBe("\t(same route)");
    expect(p.print(replyRr("10.0.1.2", "10.0.1.1", "10.0.1.1", "10.0.1.2"))).toBe("\nRR: \t10.0.1.2\n\t10.0.1.1\n\t10.0.1.1\n\t10.0.1.2\n");
  });

  it("prints the route every time under -f, NOP as a word, and nothing for an empty route", () => {
    const p = new OptionPrinter(true);
    expect(p.print(replyRr("127.0.0.1"))).toBe("\nRR: \t127.0.0.1\n");
    expect(p.print(replyRr("127.0.0.1"))).toBe("\nRR: \t127.0.0.1\n");
    expect(p.print([1, ...replyRr()])).toBe("\nNOP");
    expect(p.print([130, 4, 5, 0])).toBe("\nunknown option 82");
  });
});

describe("ping -R, -T and -r on the command line", () => {
  it("refuses -R with -T, and a timestamp type iputils does not know", () => {
    expect(parsePingArgs(["-R", "-T", "tsonly", "10.0.0.1"])).toEqual({ ok: false, stderr: "ping: only one of -T or -R may be used\n", exit: 2 });
    expect(parsePingArgs(["-T", "bogus", "10.0.0.1"])).toEqual({ ok: false, stderr: "ping: invalid timestamp type: bogus\n", exit: 2 });
  });

  it("takes -I as an address only when inet_pton would", () => {
    expect(parsePingArgs(["-I", "10.0.1.2", "x"])).toMatchObject({ ok: true, args: { source: "10.0.1.2" } });
    expect(parsePingArgs(["-I", "010.0.1.2", "x"])).toMatchObject({ ok: true, args: { device: "010.0.1.2" } });
    expect(parsePingArgs(["-I", "300.1.1.1", "x"])).toMatchObject({ ok: true, args: { device: "300.1.1.1" } });
  });
});

describe("ping -R and -r through a router", () => {
  it("records the route there and back: A, the router's far side, B twice, the router's near side, A", () => {
    const r = runScript(`${ROUTER}ip netns exec R sysctl -w net.ipv4.ip_forward=1 > /dev/null
ip netns exec A ping -c 2 -i 0.2 -R 10.0.2.2
`);
    expect(r.out.replace(/time=[\d.]+ ms/g, "time=T")).toMatch(
      /^PING 10\.0\.2\.2 \(10\.0\.2\.2\) 56\(124\) bytes of data\.\n64 bytes from 10\.0\.2\.2: icmp_seq=1 ttl=63 time=T\nRR: \t10\.0\.1\.2\n\t10\.0\.2\.1\n\t10\.0\.2\.2\n\t10\.0\.2\.2\n\t10\.0\.1\.1\n\t10\.0\.1\.2\n\n64 bytes from 10\.0\.2\.2: icmp_seq=2 ttl=63 time=T\t\(same route\)\n\n/,
    );
  });

  it("sends nothing to a destination behind a gateway under -r, silently, as SO_DONTROUTE makes sendto fail", () => {
    const r = runScript(`${ROUTER}ip netns exec A ping -c 1 -r 10.0.2.2\necho "exit $?"\nip netns exec A ping -c 1 -r 10.0.1.1 | grep -c "bytes from"\n`);
    expect(r.out).toContain("1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\nexit 1\n1\n");
    expect(r.err).toBe("");
  });
});
