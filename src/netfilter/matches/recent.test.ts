// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal, saved, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -A INPUT -m recent --set --name ssh",
  "iptables -A INPUT -m recent ! --rcheck --seconds 60 --hitcount 3 --rttl --name ssh --rdest --mask 255.255.255.0 -j DROP",
  "iptables -A INPUT -m recent --update --seconds 30 --reap --name x",
  "iptables -A INPUT -m recent --remove",
];

describe("recent match", () => {
  it("saves every field, the name, mask and side always", () => {
    expect(saved("INPUT", ...SETUP)).toEqual([
      "-A INPUT -m recent --set --name ssh --mask 255.255.255.255 --rsource",
      "-A INPUT -m recent ! --rcheck --seconds 60 --hitcount 3 --rttl --name ssh --mask 255.255.255.0 --rdest -j DROP",
      "-A INPUT -m recent --update --seconds 30 --reap --name x --mask 255.255.255.255 --rsource",
      "-A INPUT -m recent --remove --name DEFAULT --mask 255.255.255.255 --rsource",
    ]);
  });

  it("lists as recent: OPS ... name: side: mask:", () => {
    expect(session(...SETUP, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            recent: SET name: ssh side: source mask: 255.255.255.255\n" +
        "DROP       0    --  0.0.0.0/0            0.0.0.0/0            ! recent: CHECK seconds: 60 hit_count: 3 TTL-Match name: ssh side: dest mask: 255.255.255.0\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            recent: UPDATE seconds: 30 reap name: x side: source mask: 255.255.255.255\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            recent: REMOVE name: DEFAULT side: source mask: 255.255.255.255\n",
    );
  });

  it("refuses what libxt_recent and recent_mt_check refuse", () => {
    expect(refusal("iptables -A INPUT -m recent --seconds 5")).toEqual(
      fails("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'"),
    );
    expect(refusal("iptables -A INPUT -m recent --set --rttl")).toEqual(
      fails('recent: option "--rttl" cannot be used together with "--set".\n'),
    );
    expect(refusal("iptables -A INPUT -m recent --rcheck --update")).toEqual(
      fails('recent: option "--rcheck" cannot be used together with "--update".\n'),
    );
    expect(refusal("iptables -A INPUT -m recent --rcheck --reap")).toEqual(
      fails('recent: option "--reap" also requires "--seconds".\n'),
    );
    expect(refusal("iptables -A INPUT -m recent --set --seconds 5")).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -A INPUT -m recent --rcheck --hitcount 65536")).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -A INPUT -m recent --rcheck --name a/b")).toEqual(kernel("Invalid argument"));
    expect(session("iptables -A INPUT -m recent --rcheck --hitcount 65535").exit).toBe(0);
  });

  it("drops a source seen three times within a minute, then forgets it (xt_recent.c)", () => {
    const { world } = session(
      "iptables -A INPUT -p tcp --dport 22 -m recent --name ssh --rcheck --seconds 60 --hitcount 3 -j DROP",
      "iptables -A INPUT -p tcp --dport 22 -m recent --name ssh --set -j ACCEPT",
    );
    let now = 0;
    const env = testEnv({ now: () => now });
    const knock = (ms: number, src = 0x0a000001) => {
      now = ms;
      return verdicts(world, [tcpPacket(40000, 22, { src })], { env })[0];
    };
    expect([knock(0), knock(1000), knock(2000), knock(3000), knock(3000, 0x0a000009)]).toEqual([
      "ACCEPT", "ACCEPT", "ACCEPT", "DROP", "ACCEPT",
    ]);
    // At 61.5 s only the stamp of 2 s is within the minute: one hit.
    expect(knock(61_500)).toBe("ACCEPT");
  });

  it("--update records only when it matches; --remove forgets; --rdest and --mask pick the key", () => {
    const { world } = session(
      "iptables -A INPUT -p tcp --dport 1 -m recent --name l --set --rdest --mask 255.255.255.0",
      "iptables -A INPUT -p tcp --dport 2 -m recent --name l --update --rdest -j ACCEPT",
      "iptables -A INPUT -p tcp --dport 3 -m recent --name l --remove --rdest -j ACCEPT",
      "iptables -A INPUT -j DROP",
    );
    const to = (dport: number, dst: number) => verdicts(world, [tcpPacket(5, dport, { dst })])[0];
    // The list's mask (of the rule that made it) keeps 10.0.1.0 for any host of the /24.
    expect([to(1, 0x0a0001fe), to(2, 0x0a000102), to(3, 0x0a000177), to(2, 0x0a000102)]).toEqual(["DROP", "ACCEPT", "ACCEPT", "DROP"]);
    expect(to(2, 0x0a000202)).toBe("DROP");
  });
});
