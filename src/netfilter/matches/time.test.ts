// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, refusal, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const FULL =
  "iptables -A INPUT -m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz";

describe("time match", () => {
  it("saves dates in ISO form (the default stop too), lists them in words", () => {
    const setup = [FULL, "iptables -A INPUT -m time --timestart 22:00 --timestop 06:00 --contiguous"];
    expect(session(...setup, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        "-A INPUT -m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz\n" +
        "-A INPUT -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07 --contiguous\n",
    );
    expect(session(...setup, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             TIME from 01:02:03 to 04:05:06 on Mon,Fri,Sun on 1st,2nd,3rd,4th,5th starting from 2001-02-03 04:05:06 until date 2012-09-08 09:06:05\n" +
        "           all  --  anywhere             anywhere             TIME from 22:00:00 to 06:00:00 UTC contiguous\n",
    );
  });

  it("refuses malformed times, dates and days", () => {
    expect(refusal("iptables -A INPUT -m time --timestart 12:60")).toEqual(
      fails('invalid time "60" specified, should be hh:mm[:ss] format and within the boundaries'),
    );
    expect(refusal("iptables -A INPUT -m time --datestart 1969")).toEqual(
      fails('Invalid date "1969" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]'),
    );
    expect(refusal("iptables -A INPUT -m time --weekdays 0")).toEqual(fails("No, the week does NOT begin with Sunday."));
    expect(refusal("iptables -A INPUT -m time --monthdays 32")).toEqual(fails("32 is not a valid day for --monthdays"));
    expect(refusal("iptables -A INPUT -m time --timestart 06:00 --timestop 22:00 --contiguous")).toEqual(
      fails("time: --contiguous only makes sense when stoptime is smaller than starttime"),
    );
  });

  it("matches on the virtual clock read as UTC (xt_time.c)", () => {
    const { world } = session("iptables -A INPUT -m time --timestart 22:00 --timestop 06:00 --weekdays Sat -j DROP");
    let now = 0;
    const at = (iso: string) => {
      now = Date.parse(iso);
      return verdicts(world, [tcpPacket(1, 2)], { env: testEnv({ now: () => now }) })[0];
    };
    // 2001-02-03 was a Saturday.
    expect([at("2001-02-03T23:00:00Z"), at("2001-02-03T12:00:00Z"), at("2001-02-04T01:00:00Z"), at("2001-02-03T05:59:59Z")]).toEqual([
      "DROP", "ACCEPT", "ACCEPT", "DROP",
    ]);
    // --contiguous counts the early hours to the day the window began on.
    const contiguous = session("iptables -A INPUT -m time --timestart 22:00 --timestop 06:00 --weekdays Sat --contiguous -j DROP").world;
    now = Date.parse("2001-02-04T01:00:00Z");
    expect(verdicts(contiguous, [tcpPacket(1, 2)], { env: testEnv({ now: () => now }) })).toEqual(["DROP"]);
    const dates = session("iptables -A INPUT -m time --datestart 1970-01-02 --monthdays 2 -j DROP").world;
    const day = (ms: number) => verdicts(dates, [tcpPacket(1, 2)], { env: testEnv({ now: () => ms }) })[0];
    expect([day(0), day(86_400_000), day(2 * 86_400_000)]).toEqual(["ACCEPT", "DROP", "ACCEPT"]);
  });
});
