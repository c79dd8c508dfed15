// tcpdump -i pflog0 on a Mac: the packets pf logged, with print-pflog.c's header under -e,
// and a LINKTYPE_PFLOG file with xnu's struct pfloghdr under -w. From the sources (no Mac
// at hand): xnu bsd/net/if_pflog.c pflog_packet, tcpdump print-pflog.c pflog_print.
import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { newWorld } from "../../world/world.ts";
import { runScript } from "../shell/testkit.ts";
import { pflogRecord } from "../../pf/pflog.ts";
import { pflogHeaderBytes } from "./pflog.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
const LAB = [
  "ip netns add LIME", "ip netns add MAC", "nfsim host MAC --os macos",
  "ip link add veth0 netns LIME type veth peer name en0 netns MAC",
  "ip -n LIME addr add 10.10.10.2/24 dev veth0", "ip -n MAC addr add 10.10.10.1/24 dev en0",
  "ip -n LIME link set veth0 up", "ip -n MAC link set en0 up",
];

/** Runs a script after the lab; returns stdout and stderr. */
function script(lines: readonly string[]): { out: string; err: string } {
  return runScript([...LAB, ...lines].join("\n") + "\n", undefined, { now: NOW });
}

const RULES = "ip netns exec MAC pfctl -q -f - <<'EOF'\nblock in log proto icmp\npass in proto tcp\nEOF";

describe("tcpdump -i pflog0", () => {
  it("prints the logged packets, with the pflog header under -e", () => {
    const r = script([RULES, "ip netns exec MAC pfctl -q -e", "ip netns exec MAC tcpdump -n -i pflog0 & A=$!", "ip netns exec MAC tcpdump -n -e -i pflog0 & B=$!",
      "ip netns exec LIME ping -c 1 -W 1 -e 7 10.10.10.1 >/dev/null", "kill $A $B"]);
    expect(r.err).toContain("listening on pflog0, link-type PFLOG (OpenBSD pflog file), snapshot length 262144 bytes\n");
    const lines = r.out.split("\n").filter((l) => l.includes("ICMP"));
    expect(lines).toEqual([
      "00:00:00.000060 IP 10.10.10.2 > 10.10.10.1: ICMP echo request, id 7, seq 1, length 64",
      "00:00:00.000060 rule 0/0(match): block in on en0: 10.10.10.2 > 10.10.10.1: ICMP echo request, id 7, seq 1, length 64",
    ]);
  });

  it("logs nothing for rules without log, and applies the capture filter", () => {
    const r = script([RULES, "ip netns exec MAC pfctl -q -e", "ip netns exec MAC tcpdump -n -i pflog0 tcp & A=$!",
      "ip netns exec LIME ping -c 1 -W 1 10.10.10.1 >/dev/null", "ip netns exec LIME nc -z -w 1 10.10.10.1 80", "kill $A"]);
    expect(r.out.split("\n").filter((l) => l.includes(" > "))).toEqual([]);
    expect(r.err).toContain("0 packets captured\n");
  });

  it("writes -w records behind xnu's 64-byte struct pfloghdr (rule numbers big-endian, uid UID_MAX)", () => {
    const rec = pflogRecord({ action: "block", rulenr: 2, subrulenr: 5, ruleset: "lab", logif: 0 }, "in", "en0", {
      ip: { src: 1, dst: 2, proto: 17, ttl: 64, tos: 0, length: 28, id: 1, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] },
      l4: { kind: "udp", sport: 1, dport: 2 },
      payload: [],
    });
    const b = Array.from(pflogHeaderBytes(rec));
    expect(b.length).toBe(64);
    expect(b.slice(0, 4)).toEqual([61, 2, 1, 0]);
    expect(String.fromCharCode(...b.slice(4, 7))).toBe("en0");
    expect(String.fromCharCode(...b.slice(20, 23))).toBe("lab");
    expect(b.slice(36, 44)).toEqual([0, 0, 0, 2, 0, 0, 0, 5]);
    expect(b.slice(44, 48)).toEqual([255, 255, 255, 255]);
    expect(b[60]).toBe(1);
  });

  it("is not a device of a Linux host", () => {
    const w = newWorld();
    expect(runCommand(w, "ip netns add L", "", NOW).exit).toBe(0);
    expect(runCommand(w, "ip netns exec L tcpdump -i pflog0", "", NOW)).toEqual({ stdout: "", stderr: "tcpdump: pflog0: No such device exists\n(No such device exists)\n", exit: 1 });
  });
});
