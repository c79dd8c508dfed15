// Replays transcripts captured from the real sh, ip, iptables, ping, nc, tcpdump, nsenter
// and kernel (scripts/capture-net-goldens.sh) through `nfsim run`: stdout, stderr and the
// exit status must be byte-identical once round-trip times, tcpdump's clock and the
// kernel's random MAC addresses are normalised on both sides (tests/net-golden.ts).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { alignConntrackTimeouts, normaliseNet, type NetTranscript } from "./net-golden.ts";
import { replayNetCase } from "./net-golden-replay.ts";

const dir = new URL("./golden/net/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

describe("golden transcripts of the network tools against the real kernel", () => {
  it("has transcripts to replay", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s", (file) => {
    const real = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as NetTranscript;
    const path = new URL(`cases/${real.case}.sh`, dir).pathname;
    const script = readFileSync(path, "utf8");
    const got = normaliseNet(script, replayNetCase(path));
    const want = alignConntrackTimeouts(normaliseNet(script, real), got);
    expect(got.stdout).toBe(want.stdout);
    expect(got.stderr).toBe(want.stderr);
    expect(got.exit).toBe(want.exit);
  });
});
