import { describe, expect, it } from "vitest";
import { formatAddr, v4 } from "./addr.ts";
import { pfTest, type PfEnv } from "./eval.ts";
import { newPfState } from "./kernel.ts";
import { loadRules } from "./load.ts";
import type { PfState } from "./types.ts";
import type { Ipv4Packet } from "../wire/packet.ts";
import { parseIpv4Strict } from "../wire/ipv4.ts";

function pfWith(conf: string, files: Record<string, string> = {}): PfState {
  const pf = newPfState();
  const all: Record<string, string> = { ...files, "/pf.conf": conf };
  const r = loadRules(pf, "/pf.conf", { verbose: 0, noAction: false, anchor: "", readFile: (p) => all[p], interfaces: [], now: 0 });
  expect(r.err).toBe("");
  pf.running = true;
  return pf;
}

const clock = { t: 0 };
const env: PfEnv = { now: () => clock.t, random: () => 0.25 };

function ip(s: string): number {
  const n = parseIpv4Strict(s);
  if (n === undefined) throw new Error(s);
  return n;
}

function header(src: string, dst: string, proto: number, length: number) {
  return { src: ip(src), dst: ip(dst), proto, ttl: 64, tos: 0, length, id: 7, fragOffset: 0, moreFragments: false, dontFragment: true, options: [] };
}

const SYN = 0x02;
const ACK = 0x10;

function tcp(src: string, dst: string, sport: number, dport: number, flags: number, payload: number[] = []): Ipv4Packet {
  return { ip: header(src, dst, 6, 40 + payload.length), l4: { kind: "tcp", sport, dport, seq: 1000, ack: 5000, flags, window: 65535, options: [] }, payload };
}

function udp(src: string, dst: string, sport: number, dport: number): Ipv4Packet {
  return { ip: header(src, dst, 17, 28), l4: { kind: "udp", sport, dport }, payload: [] };
}

function ping(src: string, dst: string, type: 8 | 0, id: number): Ipv4Packet {
  return { ip: header(src, dst, 1, 84), l4: { kind: "icmp", type, code: 0, id, seq: 1 }, payload: [] };
}

describe("pfTest: the filter rules", () => {
  it("passes everything when pf is disabled, and by default when no rule matches", () => {
    const pf = pfWith("block in proto tcp to port 23\n");
    pf.running = false;
    expect(pfTest(pf, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 23, SYN), env).verdict).toBe("pass");
    pf.running = true;
    expect(pfTest(pf, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 23, SYN), env).verdict).toBe("drop");
    const r = pfTest(pf, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 22, SYN), env);
    expect(r.verdict).toBe("pass");
    expect(r.trace.at(-1)).toEqual({ kind: "default" });
  });

  it("lets the last matching rule decide unless a quick rule matched first", () => {
    const last = pfWith("block in all\npass in proto tcp to port 22\n");
    expect(pfTest(last, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 22, SYN), env).verdict).toBe("pass");
    const quick = pfWith("block in quick from 10.0.0.1\npass in proto tcp to port 22\n");
    expect(pfTest(quick, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 22, SYN), env).verdict).toBe("drop");
    expect(pfTest(quick, "in", "en0", tcp("10.0.0.9", "10.0.0.2", 1000, 22, SYN), env).verdict).toBe("pass");
  });

  it("matches direction, interface (and `on !`), protocol and port operators (states float across interfaces)", () => {
    const pf = pfWith("block all\npass out on en0\npass in on ! en0 proto udp to port >= 1024\n");
    expect(pfTest(pf, "out", "en0", udp("10.0.0.2", "10.0.0.1", 5, 6), env).verdict).toBe("pass");
    expect(pfTest(pf, "out", "en1", udp("10.0.0.2", "10.0.0.1", 7, 8), env).verdict).toBe("drop");
    expect(pfTest(pf, "in", "en1", udp("10.0.0.1", "10.0.0.2", 5, 1024), env).verdict).toBe("pass");
    expect(pfTest(pf, "in", "en1", udp("10.0.0.1", "10.0.0.2", 5, 1023), env).verdict).toBe("drop");
    expect(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 5, 2000), env).verdict).toBe("drop");
  });

  it("keeps state by default: the reply passes without the rules, a bare ACK does not start one", () => {
    const pf = pfWith("block all\npass out proto tcp\n");
    const out = pfTest(pf, "out", "en0", tcp("10.0.0.2", "10.0.0.9", 40000, 80, SYN), env);
    expect(out.verdict).toBe("pass");
    expect(out.trace.at(-1)).toEqual({ kind: "state-created", id: 1 });
    const reply = pfTest(pf, "in", "en0", tcp("10.0.0.9", "10.0.0.2", 80, 40000, SYN | ACK), env);
    expect(reply).toMatchObject({ verdict: "pass", state: 1, trace: [{ kind: "state", id: 1 }] });
    expect(pfTest(pf, "out", "en0", tcp("10.0.0.2", "10.0.0.9", 40001, 80, ACK), env).verdict).toBe("drop");
    expect(pf.states[0]).toMatchObject({ src: { state: 4 }, dst: { state: 2 }, timeout: "tcp.opening" });
  });

  it("creates no state with `no state`, so the reply meets the rules", () => {
    const pf = pfWith("block all\npass out proto udp no state\n");
    expect(pfTest(pf, "out", "en0", udp("10.0.0.2", "10.0.0.9", 5353, 53), env).verdict).toBe("pass");
    expect(pfTest(pf, "in", "en0", udp("10.0.0.9", "10.0.0.2", 53, 5353), env).verdict).toBe("drop");
    expect(pf.states).toEqual([]);
  });

  it("expires states on the virtual clock", () => {
    clock.t = 0;
    const pf = pfWith("block all\npass out proto udp\n");
    pfTest(pf, "out", "en0", udp("10.0.0.2", "10.0.0.9", 5353, 53), env);
    clock.t = 59_000;
    expect(pfTest(pf, "in", "en0", udp("10.0.0.9", "10.0.0.2", 53, 5353), env).verdict).toBe("pass");
    clock.t = 59_000 + 120_001;
    expect(pfTest(pf, "in", "en0", udp("10.0.0.9", "10.0.0.2", 53, 5353), env).verdict).toBe("drop");
    clock.t = 0;
  });

  it("answers block return with a RST for TCP and port unreachable otherwise; block drop is silent", () => {
    const pf = pfWith("block return in proto { tcp udp } to port 9\nblock drop in proto tcp to port 10\n");
    expect(pfTest(pf, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 9, SYN), env)).toMatchObject({
      verdict: "drop",
      effects: [{ kind: "return-rst", ttl: 0, seq: 5000, ack: 1001 }],
    });
    expect(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 1000, 9), env).effects).toEqual([{ kind: "return-icmp", type: 3, code: 3 }]);
    expect(pfTest(pf, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1000, 10, SYN), env).effects).toEqual([]);
  });

  it("looks tables up by longest prefix, with negated entries, and counts per address", () => {
    const pf = pfWith("table <t> persist { 10.10.10.0/24 !10.10.10.7 10.10.10.7/32 }\ntable <n> persist { 10.0.0.0/8 !10.10.0.0/16 }\nblock drop out to <n>\n");
    expect(pfTest(pf, "out", "en0", udp("1.1.1.1", "10.1.2.3", 5, 6), env).verdict).toBe("drop");
    expect(pfTest(pf, "out", "en0", udp("1.1.1.1", "10.10.2.3", 5, 6), env).verdict).toBe("pass");
    const t = pf.anchors[""]?.tables["n"];
    expect(t?.entries.map((e) => [formatAddr(e.addr), e.bits, e.not, e.packets])).toEqual([
      ["10.0.0.0", 8, false, [0, 0, 1, 0]],
      ["10.10.0.0", 16, true, [0, 0, 0, 0]],
    ]);
    expect(pf.anchors[""]?.tables["t"]?.entries.length).toBe(2);
  });

  it("evaluates the anchors under a wildcard call, in name order, as part of the walk", () => {
    const files = { "/b.conf": "block in proto tcp to port 80\n", "/a.conf": "pass in quick proto tcp from 10.9.9.9\n" };
    const pf = pfWith('anchor "corp/*"\nload anchor "corp/b" from "/b.conf"\nload anchor "corp/a" from "/a.conf"\n', files);
    expect(pfTest(pf, "in", "en0", tcp("10.0.0.1", "10.0.0.2", 1, 80, SYN), env).verdict).toBe("drop");
    const r = pfTest(pf, "in", "en0", tcp("10.9.9.9", "10.0.0.2", 1, 80, SYN), env);
    expect(r.verdict).toBe("pass");
    expect(r.trace.filter((s) => s.kind === "rule" && s.mismatch === undefined).map((s) => (s.kind === "rule" ? `${s.anchor}@${String(s.nr)}` : ""))).toEqual(["@0", "corp/a@0"]);
  });

  it("jumps over rules that share the failed test (skip steps): they are not evaluated", () => {
    const pf = pfWith("block in on en1 proto tcp\nblock in on en1 proto udp\npass in on en0 proto udp\npass in on en0 proto tcp\n");
    const r = pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 1, 2), env);
    expect(r.trace.filter((s) => s.kind === "rule").map((s) => (s.kind === "rule" ? [s.nr, s.mismatch ?? "match"] : []))).toEqual([
      [0, "interface"],
      [2, "match"],
      [3, "protocol"],
    ]);
    expect(pf.anchors[""]?.rules.filter.map((x) => x.counters.evaluations)).toEqual([1, 0, 1, 1]);
  });

  it("skips interfaces of `set skip on`", () => {
    const pf = pfWith("set skip on lo0\nblock all\n");
    expect(pfTest(pf, "in", "lo0", udp("127.0.0.1", "127.0.0.1", 1, 2), env).trace).toEqual([{ kind: "skip", ifname: "lo0" }]);
    expect(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 1, 2), env).verdict).toBe("drop");
  });

  it("tracks ICMP echo by its id", () => {
    const pf = pfWith("block all\npass out inet proto icmp icmp-type echoreq\n");
    expect(pfTest(pf, "out", "en0", ping("10.0.0.2", "10.0.0.9", 8, 77), env).verdict).toBe("pass");
    expect(pfTest(pf, "in", "en0", ping("10.0.0.9", "10.0.0.2", 0, 77), env).verdict).toBe("pass");
    expect(pfTest(pf, "in", "en0", ping("10.0.0.9", "10.0.0.2", 0, 78), env).verdict).toBe("drop");
  });
});

describe("pfTest: translation", () => {
  it("nat rewrites the source to a free port, the state rewrites the reply back", () => {
    const pf = pfWith("nat on en0 from 192.168.1.0/24 to any -> 1.2.3.4\n");
    const out = pfTest(pf, "out", "en0", udp("192.168.1.10", "9.9.9.9", 4444, 53), env);
    expect(out.verdict).toBe("pass");
    expect(formatAddr(v4(out.packet.ip.src))).toBe("1.2.3.4");
    const port = out.packet.l4.kind === "udp" ? out.packet.l4.sport : 0;
    expect(port).toBe(50001 + Math.floor(0.25 * (65535 - 50001 + 1)));
    const back = pfTest(pf, "in", "en0", udp("9.9.9.9", "1.2.3.4", 53, port), env);
    expect(formatAddr(v4(back.packet.ip.dst))).toBe("192.168.1.10");
    expect(back.packet.l4.kind === "udp" ? back.packet.l4.dport : 0).toBe(4444);
    expect(pfTest(pf, "out", "en1", udp("192.168.1.10", "9.9.9.9", 4445, 53), env).packet.ip.src).toBe(ip("192.168.1.10"));
  });

  it("no nat exempts, static-port keeps the port", () => {
    const pf = pfWith("no nat on en0 from 192.168.1.5\nnat on en0 from 192.168.1.0/24 to any -> 1.2.3.4 static-port\n");
    expect(pfTest(pf, "out", "en0", udp("192.168.1.5", "9.9.9.9", 4444, 53), env).packet.ip.src).toBe(ip("192.168.1.5"));
    const r = pfTest(pf, "out", "en0", udp("192.168.1.6", "9.9.9.9", 4444, 53), env);
    expect(r.packet.ip.src).toBe(ip("1.2.3.4"));
    expect(r.packet.l4.kind === "udp" ? r.packet.l4.sport : 0).toBe(4444);
  });

  it("rdr redirects before the filter rules see the packet; rdr pass skips them", () => {
    const pf = pfWith("rdr on en0 proto tcp to port 80 -> 10.0.0.5 port 8080\nrdr pass on en0 proto tcp to port 443 -> 10.0.0.5\nblock in all\npass in proto tcp to 10.0.0.5 port 8080\n");
    const r = pfTest(pf, "in", "en0", tcp("8.8.8.8", "1.2.3.4", 1000, 80, SYN), env);
    expect(r.verdict).toBe("pass");
    expect([r.packet.ip.dst, r.packet.l4.kind === "tcp" ? r.packet.l4.dport : 0]).toEqual([ip("10.0.0.5"), 8080]);
    expect(pfTest(pf, "in", "en0", tcp("8.8.8.8", "1.2.3.4", 1000, 443, SYN), env).verdict).toBe("pass");
    const reply = pfTest(pf, "out", "en1", tcp("10.0.0.5", "8.8.8.8", 8080, 1000, SYN | ACK), env);
    expect([reply.packet.ip.src, reply.packet.l4.kind === "tcp" ? reply.packet.l4.sport : 0]).toEqual([ip("1.2.3.4"), 80]);
  });

  it("binat maps host bits both ways", () => {
    const pf = pfWith("binat on en0 from 10.0.0.0/24 to any -> 1.2.3.0/24\n");
    expect(pfTest(pf, "out", "en0", udp("10.0.0.7", "9.9.9.9", 1, 2), env).packet.ip.src).toBe(ip("1.2.3.7"));
    const pf2 = pfWith("binat on en0 from 10.0.0.0/24 to any -> 1.2.3.0/24\n");
    expect(pfTest(pf2, "in", "en0", udp("9.9.9.9", "1.2.3.9", 1, 2), env).packet.ip.dst).toBe(ip("10.0.0.9"));
  });

  it("a nat rule counts the states made through it (pf_create_state), and loses them as they go (pf_free_state)", () => {
    const pf = pfWith("nat on en0 from 192.168.1.0/24 to any -> 1.2.3.4\npass out all keep state\n");
    clock.t = 0;
    pfTest(pf, "out", "en0", udp("192.168.1.10", "9.9.9.9", 4444, 53), env);
    pfTest(pf, "out", "en0", udp("192.168.1.11", "9.9.9.9", 4444, 53), env);
    pfTest(pf, "out", "en0", udp("10.0.0.1", "9.9.9.9", 4444, 53), env);
    const nat = pf.anchors[""]?.rules.nat[0]?.counters;
    expect([nat?.statesCur, nat?.statesTot, pf.anchors[""]?.rules.filter[0]?.counters.statesCur]).toEqual([2, 2, 3]);
    clock.t = 61_000; // udp.first is 60 s
    pfTest(pf, "out", "en1", udp("10.0.0.1", "9.9.9.9", 1, 53), env);
    expect([nat?.statesCur, nat?.statesTot]).toEqual([0, 2]);
    clock.t = 0;
  });

  it("drops a blocked packet untranslated", () => {
    const pf = pfWith("nat on en0 from 192.168.1.0/24 to any -> 1.2.3.4\nblock out to 9.9.9.9\n");
    const r = pfTest(pf, "out", "en0", udp("192.168.1.10", "9.9.9.9", 1, 2), env);
    expect(r.verdict).toBe("drop");
    expect(r.packet.ip.src).toBe(ip("192.168.1.10"));
    expect(pf.states).toEqual([]);
  });
});

describe("pfTest: tags", () => {
  it("tags a packet on one pass and matches the tag on the next", () => {
    const pf = pfWith("pass in on en0 tag FROM_LAN\nblock out on en1\npass out on en1 tagged FROM_LAN\n");
    const inbound = pfTest(pf, "in", "en0", udp("10.0.0.1", "8.8.8.8", 1, 53), env);
    expect(inbound.tag).toBe("FROM_LAN");
    expect(pfTest(pf, "out", "en1", udp("10.0.0.1", "8.8.8.8", 2, 53), env, inbound.tag).verdict).toBe("pass");
    expect(pfTest(pf, "out", "en1", udp("10.0.0.1", "8.8.8.8", 3, 53), env).verdict).toBe("drop");
  });
});
