import { describe, expect, it } from "vitest";
import { LAB, runScript } from "../shell/testkit.ts";
import { parseArgs } from "./options.ts";

const BANNER = "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on veth-lime, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n";

describe("tcpdump -Q / --direction", () => {
  it("takes in, out and inout in any case, as -Q or --direction (a unique prefix too)", () => {
    expect(parseArgs(["-Q", "in"])).toMatchObject({ ok: true, args: { direction: "in" } });
    expect(parseArgs(["-QOUT"])).toMatchObject({ ok: true, args: { direction: "out" } });
    expect(parseArgs(["--direction=InOut"])).toMatchObject({ ok: true, args: { direction: "inout" } });
    expect(parseArgs(["--dir", "in"])).toMatchObject({ ok: true, args: { direction: "in" } });
  });

  it("refuses any other direction with tcpdump's words, without the usage", () => {
    expect(parseArgs(["-Q", "sideways"])).toEqual({ ok: false, error: "unknown capture direction `sideways'", usage: false });
    expect(parseArgs(["--direction="])).toEqual({ ok: false, error: "unknown capture direction `'", usage: false });
    expect(parseArgs(["-Q"])).toEqual({ ok: false, error: "option requires an argument -- 'Q'", usage: true });
  });

  it("shows only what the device sent (the replies), while the kernel's count has both ways", () => {
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -l -n -c 2 -Q out -i veth-lime icmp &
sleep 1
ip netns exec LEMON ping -c 2 -i 0.3 -e 7 10.10.10.2 > /dev/null
wait
`);
    expect(r.out.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, "")).toBe(
      "IP 10.10.10.2 > 10.10.10.1: ICMP echo reply, id 7, seq 1, length 64\nIP 10.10.10.2 > 10.10.10.1: ICMP echo reply, id 7, seq 2, length 64\n",
    );
    expect(r.err).toBe(`${BANNER}2 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n`);
  });

  it("shows the received ones with -Q in, and both with inout", () => {
    const run = (q: string) =>
      runScript(`${LAB}ip netns exec LIME tcpdump -l -n -c 2 -Q ${q} -i veth-lime icmp &
sleep 1
ip netns exec LEMON ping -c 2 -i 0.3 -e 7 10.10.10.2 > /dev/null
wait
`).out.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, "");
    expect(run("in")).toBe("IP 10.10.10.1 > 10.10.10.2: ICMP echo request, id 7, seq 1, length 64\nIP 10.10.10.1 > 10.10.10.2: ICMP echo request, id 7, seq 2, length 64\n");
    expect(run("inout")).toBe("IP 10.10.10.1 > 10.10.10.2: ICMP echo request, id 7, seq 1, length 64\nIP 10.10.10.2 > 10.10.10.1: ICMP echo reply, id 7, seq 1, length 64\n");
  });

  it("counts lo's outgoing copies as received by the kernel's filter, though libpcap never shows them", () => {
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -l -n -c 2 -i lo icmp &
sleep 1
ip netns exec LIME ping -c 1 -e 7 127.0.0.1 > /dev/null
wait
`);
    expect(r.out.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, "")).toBe(
      "IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 7, seq 1, length 64\nIP 127.0.0.1 > 127.0.0.1: ICMP echo reply, id 7, seq 1, length 64\n",
    );
    expect(r.err).toContain("2 packets captured\n4 packets received by filter\n");
  });
});
