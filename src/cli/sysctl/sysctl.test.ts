import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { newWorld } from "../../world/world.ts";

describe("sysctl", () => {
  it("reads, writes and says so as procps 4.0.2 does", () => {
    const w = newWorld();
    expect(runCommand(w, "sysctl net.ipv4.ip_forward")).toEqual({ stdout: "net.ipv4.ip_forward = 0\n", stderr: "", exit: 0 });
    expect(runCommand(w, "sysctl -w net.ipv4.ip_forward=1")).toEqual({ stdout: "net.ipv4.ip_forward = 1\n", stderr: "", exit: 0 });
    expect(runCommand(w, "sysctl -n net.ipv4.conf.all.forwarding")).toEqual({ stdout: "1\n", stderr: "", exit: 0 });
    expect(runCommand(w, "sysctl -N net/ipv4/ip_forward").stdout).toBe("net.ipv4.ip_forward\n");
    expect(runCommand(w, "sysctl -q -w net.ipv4.ip_default_ttl=70").stdout).toBe("");
  });

  it("uses procps' error texts and statuses", () => {
    const w = newWorld();
    expect(runCommand(w, "sysctl net.ipv4.foo")).toEqual({ stdout: "", stderr: "sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n", exit: 1 });
    expect(runCommand(w, "sysctl -e net.ipv4.foo")).toEqual({ stdout: "", stderr: "", exit: 0 });
    expect(runCommand(w, "sysctl -w net.ipv4.ip_forward=abc")).toEqual({ stdout: "", stderr: 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument\n', exit: 1 });
    expect(runCommand(w, "sysctl -w net.netfilter.nf_conntrack_max=1")).toEqual({ stdout: "", stderr: 'sysctl: setting key "net.netfilter.nf_conntrack_max": Invalid argument\n', exit: 0 });
    expect(runCommand(w, "sysctl -w net.ipv4.ip_forward")).toEqual({ stdout: "", stderr: "sysctl: command line(0): invalid syntax, continuing...\n", exit: 1 });
    expect(runCommand(w, "sysctl -w").stderr).toBe("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
  });

  it("lists a directory and -a with a pattern", () => {
    const w = newWorld();
    expect(runCommand(w, "sysctl -a -r 'ipv4\\.conf\\.lo\\.(rp_filter|forwarding)'").stdout).toBe("net.ipv4.conf.lo.forwarding = 0\nnet.ipv4.conf.lo.rp_filter = 0\n");
    expect(runCommand(w, "sysctl net.ipv4.neigh.lo").stdout.split("\n")[0]).toBe("net.ipv4.neigh.lo.base_reachable_time_ms = 30000");
  });
});
