import { describe, expect, it } from "vitest";
import { parsePcap, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2 } from "../../wire/index.ts";
import { bufferIO } from "../io.ts";
import { LAB, runScript } from "../shell/testkit.ts";
import { Net } from "../../world/net.ts";
import { SIGTERM } from "../../world/process.ts";
import type { World } from "../../world/world.ts";
import { memoryFiles } from "./files.ts";
import { makeTcpdump } from "./tcpdump.ts";

/** SIGTERM to the capture running in the background of `world`. */
function stopCapture(world: World): void {
  const net = Net.of(world);
  for (const p of net.running()) net.kill(p.pid, SIGTERM);
}

const BANNER = "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on veth-lime, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n";

describe("a live capture", () => {
  it("prints what crosses the device while later commands run, and its statistics when killed", () => {
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -l -n -i veth-lime arp or icmp &
sleep 1
ip netns exec LEMON ping -c 1 -e 4242 10.10.10.2 > /dev/null
echo between
kill $!
wait
echo "wait $?"
`);
    expect(r.out.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, "")).toMatch(
      /^ARP, Request who-has 10\.10\.10\.2 tell 10\.10\.10\.1, length 28\nARP, Reply 10\.10\.10\.2 is-at \S+, length 28\n/,
    );
    expect(r.out).toContain("00:00:01.000060 IP 10.10.10.1 > 10.10.10.2: ICMP echo request, id 4242, seq 1, length 64\n");
    // SIGTERM: a newline before the statistics, which go to stderr; tcpdump exits 0.
    expect(r.out).toMatch(/echo reply, id 4242, seq 1, length 64\nbetween\n\nwait 0\n$/);
    expect(r.err).toBe(`${BANNER}4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n`);
  });

  it("stops by itself after -c packets, without the extra newline", () => {
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -n -c 1 -i veth-lime icmp &
ip netns exec LEMON ping -c 2 10.10.10.2 > /dev/null
wait
echo "wait $?"
`);
    expect(r.out).toMatch(/^\d\d:\d\d:\d\d\.\d{6} IP 10\.10\.10\.1 > 10\.10\.10\.2: ICMP echo request, id \d+, seq 1, length 64\nwait 0\n$/);
    expect(r.err).toBe(`${BANNER}1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n`);
  });

  it("writes a pcap of the frames the filter passes", () => {
    const files = memoryFiles();
    const world = runScript(LAB).world;
    const tcpdump = makeTcpdump(files);
    const io = bufferIO();
    let status = -1;
    const jobs = { background: true, started: () => undefined };
    status = tcpdump(["-n", "-i", "veth-lime", "-w", "lime.pcap", "icmp"], world, "LIME", { ...io, jobs });
    runScript("ip netns exec LEMON ping -c 2 -i 0.2 10.10.10.2 > /dev/null\n", world);
    stopCapture(world);
    expect(status).toBe(0);
    const file = parsePcap(files.files["lime.pcap"] ?? new Uint8Array());
    if (!file.ok) throw new Error("not a pcap");
    expect(file.file.header.linktype).toBe(LINKTYPE_ETHERNET);
    expect(file.file.records.map((rec) => [rec.timeUs, rec.length])).toEqual([[60, 98], [60, 98], [200020, 98], [200020, 98]]);
  });

  it("captures on any device in Linux cooked v2, lo's packets coming in", () => {
    const files = memoryFiles();
    const world = runScript(LAB).world;
    const io = bufferIO();
    makeTcpdump(files)(["-n", "-i", "any", "-w", "any.pcap", "--print", "icmp"], world, "LIME", { ...io, jobs: { background: true, started: () => undefined } });
    runScript("ip netns exec LIME ping -c 1 127.0.0.1 > /dev/null\n", world);
    stopCapture(world);
    expect(io.out).toBe(
      "00:00:00.000010 lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 9105, seq 1, length 64\n" +
        "00:00:00.000020 lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP echo reply, id 9105, seq 1, length 64\n",
    );
    const file = parsePcap(files.files["any.pcap"] ?? new Uint8Array());
    if (!file.ok) throw new Error("not a pcap");
    expect(file.file.header.linktype).toBe(LINKTYPE_LINUX_SLL2);
    expect(file.file.records[0]?.length).toBe(20 + 84);
  });
});
