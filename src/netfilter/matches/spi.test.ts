// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { kernel, packet, refusal, saved, session, verdicts } from "../testkit.ts";

const EINVAL = kernel("Invalid argument");

const esp = (spi: number) => ({ ...packet(50, { kind: "other" }), payload: [spi >>> 24, (spi >> 16) & 0xff, (spi >> 8) & 0xff, spi & 0xff, 0, 0, 0, 1] });
const ah = (spi: number) => ({ ...packet(51, { kind: "other" }), payload: [50, 4, 0, 0, spi >>> 24, (spi >> 16) & 0xff, (spi >> 8) & 0xff, spi & 0xff, 0, 0, 0, 1] });
const comp = (cpi: number) => ({ ...packet(108, { kind: "other" }), payload: [4, 0, cpi >> 8, cpi & 0xff] });

describe("esp, ah and ipcomp matches", () => {
  it("save nothing for the whole range, inverted or not, and keep a reversed range (1.8.9)", () => {
    expect(saved("INPUT", "iptables -A INPUT -p esp -m esp ! --espspi :", "iptables -A INPUT -p esp -m esp --espspi 4:3", "iptables -A INPUT -p ah -m ah --ahspi 3:")).toEqual([
      "-A INPUT -p esp -m esp",
      "-A INPUT -p esp -m esp --espspi 4:3",
      "-A INPUT -p ah -m ah --ahspi 3:4294967295",
    ]);
  });

  it("start ipcomp at 0:0, so a bare -m ipcomp saves --ipcompspi 0", () => {
    expect(saved("INPUT", "iptables -A INPUT -p ipcomp -m ipcomp", "iptables -A INPUT -p 108 -m ipcomp --compres")).toEqual([
      "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0",
      "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0 --compres",
    ]);
  });

  it("need their protocol", () => {
    expect(refusal("iptables -A INPUT -m esp --espspi 1")).toEqual(EINVAL);
    expect(refusal("iptables -A INPUT ! -p ah -m ah")).toEqual(EINVAL);
    expect(refusal("iptables -A INPUT -p esp -m ipcomp")).toEqual(EINVAL);
  });

  it("compare the SPI (the CPI for IPComp) with the range", () => {
    const { world } = session(
      "iptables -A INPUT -p esp -m esp --espspi 0x100:0x1ff -j DROP",
      "iptables -A INPUT -p ah -m ah ! --ahspi 7 -j DROP",
      "iptables -A INPUT -p ipcomp -m ipcomp --ipcompspi 5 -j DROP",
    );
    const short = { ...esp(0x100), payload: [0, 0, 1, 0] };
    expect(verdicts(world, [esp(0x100), esp(0x200), short, ah(7), ah(8), comp(5), comp(6)])).toEqual([
      "DROP", "ACCEPT", "ACCEPT", "ACCEPT", "DROP", "DROP", "ACCEPT",
    ]);
  });
});
