// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands, on a
// host whose kernel has xt_ipvs (the capture machine lacks it: its refusals are left out).
import { describe, expect, it } from "vitest";
import { fails, refusal, saved, session, tcpPacket, verdicts } from "../testkit.ts";

describe("ipvs match", () => {
  it("saves as libxt_ipvs.t expects: numbers for names, a prefix length for the mask", () => {
    expect(
      saved(
        "INPUT",
        "iptables -A INPUT -m ipvs ! --vproto TCP",
        "iptables -A INPUT -m ipvs --vport http",
        "iptables -A INPUT -m ipvs ! --vaddr 1.2.3.4/255.255.255.0",
        "iptables -A INPUT -m ipvs --vproto 6 --vaddr 1.2.3.4/16 --vport 22 --vdir ORIGINAL --vmethod GATE",
        "iptables -A INPUT -m ipvs ! --ipvs",
      ),
    ).toEqual([
      "-A INPUT -m ipvs ! --vproto 6",
      "-A INPUT -m ipvs --vport 80",
      "-A INPUT -m ipvs ! --vaddr 1.2.3.4/24",
      "-A INPUT -m ipvs --vproto 6 --vaddr 1.2.3.4/16 --vport 22 --vdir ORIGINAL --vmethod GATE",
      "-A INPUT -m ipvs ! --ipvs",
    ]);
  });

  it("refuses as libxt_ipvs does", () => {
    expect(refusal("iptables -A INPUT -m ipvs")).toEqual(fails("IPVS: At least one option is required"));
    expect(refusal("iptables -A INPUT -m ipvs ! --ipvs --vport 80")).toEqual(fails("! --ipvs cannot be together with other options"));
    expect(refusal("iptables -A INPUT -m ipvs --vdir sideways")).toEqual(fails('ipvs: Bad value for "--vdir" option: "sideways"'));
    expect(refusal("iptables -A INPUT -m ipvs ! --vdir REPLY")).toEqual(fails('ipvs: option "--vdir" cannot be inverted.\n'));
  });

  it("sees no packet handled by IPVS (nfsim has none)", () => {
    const some = session("iptables -A INPUT -m ipvs --ipvs -j DROP", "iptables -A INPUT -m ipvs ! --vport 80 -j DROP").world;
    expect(verdicts(some, [tcpPacket(1, 2)])).toEqual(["ACCEPT"]);
    const none = session("iptables -A INPUT -m ipvs ! --ipvs -j DROP").world;
    expect(verdicts(none, [tcpPacket(1, 2)])).toEqual(["DROP"]);
  });
});
