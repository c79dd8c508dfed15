import { describe, expect, it } from "vitest";
import { LAB, runScript } from "../shell/testkit.ts";

describe("nsenter", () => {
  it("runs a program in the namespace a file or a process names", () => {
    const r = runScript(`${LAB}nsenter --net=/var/run/netns/LIME ip -br link show veth-lime
nsenter -n/run/netns/LEMON ip netns identify
ip netns exec LIME ping -i 1 10.10.10.1 > /dev/null &
nsenter -t $! -n ip netns identify
nsenter -t 1 -n ip -br link
kill $!
`);
    expect(r.out).toMatch(/^veth-lime@if\d+ +UP +\S+ <BROADCAST,MULTICAST,UP,LOWER_UP> \nLEMON\nLIME\nlo +DOWN +00:00:00:00:00:00 <LOOPBACK> \n$/);
    expect(r.err).toBe("");
  });

  it("words its errors as util-linux 2.38.1 does", () => {
    const r = runScript(`nsenter --net=/var/run/netns/NOPE ip link; echo "exit $?"
nsenter -n ip link; echo "exit $?"
nsenter --net /var/run/netns/NOPE ip link; echo "exit $?"
nsenter -t 99999 -n ip link; echo "exit $?"
nsenter -t abc -n ip link; echo "exit $?"
nsenter --bogus; echo "exit $?"
nsenter -t 1 -n nosuchcmd; echo "exit $?"
`);
    expect(r.err).toBe(`nsenter: cannot open /var/run/netns/NOPE: No such file or directory
nsenter: neither filename nor target pid supplied for ns/net
nsenter: neither filename nor target pid supplied for ns/net
nsenter: cannot open /proc/99999/ns/net: No such file or directory
nsenter: failed to parse pid: 'abc'
nsenter: unrecognized option '--bogus'
Try 'nsenter --help' for more information.
nsenter: failed to execute nosuchcmd: No such file or directory
`);
    expect(r.out).toBe("exit 1\nexit 1\nexit 1\nexit 1\nexit 1\nexit 1\nexit 127\n");
  });

  it("enters the namespace as a shell until exit, or runs a here-document there", () => {
    const r = runScript(`${LAB}nsenter --net=/var/run/netns/LIME
ip netns identify
exit
ip netns identify
nsenter --net=/var/run/netns/LEMON sh <<'END'
ip netns identify
exit 3
END
echo "status $?"
`);
    expect(r.out).toBe("LIME\n\nLEMON\nstatus 3\n");
  });
});
