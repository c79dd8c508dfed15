// conntrack -o save and the zones of one direction, with the lines conntrack-tools 1.4.7
// printed on Linux 6.18 (golden case tests/golden/net/cases/conntrack-save.sh).
import { describe, expect, it } from "vitest";
import { IPS, type CtEntry } from "../../conntrack/index.ts";
import { newTcpCt } from "../../conntrack/tcp.ts";
import { parseIpv4 } from "../../wire/ipv4.ts";
import { runScript } from "../shell/testkit.ts";
import { saveLine } from "./save.ts";

const ip = (s: string): number => {
  const a = parseIpv4(s);
  if (a === undefined) throw new Error(s);
  return a;
};
const A = ip("10.0.13.1");
const B = ip("10.0.13.2");

function entry(e: Partial<CtEntry> & Pick<CtEntry, "orig" | "reply">): CtEntry {
  return { id: 1, status: IPS.CONFIRMED | IPS.SEEN_REPLY, timeout: 29_000, mark: 0, ...e };
}

describe("saveLine", () => {
  it("prints an ICMP entry with its type, code and id", () => {
    const e = entry({ orig: { src: A, dst: B, proto: 1, sport: 77, dport: 8 << 8 }, reply: { src: B, dst: A, proto: 1, sport: 77, dport: 0 } });
    expect(saveLine(e, 0, "NEW")).toBe("-A -t 29 -u SEEN_REPLY -s 10.0.13.1 -d 10.0.13.2 -r 10.0.13.2 -q 10.0.13.1 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 77\n");
  });

  it("prints a TCP entry with its ports and state, and a deletion as -D", () => {
    const tcp = newTcpCt();
    tcp.state = 7;
    const e = entry({
      orig: { src: A, dst: B, proto: 6, sport: 40000, dport: 8080 }, reply: { src: B, dst: A, proto: 6, sport: 8080, dport: 40000 },
      status: IPS.CONFIRMED | IPS.SEEN_REPLY | IPS.ASSURED, timeout: 119_000, tcp,
    });
    expect(saveLine(e, 0, "DESTROY")).toBe(
      "-D -t 119 -u SEEN_REPLY,ASSURED -s 10.0.13.1 -d 10.0.13.2 -r 10.0.13.2 -q 10.0.13.1 -p tcp --sport 40000 --dport 8080 --reply-port-src 8080 --reply-port-dst 40000 --state TIME_WAIT\n",
    );
  });

  it("prints a reply source changed by DNAT as -g, no status bit as UNSET, a zone of one direction, no mark", () => {
    const dnat = entry({
      orig: { src: A, dst: ip("10.0.13.9"), proto: 1, sport: 78, dport: 8 << 8 }, reply: { src: B, dst: A, proto: 1, sport: 78, dport: 0 },
      status: IPS.CONFIRMED | IPS.SEEN_REPLY | IPS.DST_NAT | IPS.DST_NAT_DONE | IPS.SRC_NAT_DONE,
    });
    expect(saveLine(dnat, 0, "NEW")).toBe("-A -t 29 -u SEEN_REPLY -s 10.0.13.1 -d 10.0.13.9 -g 10.0.13.2 -q 10.0.13.1 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 78\n");
    const zoned = entry({
      orig: { src: ip("1.1.1.1"), dst: ip("2.2.2.2"), proto: 17, sport: 1, dport: 3 }, reply: { src: ip("2.2.2.2"), dst: ip("1.1.1.1"), proto: 17, sport: 3, dport: 1 },
      status: IPS.CONFIRMED, timeout: 49_000, zone: { id: 4, dir: "reply" }, mark: 9,
    });
    expect(saveLine(zoned, 0, "UPDATE")).toBe("-U -t 49 -u UNSET --reply-zone 4 -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p udp --sport 1 --dport 3 --reply-port-src 3 --reply-port-dst 1\n");
  });
});

describe("conntrack --orig-zone and --reply-zone", () => {
  const CREATE = "ip netns exec X conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 -t 50";

  it("makes entries in a zone of one direction; a second zone on top of one is refused", () => {
    const r = runScript(`ip netns add X
${CREATE} --dport 2 --orig-zone 3
${CREATE} --dport 5 -w 5 --orig-zone 6
${CREATE} --dport 6 --orig-zone 7 --reply-zone 7
echo "exit $?"
${CREATE} --dport 7 -w 0 --reply-zone 8
ip netns exec X conntrack -L -o save
`);
    expect(r.out).toBe(
      "exit 1\n" +
        "-A -t 50 -u UNSET --orig-zone 3 -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p udp --sport 1 --dport 2 --reply-port-src 2 --reply-port-dst 1\n" +
        "-A -t 50 -u UNSET --reply-zone 8 -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p udp --sport 1 --dport 7 --reply-port-src 7 --reply-port-dst 1\n",
    );
    expect(r.err).toContain("Operation failed: invalid parameters\nconntrack v1.4.7 (conntrack-tools): Operation failed: invalid parameters\n");
  });

  it("filters by the zone of each direction, an entry without one counting as zone 0 (nfct_cmp)", () => {
    const r = runScript(`ip netns add X
${CREATE} --dport 2 --orig-zone 3
${CREATE} --dport 3 --reply-zone 4
${CREATE} --dport 4 -w 5
ip netns exec X conntrack -L --orig-zone 0 -o save
ip netns exec X conntrack -L -w 3
ip netns exec X conntrack -D --reply-zone 4 -o save
echo "exit $?"
`);
    expect(r.out).toBe(
      "-A -t 50 -u UNSET --reply-zone 4 -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p udp --sport 1 --dport 3 --reply-port-src 3 --reply-port-dst 1\n" +
        "-A -t 50 -u UNSET -w 5 -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p udp --sport 1 --dport 4 --reply-port-src 4 --reply-port-dst 1\n" +
        "-D -t 50 -u UNSET --reply-zone 4 -s 1.1.1.1 -d 2.2.2.2 -r 2.2.2.2 -q 1.1.1.1 -p udp --sport 1 --dport 3 --reply-port-src 3 --reply-port-dst 1\n" +
        "exit 0\n",
    );
    expect(r.err).toContain("0 flow entries have been shown.\n");
  });

  it("refuses save with another output type", () => {
    const r = runScript("ip netns add X\nip netns exec X conntrack -L -o save,extended\necho \"exit $?\"\n");
    expect(r.out).toBe("exit 1\n");
    expect(r.err).toBe("conntrack v1.4.7 (conntrack-tools): cannot combine save output with any other output type, use -o save only\n");
  });
});
