import { describe, expect, it } from "vitest";
import { formatIpv4, parseIpv4Strict } from "../wire/ipv4.ts";
import { addIfaddr, deleteIfaddr, selectSource } from "./address.ts";
import { linkDown, linkUp } from "./link.ts";
import { newNetNamespace } from "./namespace.ts";
import { sysctlSet } from "./sysctl.ts";
import { isV4 } from "./route.ts";
import { SCOPE_HOST, SCOPE_LINK, type Device, type NetNamespace } from "./types.ts";

const ip = (t: string) => parseIpv4Strict(t) ?? 0;

function lab(): { ns: NetNamespace; dev: Device; host: { namespaces: Record<string, NetNamespace>; clock: number } } {
  const ns = newNetNamespace();
  const dev: Device = { ifindex: 3, name: "veth0", kind: "veth", mac: "02:00:00:00:00:01", mtu: 1500, up: false, addrs: [] };
  ns.devices.push(dev);
  return { ns, dev, host: { namespaces: { "": ns }, clock: 0 } };
}

function add(ns: NetNamespace, dev: Device, cidr: string, scope = 0, broadcast?: string): void {
  const [a = "", len = "32"] = cidr.split("/");
  addIfaddr(ns, dev, {
    addr: ip(a),
    prefixLen: Number(len),
    scope,
    label: dev.name,
    secondary: false,
    ...(broadcast !== undefined ? { broadcast: ip(broadcast) } : {}),
  });
}

const show = (dev: Device) => dev.addrs.map((a) => `${formatIpv4(a.addr)}/${String(a.prefixLen)}${a.secondary ? " secondary" : ""}`);
const routes = (ns: NetNamespace) =>
  ns.routes.filter(isV4).map((r) => `${r.type} ${formatIpv4(r.dst)}/${String(r.prefixLen)} src ${formatIpv4(r.src ?? 0)}`);

describe("IPv4 interface addresses", () => {
  it("orders primaries by scope, puts secondaries last, and refuses the same address twice", () => {
    const { ns, dev } = lab();
    add(ns, dev, "10.0.0.1/24");
    add(ns, dev, "10.0.0.2/24");
    add(ns, dev, "10.0.0.3/16");
    add(ns, dev, "192.168.1.1/24", SCOPE_LINK);
    expect(show(dev)).toEqual(["192.168.1.1/24", "10.0.0.1/24", "10.0.0.3/16", "10.0.0.2/24 secondary"]);
    expect(() => add(ns, dev, "10.0.0.1/24")).toThrow("ipv4: Address already assigned");
  });

  it("keeps only local routes while the link is down and adds the prefix and broadcast routes when it comes up", () => {
    const { ns, dev, host } = lab();
    add(ns, dev, "10.0.0.1/24");
    expect(routes(ns)).toEqual(["local 10.0.0.1/32 src 10.0.0.1"]);
    linkUp(host, "", dev);
    expect(routes(ns)).toEqual(["local 10.0.0.1/32 src 10.0.0.1", "unicast 10.0.0.0/24 src 10.0.0.1", "broadcast 10.0.0.255/32 src 10.0.0.1"]);
    linkDown(host, "", dev);
    expect(routes(ns)).toEqual(["local 10.0.0.1/32 src 10.0.0.1"]);
  });

  it("gives a secondary only its local route, from the primary's address", () => {
    const { ns, dev, host } = lab();
    linkUp(host, "", dev);
    add(ns, dev, "10.0.0.1/24");
    add(ns, dev, "10.0.0.2/24");
    expect(routes(ns)).toContain("local 10.0.0.2/32 src 10.0.0.1");
    expect(routes(ns).filter((r) => r.startsWith("unicast"))).toEqual(["unicast 10.0.0.0/24 src 10.0.0.1"]);
  });

  it("deletes the secondaries with their primary, or promotes one with promote_secondaries", () => {
    const { ns, dev, host } = lab();
    linkUp(host, "", dev);
    add(ns, dev, "10.0.0.1/24");
    add(ns, dev, "10.0.0.2/24");
    add(ns, dev, "10.0.0.3/24");
    deleteIfaddr(ns, dev, { addr: ip("10.0.0.1"), prefixLen: 24 });
    expect(show(dev)).toEqual([]);
    add(ns, dev, "10.0.0.1/24");
    add(ns, dev, "10.0.0.2/24");
    sysctlSet(ns, "net.ipv4.conf.veth0.promote_secondaries", "1");
    deleteIfaddr(ns, dev, { addr: ip("10.0.0.1"), prefixLen: 24 });
    expect(show(dev)).toEqual(["10.0.0.2/24"]);
    expect(routes(ns)).toContain("unicast 10.0.0.0/24 src 10.0.0.2");
  });

  it("says which address is missing in the kernel's words", () => {
    const { ns, dev } = lab();
    expect(() => deleteIfaddr(ns, dev, { addr: ip("10.0.0.1"), prefixLen: 24 })).toThrow("ipv4: Address not found");
  });

  it("selects a source address as inet_select_addr does", () => {
    const { ns, dev } = lab();
    const lo = ns.devices[0];
    if (lo === undefined) throw new Error("no lo");
    add(ns, lo, "127.0.0.1/8", SCOPE_HOST);
    add(ns, dev, "192.168.1.1/24", SCOPE_LINK);
    add(ns, dev, "10.0.0.1/24");
    add(ns, dev, "10.1.0.1/16");
    expect(selectSource(ns, dev, ip("10.1.2.3"), 0)).toBe(ip("10.1.0.1"));
    expect(selectSource(ns, dev, 0, 0)).toBe(ip("10.0.0.1"));
    expect(selectSource(ns, dev, 0, SCOPE_LINK)).toBe(ip("192.168.1.1"));
    expect(selectSource(ns, undefined, 0, SCOPE_LINK)).toBe(ip("10.0.0.1"));
  });
});
