// Runs every ip golden case against the real iproute2, procps sysctl and kernel in a private
// host (scripts/capture-ip-goldens.sh: unshare --mount --net, a tmpfs over /run) and through
// nfsim, live: nfsim must print what the kernel prints today, MACs normalised on both sides.
import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { normaliseMacs, parseIpCase, type IpTranscript } from "../ip-golden.ts";
import { replayIpCase } from "../ip-golden-replay.ts";
import { kernelSkipReason } from "./env.ts";

function ipSkipReason(): string | undefined {
  const base = kernelSkipReason();
  if (base !== undefined) return base;
  try {
    const version = execFileSync("ip", ["-V"], { encoding: "utf8" });
    if (!version.includes("iproute2-6.1.0")) return `real ip is ${version.trim()}, not iproute2 6.1.0`;
    execFileSync("unshare", ["--version"], { stdio: "ignore" });
  } catch {
    return "ip or unshare is not available";
  }
  return undefined;
}

const reason = ipSkipReason();
if (reason) console.warn(`ip golden cases skipped: ${reason}`);
const dir = new URL("../golden/ip/cases/", import.meta.url);
const root = new URL("../../", import.meta.url);
const cases = reason ? [] : readdirSync(dir).filter((f) => f.endsWith(".sh")).sort();

describe.skipIf(reason !== undefined)("ip golden cases, live against the real kernel", () => {
  it.each(cases)("%s", async (file) => {
    const path = new URL(file, dir).pathname;
    const { stdout } = await promisify(execFile)("scripts/capture-ip-goldens.sh", ["--stdout", path], {
      cwd: root.pathname,
      encoding: "utf8",
      timeout: 110_000,
    });
    const real = JSON.parse(stdout) as IpTranscript;
    const cmds = parseIpCase(readFileSync(path, "utf8"));
    const want = normaliseMacs(real.steps);
    const got = normaliseMacs(replayIpCase(cmds));
    got.forEach((g, i) => {
      const w = want[i];
      expect({ step: i + 1, cmd: g.cmd, stdout: g.stdout, stderr: g.stderr, exit: g.exit }).toEqual({
        step: i + 1,
        cmd: w?.cmd,
        stdout: w?.stdout,
        stderr: w?.stderr,
        exit: w?.exit,
      });
    });
  });
});
