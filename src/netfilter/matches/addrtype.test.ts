// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import type { AddrType } from "../context.ts";
import { fails, kernel, packet, refusal, saved, session, testEnv, verdicts } from "../testkit.ts";

const kernelRefuses = (chain: string) => kernel("Invalid argument", chain);

const SETUP = [
  "iptables -A INPUT -m addrtype --src-type LOCAL,unicast ! --dst-type BROADCAST,MULTICAST --limit-iface-in",
  "iptables -A FORWARD -m addrtype --dst-type l --limit-iface-out -j DROP",
];

describe("addrtype match", () => {
  it("saves the types in RTN order, by full name", () => {
    expect(session(...SETUP, "iptables -S").stdout).toBe(
      "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n" +
        "-A INPUT -m addrtype --src-type UNICAST,LOCAL ! --dst-type BROADCAST,MULTICAST --limit-iface-in\n" +
        "-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out -j DROP\n",
    );
  });

  it("lists as ADDRTYPE match", () => {
    expect(session(...SETUP, "iptables -L -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type UNICAST,LOCAL dst-type !BROADCAST,MULTICAST limit-in\n" +
        "\n" +
        "Chain FORWARD (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "DROP       0    --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL limit-out\n" +
        "\n" +
        "Chain OUTPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n",
    );
  });

  it("refuses bad types and option combinations as libxt_addrtype does", () => {
    expect(refusal("iptables -A INPUT -m addrtype --src-type LOCAL,foo")).toEqual(fails('addrtype: bad type "foo"'));
    expect(refusal("iptables -A INPUT -m addrtype --src-type foo,LOCAL")).toEqual(fails("addrtype: bad type `foo,LOCAL'"));
    expect(refusal("iptables -A INPUT -m addrtype --src-type LOCAL,,")).toEqual(fails("addrtype: bad type `,'"));
    // The extension's own check runs before libxtables' generic ones.
    expect(refusal("iptables -A INPUT -m addrtype --limit-iface-in --limit-iface-out")).toEqual(
      fails("addrtype: you must specify --src-type or --dst-type"),
    );
    expect(refusal("iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out")).toEqual(
      fails('addrtype: option "--limit-iface-in" cannot be used together with "--limit-iface-out".\n'),
    );
  });

  it("is refused by the kernel with a device limit its base chain's hook lacks", () => {
    expect(refusal("iptables -A INPUT -m addrtype --dst-type LOCAL --limit-iface-out")).toEqual(kernelRefuses("INPUT"));
    expect(refusal("iptables -A OUTPUT -m addrtype --dst-type LOCAL --limit-iface-in")).toEqual(kernelRefuses("OUTPUT"));
    expect(refusal("iptables -t nat -A PREROUTING -m addrtype --src-type LOCAL --limit-iface-out")).toEqual(kernelRefuses("PREROUTING"));
    expect(saved("FORWARD", "iptables -t filter -A FORWARD -m addrtype --src-type LOCAL --limit-iface-in")).toEqual([
      "-A FORWARD -m addrtype --src-type LOCAL --limit-iface-in",
    ]);
    // In a user chain checkentry sees no hook, whoever jumps there.
    expect(saved("U", "iptables -N U", "iptables -A INPUT -j U", "iptables -A U -m addrtype --src-type LOCAL --limit-iface-out")).toEqual([
      "-A U -m addrtype --src-type LOCAL --limit-iface-out",
    ]);
  });

  it("matches the routing type of each address, on the in device when limited", () => {
    const { world } = session(
      "iptables -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT",
      "iptables -A INPUT -m addrtype ! --src-type UNICAST -j DROP",
    );
    const seen: [number, string | undefined][] = [];
    const addrType = (addr: number, dev?: string): AddrType => {
      seen.push([addr, dev]);
      if (addr === 0x0a000002) return dev === "eth0" ? "LOCAL" : "UNICAST";
      return addr === 0xffffffff ? "BROADCAST" : "UNICAST";
    };
    const env = testEnv({ addrType });
    const tcp = { kind: "tcp", sport: 1, dport: 2, seq: 0, ack: 0, flags: 2, window: 0, options: [] } as const;
    expect(verdicts(world, [packet(6, tcp)], { inIface: "eth0", env })).toEqual(["ACCEPT"]);
    expect(seen).toEqual([[0x0a000002, "eth0"]]);
    seen.length = 0;
    expect(verdicts(world, [packet(6, tcp), packet(6, tcp, { src: 0xffffffff })], { inIface: "eth1", env })).toEqual(["ACCEPT", "DROP"]);
    expect(seen).toEqual([[0x0a000002, "eth1"], [0x0a000001, undefined], [0x0a000002, "eth1"], [0xffffffff, undefined]]);
  });
});
