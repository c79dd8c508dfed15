// examples/pf-mac.sh: a Mac's own ping and sysctl, pf's log on pflog0, nat's state count,
// reply-to and route-to, beside two Linux hosts. No Mac was at hand: the Mac's lines in
// tests/golden/pf/pf-mac.txt are built from the sources (network_cmds-741 ping.c,
// system_cmds-1026 sysctl.c, xnu pf.c/if_pflog.c and tcpdump's print-pflog.c, pfctl's
// printers), not captured; the Linux hosts' lines are iputils ping's and tcpdump 4.99's.
// Edit the golden by hand only to correct one of those, and say why.
import { describe, expect, it } from "vitest";
import { Net } from "../src/world/net.ts";
import { formatPathTrace } from "../src/world/trace-text.ts";
import { golden, runExample } from "./pf-transcript.ts";

describe("examples/pf-mac.sh", () => {
  const run = runExample("pf-mac.sh");
  const traces = Net.of(run.world).traces().map((t) => formatPathTrace(run.world, t));

  it("prints what the Mac and the Linux hosts print", () => {
    expect({ transcript: run.transcript, status: run.status }).toEqual({ transcript: golden("pf-mac.txt"), status: 0 });
  });

  it("sends the echo reply to 10.99.0.5 out of en1 by reply-to, though the default route is en0's", () => {
    const reply = traces.find((t) => t.startsWith("packet") && t.split("\n")[0]?.includes("10.20.0.1 > 10.99.0.5: ICMP echo reply"));
    expect(reply).toContain("[MAC] routing: output dev en0 (next hop 10.10.10.2): route default via 10.10.10.2\n");
    expect(reply).toContain("[MAC] routing: output dev en1 (next hop 10.20.0.2): pf reply-to (en1 10.20.0.2), not the routing table\n");
    expect(reply).toContain("=> delivered in [GW] to raw ICMP socket\n");
  });

  it("sends the Mac's ping to 10.10.10.3 out of en1 by route-to, after pf tested it on en1", () => {
    const probe = traces.find((t) => t.split("\n")[0]?.includes("10.10.10.1 > 10.10.10.3: ICMP echo request"));
    expect(probe).toContain("[MAC] routing: output dev en1 (next hop 10.20.0.2): pf route-to (en1 10.20.0.2), not the routing table\n");
    expect(probe).toContain("[MAC] pf out on en1: pass by state 3");
  });
});
