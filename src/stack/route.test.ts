import { describe, expect, it } from "vitest";
import { parseIpv4Strict } from "../wire/ipv4.ts";
import { addIfaddr } from "./address.ts";
import { NetlinkError } from "./errors.ts";
import { linkUp } from "./link.ts";
import { newNetNamespace } from "./namespace.ts";
import { addRoute, type RouteConfig } from "./route-config.ts";
import { deleteRoute, lookupRoute, routesInDumpOrder } from "./route.ts";
import { RTPROT_BOOT, SCOPE_LINK, TABLE_MAIN, type Device, type NetNamespace } from "./types.ts";

const ip = (t: string) => parseIpv4Strict(t) ?? 0;

/** One namespace with veth0 (up, carrier) holding 10.0.0.1/24. */
function lab(): { ns: NetNamespace; dev: Device } {
  const ns = newNetNamespace();
  const dev: Device = { ifindex: 2, name: "veth0", kind: "veth", mac: "02:00:00:00:00:01", mtu: 1500, up: false, carrier: true, addrs: [] };
  ns.devices.push(dev);
  const host = { namespaces: { "": ns }, clock: 0 };
  linkUp(host, "", dev);
  addIfaddr(ns, dev, { addr: ip("10.0.0.1"), prefixLen: 24, scope: 0, label: "veth0", secondary: false });
  return { ns, dev };
}

function cfg(over: Partial<RouteConfig>): RouteConfig {
  return { table: TABLE_MAIN, type: "unicast", dst: 0, prefixLen: 0, proto: RTPROT_BOOT, scope: 0, ...over };
}

function refusal(fn: () => unknown): { errno: string; extack?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof NetlinkError) return { errno: e.errno, ...(e.extack !== undefined ? { extack: e.extack } : {}) };
    throw e;
  }
  throw new Error("no refusal");
}

describe("the IPv4 FIB", () => {
  it("resolves a gateway to the device of its connected route", () => {
    const { ns } = lab();
    const r = addRoute(ns, cfg({ via: ip("10.0.0.254") }), { excl: true });
    expect(r.dev).toBe(2);
  });

  it("refuses what fib_create_info refuses, in the kernel's words", () => {
    const { ns } = lab();
    expect(refusal(() => addRoute(ns, cfg({ dst: ip("10.6.0.0"), prefixLen: 16, via: ip("10.5.0.1") }), { excl: true }))).toEqual({
      errno: "EINVAL",
      extack: "Nexthop has invalid gateway",
    });
    expect(refusal(() => addRoute(ns, cfg({ dst: ip("10.30.0.1"), prefixLen: 16, dev: 2, scope: SCOPE_LINK }), { excl: true }))).toEqual({
      errno: "EINVAL",
      extack: "Invalid prefix for given prefix length",
    });
    expect(refusal(() => addRoute(ns, cfg({ dst: ip("1.1.1.2"), prefixLen: 32, dev: 2, scope: SCOPE_LINK, src: ip("10.0.0.99") }), { excl: true }))).toEqual({
      errno: "EINVAL",
      extack: "Invalid prefsrc address",
    });
    expect(refusal(() => addRoute(ns, cfg({ type: "blackhole", dst: ip("10.66.0.0"), prefixLen: 16, dev: 2 }), { excl: true }))).toEqual({
      errno: "EINVAL",
      extack: "Gateway, device and multipath can not be specified for this route type",
    });
  });

  it("keeps routes to one prefix by metric and refuses an equal metric with excl", () => {
    const { ns } = lab();
    const dst = ip("192.168.0.0");
    addRoute(ns, cfg({ dst, prefixLen: 16, via: ip("10.0.0.2"), metric: 100 }), { excl: true });
    addRoute(ns, cfg({ dst, prefixLen: 16, via: ip("10.0.0.3"), metric: 50 }), { excl: true });
    expect(refusal(() => addRoute(ns, cfg({ dst, prefixLen: 16, via: ip("10.0.0.4"), metric: 50 }), { excl: true }))).toEqual({ errno: "EEXIST" });
    addRoute(ns, cfg({ dst, prefixLen: 16, via: ip("10.0.0.5"), metric: 50 }), {});
    addRoute(ns, cfg({ dst, prefixLen: 16, via: ip("10.0.0.6"), metric: 50 }), { append: true });
    const vias = routesInDumpOrder(ns).filter((r) => r.dst === dst).map((r) => r.via);
    expect(vias).toEqual([ip("10.0.0.5"), ip("10.0.0.3"), ip("10.0.0.6"), ip("10.0.0.2")]);
    expect(lookupRoute(ns, ip("192.168.7.7"))?.via).toBe(ip("10.0.0.5"));
    deleteRoute(ns, { table: TABLE_MAIN, dst, prefixLen: 16 });
    expect(lookupRoute(ns, ip("192.168.7.7"))?.via).toBe(ip("10.0.0.3"));
  });

  it("dumps a table in trie order: by address, longer prefixes first", () => {
    const { ns } = lab();
    addRoute(ns, cfg({ dst: ip("10.0.0.0"), prefixLen: 8, via: ip("10.0.0.9") }), { excl: true });
    addRoute(ns, cfg({ via: ip("10.0.0.254") }), { excl: true });
    const main = routesInDumpOrder(ns).filter((r) => r.table === TABLE_MAIN).map((r) => `${String(r.dst >>> 24)}/${String(r.prefixLen)}`);
    expect(main).toEqual(["0/0", "10/24", "10/8"]);
  });

  it("finds local addresses in the local table before main", () => {
    const { ns } = lab();
    expect(lookupRoute(ns, ip("10.0.0.1"))?.type).toBe("local");
    expect(lookupRoute(ns, ip("10.0.0.255"))?.type).toBe("broadcast");
    expect(lookupRoute(ns, ip("10.0.0.7"))?.type).toBe("unicast");
    expect(lookupRoute(ns, ip("8.8.8.8"))).toBeUndefined();
  });

  it("says ESRCH for a route that is not there and for a table never made", () => {
    const { ns } = lab();
    expect(refusal(() => deleteRoute(ns, { table: TABLE_MAIN, dst: 0, prefixLen: 0 }))).toEqual({ errno: "ESRCH" });
    expect(refusal(() => deleteRoute(ns, { table: 301, dst: 0, prefixLen: 0 }))).toEqual({ errno: "ESRCH", extack: "FIB table does not exist" });
  });
});
