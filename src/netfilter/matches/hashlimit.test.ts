// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m hashlimit --hashlimit-upto 50/min --hashlimit-burst 10 --hashlimit-mode srcip,dstport --hashlimit-name http -j ACCEPT",
  "iptables -A INPUT -m hashlimit --hashlimit-above 1mb/s --hashlimit-mode dstip --hashlimit-dstmask 24 --hashlimit-name bw -j DROP",
  "iptables -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-name rm --hashlimit-rate-match --hashlimit-rate-interval 5",
];

describe("hashlimit match", () => {
  it("saves the rate in its unit, the burst, defaults left out (revision 3)", () => {
    expect(session(...SETUP, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        "-A INPUT -m hashlimit --hashlimit-upto 50/min --hashlimit-burst 10 --hashlimit-mode srcip,dstport --hashlimit-name http -j ACCEPT\n" +
        "-A INPUT -m hashlimit --hashlimit-above 1mb/s --hashlimit-mode dstip --hashlimit-name bw --hashlimit-dstmask 24 -j DROP\n" +
        "-A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name rm --hashlimit-rate-match --hashlimit-rate-interval 5\n",
    );
  });

  it("lists the rate over the whole rate-match interval", () => {
    expect(session(...SETUP, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "ACCEPT     all  --  anywhere             anywhere             limit: up to 50/min burst 10 mode srcip-dstport\n" +
        "DROP       all  --  anywhere             anywhere             limit: above 1mb/s mode dstip dstmask 24\n" +
        "           all  --  anywhere             anywhere             limit: up to 2/sec burst 5 rate-match rate-interval 5\n",
    );
  });

  it("refuses as libxt_hashlimit and hashlimit_mt_check_common do", () => {
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-upto 1/sec")).toEqual(
      fails('hashlimit: option "--hashlimit-name" must be specified\n'),
    );
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-name x")).toEqual(fails("You have to specify --hashlimit"));
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-upto 1/fortnight --hashlimit-name x")).toEqual(
      fails('hashlimit: Bad value for "--hashlimit-upto" option: "1/fortnight"'),
    );
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-name x --hashlimit-mode port")).toEqual(
      fails('hashlimit: Bad value for "--hashlimit-mode" option: "port"'),
    );
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-upto 1kb/s --hashlimit-burst 10 --hashlimit-name x")).toEqual(
      fails("burst cannot be smaller than 1024b"),
    );
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-upto 1/day --hashlimit-burst 1000000 --hashlimit-name x")).toEqual(
      kernel("Numerical result out of range"),
    );
    expect(refusal("iptables -A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-name a/b")).toEqual(kernel("Invalid argument"));
  });

  it("keeps one bucket per key: a burst of 3 at 2/sec, a token back every 500 ms (HZ 250)", () => {
    const { world } = session(
      "iptables -A INPUT -m hashlimit --hashlimit-upto 2/sec --hashlimit-burst 3 --hashlimit-mode srcip --hashlimit-name hl -j ACCEPT",
      "iptables -A INPUT -j DROP",
    );
    let now = 0;
    const env = testEnv({ now: () => now });
    const at = (ms: number, src = 0x0a000001) => {
      now = ms;
      return verdicts(world, [tcpPacket(1, 2, { src })], { env })[0];
    };
    expect([at(0), at(0), at(0), at(0), at(0, 0x0a000002)]).toEqual(["ACCEPT", "ACCEPT", "ACCEPT", "DROP", "ACCEPT"]);
    // 124 jiffies refill a little less than one packet's cost, 125 a little more.
    expect([at(499), at(500), at(500)]).toEqual(["DROP", "ACCEPT", "DROP"]);
  });

  it("shares the table between rules of the same name, made by the first (htable_find_get)", () => {
    const { world } = session(
      "iptables -A INPUT -p tcp --dport 1 -m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-name same -j ACCEPT",
      "iptables -A INPUT -p tcp --dport 2 -m hashlimit --hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-name same -j ACCEPT",
      "iptables -A INPUT -j DROP",
    );
    expect(verdicts(world, [tcpPacket(9, 1), tcpPacket(9, 2)])).toEqual(["ACCEPT", "DROP"]);
  });

  it("--hashlimit-above matches over the limit", () => {
    const { world } = session(
      "iptables -A INPUT -m hashlimit --hashlimit-above 1/sec --hashlimit-burst 2 --hashlimit-name ab -j DROP",
    );
    expect(verdicts(world, [tcpPacket(1, 2), tcpPacket(1, 2), tcpPacket(1, 2)])).toEqual(["ACCEPT", "ACCEPT", "DROP"]);
  });
});
