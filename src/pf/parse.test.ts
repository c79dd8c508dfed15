import { describe, expect, it } from "vitest";
import type { HostInterface } from "./hosts.ts";
import { loadRules } from "./load.ts";
import { newPfState } from "./kernel.ts";
import { STOCK_FILES } from "./apple.ts";

const LO0: HostInterface = {
  name: "lo0",
  loopback: true,
  addrs: [{ addr: { af: 4, hex: "7f000001" }, bits: 8 }, { addr: { af: 6, hex: "00000000000000000000000000000001" }, bits: 128 }],
};
const EN0: HostInterface = { name: "en0", loopback: false, addrs: [{ addr: { af: 4, hex: "c0a8010a" }, bits: 24, broadcast: { af: 4, hex: "c0a801ff" } }] };

/** `pfctl -nvf FILE` (or -nvvf): what it prints on stdout and stderr, and whether it parsed. */
function nvf(text: string, files: Record<string, string> = {}, verbose: 1 | 2 = 1) {
  const all: Record<string, string> = { ...STOCK_FILES, ...files, "/etc/test.conf": text };
  return loadRules(newPfState(), "/etc/test.conf", { verbose, noAction: true, anchor: "", readFile: (p) => all[p], interfaces: [LO0, EN0], now: 0 });
}

describe("pf.conf as pfctl -nvf prints it", () => {
  it("writes out the defaults: flags S/SA keep state on pass rules, drop on block, inet from the addresses", () => {
    const r = nvf("pass\nblock\npass in proto tcp to port 22\nblock drop from any to 10.10.10.2\npass out proto udp\n");
    expect(r.out).toBe(
      "pass all flags S/SA keep state\n" +
        "block drop all\n" +
        "pass in proto tcp from any to any port = 22 flags S/SA keep state\n" +
        "block drop inet from any to 10.10.10.2\n" +
        "pass out proto udp all keep state\n",
    );
    expect(r.ok).toBe(true);
  });

  it("expands macros and splits lists into one rule per combination", () => {
    const r = nvf('ext_if = "en0"\nports = "{ 22 80 }"\npass in on $ext_if proto { tcp udp } to port $ports\n');
    expect(r.out).toBe(
      'ext_if = "en0"\nports = "{ 22 80 }"\n' +
        "pass in on en0 proto tcp from any to any port = 22 flags S/SA keep state\n" +
        "pass in on en0 proto tcp from any to any port = 80 flags S/SA keep state\n" +
        "pass in on en0 proto udp from any to any port = 22 keep state\n" +
        "pass in on en0 proto udp from any to any port = 80 keep state\n",
    );
  });

  it("prints tables as parsed and references to them", () => {
    const r = nvf("table <t> persist { 10.10.10.2, 10.10.10.3 !10.0.0.0/8 }\ntable <c> const file \"/etc/list\"\nblock drop from any to { <t> }\n", { "/etc/list": "1.2.3.4 # one\n5.6.7.0/24\n" });
    expect(r.out).toBe(
      "table <t> persist { 10.10.10.2 10.10.10.3 !10.0.0.0/8 }\n" +
        'table <c> const file "/etc/list"\n' +
        "block drop from any to <t>\n",
    );
  });

  it("masks host bits off networks and keeps ports, operators and ranges", () => {
    const r = nvf("pass in route-to (if0 127.0.0.1/8) sticky-address inet\npass in proto tcp from 10.1.2.3/16 port > 1024 to ! 10.1.2.3 port 1000:2000\npass proto tcp to port 1 >< 10\n");
    expect(r.out).toBe(
      "pass in route-to (if0 127.0.0.0/8) sticky-address inet all flags S/SA keep state\n" +
        "pass in inet proto tcp from 10.1.0.0/16 port > 1024 to ! 10.1.2.3 port 1000:2000 flags S/SA keep state\n" +
        "pass proto tcp from any to any port 1 >< 10 flags S/SA keep state\n",
    );
  });

  it("prints icmp types by name, and keep state without flags for non-TCP", () => {
    expect(nvf("pass inet proto icmp icmp-type {unreach}\npass out inet proto icmp all icmp-type 8 code 0\n").out).toBe(
      "pass inet proto icmp all icmp-type unreach keep state\npass out inet proto icmp all icmp-type echoreq code 0 keep state\n",
    );
  });

  it("prints block return variants, log and quick", () => {
    const r = nvf("block return-rst out log on tun0 proto tcp all\nblock return-icmp in log quick on tun0 proto udp all\nblock return in inet proto udp to port 9\nset block-policy return\nblock in\n");
    expect(r.ok).toBe(false);
    expect(r.err).toBe("/etc/test.conf:4: Rules must be in order: options, normalization, queueing, translation, filtering\n");
    const ok = nvf("set block-policy return\nblock return-rst out log on tun0 proto tcp all\nblock return-icmp in log quick on tun0 proto udp all\nblock in\n");
    expect(ok.out).toBe(
      "set block-policy return\n" +
        "block return-rst out log on tun0 proto tcp all\n" +
        "block return-icmp(port-unr, port-unr) in log quick on tun0 proto udp all\n" +
        "block return in all\n",
    );
  });

  it("prints state options, with adaptive timeouts for max and src.track for a connection rate", () => {
    const r = nvf("pass in inet proto tcp to port ssh keep state (max-src-conn 5, max-src-conn-rate 5/5, overload <bruteforce> flush global)\npass out proto udp keep state (max 100)\n");
    expect(r.out).toBe(
      "pass in inet proto tcp from any to any port = 22 flags S/SA keep state (source-track rule, max-src-conn 5, max-src-conn-rate 5/5, overload <bruteforce> flush global, src.track 5)\n" +
        "pass out proto udp all keep state (max 100, adaptive.start 60, adaptive.end 120)\n",
    );
  });

  it("prints translation rules in load order: scrub, nat, rdr, binat, then filter", () => {
    const r = nvf("scrub in all no-df\nnat on en0 from 10.0.0.0/24 to any -> (en0)\nrdr pass on en0 proto tcp to port 80 -> 127.0.0.1 port 8080\nbinat on en0 from 10.0.0.5 to any -> 1.2.3.4\nnat on en0 from 10.1.0.0/16 -> 1.2.3.5 port 1000:2000\nno nat on en0 from 10.2.0.0/16\npass\n");
    expect(r.out).toBe(
      "scrub in all no-df fragment reassemble\n" +
        "nat on en0 inet from 10.0.0.0/24 to any -> (en0) round-robin\n" +
        "nat on en0 inet from 10.1.0.0/16 to any -> 1.2.3.5 port 1000:2000\n" +
        "no nat on en0 inet from 10.2.0.0/16 to any\n" +
        "rdr pass on en0 inet proto tcp from any to any port = 80 -> 127.0.0.1 port 8080\n" +
        "binat on en0 inet from 10.0.0.5 to any -> 1.2.3.4\n" +
        "pass all flags S/SA keep state\n",
    );
  });

  it("numbers rules with -vv and counts table addresses", () => {
    expect(nvf("pass\nblock from <t>\n", {}, 2).out).toBe("@0 pass all flags S/SA keep state\n@1 block drop from <t:0> to any\n");
  });

  it("loads the stock configuration with its com.apple anchor as macOS prints it", () => {
    const r = nvf(STOCK_FILES["/etc/pf.conf"] ?? "");
    expect(r.out).toBe(
      'scrub-anchor "/*" all fragment reassemble\nnat-anchor "/*" all\nrdr-anchor "/*" all\nanchor "/*" all\ndummynet-anchor "/*" all\nanchor "/*" all\nanchor "/*" all\n',
    );
    expect(r.err).toBe("\nLoading anchor com.apple from /etc/pf.anchors/com.apple\n");
  });

  it("prints inline anchors in braces", () => {
    expect(nvf("anchor foo in {\n pass in proto tcp to port 22\n block\n}\npass out\n").out).toBe(
      'anchor "foo" in all {\n  pass in proto tcp from any to any port = 22 flags S/SA keep state\n  block drop all\n}\npass out all flags S/SA keep state\n',
    );
  });

  it("expands an interface name and self to the host's addresses", () => {
    expect(nvf("pass in to self\nblock from en0:network\n").out).toBe(
      "pass in inet from any to 127.0.0.1 flags S/SA keep state\n" +
        "pass in inet6 from any to ::1 flags S/SA keep state\n" +
        "pass in inet from any to 192.168.1.10 flags S/SA keep state\n" +
        "block drop inet from 192.168.1.0/24 to any\n",
    );
  });

  it("antispoof blocks the interface's network from elsewhere and its address", () => {
    expect(nvf("antispoof for en0\nantispoof quick for lo0 inet\n").out).toBe(
      "block drop in on ! en0 inet from 192.168.1.0/24 to any\n" +
        "block drop in inet from 192.168.1.10 to any\n" +
        "block drop in quick on ! lo0 inet from 127.0.0.0/8 to any\n",
    );
  });
});

describe("errors as pfctl reports them", () => {
  it("reports a syntax error with the file and line, and goes on with the next line", () => {
    const r = nvf("pass in\npass frm any\nblock out on\nblock\n");
    expect(r.err).toBe("/etc/test.conf:2: syntax error\n/etc/test.conf:3: syntax error\n");
    expect(r.ok).toBe(false);
    expect(r.out).toBe("");
  });

  it("reports an undefined macro, and the next line goes with it (findeol, then yacc's recovery)", () => {
    const r = nvf("pass on $nope\nblock\npass out\n");
    expect(r.err).toBe("/etc/test.conf:1: macro 'nope' not defined\n/etc/test.conf:1: syntax error\n");
  });

  it("reports rule checks before skipping the rule", () => {
    const r = nvf("pass in proto udp flags S/SA\npass in proto icmp to port 80\nblock in inet6 proto icmp\nblock keep state\n");
    expect(r.err).toBe(
      "/etc/test.conf:1: flags only apply to tcp\n" +
        "/etc/test.conf:2: port only applies to tcp/udp\n" +
        "/etc/test.conf:2: skipping rule due to errors\n" +
        "/etc/test.conf:2: rule expands to no valid combination\n" +
        "/etc/test.conf:3: proto icmp doesn't match address family inet6\n" +
        "/etc/test.conf:3: skipping rule due to errors\n" +
        "/etc/test.conf:3: rule expands to no valid combination\n" +
        "/etc/test.conf:4: keep state on block rules doesn't make sense\n" +
        "/etc/test.conf:4: skipping rule due to errors\n" +
        "/etc/test.conf:4: rule expands to no valid combination\n",
    );
  });

  it("reports an unparsable host with host()'s own line first", () => {
    expect(nvf("block from 10.1.2.300\n").err).toBe("no IP address found for 10.1.2.300\n/etc/test.conf:1: could not parse host specification\n");
    expect(nvf("block from nosuchhost.example\n").err).toBe("no IP address found for nosuchhost.example\n/etc/test.conf:1: could not parse host specification\n");
  });

  it("names the included file in its errors and reads on after it", () => {
    const r = nvf('include "/etc/inc.conf"\npass\n', { "/etc/inc.conf": "block\nbogus\n" });
    expect(r.err).toBe("/etc/inc.conf:2: syntax error\n");
    const ok = nvf('include "/etc/inc.conf"\npass\n', { "/etc/inc.conf": "block\n" });
    expect(ok.out).toBe("block drop all\npass all flags S/SA keep state\n");
  });

  it("fails to load when the file cannot be opened", () => {
    const r = loadRules(newPfState(), "/nonexistent", { verbose: 0, noAction: false, anchor: "", readFile: () => undefined, interfaces: [], now: 0 });
    expect(r.err).toBe(
      "pfctl: /nonexistent: No such file or directory\npfctl: cannot open the main config file!: No such file or directory\npfctl: Syntax error in config file: pf rules not loaded\n",
    );
  });

  it("rejects a load anchor file with errors and keeps the old rules", () => {
    const pf = newPfState();
    const files: Record<string, string> = { "/a.conf": 'pass\nload anchor "x" from "/x.conf"\n', "/x.conf": "pass frm\n" };
    const r = loadRules(pf, "/a.conf", { verbose: 0, noAction: false, anchor: "", readFile: (p) => files[p], interfaces: [], now: 0 });
    expect(r.err).toBe("/x.conf:1: syntax error\npfctl: Syntax error in config file: pf rules not loaded\npfctl: load anchors\n");
    expect(pf.anchors[""]?.rules.filter).toEqual([]);
  });
});
