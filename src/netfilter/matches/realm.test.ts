// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal, saved, session, tcpPacket, verdicts } from "../testkit.ts";

describe("realm match", () => {
  const setup = ["iptables -A INPUT -m realm ! --realm 0", "iptables -A INPUT -m realm --realm 0x10/0xf0"];

  it("saves names from rt_realms, lists numbers under -n", () => {
    expect(saved("INPUT", ...setup)).toEqual(["-A INPUT -m realm ! --realm cosmos", "-A INPUT -m realm --realm 0x10/0xf0"]);
    expect(session(...setup, "iptables -L INPUT -n").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ! realm 0x0\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            realm 0x10/0xf0\n",
    );
  });

  it("refuses unknown names and the hooks before routing", () => {
    expect(refusal("iptables -A INPUT -m realm --realm foo")).toEqual(
      fails('realm: could not map name foo to an integer value for option "--realm".\n'),
    );
    expect(refusal("iptables -A PREROUTING -t mangle -m realm --realm 1")).toEqual(kernel("Invalid argument", "PREROUTING"));
  });

  it("sees realm 0 on every route, as nfsim's routes carry none", () => {
    const { world } = session("iptables -A INPUT -m realm --realm cosmos -j DROP", "iptables -A INPUT -m realm --realm 1 -j REJECT");
    expect(verdicts(world, [tcpPacket(1, 2)])).toEqual(["DROP"]);
    const other = session("iptables -A INPUT -m realm ! --realm 0x10/0xf0 -j DROP").world;
    expect(verdicts(other, [tcpPacket(1, 2)])).toEqual(["DROP"]);
  });
});
