// macOS's ping on a Mac host. No Mac is at hand: every expected line is built from
// network_cmds-741 ping.tproj/ping.c (main's loop and its printf/errx/warn calls, pr_pack,
// pr_icmph, pr_iph, finish, usage) as the comments next to each case say; the rtt is the
// virtual wire's (nfsim's veth delivers in 40 µs each way).
import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { Net } from "../../world/net.ts";
import { newWorld, type World } from "../../world/world.ts";
import { MAC_PING_USAGE } from "./ping-options.ts";
import { fixed } from "./ping-text.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));

function ok(w: World, line: string, stdin = ""): string {
  const r = runCommand(w, line, stdin, NOW);
  if (r.exit !== 0) throw new Error(`${line}: ${r.stderr}`);
  return r.stdout;
}

/** LIME (Linux, 10.10.10.2) on the Mac's en0 (10.10.10.1). */
function lab(): World {
  const w = newWorld();
  for (const line of [
    "ip netns add LIME", "ip netns add MAC", "nfsim host MAC --os macos",
    "ip link add veth0 netns LIME type veth peer name en0 netns MAC",
    "ip -n LIME addr add 10.10.10.2/24 dev veth0", "ip -n MAC addr add 10.10.10.1/24 dev en0",
    "ip -n LIME link set veth0 up", "ip -n MAC link set en0 up",
  ]) ok(w, line);
  return w;
}

const mac = (w: World, args: string, stdin = "") => runCommand(w, `ip netns exec MAC ping ${args}`, stdin, NOW);

describe("ping on a Mac (network_cmds ping.c)", () => {
  it("prints macOS's header, replies from icmp_seq 0, and finish's statistics", () => {
    const r = mac(lab(), "-c 2 10.10.10.2");
    expect(r.exit).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("PING 10.10.10.2 (10.10.10.2): 56 data bytes");
    expect(lines[1]).toMatch(/^64 bytes from 10\.10\.10\.2: icmp_seq=0 ttl=64 time=\d+\.\d{3} ms$/);
    expect(lines[2]).toMatch(/^64 bytes from 10\.10\.10\.2: icmp_seq=1 ttl=64 time=\d+\.\d{3} ms$/);
    expect(lines.slice(3, 6)).toEqual(["", "--- 10.10.10.2 ping statistics ---", "2 packets transmitted, 2 packets received, 0.0% packet loss"]);
    expect(lines[6]).toMatch(/^round-trip min\/avg\/max\/stddev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
  });

  it("reports unanswered probes as main's loop does and exits 2 (the last probe's timeout is never printed)", () => {
    const w = lab();
    ok(w, "ip netns exec MAC pfctl -q -f -", "block drop in proto icmp\n");
    ok(w, "ip netns exec MAC pfctl -q -e");
    expect(mac(w, "-c 3 10.10.10.2")).toEqual({
      stdout:
        "PING 10.10.10.2 (10.10.10.2): 56 data bytes\nRequest timeout for icmp_seq 0\nRequest timeout for icmp_seq 1\n\n" +
        "--- 10.10.10.2 ping statistics ---\n3 packets transmitted, 0 packets received, 100.0% packet loss\n",
      stderr: "",
      exit: 2,
    });
  });

  it("waits -W milliseconds after the last probe, not seconds", () => {
    const w = lab();
    ok(w, "ip netns exec MAC pfctl -q -f -", "block drop in proto icmp\n");
    ok(w, "ip netns exec MAC pfctl -q -e");
    const t0 = Net.of(w).now();
    expect(mac(w, "-c 1 -W 500 10.10.10.2").stdout).toBe(
      "PING 10.10.10.2 (10.10.10.2): 56 data bytes\n\n--- 10.10.10.2 ping statistics ---\n1 packets transmitted, 0 packets received, 100.0% packet loss\n",
    );
    // One interval (1 s) for the probe's select, then the -W wait of 0.5 s.
    expect(Net.of(w).now() - t0).toBe(1_500_000);
  });

  it("a probe pf blocks on its way out is silently lost (ip_output ignores pf_af_hook's error)", () => {
    const w = lab();
    ok(w, "ip netns exec MAC pfctl -q -f -", "block drop out proto icmp\n");
    ok(w, "ip netns exec MAC pfctl -q -e");
    const r = mac(w, "-c 2 -W 100 10.10.10.2");
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Request timeout for icmp_seq 0\n\n--- 10.10.10.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100.0% packet loss\n");
  });

  it("sendto fails with No route to host when there is no route, and the probe still counts", () => {
    expect(mac(lab(), "-c 2 -W 100 10.99.0.1")).toEqual({
      stdout:
        "PING 10.99.0.1 (10.99.0.1): 56 data bytes\nRequest timeout for icmp_seq 0\n\n--- 10.99.0.1 ping statistics ---\n2 packets transmitted, 0 packets received, 100.0% packet loss\n",
      stderr: "ping: sendto: No route to host\nping: sendto: No route to host\n",
      exit: 2,
    });
  });

  it("an on-link address nobody answers ARP for: five tries, then sendto fails with Host is down (in_arp.c arp_lookup_ip)", () => {
    expect(mac(lab(), "-c 7 -W 100 10.10.10.9")).toEqual({
      stdout:
        "PING 10.10.10.9 (10.10.10.9): 56 data bytes\nRequest timeout for icmp_seq 0\nRequest timeout for icmp_seq 1\nRequest timeout for icmp_seq 2\n" +
        "Request timeout for icmp_seq 3\nRequest timeout for icmp_seq 4\nRequest timeout for icmp_seq 5\n\n" +
        "--- 10.10.10.9 ping statistics ---\n7 packets transmitted, 0 packets received, 100.0% packet loss\n",
      stderr: "ping: sendto: Host is down\nping: sendto: Host is down\n",
      exit: 2,
    });
  });

  it("prints an ICMP error quoting its probe with pr_iph's dump (ip_len byte-swapped, as a little-endian Mac shows it)", () => {
    const w = lab();
    ok(w, "ip netns exec LIME iptables -A INPUT -p icmp -j REJECT");
    const r = mac(w, "-c 1 -W 100 10.10.10.2");
    expect(r.exit).toBe(2);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["PING 10.10.10.2 (10.10.10.2): 56 data bytes", "92 bytes from 10.10.10.2: Destination Port Unreachable", "Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst"]);
    expect(lines[3]).toMatch(/^ 4 {2}5 {2}00 5400 [0-9a-f]{4} {3}0 0000 {2}40 {2}01 [0-9a-f]{4} 10\.10\.10\.1 {2}10\.10\.10\.2 $/);
    expect(lines.slice(4)).toEqual(["", "", "--- 10.10.10.2 ping statistics ---", "1 packets transmitted, 0 packets received, 100.0% packet loss", ""]);
  });

  it("-q prints only the header and the statistics; -t ends the run after its seconds", () => {
    const r = mac(lab(), "-q -t 3 10.10.10.2");
    expect(r.exit).toBe(0);
    expect(r.stdout.split("\n").slice(0, 4)).toEqual(["PING 10.10.10.2 (10.10.10.2): 56 data bytes", "", "--- 10.10.10.2 ping statistics ---", "3 packets transmitted, 3 packets received, 0.0% packet loss"]);
  });

  it("-S names the source in the header; an address not the Mac's fails bind", () => {
    expect(mac(lab(), "-c 1 -S 10.10.10.1 10.10.10.2").stdout.split("\n")[0]).toBe("PING 10.10.10.2 (10.10.10.2) from 10.10.10.1: 56 data bytes");
    expect(mac(lab(), "-c 1 -S 10.10.10.9 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: bind: Can't assign requested address\n", exit: 1 });
  });

  it("-s and -m change the probe; -s below 8 bytes carries no time", () => {
    const r = mac(lab(), "-c 1 -s 4 -m 7 10.10.10.2");
    expect(r.stdout.split("\n").slice(0, 2)).toEqual(["PING 10.10.10.2 (10.10.10.2): 4 data bytes", "12 bytes from 10.10.10.2: icmp_seq=0 ttl=64"]);
    expect(r.stdout).not.toContain("round-trip");
  });

  it("refuses bad arguments with ping.c's words and EX_USAGE (64), an unknown host with EX_NOHOST (68)", () => {
    const w = lab();
    expect(mac(w, "-c 0 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: invalid count of packets to transmit: `0'\n", exit: 64 });
    expect(mac(w, "-i x 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: invalid timing interval: `x'\n", exit: 64 });
    expect(mac(w, "-t 4000 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: invalid timeout: `4000' > 3600\n", exit: 64 });
    expect(mac(w, "-m 300 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: invalid TTL: `300'\n", exit: 64 });
    expect(mac(w, "-s 70000 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: packet size too large: 70000 > 65507\n", exit: 64 });
    expect(mac(w, "-y 10.10.10.2")).toEqual({ stdout: "", stderr: `ping: unknown option -- y\n${MAC_PING_USAGE}`, exit: 64 });
    expect(mac(w, "")).toEqual({ stdout: "", stderr: MAC_PING_USAGE, exit: 64 });
    expect(mac(w, "nowhere")).toEqual({ stdout: "", stderr: "ping: cannot resolve nowhere: Unknown host\n", exit: 68 });
    expect(mac(w, "-f -i 1 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: -f and -i: incompatible options\n", exit: 64 });
    expect(mac(w, "-T 2 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: -I, -L, -T flags cannot be used with unicast destination\n", exit: 64 });
    expect(mac(w, "-I x 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: invalid multicast interface: `x'\n", exit: 64 });
    expect(mac(w, "-M x 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: invalid message: `x'\n", exit: 64 });
    expect(mac(w, "-b en9 10.10.10.2")).toEqual({ stdout: "", stderr: "ping: bad interface name\n", exit: 1 });
  });

  it("the Linux host keeps iputils ping", () => {
    expect(runCommand(lab(), "ip netns exec LIME ping -c 1 10.10.10.1", "", NOW).stdout.split("\n")[0]).toBe("PING 10.10.10.1 (10.10.10.1) 56(84) bytes of data.");
  });
});

describe("printf's %.Nf", () => {
  it("rounds exact ties to even and prints nan", () => {
    expect([fixed(6.25, 1), fixed(0.125, 2), fixed(33.3333, 1), fixed(Number.NaN, 3)]).toEqual(["6.2", "0.12", "33.3", "nan"]);
  });
});
