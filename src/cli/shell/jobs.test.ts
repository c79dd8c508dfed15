import { describe, expect, it } from "vitest";
import { parseScript } from "./syntax.ts";
import { announceEnded, JobTable } from "./jobs.ts";
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
    // Without job control dash shows no command text; the job that ended is listed once.
    expect(r.out).toBe(`started 1000\n[1] + Running${" ".repeat(20)}\n2\nwait 0\n3\n[1] + Done${" ".repeat(23)}\n`);
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

  it("kill takes signals and pids, and words its errors as dash does; %N has no process group without job control", () => {
    const r = runScript(`${LAB}sleep 100 &
kill -s KILL $!
wait $!
echo "wait $?"
kill %1
kill %3
kill 4242
kill -FOO 1
kill
`);
    expect(r.out).toBe("wait 137\n");
    expect(r.err).toBe(`Killed
test.sh: 16: kill: No such process

test.sh: 17: kill: No such job: %3
test.sh: 18: kill: No such process

test.sh: 19: kill: Illegal option -F
test.sh: 20: kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or
kill -l [exitstatus]
`);
    expect(r.world.clock).toBe(0);
  });

  it("under job control (an interactive shell) kill %N reaches the job and jobs show commands", () => {
    const jobs = new JobTable(true);
    const r = runScript(`${LAB}sleep 100 &
sleep 5 &
jobs
kill %1
sleep 6
jobs
`, undefined, { jobs });
    const line = (head: string, cmd: string) => `${head}${" ".repeat(33 - head.length)}${cmd}\n`;
    expect(r.out).toBe(
      line("[2] + Running", "sleep 5") + line("[1] - Running", "sleep 100") + line("[2] + Done", "sleep 5") + line("[1] + Terminated", "sleep 100"),
    );
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

  it("announces the jobs that ended before an interactive prompt, once", () => {
    const jobs = new JobTable(true);
    const r = runScript("sleep 1 &\nfalse &\nsleep 30 &\nsleep 2\n", undefined, { jobs, keepJobs: true });
    let told = "";
    const cx = { world: r.world, jobs, where: "nfsim: 4" };
    announceEnded(cx, (t) => (told += t));
    announceEnded(cx, (t) => (told += t));
    // dash's cmdloop: showjobs(SHOW_CHANGED), most recent first; the running sleep 30 stays.
    expect(told).toBe(`[2] - Done(1)${" ".repeat(20)}false\n[1] - Done${" ".repeat(23)}sleep 1\n`);
    expect(jobs.jobs.map((j) => j.text)).toEqual(["sleep 30"]);
  });

  it("parses & as a background statement", () => {
    const [st] = parseScript("tcpdump -i eth0 &\n");
    expect(st?.background).toBe(true);
  });
});
