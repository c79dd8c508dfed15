// nf_conntrack_timestamp as conntrack-tools 1.4.7 shows it (golden case
// tests/golden/net/cases/conntrack-timestamp.sh, captured on Linux 6.18):
//   icmp ... mark=0 delta-time=2 [start=Wed Nov 25 22:59:11 2026] use=1           (-L -o ktimestamp)
//   [DESTROY] icmp ... delta-time=2 [start=...] [stop=Wed Nov 25 22:59:13 2026] [USERSPACE] portid=...
// delta-time is whole seconds of the stop (or now) less whole seconds of the start.
import { describe, expect, it } from "vitest";
import { formatEntry, IPS, newConntrackTable, type CtEntry } from "../../conntrack/index.ts";
import { entryById, insertEntry } from "../../conntrack/table.ts";
import { LAB, runScript } from "../shell/testkit.ts";

/** Wall-clock ms of virtual time 0: local 22:59:10.853 on Nov 25 2026, whatever the TZ. */
const EPOCH = new Date(2026, 10, 25, 22, 59, 10, 853).getTime();
const ICMP: CtEntry = {
  id: 1, orig: { src: 0x0a000d01, dst: 0x0a000d02, proto: 1, sport: 77, dport: 8 << 8 },
  reply: { src: 0x0a000d02, dst: 0x0a000d01, proto: 1, sport: 77, dport: 0 },
  status: IPS.CONFIRMED | IPS.SEEN_REPLY, timeout: 30_000, mark: 0, start: 1000,
};
const TUPLES = "src=10.0.13.1 dst=10.0.13.2 type=8 code=0 id=77 src=10.0.13.2 dst=10.0.13.1 type=0 code=0 id=77";

describe("formatEntry with a timestamp", () => {
  it("shows delta-time in whole seconds of the wall clock, and the start's date with ktimestamp", () => {
    // Started at 22:59:11.853; listed at 22:59:13.053: 13 - 11 = 2, though 1.2 s passed.
    expect(formatEntry(ICMP, 2200, { epochMs: EPOCH })).toBe(`icmp     1 27 ${TUPLES} mark=0 delta-time=2 use=1`);
    expect(formatEntry(ICMP, 2200, { epochMs: EPOCH, ktimestamp: true, extended: true })).toBe(
      `ipv4     2 icmp     1 27 ${TUPLES} mark=0 delta-time=2 [start=Wed Nov 25 22:59:11 2026] use=1`,
    );
  });

  it("shows the stop of a destroy event, and nothing where the message has no timestamp", () => {
    expect(formatEntry(ICMP, 3000, { epochMs: EPOCH, ktimestamp: true, stop: 3000 })).toBe(
      `icmp     1 27 ${TUPLES} mark=0 delta-time=2 [start=Wed Nov 25 22:59:11 2026] [stop=Wed Nov 25 22:59:13 2026] use=1`,
    );
    expect(formatEntry(ICMP, 2200, { epochMs: EPOCH, timestamps: false })).toBe(`icmp     1 27 ${TUPLES} mark=0 use=1`);
    const { start: _unused, ...plain } = ICMP;
    expect(formatEntry(plain, 2200, { epochMs: EPOCH, ktimestamp: true })).toBe(`icmp     1 27 ${TUPLES} mark=0 use=1`);
  });

  it("keeps the start in the table's store and in its saved JSON", () => {
    const table = newConntrackTable();
    insertEntry(table, ICMP);
    expect(entryById(table, 1)?.start).toBe(1000);
    const loaded = JSON.parse(JSON.stringify(table)) as typeof table;
    expect(entryById(loaded, 1)?.start).toBe(1000);
  });
});

describe("conntrack with nf_conntrack_timestamp=1", () => {
  const TRACKED = `${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT\n`;
  const PING = (id: number) => `ip netns exec LEMON ping -c 1 -e ${String(id)} 10.10.10.2 > /dev/null\n`;
  const tuples = (id: number) =>
    `src=10.10.10.1 dst=10.10.10.2 type=8 code=0 id=${String(id)} src=10.10.10.2 dst=10.10.10.1 type=0 code=0 id=${String(id)}`;

  it("stamps entries confirmed or made by -I once it is set, not those before, and shows delta-time", () => {
    const r = runScript(`${TRACKED}${PING(76)}ip netns exec LIME sysctl -qw net.netfilter.nf_conntrack_timestamp=1
${PING(77)}ip netns exec LIME conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
sleep 1.2
ip netns exec LIME conntrack -L
`);
    // The tests' wall clock stands at the epoch at each command: the entries started 1.2 s
    // (and a few ms) before it, in the second before the one before.
    expect(r.out).toBe(
      `icmp     1 28 ${tuples(76)} mark=0 use=1\n` +
        `icmp     1 28 ${tuples(77)} mark=0 delta-time=2 use=1\n` +
        "udp      17 48 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 delta-time=2 use=1\n",
    );
  });

  it("reports delta-time in [DESTROY] events only, with [start=] [stop=] under -o ktimestamp", () => {
    const r = runScript(`${TRACKED}ip netns exec LIME sysctl -qw net.netfilter.nf_conntrack_timestamp=1
ip netns exec LIME conntrack -E -o ktimestamp &
E=$!
${PING(77)}sleep 1.2
ip netns exec LIME conntrack -D -p icmp > /dev/null
kill $E
wait $E
`);
    // The listener's wall clock stood at the epoch when it started: the entry started then,
    // and stopped 1.2 s later, in the next second.
    const lines = r.out.split("\n");
    expect(lines[0]).toBe(`    [NEW] icmp     1 30 src=10.10.10.1 dst=10.10.10.2 type=8 code=0 id=77 [UNREPLIED] src=10.10.10.2 dst=10.10.10.1 type=0 code=0 id=77`);
    expect(lines[1]).toBe(` [UPDATE] icmp     1 30 ${tuples(77)}`);
    expect(lines[2]).toMatch(
      new RegExp(`^\\[DESTROY\\] icmp     1 28 ${tuples(77)} delta-time=1 \\[start=\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\] \\[stop=[^\\]]+\\] \\[USERSPACE\\] portid=\\d+$`),
    );
  });
});
