import { describe, expect, it } from "vitest";
import { formatIpv6, ipv6InPrefix, ipv6Prefix, linkLocalOf, parseIpv6 } from "./ipv6.ts";

describe("IPv6 addresses", () => {
  it("parses as inet_pton and prints as inet_ntop", () => {
    const cases: [string, string][] = [
      ["::1", "::1"],
      ["::", "::"],
      ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
      ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
      ["fe80::0:1:0:0:1", "fe80::1:0:0:1"],
      ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
      ["1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"],
      ["::ffff:10.1.2.3", "::ffff:10.1.2.3"],
      ["ff00::", "ff00::"],
    ];
    for (const [input, printed] of cases) expect(formatIpv6(parseIpv6(input) ?? "")).toBe(printed);
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", ":1", "1.2.3.4"]) expect(parseIpv6(bad)).toBeUndefined();
  });

  it("makes the modified EUI-64 link-local address of a MAC (RFC 4291 appendix A)", () => {
    expect(formatIpv6(linkLocalOf("ae:a9:54:c8:fc:af"))).toBe("fe80::aca9:54ff:fec8:fcaf");
    expect(formatIpv6(linkLocalOf("ea:97:19:8e:01:80"))).toBe("fe80::e897:19ff:fe8e:180");
    expect(formatIpv6(linkLocalOf("02:00:00:00:00:01"))).toBe("fe80::ff:fe00:1");
  });

  it("masks prefixes", () => {
    const a = parseIpv6("2001:db8::1") ?? "";
    expect(formatIpv6(ipv6Prefix(a, 64))).toBe("2001:db8::");
    expect(ipv6InPrefix(a, parseIpv6("2001:db8::") ?? "", 64)).toBe(true);
    expect(ipv6InPrefix(a, parseIpv6("2001:db9::") ?? "", 64)).toBe(false);
  });
});
