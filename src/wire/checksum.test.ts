import { describe, expect, it } from "vitest";
import { checksumShouldBe, internetChecksum, pseudoHeaderSum } from "./checksum.ts";

describe("internet checksum", () => {
  it("is the complement of the folded sum (RFC 1071 section 3 example)", () => {
    // 0001 + f203 + f4f5 + f6f7 = 2ddf0 -> ddf2; complement 220d.
    expect(internetChecksum([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7])).toBe(0x220d);
  });

  it("pads an odd last byte with zero", () => {
    expect(internetChecksum([0x01])).toBe(0xfeff);
  });

  it("adds the pseudo-header words", () => {
    expect(pseudoHeaderSum(0x0a000001, 0x0a000102, 6, 40)).toBe(0x0a00 + 0x0001 + 0x0a00 + 0x0102 + 6 + 40);
  });

  it("names the value the field should have held, as tcpdump's in_cksum_shouldbe", () => {
    // A real SYN leaving a veth carries the partial checksum 0x1531; checked over the
    // segment it gives 0xdb0e, and tcpdump -v says "cksum 0x1531 (incorrect -> 0xf03f)".
    expect(checksumShouldBe(0x1531, 0xdb0e)).toBe(0xf03f);
  });
});
