import { describe, expect, it } from "vitest";
import { LAB, runScript } from "../shell/testkit.ts";
import { NC_USAGE, parseNcArgs } from "./options.ts";

describe("nc's command line", () => {
  it("refuses what netcat.c refuses", () => {
    expect(parseNcArgs([])).toEqual({ ok: false, stderr: NC_USAGE, exit: 1 });
    expect(parseNcArgs(["10.0.0.1"])).toEqual({ ok: false, stderr: NC_USAGE, exit: 1 });
    expect(parseNcArgs(["-l"])).toEqual({ ok: false, stderr: "nc: missing port number\n", exit: 1 });
    expect(parseNcArgs(["-lz", "80"])).toEqual({ ok: false, stderr: "nc: cannot use -z and -l\n", exit: 1 });
    expect(parseNcArgs(["10.0.0.1", "70000"])).toEqual({ ok: false, stderr: "nc: port number too large: 70000\n", exit: 1 });
    expect(parseNcArgs(["10.0.0.1", "nosuch"])).toEqual({ ok: false, stderr: 'nc: service "nosuch" unknown\n', exit: 1 });
    expect(parseNcArgs(["-h"])).toEqual({ ok: "help" });
  });

  it("takes the option letters of Debian's netcat-openbsd 1.219, with getopt's messages", () => {
    for (const letter of ["c", "e", "H", "K", "o", "R"]) {
      expect(parseNcArgs([`-${letter}`, "x", "10.0.0.1", "80"])).toEqual({ ok: false, stderr: `nc: invalid option -- '${letter}'\n${NC_USAGE}`, exit: 1 });
    }
    expect(parseNcArgs(["-C"])).toEqual({ ok: false, stderr: NC_USAGE, exit: 1 });
    expect(parseNcArgs(["-C", "10.0.0.1", "80"])).toMatchObject({ ok: true, args: { host: "10.0.0.1", ports: [80] } });
    expect(parseNcArgs(["10.0.0.1", "-p"])).toEqual({ ok: false, stderr: `nc: option requires an argument -- 'p'\n${NC_USAGE}`, exit: 1 });
  });

  it("reads ports as numbers, service names and ranges in increasing order", () => {
    expect(parseNcArgs(["-z", "h", "http", "25-22", "8080"])).toMatchObject({ ok: true, args: { host: "h", ports: [80, 22, 23, 24, 25, 8080] } });
    expect(parseNcArgs(["-l", "-p", "9000"])).toMatchObject({ ok: true, args: { listen: true, ports: [9000] } });
  });
});

describe("nc on the emulated network", () => {
  it("reports refused and timed-out connects under -v, and exits 1 when no port opened", () => {
    const r = runScript(`${LAB}ip netns exec LEMON nc -zv 10.10.10.2 79-80
echo "exit $?"
ip netns exec LIME iptables -A INPUT -p tcp -j DROP
ip netns exec LEMON nc -zv -w 2 10.10.10.2 80
echo "exit $?"
`);
    expect(r.err).toBe(`nc: connect to 10.10.10.2 port 79 (tcp) failed: Connection refused
nc: connect to 10.10.10.2 port 80 (tcp) failed: Connection refused
nc: connect to 10.10.10.2 port 80 (tcp) timed out: Operation now in progress
`);
    expect(r.out).toBe("exit 1\nexit 1\n");
  });

  it("carries a line to a listening nc and both end when the client shuts down", () => {
    const r = runScript(`${LAB}ip netns exec LIME nc -lnv 8080 > got.txt 2> err.txt &
echo hello | ip netns exec LEMON nc -v -N -p 4444 10.10.10.2 8080
echo "exit $?"
wait
echo "wait $?"
`);
    expect(r.out).toBe("exit 0\nwait 0\n");
    expect(r.err).toBe("Connection to 10.10.10.2 8080 port [tcp/http-alt] succeeded!\n");
    expect(r.files["got.txt"]).toBe("hello\n");
    expect(r.files["err.txt"]).toBe("Listening on 0.0.0.0 8080\nConnection received on 10.10.10.1 4444\n");
  });

  it("tests UDP ports with probes: only ECONNREFUSED fails them", () => {
    const r = runScript(`${LAB}ip netns exec LEMON nc -zuv 10.10.10.2 53
echo "exit $?"
ip netns exec LIME iptables -A INPUT -p udp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec LEMON nc -zuv 10.10.10.2 53
echo "exit $?"
ip netns exec LIME iptables -L INPUT -v -n
`);
    expect(r.err).toBe("Connection to 10.10.10.2 53 port [udp/domain] succeeded!\n");
    expect(r.out).toContain("exit 1\nexit 0\n");
    // Two probes, then one a second: the one after each error fails and is not sent.
    expect(r.out).toContain("    3    87 REJECT     17 ");
  });

  it("receives datagrams with nc -u -l until it is killed", () => {
    const r = runScript(`${LAB}ip netns exec LIME nc -u -l 5353 > got.txt &
echo one | ip netns exec LEMON nc -u -w 1 10.10.10.2 5353
kill %1
wait
`);
    expect(r.files["got.txt"]).toBe("one\n");
  });

  it("ends readwrite after -W reads from the network, so a listener exits 0 by itself", () => {
    const r = runScript(`${LAB}ip netns exec LIME nc -u -l -W 1 5353 > got.txt &
echo one | ip netns exec LEMON nc -u -w 1 10.10.10.2 5353
wait
echo "wait $?"
`);
    expect(r.out).toBe("wait 0\n");
    expect(r.files["got.txt"]).toBe("one\n");
  });
});

describe("nc's -i and -W words", () => {
  it("refuses them as strtonum does, with the real messages", () => {
    expect(parseNcArgs(["-i", "x", "h", "80"])).toEqual({ ok: false, stderr: "nc: interval invalid: x\n", exit: 1 });
    expect(parseNcArgs(["-i", "-1", "h", "80"])).toEqual({ ok: false, stderr: "nc: interval too small: -1\n", exit: 1 });
    expect(parseNcArgs(["-W", "0", "h", "80"])).toEqual({ ok: false, stderr: "nc: receive limit too small: 0\n", exit: 1 });
    expect(parseNcArgs(["-W", "2147483648", "h", "80"])).toEqual({ ok: false, stderr: "nc: receive limit too large: 2147483648\n", exit: 1 });
    expect(parseNcArgs(["-W", "3", "h", "80"])).toMatchObject({ ok: true, args: { recvLimit: 3 } });
  });
});
