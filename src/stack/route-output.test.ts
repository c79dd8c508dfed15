import { describe, expect, it } from "vitest";
import { parseIpv4Strict } from "../wire/ipv4.ts";
import { addIfaddr } from "./address.ts";
import { addIf6addr } from "./addrconf.ts";
import { NetlinkError } from "./errors.ts";
import { formatIpv6, parseIpv6 } from "./ipv6.ts";
import { linkUp } from "./link.ts";
import { newNetNamespace } from "./namespace.ts";
import { addRoute } from "./route-config.ts";
import { routeOutput, routeOutput6 } from "./route-output.ts";
import { addRoute6, deleteRoute6, IP6_RT_PRIO_USER } from "./route6.ts";
import { RTPROT_BOOT, TABLE_MAIN, type Device, type NetNamespace } from "./types.ts";

const ip = (t: string) => parseIpv4Strict(t) ?? 0;
const ip6 = (t: string) => parseIpv6(t) ?? "";

function lab(): { ns: NetNamespace; dev: Device } {
  const ns = newNetNamespace();
  const dev: Device = { ifindex: 2, name: "veth0", kind: "veth", mac: "02:00:00:00:00:01", mtu: 1500, up: false, carrier: true, addrs: [] };
  ns.devices.push(dev);
  linkUp({ namespaces: { "": ns }, clock: 0 }, "", dev);
  addIfaddr(ns, dev, { addr: ip("10.0.0.1"), prefixLen: 24, scope: 0, label: "veth0", secondary: false });
  return { ns, dev };
}

function errno(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof NetlinkError) return e.errno;
    throw e;
  }
  return "none";
}

describe("output routing shared by ip route get and the packet path", () => {
  it("sends local destinations over lo with themselves as source, others by the FIB with inet_select_addr", () => {
    const { ns } = lab();
    addRoute(ns, { table: TABLE_MAIN, type: "unicast", dst: 0, prefixLen: 0, via: ip("10.0.0.254"), proto: RTPROT_BOOT, scope: 0 }, { excl: true });
    expect(routeOutput(ns, ip("10.0.0.1"))).toMatchObject({ type: "local", dev: 1, src: ip("10.0.0.1") });
    expect(routeOutput(ns, ip("10.0.0.255"))).toMatchObject({ type: "broadcast", dev: 2, src: ip("10.0.0.1") });
    expect(routeOutput(ns, ip("8.8.8.8"))).toMatchObject({ type: "unicast", dev: 2, gateway: ip("10.0.0.254"), src: ip("10.0.0.1") });
    expect(errno(() => routeOutput(ns, ip("8.8.8.8"), { saddr: ip("10.9.9.9") }))).toBe("ENETUNREACH");
  });

  it("turns error routes into their errnos", () => {
    const { ns } = lab();
    const add = (type: "blackhole" | "unreachable" | "prohibit" | "throw", dst: string) =>
      addRoute(ns, { table: TABLE_MAIN, type, dst: ip(dst), prefixLen: 8, proto: RTPROT_BOOT, scope: 0 }, { excl: true });
    add("blackhole", "30.0.0.0");
    add("unreachable", "31.0.0.0");
    add("prohibit", "32.0.0.0");
    add("throw", "33.0.0.0");
    expect(["30.1.1.1", "31.1.1.1", "32.1.1.1", "33.1.1.1", "34.1.1.1"].map((d) => errno(() => routeOutput(ns, ip(d))))).toEqual([
      "EINVAL",
      "EHOSTUNREACH",
      "EACCES",
      "ENETUNREACH",
      "ENETUNREACH",
    ]);
  });

  it("adds IPv6 routes with the kernel's checks and default metric, and routes through them", () => {
    const { ns, dev } = lab();
    const base = { table: TABLE_MAIN, type: "unicast" as const, proto: RTPROT_BOOT };
    expect(errno(() => addRoute6(ns, { ...base, dst6: ip6("2001:db8:2::"), prefixLen: 64, via6: ip6("2001:db8:1::1") }, { excl: true }))).toBe("EHOSTUNREACH");
    expect(() => addRoute6(ns, { ...base, dst6: ip6("::"), prefixLen: 0, via6: ip6("fe80::1") }, { excl: true })).toThrow("Egress device not specified");
    addIf6addr(ns, dev, ip6("2001:db8:1::2"), 64, { nodad: true }, 0);
    const r = addRoute6(ns, { ...base, dst6: ip6("2001:db8:2::"), prefixLen: 64, via6: ip6("2001:db8:1::1") }, { excl: true });
    expect(r).toMatchObject({ dev: 2, metric: IP6_RT_PRIO_USER });
    expect(errno(() => addRoute6(ns, { ...base, dst6: ip6("2001:db8:2::"), prefixLen: 64, dev: 2 }, { excl: true }))).toBe("EEXIST");
    const out = routeOutput6(ns, ip6("2001:db8:2::5"));
    expect(formatIpv6(out.src ?? "")).toBe("2001:db8:1::2");
    expect(routeOutput6(ns, ip6("2001:db8:1::2")).local).toBe(true);
    deleteRoute6(ns, { table: TABLE_MAIN, dst6: ip6("2001:db8:2::"), prefixLen: 64 });
    expect(errno(() => deleteRoute6(ns, { table: TABLE_MAIN, dst6: ip6("2001:db8:2::"), prefixLen: 64 }))).toBe("ESRCH");
  });
});
