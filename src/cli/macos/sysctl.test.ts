// sysctl on a Mac: lines and messages of system_cmds-1026 sysctl/sysctl.c (parse, show_var,
// usage), not captured on a Mac (none is at hand).
import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { newWorld, type World } from "../../world/world.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));

function mac(): World {
  const w = newWorld();
  for (const line of ["ip netns add MAC", "nfsim host MAC --os macos"]) expect(runCommand(w, line, "", NOW).exit).toBe(0);
  return w;
}

const run = (w: World, args: string) => runCommand(w, `ip netns exec MAC sysctl ${args}`, "", NOW);

describe("sysctl on a Mac (system_cmds sysctl.c)", () => {
  it("reads, writes with name=value (-w is ignored) as `name: old -> new`, and forwards afterwards", () => {
    const w = mac();
    expect(run(w, "net.inet.ip.forwarding")).toEqual({ stdout: "net.inet.ip.forwarding: 0\n", stderr: "", exit: 0 });
    expect(run(w, "-w net.inet.ip.forwarding=1")).toEqual({ stdout: "net.inet.ip.forwarding: 0 -> 1\n", stderr: "", exit: 0 });
    expect(run(w, "-n net.inet.ip.forwarding")).toEqual({ stdout: "1\n", stderr: "", exit: 0 });
    expect(runCommand(w, "ip netns exec MAC sysctl net.inet.ip", "", NOW).stdout).toBe("net.inet.ip.forwarding: 1\n");
  });

  it("warns about each bad name and exits with the count of warnings", () => {
    const w = mac();
    expect(run(w, "net.inet.ip.nosuch kern.ostype net.inet.foo")).toEqual({
      stdout: "kern.ostype: Darwin\n", stderr: "sysctl: unknown oid 'net.inet.ip.nosuch'\nsysctl: unknown oid 'net.inet.foo'\n", exit: 2,
    });
    expect(run(w, "kern.ostype=Linux")).toEqual({ stdout: "", stderr: "sysctl: oid 'kern.ostype' is read only\n", exit: 1 });
    expect(run(w, "net.inet.ip.forwarding=yes")).toEqual({ stdout: "", stderr: "sysctl: invalid integer 'yes'\n", exit: 1 });
    expect(run(w, "net.inet.ip=1")).toEqual({ stdout: "", stderr: "sysctl: oid 'net.inet.ip' isn't a leaf node\n", exit: 1 });
  });

  it("prints usage for no name and for a bad option", () => {
    const usage = "usage: sysctl [-bdeFhilNnoqtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n       sysctl [-bdeFhlNnoqtWx] [ -B <bufsize> ] -a\n";
    const w = mac();
    expect(run(w, "")).toEqual({ stdout: "", stderr: usage, exit: 1 });
    expect(run(w, "-Z kern.ostype")).toEqual({ stdout: "", stderr: `sysctl: illegal option -- Z\n${usage}`, exit: 1 });
  });
});
