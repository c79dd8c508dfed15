// The engine at the packet path's fixed points: what a packet's ConntrackView shows and
// carries (nf_conntrack_core.c nf_conntrack_in, __nf_conntrack_confirm), untracked and
// looped-back packets, and a first packet dropped before confirmation.
import { describe, expect, it } from "vitest";
import type { ConntrackView, PacketState } from "../netfilter/context.ts";
import { conntrackSteps } from "./engine.ts";
import { IPS } from "./entry.ts";
import { tcpStateName } from "./tcp.ts";
import { ascii, forwardAll, listing, makeHost, natEffect, seen, tcp, udp } from "./testkit.ts";
import { refOf } from "./view.ts";

const C = "10.0.1.50";
const S = "10.0.2.50";

describe("the packet's view of its entry", () => {
  it("has no time left before confirmation, then the entry's timeout", () => {
    const h = makeHost();
    const steps = conntrackSteps(h.table);
    const p = udp(C, 5000, S, 53);
    steps.conntrackIn("PREROUTING", p, h.env, {});
    expect([p.ct?.state, p.ct?.dir, p.ct?.expires, p.ct?.status]).toEqual(["NEW", "ORIGINAL", 0, []]);
    steps.confirm("POSTROUTING", p, h.env);
    expect([p.ct?.expires, p.ct?.status]).toEqual([30, ["CONFIRMED"]]);
    h.env.advance(1500);
    expect(p.ct?.expires).toBe(28.5);
  });

  it("writes its mark through to the entry (CONNMARK), which later packets and the listing see", () => {
    const h = makeHost();
    const first = udp(C, 5000, S, 53);
    h.forward(first);
    if (first.ct) first.ct.mark = 0x2a;
    const reply = udp(S, 53, C, 5000);
    h.forward(reply);
    expect(reply.ct?.mark).toBe(0x2a);
    expect(listing(h)[0]).toContain(" mark=42 use=1");
  });

  it("shows the tuples as xt_conntrack compares them, NAT included", () => {
    const h = makeHost();
    const p = tcp(C, 40000, S, 80, "S");
    h.forward(p, { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1", ports: { min: 3000, max: 3000 } })] });
    const addr = (a: string) => a.split(".").reduce((x, b) => x * 256 + Number(b), 0);
    expect([p.ct?.orig, p.ct?.reply]).toEqual([
      { src: addr(C), dst: addr(S), proto: 6, sport: 40000, dport: 80 },
      { src: addr(S), dst: addr("10.0.2.1"), proto: 6, sport: 80, dport: 3000 },
    ]);
  });
});

describe("packets the engine leaves alone or sees twice", () => {
  it("leaves an untracked packet (CT --notrack) without an entry or NAT", () => {
    const h = makeHost();
    const p = udp(C, 5000, S, 53);
    const untracked: ConntrackView = { state: "UNTRACKED", dir: "ORIGINAL", status: [], mark: 0, expires: 0 };
    p.ct = untracked;
    const walk = h.forward(p, { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1" })] });
    expect([walk.verdict, walk.consulted, p.ct, listing(h)]).toEqual(["ACCEPT", [], untracked, []]);
  });

  it("keeps a looped-back packet's entry: NAT was set up on the way out, confirmation happened once", () => {
    const h = makeHost();
    const p = tcp("127.0.0.1", 40000, "127.0.0.1", 80, "S");
    const out = h.output(p, { OUTPUT: [natEffect("DNAT", "DST", { to: "127.0.0.1", ports: { min: 8080, max: 8080 } })] });
    const view = p.ct;
    const back = h.input(p);
    expect([out.consulted, back.consulted, p.ct === view, seen(p)]).toEqual([["OUTPUT", "POSTROUTING"], [], true, "NEW"]);
    expect(listing(h)).toEqual([
      "tcp      6 120 SYN_SENT src=127.0.0.1 dst=127.0.0.1 sport=40000 dport=80 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=40000 mark=0 use=1",
    ]);
  });

  it("forgets a first packet dropped before confirmation: its retransmission is NEW and meets the nat table again", () => {
    const h = makeHost();
    const rules = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1" })] };
    const dropped = h.forward(tcp(C, 40000, S, 80, "S", { seq: 1 }), rules, {}, [], true);
    expect([dropped.verdict, listing(h)]).toEqual(["DROP", []]);
    const again = tcp(C, 40000, S, 80, "S", { seq: 1 });
    expect(h.forward(again, rules).consulted).toEqual(["PREROUTING", "POSTROUTING"]);
    expect(seen(again)).toBe("NEW");
  });

  it("drops nothing and binds nothing when the namespace has no nat table", () => {
    const h = makeHost();
    h.nat = false;
    h.forward(udp(C, 5000, S, 53));
    expect(Object.values(h.table.entries).map((e) => e.status)).toEqual([IPS.CONFIRMED]);
  });
});

describe("the established fast path's reused records", () => {
  /** A handshake, then data both ways and a FIN, of client port `port`; seq numbers apart per connection. */
  function flow(port: number): PacketState[] {
    const a = port * 1000, b = port * 7000;
    const data = { payload: ascii("hello") };
    return [
      tcp(C, port, S, 80, "S", { seq: a }),
      tcp(S, 80, C, port, "SA", { seq: b, ack: a + 1 }),
      tcp(C, port, S, 80, "A", { seq: a + 1, ack: b + 1 }),
      tcp(C, port, S, 80, "PA", { seq: a + 1, ack: b + 1, ...data }),
      tcp(S, 80, C, port, "A", { seq: b + 1, ack: a + 6 }),
      tcp(S, 80, C, port, "PA", { seq: b + 1, ack: a + 6, ...data }),
      tcp(C, port, S, 80, "FA", { seq: a + 6, ack: b + 6 }),
    ];
  }

  it("keeps each connection's TCP state apart when their packets take turns (one segment, verdict and cursor for all)", () => {
    const alone = (port: number) => {
      const h = makeHost();
      return forwardAll(h, flow(port)).map((r) => r.state).concat(listing(h));
    };
    const h = makeHost();
    const [x, y] = [flow(40001), flow(40002)];
    const states: string[][] = [[], []];
    // Both connections' packets at the same moments as each one's alone (forwardAll: 50 ms apart).
    x.forEach((p, i) => {
      for (const [k, q] of [p, y[i]].entries()) {
        if (q === undefined) continue;
        h.forward(q);
        states[k]?.push(seen(q));
      }
      h.env.advance(50);
    });
    const [lx, ly] = [alone(40001), alone(40002)];
    expect(states[0]).toEqual(["NEW", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED"]);
    expect([...(states[0] ?? []), lx.at(-1)]).toEqual(lx);
    expect([...(states[1] ?? []), ly.at(-1)]).toEqual(ly);
    expect(listing(h)).toEqual([lx.at(-1), ly.at(-1)]);
    expect(listing(h)[0]).toMatch(/^tcp {6}6 119 FIN_WAIT src=10\.0\.1\.50 dst=10\.0\.2\.50 sport=40001 dport=80 src=10\.0\.2\.50 dst=10\.0\.1\.50 sport=80 dport=40001 \[ASSURED\] mark=0 use=1$/);
  });

  it("gives the NAT points the packet's entry and direction, the same record each time it is asked", () => {
    const h = makeHost();
    h.forward(tcp(C, 40000, S, 80, "S", { seq: 1 }));
    const reply = tcp(S, 80, C, 40000, "SA", { seq: 9, ack: 2 });
    h.steps.conntrackIn("PREROUTING", reply, h.env, {});
    const ref = refOf(reply.ct);
    expect([ref?.dir, ref?.info, ref?.icmpError, ref === refOf(reply.ct), reply.ct?.dir]).toEqual([1, "ESTABLISHED", false, true, "REPLY"]);
    expect(ref?.entry.tcp && tcpStateName(ref.entry.tcp)).toBe("SYN_RECV");
  });
});

describe("REJECT's RST", () => {
  it("shares the rejected packet's entry, so a DNATed connection's RST comes from the address the client asked for", () => {
    const h = makeHost();
    const syn = tcp(C, 40000, "10.0.1.1", 80, "S", { seq: 1 });
    // DNAT before routing, then REJECT --reject-with tcp-reset in filter INPUT.
    h.steps.conntrackIn("PREROUTING", syn, h.env, {});
    expect(h.steps.natBefore("PREROUTING", syn, h.env)).toEqual({ kind: "consult" });
    h.steps.natAfter("PREROUTING", syn, [natEffect("DNAT", "DST", { to: "10.0.1.1", ports: { min: 8080, max: 8080 } })], h.env, {});
    const rst = tcp("10.0.1.1", 8080, C, 40000, "RA", { ack: 2 });
    h.steps.rejected(syn, rst, h.env);
    h.steps.dropped(syn);
    h.output(rst);
    expect([seen(rst), rst.ct?.dir, rst.l4.kind === "tcp" && rst.l4.sport]).toEqual(["RELATED", "REPLY", 80]);
    expect(listing(h)).toEqual([]);
  });

  it("closes a confirmed TCP connection (10 s)", () => {
    const h = makeHost();
    h.forward(tcp(C, 40000, S, 80, "S", { seq: 1 }));
    h.forward(tcp(S, 80, C, 40000, "SA", { seq: 9, ack: 2 }));
    const ack = tcp(C, 40000, S, 80, "A", { seq: 2, ack: 10 });
    h.steps.conntrackIn("PREROUTING", ack, h.env, {});
    h.steps.rejected(ack, tcp(S, 80, C, 40000, "R", { seq: 10 }), h.env);
    h.env.advance(50);
    expect(listing(h)[0]).toContain("tcp      6 9 CLOSE ");
  });
});
