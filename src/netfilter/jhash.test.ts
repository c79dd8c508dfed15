// Expected values are what include/linux/jhash.h (jhash2, jhash_3words, jhash_1word) and
// reciprocal_scale returned for the same inputs, compiled in C with gcc on x86-64.
import { describe, expect, it } from "vitest";
import { asLoaded, jhash1word, jhash2, jhash3, reciprocalScale } from "./jhash.ts";

describe("jhash (include/linux/jhash.h)", () => {
  it("hashes arrays of words: empty, one full block and a tail, several blocks", () => {
    expect(jhash2([], 0)).toBe(0xdeadbeef);
    expect(jhash2([0x0100000a, 0, 0, 0], 0x11223344)).toBe(0x8d47cd25);
    expect(jhash2([1, 2, 3, 4, 5, 6], 0)).toBe(0xe3e36b25);
    expect(jhash2([0xffffffff, 0x80000000, 7, 0x12345678, 0x9abcdef0, 42, 0xdeadbeef], 0xfeedcafe)).toBe(0xf39ab738);
  });

  it("hashes three words and one word as jhash_3words and jhash_1word do", () => {
    expect(jhash3(0x0a000001, 0x0a000002, 17, 0x80000000)).toBe(0xf1e12ed6);
    expect(jhash1word(0x0100007f, 0xdeadbeef)).toBe(0x2489f292);
    expect(jhash1word(0x0100007f, 1)).toBe(0xb3821346);
  });

  it("scales a hash onto [0, n) by the high half of the product", () => {
    expect(reciprocalScale(0x7da0a2c7, 4)).toBe(1);
    expect(reciprocalScale(0xffffffff, 100)).toBe(99);
    expect(reciprocalScale(0, 100)).toBe(0);
  });

  it("reads a host-order address as a little-endian load of its network-order bytes", () => {
    expect(asLoaded(0x7f000001)).toBe(0x0100007f);
    expect(asLoaded(0x0a000001)).toBe(0x0100000a);
  });
});
