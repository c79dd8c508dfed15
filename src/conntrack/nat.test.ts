// NAT bindings against the real kernel (6.18) where its choices are deterministic (an
// address picked from a range by jhash, a port range exhausted), and the kernel's rules
// (nf_nat_core.c) where they depend on its random source.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CT_DNAT, CT_SNAT, packetStateBits } from "../netfilter/matches/ctstate.ts";
import type { PacketState } from "../netfilter/context.ts";
import { formatIpv4 } from "../wire/ipv4.ts";
import { emitIpv4Header } from "../wire/ip.ts";
import { tcpChecksum, emitTcp } from "../wire/tcp.ts";
import { emitUdp } from "../wire/udp.ts";
import { masqueradeAddressRemoved, masqueradeDeviceDown } from "./masquerade.ts";
import { IPS } from "./entry.ts";
import { ip, listing, makeHost, natEffect, seen, tcp, testEnv, udp, type Host } from "./testkit.ts";

const S = "10.0.2.50";

/** The reply side of the first entry whose original source is `src`: where replies are sent. */
function replyTo(h: Host, src: string): string {
  const e = Object.values(h.table.entries).find((x) => x.orig.src === ip(src));
  return e === undefined ? "none" : `${formatIpv4(e.reply.dst)}:${String(e.reply.dport)}`;
}

function replyFrom(h: Host, src: string): string {
  const e = Object.values(h.table.entries).find((x) => x.orig.src === ip(src));
  return e === undefined ? "none" : `${formatIpv4(e.reply.src)}:${String(e.reply.sport)}`;
}

const clients = [50, 51, 52, 53, 54, 55].map((i) => `10.0.1.${String(i)}`);

describe("NAT address selection", () => {
  it("picks the source address of a range as the kernel's jhash does", () => {
    const h = makeHost();
    const rule = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.100-10.0.2.199" })] };
    for (const c of clients) h.forward(udp(c, 6000, "10.0.2.77", 53), rule);
    // `conntrack -L` on the kernel for the same six clients.
    expect(clients.map((c) => replyTo(h, c))).toEqual([
      "10.0.2.196:6000", "10.0.2.158:6000", "10.0.2.113:6000", "10.0.2.117:6000", "10.0.2.119:6000", "10.0.2.114:6000",
    ]);
  });

  it("keeps a client's address whatever the destination with --persistent", () => {
    const expected = ["10.0.2.168", "10.0.2.136", "10.0.2.186", "10.0.2.151", "10.0.2.124", "10.0.2.123"];
    for (const dst of ["10.0.2.78", "10.0.2.79"]) {
      const h = makeHost();
      const rule = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.100-10.0.2.199", persistent: true })] };
      for (const c of clients) h.forward(udp(c, 6001, dst, 54), rule);
      expect(clients.map((c) => replyTo(h, c).split(":")[0])).toEqual(expected);
    }
  });

  it("picks the destination of a DNAT range the same way", () => {
    const h = makeHost();
    const rule = { PREROUTING: [natEffect("DNAT", "DST", { to: "10.0.2.60-10.0.2.70" })] };
    for (const c of clients) h.forward(udp(c, 6003, S, 55), rule);
    expect(clients.map((c) => replyFrom(h, c))).toEqual([
      "10.0.2.63:55", "10.0.2.60:55", "10.0.2.69:55", "10.0.2.69:55", "10.0.2.64:55", "10.0.2.64:55",
    ]);
  });

  it("keeps the original source when it is inside the range, and reuses a source's earlier mapping", () => {
    const h = makeHost();
    h.forward(udp("10.0.1.50", 6004, S, 57), { POSTROUTING: [natEffect("SNAT", "SRC", { to: "0.0.0.0-255.255.255.255" })] });
    expect(replyTo(h, "10.0.1.50")).toBe("10.0.1.50:6004");
    const range = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.100-10.0.2.199" })] };
    h.forward(udp("10.0.1.51", 5000, S, 53), range);
    h.forward(udp("10.0.1.51", 5000, "10.0.2.51", 53), range);
    const mapped = Object.values(h.table.entries).filter((e) => e.orig.src === ip("10.0.1.51")).map((e) => formatIpv4(e.reply.dst));
    // The kernel mapped 10.0.1.51:5000 to 10.0.2.100 for both destinations.
    expect(mapped).toEqual(["10.0.2.100", "10.0.2.100"]);
  });
});

describe("NAT port allocation", () => {
  const snat = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1" })] };

  it("keeps the original port while the tuple is free, else picks one from a random offset", () => {
    const ports = (seed: number) => {
      const h = makeHost({ env: testEnv(0, seed) });
      h.forward(udp("10.0.1.50", 7000, S, 53), snat);
      h.forward(udp("10.0.1.51", 7000, S, 53), snat);
      return [replyTo(h, "10.0.1.50"), replyTo(h, "10.0.1.51")];
    };
    const [first, second] = ports(1);
    expect(first).toBe("10.0.2.1:7000");
    const port = Number(second?.split(":")[1]);
    expect(port).not.toBe(7000);
    expect(port).toBeGreaterThanOrEqual(1024);
    // Deterministic for a seed; another seed may pick another port.
    expect(ports(1)).toEqual([first, second]);
    expect(new Set([2, 3, 4, 5].map((s) => ports(s)[1])).size).toBeGreaterThan(1);
  });

  it("keeps ports below 1024 below 1024 (600-1023), below 512 below 512", () => {
    const h = makeHost();
    for (const c of ["10.0.1.50", "10.0.1.51"]) {
      h.forward(udp(c, 800, S, 53), snat);
      h.forward(udp(c, 100, S, 54), snat);
    }
    const e = Object.values(h.table.entries).filter((x) => x.orig.src === ip("10.0.1.51"));
    const [p800, p100] = e.map((x) => x.reply.dport);
    expect(p800).toBeGreaterThanOrEqual(600);
    expect(p800).toBeLessThanOrEqual(1023);
    expect(p100).toBeGreaterThanOrEqual(1);
    expect(p100).toBeLessThanOrEqual(511);
  });

  it("drops the first packet of a connection for which no port of the range is left", () => {
    // The kernel gave 10.0.1.50 and 10.0.1.51 ports 2000 and 2001 (in either order) and kept no entry for 10.0.1.52.
    const h = makeHost();
    const range = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1", ports: { min: 2000, max: 2001 } })] };
    const walks = ["10.0.1.50", "10.0.1.51", "10.0.1.52"].map((c) => h.forward(tcp(c, 9000, S, 80, "S", { seq: 100 }), range).verdict);
    expect(walks).toEqual(["ACCEPT", "ACCEPT", "DROP"]);
    expect(new Set([replyTo(h, "10.0.1.50"), replyTo(h, "10.0.1.51")])).toEqual(new Set(["10.0.2.1:2000", "10.0.2.1:2001"]));
    expect(listing(h)).toHaveLength(2);
  });

  it("picks a random port even when the original is free with --random", () => {
    const h = makeHost();
    h.forward(udp("10.0.1.50", 7000, S, 53), { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1", random: true })] });
    expect(replyTo(h, "10.0.1.50")).not.toBe("10.0.2.1:7000");
  });

  it("maps a destination port range from the lowest port, or by offset from a base port", () => {
    const h = makeHost();
    h.forward(udp("10.0.1.50", 5050, S, 56), { PREROUTING: [natEffect("DNAT", "DST", { to: S, ports: { min: 8000, max: 8010 } })] });
    h.forward(udp("10.0.1.51", 5051, S, 85), { PREROUTING: [natEffect("DNAT", "DST", { to: S, ports: { min: 8000, max: 8010, base: 80 } })] });
    // The kernel mapped 10.0.1.50:5050 -> 10.0.2.50:56 to port 8000.
    expect([replyFrom(h, "10.0.1.50"), replyFrom(h, "10.0.1.51")]).toEqual(["10.0.2.50:8000", "10.0.2.50:8005"]);
  });

  it("moves a null binding's port when a NATed connection already gets replies to it (the kernel moved it to 16444 in one run)", () => {
    const h = makeHost();
    h.forward(udp("10.0.1.51", 7000, S, 53), snat);
    // The router's own connection from 10.0.2.1:7000 meets no nat rule.
    const own = udp("10.0.2.1", 7000, S, 53);
    h.output(own);
    const e = Object.values(h.table.entries).find((x) => x.orig.src === ip("10.0.2.1"));
    expect(e?.reply.dport).not.toBe(7000);
    expect(own.l4.kind === "udp" && own.l4.sport).toBe(e?.reply.dport);
    expect((e?.status ?? 0) & (IPS.SRC_NAT | IPS.SRC_NAT_DONE | IPS.DST_NAT_DONE)).toBe(IPS.SRC_NAT | IPS.SRC_NAT_DONE | IPS.DST_NAT_DONE);
  });
});

describe("NAT translation", () => {
  const client = "10.0.1.50";
  const snat = { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1" })] };

  it("consults the nat table for a connection's first packet only, and translates the rest both ways", () => {
    const h = makeHost();
    const syn = tcp(client, 40000, S, 80, "S", { seq: 1000 });
    expect(h.forward(syn, snat).consulted).toEqual(["PREROUTING", "POSTROUTING"]);
    expect([formatIpv4(syn.ip.src), syn.l4.kind === "tcp" && syn.l4.sport]).toEqual(["10.0.2.1", 40000]);
    const synack = tcp(S, 80, "10.0.2.1", 40000, "SA", { seq: 5000, ack: 1001 });
    expect(h.forward(synack, snat).consulted).toEqual([]);
    expect([formatIpv4(synack.ip.dst), seen(synack)]).toEqual([client, "ESTABLISHED"]);
    const ack = tcp(client, 40000, S, 80, "A", { seq: 1001, ack: 5001 });
    expect(h.forward(ack, snat).consulted).toEqual([]);
    expect(formatIpv4(ack.ip.src)).toBe("10.0.2.1");
  });

  it("shows SNAT and DNAT to --ctstate through the entry's tuples", () => {
    const h = makeHost();
    const p = udp(client, 5000, "10.0.1.1", 53);
    // DNAT before routing; no rule after it: a null binding for the source.
    h.forward(p, { PREROUTING: [natEffect("DNAT", "DST", { to: S })] });
    expect(packetStateBits(p) & (CT_SNAT | CT_DNAT)).toBe(CT_DNAT);
    expect(p.ct?.status).toEqual(["CONFIRMED", "DST_NAT", "SRC_NAT_DONE", "DST_NAT_DONE"]);
    const q = udp(client, 5001, S, 53);
    h.forward(q, { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1" })] });
    expect(packetStateBits(q) & (CT_SNAT | CT_DNAT)).toBe(CT_SNAT);
  });

  it("updates a carried TCP checksum so that it still adds up", () => {
    const h = makeHost();
    const syn = tcp(client, 40000, S, 80, "S", { seq: 1000 });
    if (syn.l4.kind !== "tcp") throw new Error("tcp");
    const before = emitTcp(syn.l4, [], syn.ip.src, syn.ip.dst);
    syn.l4 = { ...syn.l4, checksum: tcpChecksum(before, syn.ip.src, syn.ip.dst) };
    h.forward(syn, { POSTROUTING: [natEffect("SNAT", "SRC", { to: "10.0.2.1", ports: { min: 3000, max: 3000 } })] });
    if (syn.l4.kind !== "tcp") throw new Error("tcp");
    expect(syn.l4.checksum).toBe(tcpChecksum(emitTcp(syn.l4, [], syn.ip.src, syn.ip.dst), syn.ip.src, syn.ip.dst));
  });

  it("keeps every carried checksum right through any translation (property)", () => {
    const addr = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((a) => a.join("."));
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(
      fc.property(addr, port, addr, port, fc.boolean(), addr, port, fc.uint8Array({ maxLength: 40 }), (src, sport, dst, dport, isTcp, to, toPort, data) => {
        const h = makeHost();
        const p = withChecksums(isTcp ? tcp(src, sport, dst, dport, "S", { seq: 7, payload: [...data] }) : udp(src, sport, dst, dport, [...data]));
        h.forward(p, {
          PREROUTING: [natEffect("DNAT", "DST", { to, ports: { min: toPort, max: toPort } })],
          POSTROUTING: [natEffect("SNAT", "SRC", { to: dst })],
        });
        const fresh = withChecksums({ ...p });
        expect([p.ip, p.l4]).toEqual([fresh.ip, fresh.l4]);
      }),
      { numRuns: 200 },
    );
  });

  it("translates every reply back to the original tuple (property)", () => {
    const addr = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((a) => a.join("."));
    const port = fc.integer({ min: 1, max: 65535 });
    const nat = fc.record({
      kind: fc.constantFrom("SNAT" as const, "DNAT" as const),
      to: addr,
      ports: fc.option(fc.tuple(port, fc.nat(50)), { nil: undefined }),
      random: fc.boolean(),
    });
    fc.assert(
      fc.property(addr, port, addr, port, fc.boolean(), nat, (src, sport, dst, dport, isTcp, n) => {
        const h = makeHost();
        const ports = n.ports && { min: n.ports[0], max: Math.min(65535, n.ports[0] + n.ports[1]) };
        const eff = natEffect(n.kind, n.kind === "SNAT" ? "SRC" : "DST", { to: n.to, random: n.random, ...(ports ? { ports } : {}) });
        const rules = n.kind === "SNAT" ? { POSTROUTING: [eff] } : { PREROUTING: [eff] };
        const first = isTcp ? tcp(src, sport, dst, dport, "S", { seq: 1 }) : udp(src, sport, dst, dport);
        h.forward(first, rules);
        const out = endpoints(first);
        const back = isTcp ? tcp(out.dst, out.dport, out.src, out.sport, "SA", { seq: 9, ack: 2 }) : udp(out.dst, out.dport, out.src, out.sport);
        h.forward(back, rules);
        expect(seen(back)).toBe("ESTABLISHED");
        expect(endpoints(back)).toEqual({ src: dst, sport: dport, dst: src, dport: sport });
      }),
      { numRuns: 300 },
    );
  });
});

/** The packet with its IP and transport checksums computed afresh. */
function withChecksums(p: PacketState): PacketState {
  const { checksum: _ip, ...ipRest } = p.ip;
  const ipBytes = emitIpv4Header(ipRest);
  const ip = { ...p.ip, checksum: ((ipBytes[10] ?? 0) << 8) | (ipBytes[11] ?? 0) };
  const l4 = p.l4;
  if (l4.kind === "tcp") {
    const { checksum: _c, ...rest } = l4;
    const seg = emitTcp(rest, p.payload, ip.src, ip.dst);
    return { ...p, ip, l4: { ...l4, checksum: ((seg[16] ?? 0) << 8) | (seg[17] ?? 0) } };
  }
  if (l4.kind === "udp") {
    const { checksum: _c, ...rest } = l4;
    const dgram = emitUdp(rest, p.payload, ip.src, ip.dst);
    return { ...p, ip, l4: { ...l4, checksum: ((dgram[6] ?? 0) << 8) | (dgram[7] ?? 0) } };
  }
  return { ...p, ip };
}

function endpoints(p: PacketState): { src: string; sport: number; dst: string; dport: number } {
  const l4 = p.l4;
  if (l4.kind !== "tcp" && l4.kind !== "udp") throw new Error("ports");
  return { src: formatIpv4(p.ip.src), sport: l4.sport, dst: formatIpv4(p.ip.dst), dport: l4.dport };
}

describe("MASQUERADE, REDIRECT and NETMAP", () => {
  const host = {
    masqueradeAddress: (out: string) => (out === "eth1" ? ip("203.0.113.5") : undefined),
    firstAddress: (iface: string) => (iface === "eth0" ? ip("10.0.1.1") : undefined),
  };
  const masq = { POSTROUTING: [natEffect("MASQUERADE", "SRC", {})] };

  it("masquerades to the outgoing device's address, and drops when it has none", () => {
    const h = makeHost({ host });
    const p = udp("10.0.1.50", 5000, S, 53);
    expect(h.forward(p, masq, { out: "eth1" }).verdict).toBe("ACCEPT");
    expect(formatIpv4(p.ip.src)).toBe("203.0.113.5");
    expect(h.forward(udp("10.0.1.50", 5001, S, 53), masq, { out: "eth2" }).verdict).toBe("DROP");
    expect(listing(h)).toHaveLength(1);
  });

  it("forgets masqueraded connections when their device goes down or their address goes away", () => {
    const h = makeHost({ host });
    h.forward(udp("10.0.1.50", 5000, S, 53), masq, { out: "eth1" });
    h.forward(udp("10.0.1.50", 5001, S, 53), masq, { out: "eth1" });
    h.forward(udp("10.0.1.50", 5002, S, 53), {}, { out: "eth1" });
    masqueradeAddressRemoved(h.table, "eth1", ip("203.0.113.9"));
    expect(listing(h)).toHaveLength(3);
    masqueradeAddressRemoved(h.table, "eth1", ip("203.0.113.5"));
    expect(listing(h)).toHaveLength(1);
    h.forward(udp("10.0.1.50", 5003, S, 53), masq, { out: "eth1" });
    masqueradeDeviceDown(h.table, "eth1");
    expect(listing(h)).toHaveLength(1);
  });

  it("drops and forgets a masqueraded connection whose packets now leave by another device", () => {
    const h = makeHost({ host });
    h.forward(udp("10.0.1.50", 5000, S, 53), masq, { out: "eth1" });
    expect(h.forward(udp("10.0.1.50", 5000, S, 53), masq, { out: "eth0" }).verdict).toBe("DROP");
    expect(listing(h)).toEqual([]);
  });

  it("redirects to the incoming device's first address, or to 127.0.0.1 from this host", () => {
    const h = makeHost({ host });
    const redirect = (hook: "PREROUTING" | "OUTPUT") => ({ [hook]: [natEffect("REDIRECT", "DST", { ports: { min: 3128, max: 3128 } })] });
    const inbound = tcp("10.0.1.50", 40000, S, 80, "S");
    h.input(inbound, redirect("PREROUTING"), { in: "eth0" });
    const local = tcp("10.0.1.1", 40001, S, 80, "S");
    h.output(local, redirect("OUTPUT"));
    expect([endpoints(inbound).dst, endpoints(inbound).dport, endpoints(local).dst, endpoints(local).dport]).toEqual(["10.0.1.1", 3128, "127.0.0.1", 3128]);
    expect(h.input(tcp("10.0.1.50", 40002, S, 80, "S"), redirect("PREROUTING"), { in: "eth9" }).verdict).toBe("DROP");
  });

  it("maps with NETMAP to the address the target computed", () => {
    const h = makeHost();
    const p = udp("10.0.1.50", 5000, "192.168.7.9", 53);
    h.forward(p, { PREROUTING: [natEffect("NETMAP", "DST", { to: "10.0.2.9" })] });
    expect(endpoints(p).dst).toBe("10.0.2.9");
  });
});
