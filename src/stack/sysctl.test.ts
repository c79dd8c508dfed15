import { describe, expect, it } from "vitest";
import { newNetNamespace } from "./namespace.ts";
import { procSysRead, procSysWrite, sysctlDeviceAdded, sysctlGet, sysctlKeys, sysctlSet, sysctlWritable } from "./sysctl.ts";
import type { Device, NetNamespace } from "./types.ts";

function withDevice(ns: NetNamespace, name: string): Device {
  const dev: Device = { ifindex: ns.devices.length + 1, name, kind: "veth", mac: "02:00:00:00:00:01", mtu: 1500, up: false, addrs: [] };
  ns.devices.push(dev);
  sysctlDeviceAdded(ns, dev);
  return dev;
}

describe("sysctls", () => {
  it("has the kernel's defaults, some of them per device kind", () => {
    const ns = newNetNamespace();
    withDevice(ns, "veth0");
    expect(sysctlGet(ns, "net.ipv4.ip_forward")).toBe("0");
    expect(sysctlGet(ns, "net.ipv4.conf.all.accept_source_route")).toBe("0");
    expect(sysctlGet(ns, "net.ipv4.conf.lo.disable_policy")).toBe("1");
    expect(sysctlGet(ns, "net.ipv6.conf.lo.accept_dad")).toBe("-1");
    expect(sysctlGet(ns, "net.ipv6.conf.veth0.mtu")).toBe("1500");
    expect(sysctlGet(ns, "net.netfilter.nf_conntrack_tcp_timeout_established")).toBe("432000");
    expect(sysctlGet(ns, "net.ipv4.conf.eth9.rp_filter")).toBeUndefined();
    expect(sysctlWritable(ns, "net.netfilter.nf_conntrack_max")).toBe(false);
  });

  it("spreads ip_forward to all, default and every device, and turns all.accept_redirects off", () => {
    const ns = newNetNamespace();
    withDevice(ns, "veth0");
    sysctlSet(ns, "net.ipv4.ip_forward", "1");
    expect(["net.ipv4.conf.all.forwarding", "net.ipv4.conf.default.forwarding", "net.ipv4.conf.veth0.forwarding", "net.ipv4.conf.lo.forwarding"].map((k) => sysctlGet(ns, k))).toEqual(["1", "1", "1", "1"]);
    expect(sysctlGet(ns, "net.ipv4.conf.all.accept_redirects")).toBe("0");
    sysctlSet(ns, "net.ipv4.conf.veth0.forwarding", "0");
    expect(sysctlGet(ns, "net.ipv4.ip_forward")).toBe("1");
  });

  it("lets an IPv4 device value follow default until it is written", () => {
    const ns = newNetNamespace();
    withDevice(ns, "veth0");
    sysctlSet(ns, "net.ipv4.conf.default.rp_filter", "2");
    expect(sysctlGet(ns, "net.ipv4.conf.veth0.rp_filter")).toBe("2");
    sysctlSet(ns, "net.ipv4.conf.veth0.rp_filter", "1");
    sysctlSet(ns, "net.ipv4.conf.default.rp_filter", "0");
    expect(sysctlGet(ns, "net.ipv4.conf.veth0.rp_filter")).toBe("1");
  });

  it("refuses what the kernel's handlers refuse", () => {
    const ns = newNetNamespace();
    for (const [k, v] of [["net.ipv4.ip_forward", "abc"], ["net.ipv4.ip_default_ttl", "0"], ["net.netfilter.nf_conntrack_tcp_loose", "2"], ["net.ipv4.ip_local_port_range", "30000 20000"], ["net.ipv4.ip_forward", "99999999999"]]) {
      expect(() => sysctlSet(ns, k ?? "", v ?? "")).toThrow("Invalid argument");
    }
    sysctlSet(ns, "net.ipv4.ip_local_port_range", "20000 30000");
    expect(sysctlGet(ns, "net.ipv4.ip_local_port_range")).toBe("20000\t30000");
  });

  it("lists keys in the order /proc/sys directories sort them", () => {
    const ns = newNetNamespace();
    withDevice(ns, "veth0");
    const keys = sysctlKeys(ns).filter((k) => /conf\.[^.]+\.forwarding$|ip_forward/.test(k) && k.startsWith("net.ipv4"));
    expect(keys).toEqual([
      "net.ipv4.conf.all.forwarding",
      "net.ipv4.conf.default.forwarding",
      "net.ipv4.conf.lo.forwarding",
      "net.ipv4.conf.veth0.forwarding",
      "net.ipv4.ip_forward",
      "net.ipv4.ip_forward_update_priority",
      "net.ipv4.ip_forward_use_pmtu",
    ]);
  });

  it("shows the values as files under /proc/sys/net", () => {
    const ns = newNetNamespace();
    expect(procSysRead(ns, "/proc/sys/net/ipv4/ip_local_port_range")).toBe("32768\t60999\n");
    expect(procSysWrite(ns, "/proc/sys/net/ipv4/ip_forward", "1\n")).toBe("ok");
    expect(procSysRead(ns, "/proc/sys/net/ipv4/ip_forward")).toBe("1\n");
    expect(procSysWrite(ns, "/proc/sys/net/ipv4/ip_forward", "x\n")).toBe("invalid");
    expect(procSysWrite(ns, "/proc/sys/net/ipv4/nope", "1\n")).toBe("missing");
  });
});
