// `ip` end to end through runCommand; the expected texts are what iproute2 6.1 printed for
// the same commands on a real kernel (see tests/golden/ip for the full transcripts).
import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { newWorld, type World } from "../../world/world.ts";

function run(world: World, ...lines: string[]): { stdout: string; stderr: string; exit: number } {
  let last = { stdout: "", stderr: "", exit: 0 };
  for (const l of lines) last = runCommand(world, l);
  return last;
}

describe("ip", () => {
  it("shows a fresh namespace's loopback", () => {
    expect(run(newWorld(), "ip link").stdout).toBe(
      "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
    );
  });

  it("joins two namespaces with a veth pair, addresses and routes", () => {
    const w = newWorld(3);
    run(
      w,
      "ip netns add left",
      "ip netns add right",
      "ip link add veth-l netns left type veth peer name veth-r netns right",
      "ip -n left addr add 10.0.0.1/24 dev veth-l",
      "ip -n right addr add 10.0.0.2/24 dev veth-r",
      "ip -n left link set veth-l up",
      "ip -n right link set veth-r up",
      "ip -n left route add default via 10.0.0.2",
    );
    expect(run(w, "ip -n left route").stdout).toBe("default via 10.0.0.2 dev veth-l \n10.0.0.0/24 dev veth-l proto kernel scope link src 10.0.0.1 \n");
    expect(run(w, "ip -n left route get 8.8.8.8").stdout).toBe("8.8.8.8 via 10.0.0.2 dev veth-l src 10.0.0.1 uid 0 \n    cache \n");
    expect(run(w, "ip -n left -4 -br addr").stdout).toBe("veth-l@if2       UP             10.0.0.1/24 \n");
    expect(run(w, "ip netns list").stdout).toBe("right\nleft\n");
  });

  it("reports kernel refusals and usage errors with ip's words and statuses", () => {
    const w = newWorld();
    run(w, "ip link add veth0 type veth peer name veth1", "ip addr add 10.0.0.1/24 dev veth0");
    expect(run(w, "ip route add default via 10.0.0.254")).toEqual({ stdout: "", stderr: "Error: Nexthop has invalid gateway.\n", exit: 2 });
    expect(run(w, "ip route add 10.6.0.0/16 dev veth1")).toEqual({ stdout: "", stderr: "Error: Device for nexthop is not up.\n", exit: 2 });
    expect(run(w, "ip link add veth0 type veth peer name veth9")).toEqual({ stdout: "", stderr: "RTNETLINK answers: File exists\n", exit: 2 });
    expect(run(w, "ip link set veth0 mtu abc")).toEqual({ stdout: "", stderr: 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n', exit: 255 });
    expect(run(w, "ip link show nosuch")).toEqual({ stdout: "", stderr: 'Device "nosuch" does not exist.\n', exit: 1 });
    expect(run(w, "ip route get 8.8.8.8")).toEqual({ stdout: "", stderr: "RTNETLINK answers: Network is unreachable\n", exit: 2 });
  });

  it("runs other tools in a namespace with ip netns exec", () => {
    const w = newWorld();
    run(w, "ip netns add red");
    expect(run(w, "ip netns exec red sysctl -w net.ipv4.ip_forward=1").stdout).toBe("net.ipv4.ip_forward = 1\n");
    expect(run(w, "sysctl net.ipv4.ip_forward").stdout).toBe("net.ipv4.ip_forward = 0\n");
    expect(run(w, "ip netns exec red nosuchcmd")).toEqual({ stdout: "", stderr: 'exec of "nosuchcmd" failed: No such file or directory\n', exit: 1 });
    expect(run(w, "ip netns exec blue ip link")).toEqual({ stdout: "", stderr: 'Cannot open network namespace "blue": No such file or directory\n', exit: 255 });
  });

  it("lets the virtual clock end duplicate address detection", () => {
    const w = newWorld();
    run(w, "ip link add veth0 type veth peer name veth1", "ip link set veth0 up", "ip link set veth1 up");
    expect(run(w, "ip -6 -o a show dev veth0").stdout).toMatch(/scope link tentative \\/);
    w.clock += 3000;
    expect(run(w, "ip -6 -o a show dev veth0").stdout).toMatch(/scope link \\/);
  });
});
