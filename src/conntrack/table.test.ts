// The table: nf_conntrack_max and early drop, zones, the state file round trip, and the
// `conntrack -L` lines of zones, accounting and -o options, as conntrack-tools 1.4.7
// printed them on kernel 6.18.
import { describe, expect, it } from "vitest";
import type { CtTemplateEffect, Effect } from "../netfilter/context.ts";
import { configFromSysctl, DEFAULT_CONFIG } from "./config.ts";
import { formatEntry } from "./format.ts";
import { conntrackSteps } from "./engine.ts";
import { deleteEntry, entryCount, liveEntries } from "./table.ts";
import { forwardAll, listing, makeHost, seen, testEnv, udp, type Host } from "./testkit.ts";

const C = "10.0.1.50";
const fail = (): never => {
  throw new Error("missing");
};
const S = "10.0.2.50";

/** A UDP flow made ASSURED: replied, and used again more than two seconds after it began. */
function assuredFlow(h: Host, sport: number): void {
  h.forward(udp(C, sport, S, 53));
  h.forward(udp(S, 53, C, sport));
  h.env.advance(2001);
  h.forward(udp(C, sport, S, 53));
}

describe("nf_conntrack_max", () => {
  it("drops the unassured entries of the new tuple's bucket to make room", () => {
    // One bucket: every entry is in the new tuple's bucket.
    const h = makeHost({ config: { ...DEFAULT_CONFIG, max: 3, buckets: 1 } });
    assuredFlow(h, 1000);
    h.forward(udp(C, 1001, S, 53));
    h.forward(udp(C, 1002, S, 53));
    const p = udp(C, 1003, S, 53);
    expect(h.forward(p).verdict).toBe("ACCEPT");
    expect(listing(h).map((l) => l.split(" ").find((w) => w.startsWith("sport=")))).toEqual(["sport=1000", "sport=1003"]);
  });

  it("drops the packet when only assured entries are left (table full)", () => {
    const h = makeHost({ config: { ...DEFAULT_CONFIG, max: 2, buckets: 1 } });
    assuredFlow(h, 1000);
    assuredFlow(h, 1001);
    const p = udp(C, 1002, S, 53);
    expect(h.forward(p).verdict).toBe("DROP");
    expect(listing(h)).toHaveLength(2);
  });

  it("finds nothing to drop outside the eight buckets it searches", () => {
    const h = makeHost({ config: { ...DEFAULT_CONFIG, max: 1 } });
    h.forward(udp(C, 1000, S, 53));
    expect(h.forward(udp(C, 1001, S, 53)).verdict).toBe("DROP");
  });

  it("counts expired entries as gone", () => {
    const h = makeHost({ config: { ...DEFAULT_CONFIG, max: 1 } });
    h.forward(udp(C, 1000, S, 53));
    h.env.advance(30_000);
    expect(h.forward(udp(C, 1001, S, 53)).verdict).toBe("ACCEPT");
  });
});

describe("zones", () => {
  const zone = (z: CtTemplateEffect["zone"], zoneDir: CtTemplateEffect["zoneDir"] = "both"): Effect[] => [
    { kind: "ct", zone: z, zoneDir, ctEvents: [], expEvents: [] },
  ];

  it("keeps the same tuple apart in two zones, and shows where a zone applies", () => {
    const h = makeHost({ config: { ...DEFAULT_CONFIG, acct: true } });
    h.forward(udp(C, 5000, S, 60, [1, 2, 3]), {}, {}, zone(5, "original"));
    h.forward(udp(C, 5000, S, 61, [1, 2, 3]), {}, {}, zone(6, "reply"));
    const marked = udp(C, 5000, S, 62, [1, 2, 3]);
    marked.mark = 0x10009;
    h.forward(marked, {}, {}, zone("mark"));
    h.forward(udp(C, 5000, S, 63, [1, 2, 3]));
    h.forward(udp(S, 63, C, 5000, [1, 2, 3, 4]));
    h.env.advance(100);
    // conntrack -L with net.netfilter.nf_conntrack_acct=1, in the kernel's own words.
    expect(listing(h)).toEqual([
      "udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=60 zone-orig=5 packets=1 bytes=31 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=60 dport=5000 packets=0 bytes=0 mark=0 use=1",
      "udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=61 packets=1 bytes=31 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=61 dport=5000 zone-reply=6 packets=0 bytes=0 mark=0 use=1",
      "udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=62 packets=1 bytes=31 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=62 dport=5000 packets=0 bytes=0 mark=0 zone=9 use=1",
      "udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=63 packets=1 bytes=31 src=10.0.2.50 dst=10.0.1.50 sport=63 dport=5000 packets=1 bytes=32 mark=0 use=1",
    ]);
  });

  it("does not match a packet of zone 0 with an entry of zone 7", () => {
    const h = makeHost();
    h.forward(udp(C, 5000, S, 54), {}, {}, zone(7));
    const reply = udp(S, 54, C, 5000);
    h.forward(reply);
    expect(seen(reply)).toBe("NEW");
    const inZone = udp(S, 54, C, 5000);
    h.forward(inZone, {}, {}, zone(7));
    expect(seen(inZone)).toBe("ESTABLISHED");
    expect(listing(h)[0]).toBe(
      "udp      17 30 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=54 src=10.0.2.50 dst=10.0.1.50 sport=54 dport=5000 mark=0 zone=7 use=1",
    );
  });
});

describe("the table as saved state", () => {
  it("is plain JSON that a new engine continues from", () => {
    const h = makeHost();
    forwardAll(h, [udp(C, 5000, S, 53)]);
    const loaded = JSON.parse(JSON.stringify(h.table)) as typeof h.table;
    const steps = conntrackSteps(loaded);
    const reply = udp(S, 53, C, 5000);
    steps.conntrackIn("PREROUTING", reply, h.env, {});
    expect(seen(reply)).toBe("ESTABLISHED");
    const fresh = udp(C, 5001, S, 53);
    steps.conntrackIn("PREROUTING", fresh, h.env, {});
    steps.confirm("POSTROUTING", fresh, h.env);
    expect(entryCount(loaded)).toBe(2);
    deleteEntry(loaded, Object.values(loaded.entries)[1] ?? fail());
    expect(liveEntries(loaded, h.env.now()).map((e) => formatEntry(e, h.env.now()))).toEqual([
      "udp      17 30 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=53 src=10.0.2.50 dst=10.0.1.50 sport=53 dport=5000 mark=0 use=1",
    ]);
  });
});

describe("configuration from sysctls", () => {
  it("reads the timeouts and switches of net.netfilter.nf_conntrack_*", () => {
    const sysctl: Record<string, string> = {
      "net.netfilter.nf_conntrack_udp_timeout": "10",
      "net.netfilter.nf_conntrack_tcp_loose": "0",
      "net.netfilter.nf_conntrack_tcp_timeout_established": "7200",
    };
    const cfg = configFromSysctl((name) => sysctl[name]);
    expect([cfg.timeouts.udp, cfg.tcpLoose, cfg.timeouts.tcp.ESTABLISHED, cfg.timeouts.tcp.SYN_SENT2, cfg.max]).toEqual([10, false, 7200, 120, 262144]);
    const h = makeHost({ config: cfg, env: testEnv() });
    forwardAll(h, [udp(C, 5000, S, 53)]);
    expect(listing(h)[0]).toContain("udp      17 9 ");
  });
});

describe("conntrack -L options", () => {
  it("prints -o extended's layer-3 prefix and -o id's id", () => {
    const h = makeHost();
    forwardAll(h, [udp(C, 5000, S, 53)]);
    const [e] = liveEntries(h.table, h.env.now());
    if (e === undefined) throw new Error("no entry");
    expect(formatEntry(e, h.env.now(), { extended: true })).toBe(
      "ipv4     2 udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=53 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=53 dport=5000 mark=0 use=1",
    );
    e.mark = 42;
    expect(formatEntry(e, h.env.now(), { id: true })).toBe(
      `udp      17 29 src=10.0.1.50 dst=10.0.2.50 sport=5000 dport=53 [UNREPLIED] src=10.0.2.50 dst=10.0.1.50 sport=53 dport=5000 mark=42 use=1 id=${String(e.id)}`,
    );
  });
});
