import { describe, expect, it } from "vitest";
import { LAB, ROUTER, runScript } from "../shell/testkit.ts";
import { parsePingArgs, PING_USAGE } from "./options.ts";
import { formatG, statisticsText, tripTime, newStats, addRtt } from "./stats.ts";
import { parsePattern } from "./pattern.ts";

describe("ping's command line", () => {
  it("refuses what iputils refuses, with its words and exit codes", () => {
    expect(parsePingArgs([])).toEqual({ ok: false, stderr: "ping: usage error: Destination address required\n", exit: 1 });
    expect(parsePingArgs(["-c", "0", "1.2.3.4"])).toEqual({
      ok: false, stderr: "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n", exit: 1,
    });
    expect(parsePingArgs(["-c", "x", "1.2.3.4"])).toEqual({ ok: false, stderr: "ping: invalid argument: 'x'\n", exit: 1 });
    expect(parsePingArgs(["-t", "256", "1.2.3.4"])).toEqual({
      ok: false, stderr: "ping: invalid argument: '256': out of range: 0 <= value <= 255\n", exit: 1,
    });
    expect(parsePingArgs(["-W", "-1", "1.2.3.4"])).toEqual({ ok: false, stderr: "ping: bad linger time: -1\n", exit: 2 });
    expect(parsePingArgs(["-Z", "1.2.3.4"])).toEqual({ ok: false, stderr: `ping: invalid option -- 'Z'\n${PING_USAGE}`, exit: 2 });
  });

  it("takes options after the destination, as GNU getopt permutes them", () => {
    const p = parsePingArgs(["10.0.0.1", "-c", "3", "-i0.2", "-W", "2", "-s", "100", "-t", "9", "-q"]);
    expect(p).toMatchObject({ ok: true, args: { target: "10.0.0.1", count: 3, interval: 200, linger: 2000, size: 100, ttl: 9, quiet: true } });
  });
});

describe("ping's numbers", () => {
  it("prints round trips as gather_statistics does", () => {
    expect([tripTime(45), tripTime(1234), tripTime(12345), tripTime(123456)]).toEqual(["0.045 ms", "1.23 ms", "12.3 ms", "123 ms"]);
  });

  it("prints loss with %g and the rtt line with integer arithmetic", () => {
    expect([formatG(100), formatG(0), formatG(100 / 3), formatG(200 / 3)]).toEqual(["100", "0", "33.3333", "66.6667"]);
    // The real run of the lab: replies after 0.909 and 0.045 ms, the second a second later.
    const s = newStats(0);
    Object.assign(s, { transmitted: 2, received: 2, pipesize: 1, last: 1_008_000 });
    addRtt(s, 909);
    addRtt(s, 45);
    expect(statisticsText("10.10.10.2", s, true)).toBe(
      "\n--- 10.10.10.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 1008ms\n" +
        "rtt min/avg/max/mdev = 0.045/0.477/0.909/0.432 ms\n",
    );
  });
});

describe("ping on the emulated network", () => {
  it("prints what iputils prints for replies, and exits 0", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 2 10.10.10.2\necho "exit $?"\n`);
    expect(r.out).toBe(`PING 10.10.10.2 (10.10.10.2) 56(84) bytes of data.
64 bytes from 10.10.10.2: icmp_seq=1 ttl=64 time=0.080 ms
64 bytes from 10.10.10.2: icmp_seq=2 ttl=64 time=0.040 ms

--- 10.10.10.2 ping statistics ---
2 packets transmitted, 2 received, 0% packet loss, time 1000ms
rtt min/avg/max/mdev = 0.040/0.060/0.080/0.020 ms
exit 0
`);
    expect(r.world.clock).toBe(1000.04);
  });

  it("waits -W after the last probe when nothing comes back, and exits 1", () => {
    const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -j DROP
ip netns exec LEMON ping -c 2 -W 3 10.10.10.2\necho "exit $?"\n`);
    expect(r.out).toBe(`PING 10.10.10.2 (10.10.10.2) 56(84) bytes of data.

--- 10.10.10.2 ping statistics ---
2 packets transmitted, 0 received, 100% packet loss, time 1000ms

exit 1
`);
    expect(r.world.clock).toBe(4000);
  });

  it("stops at the -w deadline, and -q prints only the statistics", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -q -w 2 -i 0.5 10.10.10.2\necho "exit $?"\n`);
    expect(r.out).toContain("4 packets transmitted, 4 received, 0% packet loss, time 1500ms\n");
    expect(r.out).not.toContain("bytes from");
    expect(r.out).toContain("exit 0\n");
    expect(r.world.clock).toBe(2000);
  });

  it("reports ICMP errors from the router, the source and size options in the header", () => {
    const r = runScript(`${ROUTER}ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip netns exec A ping -c 1 -t 1 -s 100 -I a0 10.0.2.2
ip netns exec A ping -c 1 -s 4 -I 10.0.1.2 10.0.2.2
`);
    expect(r.out).toContain("PING 10.0.2.2 (10.0.2.2) from 10.0.1.2 a0: 100(128) bytes of data.\nFrom 10.0.1.1 icmp_seq=1 Time to live exceeded\n");
    expect(r.out).toContain("1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n\n");
    expect(r.out).toContain("PING 10.0.2.2 (10.0.2.2) from 10.0.1.2 : 4(32) bytes of data.\n12 bytes from 10.0.2.2: icmp_seq=1 ttl=63\n");
  });

  it("fails before sending as connect(2) fails", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 1 192.168.1.1
ip -n LEMON route add prohibit 172.16.0.0/16
ip netns exec LEMON ping -c 1 172.16.0.1
ip netns exec LEMON ping -c 1 -I eth9 10.10.10.2
ip netns exec LEMON ping -c 1 -I 10.9.9.9 10.10.10.2
ip netns exec LEMON ping -c 1 no.such.host
echo "exit $?"
`);
    expect(r.err).toBe(`ping: connect: Network is unreachable
ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules
ping: SO_BINDTODEVICE eth9: No such device
ping: bind: Cannot assign requested address
ping: no.such.host: Temporary failure in name resolution
`);
    expect(r.out).toBe("exit 2\n");
  });

  it("ends on SIGINT with the statistics, in the background", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -i 0.5 10.10.10.2 > /dev/null &
sleep 2
kill -INT $!
wait $!
echo "status $?"
`);
    expect(r.out).toBe("status 0\n");
  });
});

describe("ping's -p, -a, -B, -f, -l, -A and -O", () => {
  it("reads -p as fill() does: hex digits two at a time, at most 16 bytes", () => {
    expect(parsePattern("abcde")).toEqual([0xab, 0xcd, 0x0e]);
    expect(parsePattern("12xy")).toBe("patterns must be specified as hex digits: xy");
    expect(parsePattern("00112233445566778899aabbccddeeff0102")).toHaveLength(16);
    expect(parsePingArgs(["-l", "0", "1.2.3.4"])).toEqual({
      ok: false, stderr: "ping: invalid argument: '0': out of range: 1 <= value <= 65536\n", exit: 1,
    });
    expect(parsePingArgs(["-M", "foo", "1.2.3.4"])).toEqual({ ok: false, stderr: "ping: invalid -M argument: foo\n", exit: 2 });
  });

  it("fills the data with the pattern (the real probe: 0800 d85d 1092 0001 abcd 0eab / cd0e abcd 0eab cd0e)", () => {
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -l -n -x -c 1 -i veth-lime icmp &
sleep 1
ip netns exec LEMON ping -c 1 -s 12 -e 4242 -p abcde 10.10.10.2
wait
`);
    expect(r.out).toContain("PATTERN: 0xabcd0e\nPING 10.10.10.2 (10.10.10.2) 12(40) bytes of data.\n");
    expect(r.out).toContain("\n20 bytes from 10.10.10.2: icmp_seq=1 ttl=64\n");
    expect(r.out).toContain("0800 d85d 1092 0001 abcd 0eab\n\t0x0020:  cd0e abcd 0eab cd0e\n");
  });

  it("rings with -a and binds the source with -B", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 1 -a -B 10.10.10.2\n`);
    expect(r.out).toContain("PING 10.10.10.2 (10.10.10.2) from 10.10.10.1 : 56(84) bytes of data.\n");
    expect(r.out).toContain("64 bytes from 10.10.10.2: icmp_seq=1 ttl=64 time=0.080 ms\x07\n");
  });

  // Replies after 80 µs (ARP first), 40 and 40: probes 80 and 40 µs apart (ipg 60), ewma ((640+40-80)+40-75)/8 = 70 µs.
  it("floods: a dot per probe, a backspace per reply, probes back to back, and ipg/ewma", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 3 -f 10.10.10.2\n`);
    expect(r.out).toBe(`PING 10.10.10.2 (10.10.10.2) 56(84) bytes of data.
.\b \b.\b \b.\b \b
--- 10.10.10.2 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 0ms
rtt min/avg/max/mdev = 0.040/0.053/0.080/0.018 ms, ipg/ewma 0.060/0.070 ms
`);
  });

  it("refuses probes above the MTU under -M do, as local errors", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 2 -i 0.2 -M do -s 2000 10.10.10.2\necho "exit $?"\n`);
    expect(r.err).toBe("ping: local error: message too long, mtu=1500\n".repeat(2));
    expect(r.out).toContain("2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 200ms\n\nexit 1\n");
  });

  it("sends -l probes at once (pipe 3), and -O reports the unanswered", () => {
    const pre = runScript(`${LAB}ip netns exec LEMON ping -q -c 3 -l 3 10.10.10.2\n`);
    expect(pre.out).toMatch(/, pipe 3\n$/);
    const out = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -j DROP
ip netns exec LEMON ping -c 3 -i 0.2 -W 0.3 -O 10.10.10.2\n`);
    expect(out.out).toContain("bytes of data.\nno answer yet for icmp_seq=1\nno answer yet for icmp_seq=2\n\n--- 10.10.10.2 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 400ms\n");
  });
});
