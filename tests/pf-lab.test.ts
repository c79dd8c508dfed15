// examples/pf-lab.sh: the seed's pf rules on a Mac beside a Linux host, with pings through
// them. The transcript (tests/golden/pf/pf-lab.txt) is what a terminal shows: pfctl's
// lines as macOS prints them (the printer's sources: xnu-era pfctl.c, pfctl_table.c), the
// ping lines as Linux's iputils ping prints them. Edit the golden by hand only to correct
// one of those, and say why.
import { describe, expect, it } from "vitest";
import { Net } from "../src/world/net.ts";
import { formatPathTrace } from "../src/world/trace-text.ts";
import { golden, runExample } from "./pf-transcript.ts";

describe("examples/pf-lab.sh", () => {
  const run = runExample("pf-lab.sh");

  it("prints what the Mac and the Linux host print: pings fail while pf blocks, counters move", () => {
    expect({ transcript: run.transcript, status: run.status }).toEqual({ transcript: golden("pf-lab.txt"), status: 0 });
  });

  it("traces the echo reply pf dropped to the rule that dropped it", () => {
    const dropped = Net.of(run.world).traces().find((t) => t.fate.kind === "dropped");
    expect(dropped === undefined ? "" : formatPathTrace(run.world, dropped).replace(/id \d+/, "id ID")).toBe(
      `packet #6: IP 10.10.10.1 > 10.10.10.2: ICMP echo reply, id ID, seq 1, length 64
  sent by icmp_echo in [MAC] (because of packet #5)
  [MAC] routing: output dev en0: route 10.10.10.0/24
  [MAC] pf out on en0: block by rule @0: block drop inet from any to 10.10.10.2
    @0: block drop inet from any to 10.10.10.2: match
    @1: block drop from any to <t>: no match (destination address)
  => DROPPED in [MAC]: dropped by pf out on en0 at rule @0: block drop inet from any to 10.10.10.2
`,
    );
  });
});
