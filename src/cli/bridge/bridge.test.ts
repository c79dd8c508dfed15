// `bridge` as the real iproute2 6.1 prints it (strings captured from the real tool, see
// tests/golden/ip/cases/bridge-cmd.sh for the full transcript), and nfsim's own refusals.
import { describe, expect, it } from "vitest";
import { runScript } from "../shell/testkit.ts";

const SETUP = `ip link add br0 type bridge
ip link add vc1 address 02:00:00:00:00:11 type veth peer name p1 address 02:00:00:00:01:01
ip link set vc1 master br0
`;

describe("bridge", () => {
  it("lists a port with its peer, its flags and its state", () => {
    const r = runScript(`${SETUP}bridge link\n`);
    expect(r.out).toBe("4: vc1@p1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 \n");
  });

  it("lists the forwarding database with the bridge's own MAC when one was given", () => {
    const r = runScript(`ip link add br0 address 02:00:00:00:00:99 type bridge
ip link add vc1 address 02:00:00:00:00:11 type veth peer name p1 address 02:00:00:00:01:01
ip link set vc1 master br0
bridge fdb show
`);
    expect(r.out).toBe(
      "33:33:00:00:00:01 dev br0 self permanent\n" +
        "02:00:00:00:00:99 dev br0 master br0 permanent\n" +
        "33:33:00:00:00:01 dev p1 self permanent\n" +
        "02:00:00:00:00:11 dev vc1 master br0 permanent\n" +
        "33:33:00:00:00:01 dev vc1 self permanent\n",
    );
  });

  it("refuses a dynamic entry on a port that does not forward", () => {
    const r = runScript(`${SETUP}bridge fdb add 02:00:00:00:aa:05 dev vc1 master dynamic\necho $?\n`);
    expect(r.err).toBe("RTNETLINK answers: Operation not permitted\n");
    expect(r.out).toBe("255\n");
  });

  it("says which requests nfsim does not emulate, and changes nothing", () => {
    const r = runScript(`${SETUP}bridge fdb add 02:00:00:00:aa:06 dev vc1\necho $?\nbridge link set dev vc1 hairpin on cost 5\necho $?\nbridge -d link | grep -o 'hairpin [a-z]*'\n`);
    expect(r.err).toBe("nfsim: bridge fdb on a device's own address list (self) is not emulated\nnfsim: bridge link set cost is not emulated\n");
    expect(r.out).toBe("2\n2\nhairpin off\n");
  });
});
