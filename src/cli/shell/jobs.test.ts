import { describe, expect, it } from "vitest";
import { parseScript } from "./syntax.ts";
import { JobTable } from "./jobs.ts";
import { LAB, runScript } from "./testkit.ts";

describe("background jobs", () => {
  it("runs a job while time passes, with $!, jobs, wait and its status", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 3 10.10.10.2 > ping.txt &
echo "started $!"
jobs
sleep 1.5
grep -c "bytes from" ping.txt
wait $!
echo "wait $?"
grep -c "bytes from" ping.txt
jobs
`);
    expect(r.out).toBe("started 1000\n[1] + Running               ip netns exec LEMON ping -c 3 10.10.10.2 > ping.txt\n2\nwait 0\n3\n");
    expect(r.world.clock).toBe(2000.04);
  });

  it("sleep moves the virtual clock and lets background captures see what happens meanwhile", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping -c 1 10.10.10.2 > /dev/null
ip netns exec LIME tcpdump -n -e -i veth-lime arp &
sleep 10
kill %1
`);
    // LIME's entry for LEMON, learnt from its ARP request and used for the reply, is probed 5 s later.
    expect(r.out).toMatch(/^00:00:05\.000060 \S+ > \S+, ethertype ARP \(0x0806\), length 42: Request who-has 10\.10\.10\.1 tell 10\.10\.10\.2, length 28\n/);
    expect(r.world.clock).toBe(10000.08);
  });

  it("kill takes signals and job specs, and words its errors as dash does", () => {
    const r = runScript(`${LAB}ip netns exec LEMON ping 10.10.10.2 > /dev/null &
kill -s KILL %1
wait %1
echo "wait $?"
kill %1
kill 4242
kill -FOO 1
kill
`);
    expect(r.out).toBe("wait 137\n");
    expect(r.err).toBe(`test.sh: 16: kill: No such job: %1
test.sh: 17: kill: No such process
test.sh: 18: kill: invalid signal number or name: FOO
test.sh: 19: kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or
kill -l [exitstatus]
`);
  });

  it("says so when a job could only be waited for forever, and leaves it running", () => {
    const jobs = new JobTable();
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -n -i veth-lime &
wait
echo "wait $?"
`, undefined, { jobs, keepJobs: true });
    expect(r.err).toContain("test.sh: 13: wait: job %1 (ip netns exec LIME tcpdump -n -i veth-lime) would wait forever\n");
    expect(r.out).toBe("wait 127\n");
    expect(jobs.jobs.map((j) => j.process?.done)).toEqual([false]);
  });

  it("parses & as a background statement", () => {
    const [st] = parseScript("tcpdump -i eth0 &\n");
    expect(st?.background).toBe(true);
  });
});
