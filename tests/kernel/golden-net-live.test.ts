// Runs every net golden case with the real sh, tools and kernel in a private host
// (scripts/capture-net-goldens.sh: unshare --mount --net, a tmpfs on /run/netns) and
// through `nfsim run`, live: nfsim must print what the kernel prints today, normalised on
// both sides as the replay test does (round-trip times, tcpdump's clock, random MACs).
import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { alignConntrackTimeouts, normaliseNet, type NetTranscript } from "../net-golden.ts";
import { replayNetCase } from "../net-golden-replay.ts";
import { kernelSkipReason } from "./env.ts";

function netSkipReason(): string | undefined {
  const base = kernelSkipReason();
  if (base !== undefined) return base;
  for (const [tool, args, want] of [
    ["ping", ["-V"], "iputils 20221126"],
    ["tcpdump", ["--version"], "tcpdump version 4.99"],
    ["nsenter", ["-V"], "util-linux"],
  ] as const) {
    try {
      const v = execFileSync(tool, [...args], { encoding: "utf8" });
      if (!v.includes(want)) return `real ${tool} is not ${want}: ${v.split("\n")[0] ?? ""}`;
    } catch {
      return `${tool} is not installed`;
    }
  }
  try {
    execFileSync("sh", ["-c", "command -v nc && command -v unshare"], { stdio: "ignore" });
  } catch {
    return "nc (netcat-openbsd) or unshare is not installed";
  }
  return undefined;
}

// tcpdump's "received by filter" also counts packets the kernel queued for it after it
// stopped reading (a late ARP probe on a loaded machine), so only the replay test, against
// a capture made on a quiet host, holds that number exactly.
function liveStderr(text: string): string {
  return text.replace(/^\d+ packets received by filter$/gm, "N packets received by filter");
}

const reason = netSkipReason();
if (reason) console.warn(`net golden cases skipped: ${reason}`);
const dir = new URL("../golden/net/cases/", import.meta.url);
const root = new URL("../../", import.meta.url);
const cases = reason ? [] : readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();

describe.skipIf(reason !== undefined)("net golden cases, live against the real kernel", () => {
  it.each(cases)("%s", async (file) => {
    const path = new URL(file, dir).pathname;
    const { stdout } = await promisify(execFile)("scripts/capture-net-goldens.sh", ["--stdout", path], {
      cwd: root.pathname,
      encoding: "utf8",
      timeout: 115_000,
    });
    const script = readFileSync(path, "utf8");
    const got = normaliseNet(script, replayNetCase(path));
    const want = alignConntrackTimeouts(normaliseNet(script, JSON.parse(stdout) as NetTranscript), got);
    expect(got.stdout).toBe(want.stdout);
    expect(liveStderr(got.stderr)).toBe(liveStderr(want.stderr));
    expect(got.exit).toBe(want.exit);
  });
});
