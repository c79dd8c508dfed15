import { describe, expect, it } from "vitest";
import { parseAddr, parsePrefix } from "./inet.ts";

describe("inet_prefix parsing", () => {
  it("reads IPv4 the legacy way: strtoul per part, missing parts zero", () => {
    expect(parseAddr("10.8", "unspec")?.v4).toBe(0x0a080000);
    expect(parseAddr("010.0x10.0.1", "unspec")?.v4).toBe(0x08100001);
    expect(parseAddr("10.0.0.300", "unspec")).toBeUndefined();
    expect(parseAddr("10.0.0.1", "inet6")).toBeUndefined();
  });

  it("takes /len or a contiguous /mask, and default as a /0", () => {
    expect(parsePrefix("10.36.0.0/255.255.0.0", "unspec")).toMatchObject({ v4: 0x0a240000, bitlen: 16, prefixSpecified: true });
    expect(parsePrefix("10.0.0.1", "unspec")).toMatchObject({ bitlen: 32, prefixSpecified: false });
    expect(parsePrefix("default", "inet")).toMatchObject({ bitlen: 0, keyword: true });
    expect(parsePrefix("10.0.0.0/33", "unspec")).toBeUndefined();
    expect(parsePrefix("10.0.0.0/255.0.255.0", "unspec")).toBeUndefined();
    expect(parsePrefix("2001:db8::/64", "unspec")).toMatchObject({ family: "inet6", bitlen: 64 });
  });
});
