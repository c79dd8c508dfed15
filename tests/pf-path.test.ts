// A Mac's packets through pf (src/stack/pf-hook.ts): `block return` answers as pf does
// (xnu pf.c pf_test_rule: RST|ACK for TCP, an ICMP error for the rest but never for ICMP),
// states let replies through, nat on a Mac that routes, and `set skip on lo0`. The Linux
// host's lines are what iputils ping and netcat-openbsd print for those answers.
import { describe, expect, it } from "vitest";
import { runCommand } from "../src/cli/run.ts";
import { rawSendIcmp } from "../src/stack/sockets.ts";
import { Net } from "../src/world/net.ts";
import { formatPathTrace } from "../src/world/trace-text.ts";
import { newWorld, type World } from "../src/world/world.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
const ALTQ = "No ALTQ support in kernel\nALTQ related functions disabled\n";

function ok(w: World, line: string, stdin = ""): string {
  const r = runCommand(w, line, stdin, NOW);
  if (r.exit !== 0) throw new Error(`${line}: ${r.stderr}`);
  return r.stdout;
}

/** LIME (Linux, 10.10.10.2) on the Mac's en0 (10.10.10.1); the Mac runs `conf` with pf enabled. */
function lab(conf: string): World {
  const w = newWorld();
  for (const line of [
    "ip netns add LIME", "ip netns add MAC", "nfsim host MAC --os macos",
    "ip link add veth0 netns LIME type veth peer name en0 netns MAC",
    "ip -n LIME addr add 10.10.10.2/24 dev veth0", "ip -n MAC addr add 10.10.10.1/24 dev en0",
    "ip -n LIME link set veth0 up", "ip -n MAC link set en0 up",
  ]) ok(w, line);
  ok(w, "ip netns exec MAC pfctl -q -f -", conf);
  ok(w, "ip netns exec MAC pfctl -q -e");
  return w;
}

function traces(w: World): string[] {
  return Net.of(w).traces().map((t) => formatPathTrace(w, t));
}

describe("pf in a Mac's packet path", () => {
  it("answers a blocked TCP SYN with a RST|ACK (return-rst): nc hears Connection refused", () => {
    const w = lab("block return in proto tcp from 10.10.10.2\n");
    expect(runCommand(w, "ip netns exec LIME nc -v -z -w 1 10.10.10.1 80", "", NOW)).toEqual({
      stdout: "", stderr: "nc: connect to 10.10.10.1 port 80 (tcp) failed: Connection refused\n", exit: 1,
    });
    const rst = traces(w).find((t) => t.includes("sent by pf return-rst in [MAC]"));
    expect(rst?.split("\n")[0]).toMatch(/^packet #\d+: IP 10\.10\.10\.1\.80 > 10\.10\.10\.2\.\d+: Flags \[R\.\], seq 0, ack \d+, win 0, length 0$/);
    expect(traces(w).join("")).toContain("[MAC] pf in on en0: block by rule @0: block return in inet proto tcp from 10.10.10.2 to any, answered with a TCP RST (return-rst)\n");
  });

  it("answers with the ICMP error asked for (return-icmp): nc hears No route to host", () => {
    const w = lab("block return-icmp(host-unr) in proto tcp from 10.10.10.2\n");
    expect(runCommand(w, "ip netns exec LIME nc -v -z -w 1 10.10.10.1 80", "", NOW)).toEqual({
      stdout: "", stderr: "nc: connect to 10.10.10.1 port 80 (tcp) failed: No route to host\n", exit: 1,
    });
    expect(traces(w).some((t) => t.includes("ICMP host 10.10.10.1 unreachable") && t.includes("sent by pf return-icmp in [MAC]"))).toBe(true);
  });

  it("never answers ICMP with an ICMP error: a blocked ping just goes unanswered", () => {
    const w = lab("block return in proto icmp\n");
    expect(runCommand(w, "ip netns exec LIME ping -c 1 -W 1 10.10.10.1", "", NOW)).toEqual({
      stdout: "PING 10.10.10.1 (10.10.10.1) 56(84) bytes of data.\n\n--- 10.10.10.1 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n",
      stderr: "", exit: 1,
    });
    expect(traces(w).filter((t) => t.includes("sent by pf"))).toEqual([]);
  });

  it("lets the reply of a kept state through a block rule, and counts it", () => {
    const w = lab("block out all\npass in inet proto icmp from 10.10.10.2 keep state\n");
    expect(runCommand(w, "ip netns exec LIME ping -c 2 10.10.10.1", "", NOW).stdout).toContain("2 packets transmitted, 2 received, 0% packet loss");
    expect(ok(w, "ip netns exec MAC pfctl -q -s rules -v").split("\n").filter((l) => l.includes("Evaluations"))).toEqual([
      "  [ Evaluations: 1         Packets: 0         Bytes: 0           States: 0     ]",
      "  [ Evaluations: 1         Packets: 4         Bytes: 336         States: 1     ]",
    ]);
    expect(ok(w, "ip netns exec MAC pfctl -q -s states")).toMatch(/^ALL icmp 10\.10\.10\.1:\d+ <- 10\.10\.10\.2 {7}0:0\n$/);
    expect(traces(w).join("")).toMatch(/\[MAC\] pf out on en0: pass by state 1 \(created by rule @1: pass in inet proto icmp from 10\.10\.10\.2 to any keep state\)\n/);
  });

  it("translates forwarded packets with nat and their replies back by the state", () => {
    const w = lab("nat on en1 from 10.10.10.0/24 to any -> (en1)\n");
    for (const line of [
      "ip netns add LEMON", "ip link add veth0 netns LEMON type veth peer name en1 netns MAC",
      "ip -n LEMON addr add 192.168.1.2/24 dev veth0", "ip -n MAC addr add 192.168.1.1/24 dev en1",
      "ip -n LEMON link set veth0 up", "ip -n MAC link set en1 up", "ip -n LIME route add default via 10.10.10.1",
    ]) ok(w, line);
    // What `sysctl -w net.inet.ip.forwarding=1` does on a Mac.
    expect(ok(w, "ip netns exec MAC sysctl -w net.inet.ip.forwarding=1")).toBe("net.inet.ip.forwarding: 0 -> 1\n");
    expect(runCommand(w, "ip netns exec LIME ping -c 1 192.168.1.2", "", NOW).stdout).toContain("64 bytes from 192.168.1.2: icmp_seq=1 ttl=63");
    expect(ok(w, "ip netns exec MAC pfctl -q -s states")).toMatch(/^ALL icmp 10\.10\.10\.2:(\d+) \(192\.168\.1\.1:\d+\) -> 192\.168\.1\.2 {7}0:0\n$/);
    expect(traces(w).some((t) => /packet #\d+: IP 192\.168\.1\.1 > 192\.168\.1\.2: ICMP echo request/.test(t))).toBe(false);
    expect(traces(w).join("")).toContain("[LEMON] delivered to ICMP echo");
    const request = traces(w).find((t) => t.includes("[MAC] pf out on en1"));
    expect(request).toContain("    translated by nat @0: nat on en1 inet from 10.10.10.0/24 to any -> (en1) round-robin\n");
  });

  it("redirects before the routing decision (rdr) and translates the answer back by the state", () => {
    const w = lab("rdr on en0 proto tcp from any to any port 8080 -> 10.10.10.1 port 80\n");
    expect(runCommand(w, "ip netns exec LIME nc -v -z -w 1 10.10.10.1 8080", "", NOW).stderr).toBe(
      "nc: connect to 10.10.10.1 port 8080 (tcp) failed: Connection refused\n",
    );
    const all = traces(w).join("");
    expect(all).toContain("    translated by rdr @0: rdr on en0 inet proto tcp from any to any port = 8080 -> 10.10.10.1 port 80\n");
    expect(all).toContain("  => DROPPED in [MAC]: no socket on TCP port 80: answered with RST\n");
    expect(all).toContain("  [MAC] pf out on en0: pass by state 1\n");
  });

  it("skips lo0 with `set skip on lo0`, and filters it without", () => {
    const echo = { kind: "icmp" as const, type: 8, code: 0, id: 7, seq: 1 };
    const send = (conf: string) => {
      const w = lab(conf);
      rawSendIcmp(Net.of(w), "MAC", { dst: 0x7f000001, icmp: echo, payload: [] }, "test");
      Net.of(w).advance(1_000_000);
      return traces(w);
    };
    const skipped = send("set skip on lo0\nblock all\n");
    expect(skipped[0]).toContain("  [MAC] pf out on lo0: pass (set skip on lo0)\n  [MAC] out lo0");
    expect(skipped[0]).toContain("  [MAC] pf in on lo0: pass (set skip on lo0)\n");
    const blocked = send("block all\n");
    expect(blocked[0]).toContain("  => DROPPED in [MAC]: dropped by pf out on lo0 at rule @0: block drop all\n");
  });

  it("leaves a disabled pf out of the path, as xnu does not call pf_test then", () => {
    const w = lab("block all\n");
    expect(runCommand(w, "ip netns exec MAC pfctl -d", "", NOW)).toEqual({ stdout: "", stderr: `${ALTQ}pf disabled\n`, exit: 0 });
    expect(runCommand(w, "ip netns exec LIME ping -c 1 10.10.10.1", "", NOW).exit).toBe(0);
    expect(traces(w).join("")).not.toContain(" pf ");
  });
});
