// `ip route get ... iif`, `oif` without a route, and `mark`; the expected texts are what
// iproute2 6.1 printed on the real kernel (tests/golden/ip/route-get-iif.json).
import { describe, expect, it } from "vitest";
import { runCommand } from "../run.ts";
import { newWorld, type World } from "../../world/world.ts";

function host(): World {
  const w = newWorld();
  for (const l of [
    "ip link add veth0 type veth peer name veth1",
    "ip link add veth2 type veth peer name veth3",
    "ip addr add 10.0.0.1/24 dev veth0",
    "ip addr add 10.1.0.1/16 dev veth2",
    "ip link set veth0 up",
    "ip link set veth1 up",
    "ip link set veth2 up",
    "ip link set veth3 up",
  ]) runCommand(w, l);
  return w;
}

const get = (w: World, line: string) => {
  const r = runCommand(w, line);
  return `${r.stdout}${r.stderr}[${String(r.exit)}]`;
};

describe("ip route get ... iif (the input route)", () => {
  it("answers local and broadcast over lo, and refuses to forward while ip_forward is off", () => {
    const w = host();
    expect(get(w, "ip route get 10.0.0.1 from 10.0.0.2 iif veth0")).toBe("local 10.0.0.1 from 10.0.0.2 dev lo \n    cache <local> iif veth0 \n[0]");
    expect(get(w, "ip route get 10.0.0.255 from 10.0.0.2 iif veth0")).toBe("broadcast 10.0.0.255 from 10.0.0.2 dev lo \n    cache <local,brd> iif veth0 \n[0]");
    expect(get(w, "ip route get 10.1.2.3 from 10.0.0.2 iif veth0")).toBe("RTNETLINK answers: No route to host\n[2]");
    expect(get(w, "ip route get 10.1.2.3 iif veth0")).toBe("RTNETLINK answers: Invalid argument\n[2]");
    expect(get(w, "ip route get 10.0.0.1 from 10.0.0.2 iif nosuch")).toBe('Cannot find device "nosuch"\n[1]');
  });

  it("forwards once ip_forward is on, flags a route back out of the same device, and says when there is none", () => {
    const w = host();
    runCommand(w, "sysctl -w net.ipv4.ip_forward=1");
    expect(get(w, "ip route get 10.1.2.3 from 10.0.0.2 iif veth0")).toBe("10.1.2.3 from 10.0.0.2 dev veth2 \n    cache iif veth0 \n[0]");
    expect(get(w, "ip route get 10.0.0.7 from 10.0.0.2 iif veth0 mark 20")).toBe("10.0.0.7 from 10.0.0.2 dev veth0 mark 0x14 \n    cache <redirect> iif veth0 \n[0]");
    expect(get(w, "ip route get 9.9.9.9 from 10.0.0.2 iif veth0")).toBe("RTNETLINK answers: Network is unreachable\n[2]");
    expect(get(w, "ip -j route get 10.1.2.3 from 10.0.0.2 iif veth0 mark 20")).toBe(
      '[{"dst":"10.1.2.3","from":"10.0.0.2","dev":"veth2","flags":[],"mark":20,"cache":[],"iif":"veth0"}]\n[0]',
    );
  });

  it("fails the reverse-path check as a martian (EINVAL): strict wants the way back by the same device", () => {
    const w = host();
    runCommand(w, "sysctl -w net.ipv4.ip_forward=1");
    runCommand(w, "sysctl -w net.ipv4.conf.all.rp_filter=1");
    expect(get(w, "ip route get 10.1.2.3 from 10.1.0.9 iif veth0")).toBe("RTNETLINK answers: Invalid argument\n[2]");
    runCommand(w, "sysctl -w net.ipv4.conf.all.rp_filter=2");
    expect(get(w, "ip route get 10.1.2.3 from 10.1.0.9 iif veth0")).toBe("10.1.2.3 from 10.1.0.9 dev veth2 \n    cache iif veth0 \n[0]");
    expect(get(w, "ip route get 10.1.2.3 from 8.8.8.8 iif veth0")).toBe("RTNETLINK answers: Invalid argument\n[2]");
  });
});

describe("ip route get ... oif and mark (the output route)", () => {
  it("takes a destination to be on the link of an up device with no route out of it", () => {
    const w = host();
    expect(get(w, "ip route get 8.8.8.8 oif veth0")).toBe("8.8.8.8 dev veth0 src 10.0.0.1 uid 0 \n    cache \n[0]");
    expect(get(w, "ip route get 8.8.8.8 oif veth2 from 10.0.0.1")).toBe("8.8.8.8 from 10.0.0.1 dev veth2 uid 0 \n    cache \n[0]");
    runCommand(w, "ip link set veth0 down");
    expect(get(w, "ip route get 8.8.8.8 oif veth0")).toBe("RTNETLINK answers: Network is unreachable\n[2]");
  });

  it("shows the mark, in hex from 16 on", () => {
    const w = host();
    expect(get(w, "ip route get 10.1.2.3 mark 7")).toBe("10.1.2.3 dev veth2 src 10.1.0.1 mark 7 uid 0 \n    cache \n[0]");
    expect(get(w, "ip route get 10.1.2.3 mark 0x10")).toBe("10.1.2.3 dev veth2 src 10.1.0.1 mark 0x10 uid 0 \n    cache \n[0]");
  });
});
