import { describe, expect, it } from "vitest";
import { addIf6addr, deleteIf6addr, isTentative } from "./addrconf.ts";
import { formatIpv6, parseIpv6 } from "./ipv6.ts";
import { linkDown, linkUp, settle, type StackHost } from "./link.ts";
import { newNetNamespace } from "./namespace.ts";
import type { Device, NetNamespace } from "./types.ts";

/** A veth pair in one namespace, both ends down. */
function pair(): { host: StackHost; ns: NetNamespace; a: Device; b: Device } {
  const ns = newNetNamespace();
  const a: Device = { ifindex: 3, name: "veth0", kind: "veth", mac: "ae:a9:54:c8:fc:af", mtu: 1500, up: false, carrier: false, addrs: [], peer: { ns: "", ifindex: 2 } };
  const b: Device = { ifindex: 2, name: "veth1", kind: "veth", mac: "c6:d6:21:bd:ca:5e", mtu: 1500, up: false, carrier: false, addrs: [], peer: { ns: "", ifindex: 3 } };
  ns.devices.push(b, a);
  return { host: { namespaces: { "": ns }, clock: 0 }, ns, a, b };
}

const addrs = (d: Device) => (d.addrs6 ?? []).map((x) => `${formatIpv6(x.addr)}/${String(x.prefixLen)}${isTentative(x) ? " tentative" : ""}`);
const v6routes = (ns: NetNamespace) => ns.routes.filter((r) => r.family === 6).map((r) => `${r.type} ${formatIpv6(r.dst6 ?? "")}/${String(r.prefixLen)} dev ${String(r.dev)}`);

describe("addrconf", () => {
  it("gives a link its fe80::/64 address only once it has carrier, tentative until DAD ends", () => {
    const { host, ns, a, b } = pair();
    linkUp(host, "", a);
    expect(addrs(a)).toEqual([]);
    linkUp(host, "", b);
    expect(addrs(a)).toEqual(["fe80::aca9:54ff:fec8:fcaf/64 tentative"]);
    expect(v6routes(ns)).toEqual(["multicast ff00::/8 dev 2", "unicast fe80::/64 dev 2", "multicast ff00::/8 dev 3", "unicast fe80::/64 dev 3"]);
    host.clock += 3000;
    settle(host);
    expect(addrs(a)).toEqual(["fe80::aca9:54ff:fec8:fcaf/64"]);
    expect(v6routes(ns)).toContain("local fe80::aca9:54ff:fec8:fcaf/128 dev 3");
  });

  it("lists wider scopes first and the newest first within a scope, and loses everything on down", () => {
    const { host, ns, a, b } = pair();
    linkUp(host, "", a);
    linkUp(host, "", b);
    addIf6addr(ns, a, parseIpv6("2001:db8::1") ?? "", 64, {}, host.clock);
    addIf6addr(ns, a, parseIpv6("2001:db8::2") ?? "", 64, { nodad: true }, host.clock);
    expect(addrs(a)).toEqual(["2001:db8::2/64", "2001:db8::1/64 tentative", "fe80::aca9:54ff:fec8:fcaf/64 tentative"]);
    expect(() => addIf6addr(ns, a, parseIpv6("2001:db8::2") ?? "", 64, {}, 0)).toThrow("ipv6: address already assigned");
    deleteIf6addr(ns, a, parseIpv6("2001:db8::2") ?? "", 64);
    expect(v6routes(ns)).toContain("unicast 2001:db8::/64 dev 3");
    expect(() => deleteIf6addr(ns, a, parseIpv6("2001:db8::2") ?? "", 64)).toThrow("ipv6: address not found");
    linkDown(host, "", a);
    expect(addrs(a)).toEqual([]);
    expect(v6routes(ns).filter((r) => r.endsWith("dev 3"))).toEqual([]);
  });

  it("puts ::1 on loopback without DAD", () => {
    const { host, ns } = pair();
    const lo = ns.devices.find((d) => d.kind === "loopback");
    if (lo === undefined) throw new Error("no lo");
    linkUp(host, "", lo);
    expect(addrs(lo)).toEqual(["::1/128"]);
    expect(v6routes(ns)).toEqual(["local ::1/128 dev 1"]);
  });
});
