// pfctl's output as macOS prints it: messages and layouts from pfctl.c, pfctl_table.c and
// pfctl_parser.c of the pf macOS ships, and from real Mac sessions (the -f warning, the
// ALTQ note, -F all's lines, -s info and -sa's sections, `pf already enabled`).
import { describe, expect, it } from "vitest";
import { newWorld, namespaceOf, type World } from "../../world/world.ts";
import { ShellSession } from "../shell/runner.ts";
import { parseScript } from "../shell/syntax.ts";
import { pfTest } from "../../pf/index.ts";
import { parseIpv4Strict } from "../../wire/ipv4.ts";
import { makeMacos } from "./host.ts";
import { runCommand } from "../run.ts";
import type { Ipv4Packet } from "../../wire/packet.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
const ALTQ = "No ALTQ support in kernel\nALTQ related functions disabled\n";
const F_WARNING =
  "pfctl: Use of -f option, could result in flushing of rules\npresent in the main ruleset added by the system at startup.\nSee /etc/pf.conf for further details.\n\n";
const USAGE =
  "usage: pfctl [-AdeghmNnOqRrvz] [-a anchor] [-D macro=value] [-F modifier]\n\t[-f file] [-i interface] [-K host | network] [-k host | network]\n\t[-o level] [-p device] [-s modifier] [-w interval]\n\t[-t table -T command [address ...]] [-x level]\n";

function mac(): World {
  const world = newWorld();
  makeMacos(world, "");
  return world;
}

/** One command (a here-document may follow it on the next lines). */
function one(world: World, command: string, files: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const s = new ShellSession(world, (t) => (out += t), (t) => (err += t), {
    name: "lab.sh",
    now: NOW,
    files: {
      read: (p) => {
        const f = files[p];
        if (f === undefined) throw new Error("ENOENT");
        return f;
      },
      write: (p, t, append) => (files[p] = (append ? (files[p] ?? "") : "") + t),
    },
  });
  const status = s.run(parseScript(`${command}\n`));
  return { out, err, status };
}

const SEED_CONF = `block drop from any to 10.10.10.2
table <t> persist { 10.10.10.3 10.10.10.4 }
block drop from any to { <t> }
`;

describe("pfctl on a Mac and elsewhere", () => {
  it("is not there on a Linux host, and iptables is not there on a Mac", () => {
    const linux = newWorld();
    expect(one(linux, "pfctl -s rules")).toEqual({ out: "", err: "lab.sh: 1: pfctl: not found\n", status: 127 });
    expect(one(mac(), "iptables -L")).toEqual({ out: "", err: "zsh: command not found: iptables\n", status: 127 });
  });

  it("makes a host a Mac with nfsim host, and runCommand knows which tools a host has", () => {
    const w = newWorld();
    const usage = "usage: nfsim host [NAME] [--os linux|macos]\n";
    expect(runCommand(w, "nfsim host")).toEqual({ stdout: "linux\n", stderr: "", exit: 0 });
    expect(runCommand(w, "pfctl -s rules")).toEqual({ stdout: "", stderr: "sh: 1: pfctl: not found\n", exit: 127 });
    expect(runCommand(w, "nfsim host --os windows")).toEqual({ stdout: "", stderr: usage, exit: 2 });
    expect(runCommand(w, "nfsim host --os")).toEqual({ stdout: "", stderr: usage, exit: 2 });
    expect(runCommand(w, "nfsim hosts")).toEqual({ stdout: "", stderr: usage, exit: 2 });
    expect(runCommand(w, "nfsim host MAC --os macos")).toEqual({
      stdout: "", stderr: "nfsim host: MAC: no such network namespace (ip netns add MAC makes one)\n", exit: 1,
    });
    expect(w.namespaces.MAC).toBeUndefined();
    expect(runCommand(w, "nfsim host --os=macos").exit).toBe(0);
    expect(runCommand(w, "nfsim host").stdout).toBe("macos\n");
    expect(runCommand(w, "iptables -S")).toEqual({ stdout: "", stderr: "zsh: command not found: iptables\n", exit: 127 });
    expect(runCommand(w, "pfctl -q -s Anchors")).toEqual({ stdout: "  com.apple\n", stderr: "", exit: 0 });
    expect(namespaceOf(w, "").devices.map((d) => `${d.name} ${d.up ? "up" : "down"}`)).toEqual(["lo0 up"]);
    expect(runCommand(w, "nfsim host --os linux").exit).toBe(0);
    expect(namespaceOf(w, "").pf).toBeUndefined();
    expect(namespaceOf(w, "").devices.map((d) => d.name)).toEqual(["lo"]);
  });

  it("makes a named host a Mac, as scripts do after ip netns add", () => {
    const w = newWorld();
    expect(runCommand(w, "ip netns add MAC").exit).toBe(0);
    expect(runCommand(w, "nfsim host MAC --os macos")).toEqual({ stdout: "", stderr: "", exit: 0 });
    expect(runCommand(w, "nfsim host MAC")).toEqual({ stdout: "macos\n", stderr: "", exit: 0 });
    expect(runCommand(w, "nfsim host")).toEqual({ stdout: "linux\n", stderr: "", exit: 0 });
    expect(runCommand(w, "ip netns exec MAC pfctl -q -s Anchors")).toEqual({ stdout: "  com.apple\n", stderr: "", exit: 0 });
    // Run into a host that lacks the command, ip and nsenter fail as on a missing program.
    expect(runCommand(w, "ip netns exec MAC iptables -S")).toEqual({ stdout: "", stderr: 'exec of "iptables" failed: No such file or directory\n', exit: 1 });
    expect(runCommand(w, "nsenter --net=/var/run/netns/MAC iptables -S")).toEqual({
      stdout: "", stderr: "nsenter: failed to execute iptables: No such file or directory\n", exit: 127,
    });
    expect(runCommand(w, "ip netns add LIME").exit).toBe(0);
    expect(runCommand(w, "ip netns exec LIME pfctl -s rules")).toEqual({ stdout: "", stderr: 'exec of "pfctl" failed: No such file or directory\n', exit: 1 });
  });

  it("shows the stock anchors a Mac boots with", () => {
    const w = mac();
    expect(one(w, "pfctl -s rules")).toEqual({ out: 'scrub-anchor "com.apple/*" all fragment reassemble\nanchor "com.apple/*" all\n', err: ALTQ, status: 0 });
    expect(one(w, "pfctl -sn").out).toBe('nat-anchor "com.apple/*" all\nrdr-anchor "com.apple/*" all\n');
    expect(one(w, "pfctl -a com.apple -s rules").out).toBe('anchor "200.AirDrop/*" all\nanchor "250.ApplicationFirewall/*" all\n');
    expect(one(w, "pfctl -s Anchors").out).toBe("  com.apple\n");
    expect(one(w, "pfctl -q -s info").out.split("\n")[0]).toBe("Status: Disabled                              Debug: Urgent");
  });

  it("enables and disables, refusing twice with errx's exit status", () => {
    const w = mac();
    expect(one(w, "pfctl -e")).toEqual({ out: "", err: `${ALTQ}pf enabled\n`, status: 0 });
    expect(one(w, "pfctl -e")).toEqual({ out: "", err: `${ALTQ}pfctl: pf already enabled\n`, status: 1 });
    expect(one(w, "pfctl -d")).toEqual({ out: "", err: `${ALTQ}pf disabled\n`, status: 0 });
    expect(one(w, "pfctl -d")).toEqual({ out: "", err: `${ALTQ}pfctl: pf not enabled\n`, status: 1 });
  });

  it("loads a file with the -f warning, and refuses a broken one without changing the rules", () => {
    const w = mac();
    const files = { "/etc/pf.conf": SEED_CONF, "/tmp/bad.conf": "block drop from any to 10.10.10.2\npass frm any\n" };
    expect(one(w, "pfctl -f /etc/pf.conf", files)).toEqual({ out: "", err: `${F_WARNING}${ALTQ}`, status: 0 });
    expect(one(w, "pfctl -f /tmp/bad.conf", files)).toEqual({
      out: "",
      err: `${F_WARNING}${ALTQ}/tmp/bad.conf:2: syntax error\npfctl: Syntax error in config file: pf rules not loaded\n`,
      status: 1,
    });
    expect(one(w, "pfctl -s rules").out).toBe("block drop inet from any to 10.10.10.2\nblock drop from any to <t>\n");
    expect(one(w, "pfctl -nf /tmp/bad.conf", files)).toEqual({ out: "", err: `${F_WARNING}/tmp/bad.conf:2: syntax error\n`, status: 1 });
  });

  it("prints the parsed rules with -nvf, numbered with -vv, and nothing is loaded", () => {
    const w = mac();
    expect(one(w, "pfctl -nvf /etc/pf.conf", { "/etc/pf.conf": SEED_CONF })).toEqual({
      out: "table <t> persist { 10.10.10.3 10.10.10.4 }\nblock drop inet from any to 10.10.10.2\nblock drop from any to <t>\n",
      err: F_WARNING,
      status: 0,
    });
    expect(one(w, "pfctl -nvvf - <<EOF\npass in proto tcp to port 22\nEOF").out).toBe("@0 pass in proto tcp from any to any port = 22 flags S/SA keep state\n");
    expect(one(w, "pfctl -sr").out).toBe('scrub-anchor "com.apple/*" all fragment reassemble\nanchor "com.apple/*" all\n');
  });

  it("reports bad options as BSD getopt and pfctl do", () => {
    const w = mac();
    expect(one(w, "pfctl")).toEqual({ out: "", err: USAGE, status: 1 });
    expect(one(w, "pfctl -y")).toEqual({ out: "", err: `pfctl: illegal option -- y\n${USAGE}`, status: 1 });
    expect(one(w, "pfctl -s bogus")).toEqual({ out: "", err: `pfctl: Unknown show modifier 'bogus'\n${USAGE}`, status: 1 });
    expect(one(w, "pfctl -F x")).toEqual({ out: "", err: `pfctl: Unknown flush modifier 'x'\n${USAGE}`, status: 1 });
    expect(one(w, "pfctl -t")).toEqual({ out: "", err: `pfctl: option requires an argument -- t\n${USAGE}`, status: 1 });
    expect(one(w, "pfctl -T show")).toEqual({ out: "", err: `${ALTQ}${USAGE}`, status: 1 });
    expect(one(w, "pfctl -s rules extra")).toEqual({ out: "", err: `pfctl: unknown command line argument: extra ...\n${USAGE}`, status: 1 });
  });
});

describe("pfctl -T: tables", () => {
  function seeded() {
    const w = mac();
    one(w, "pfctl -f /etc/pf.conf", { "/etc/pf.conf": SEED_CONF });
    return w;
  }

  it("shows, adds and deletes addresses with pfctl's counts", () => {
    const w = seeded();
    expect(one(w, "pfctl -t t -T show")).toEqual({ out: "   10.10.10.3\n   10.10.10.4\n", err: ALTQ, status: 0 });
    expect(one(w, "pfctl -t t -T add 10.10.10.5")).toEqual({ out: "", err: `${ALTQ}1/1 addresses added.\n`, status: 0 });
    expect(one(w, "pfctl -t t -T add 10.10.10.5 10.10.10.6")).toEqual({ out: "", err: `${ALTQ}1/2 addresses added.\n`, status: 0 });
    expect(one(w, "pfctl -t t -T delete 10.10.10.3 10.10.10.9")).toEqual({ out: "", err: `${ALTQ}1/2 addresses deleted.\n`, status: 0 });
    expect(one(w, "pfctl -t t -T show").out).toBe("   10.10.10.4\n   10.10.10.5\n   10.10.10.6\n");
    expect(one(w, "pfctl -t t -vT add 10.10.10.7 10.10.10.4 !10.10.10.5")).toEqual({
      out: "A  10.10.10.7\nY !10.10.10.5\n",
      err: `${ALTQ}1/3 addresses added.\n`,
      status: 0,
    });
  });

  it("creates a missing table on add, and reports a missing one elsewhere (exit 255)", () => {
    const w = mac();
    expect(one(w, "pfctl -t new -T add 192.168.0.0/16")).toEqual({ out: "", err: `${ALTQ}1 table created.\n1/1 addresses added.\n`, status: 0 });
    expect(one(w, "pfctl -s Tables").out).toBe("new\n");
    expect(one(w, "pfctl -t nope -T show")).toEqual({ out: "", err: `${ALTQ}pfctl: Table does not exist.\n`, status: 255 });
    expect(one(w, "pfctl -t new -T add 10.1.2.300")).toEqual({ out: "", err: `${ALTQ}no IP address found for 10.1.2.300\n`, status: 255 });
  });

  it("prints the -vT show counters block, counting what the rules blocked", () => {
    const w = seeded();
    const ns = namespaceOf(w, "");
    const pf = ns.pf;
    if (pf === undefined) throw new Error("no pf");
    pf.running = true;
    const dst = parseIpv4Strict("10.10.10.3") ?? 0;
    const p: Ipv4Packet = {
      ip: { src: parseIpv4Strict("10.10.10.1") ?? 0, dst, proto: 1, ttl: 64, tos: 0, length: 84, id: 1, fragOffset: 0, moreFragments: false, dontFragment: true, options: [] },
      l4: { kind: "icmp", type: 8, code: 0, id: 9, seq: 1 },
      payload: [],
    };
    expect(pfTest(pf, "out", "en0", p, { now: () => w.clock, random: () => 0 }).verdict).toBe("drop");
    expect(one(w, "pfctl -t t -vT show").out).toBe(
      "   10.10.10.3\n" +
        "\tCleared:     Wed Nov 25 12:00:00 2026\n" +
        "\tIn/Block:    [ Packets: 0                  Bytes: 0                  ]\n" +
        "\tIn/Pass:     [ Packets: 0                  Bytes: 0                  ]\n" +
        "\tOut/Block:   [ Packets: 1                  Bytes: 84                 ]\n" +
        "\tOut/Pass:    [ Packets: 0                  Bytes: 0                  ]\n" +
        "   10.10.10.4\n" +
        "\tCleared:     Wed Nov 25 12:00:00 2026\n" +
        "\tIn/Block:    [ Packets: 0                  Bytes: 0                  ]\n" +
        "\tIn/Pass:     [ Packets: 0                  Bytes: 0                  ]\n" +
        "\tOut/Block:   [ Packets: 0                  Bytes: 0                  ]\n" +
        "\tOut/Pass:    [ Packets: 0                  Bytes: 0                  ]\n",
    );
    expect(one(w, "pfctl -vs Tables").out).toBe("-pa-r-\tt\n");
  });

  it("tests, replaces, zeroes, flushes and kills", () => {
    const w = seeded();
    expect(one(w, "pfctl -t t -T test 10.10.10.3 10.10.10.9")).toEqual({ out: "", err: `${ALTQ}1/2 addresses match.\n`, status: 2 });
    expect(one(w, "pfctl -t t -T test 10.10.10.0/24")).toEqual({ out: "", err: `${ALTQ}pfctl: cannot decode 10.10.10.0/24: Invalid argument\n`, status: 255 });
    expect(one(w, "pfctl -t t -T replace 10.10.10.4 10.10.10.8")).toEqual({ out: "", err: `${ALTQ}1 addresses added.\n1 addresses deleted.\n`, status: 0 });
    expect(one(w, "pfctl -t t -T replace 10.10.10.4 10.10.10.8").err).toBe(`${ALTQ}no changes.\n`);
    expect(one(w, "pfctl -t t -T zero").err).toBe(`${ALTQ}1 table/stats cleared.\n`);
    expect(one(w, "pfctl -t t -T flush").err).toBe(`${ALTQ}2 addresses deleted.\n`);
    expect(one(w, "pfctl -t t -T kill").err).toBe(`${ALTQ}1 table deleted.\n`);
    expect(one(w, "pfctl -s Tables").out).toBe("");
  });
});

describe("pfctl -F and -s", () => {
  it("flushes tables, and everything with -F all as a Mac prints it", () => {
    const w = mac();
    one(w, "pfctl -f /etc/pf.conf", { "/etc/pf.conf": SEED_CONF });
    expect(one(w, "pfctl -F Tables")).toEqual({ out: "", err: `${ALTQ}1 tables deleted.\n`, status: 0 });
    expect(one(w, "pfctl -F all")).toEqual({
      out: "",
      err: `${ALTQ}rules cleared\nnat cleared\ndummynet cleared\n0 tables deleted.\n0 states cleared\nsource tracking entries cleared\npf: statistics cleared\npf: interface flags reset\n`,
      status: 0,
    });
    expect(one(w, "pfctl -s rules").out).toBe("");
    expect(one(w, "pfctl -a com.apple -F all").err).toBe(`${ALTQ}rules cleared\nnat cleared\ndummynet cleared\n0 tables deleted.\n`);
  });

  it("shows timeouts and limits as macOS has them", () => {
    const w = mac();
    const t = one(w, "pfctl -s timeouts").out.split("\n");
    expect(t.slice(0, 3)).toEqual(["tcp.first                   120s", "tcp.opening                  30s", "tcp.established           86400s"]);
    expect(t).toContain("adaptive.start             6000 states");
    expect(one(w, "pfctl -s memory").out).toBe(
      "states        hard limit    10000\napp-states    hard limit    10000\nsrc-nodes     hard limit    10000\nfrags         hard limit     5000\ntables        hard limit     1000\ntable-entries hard limit   200000\n",
    );
  });

  it("counts the time pf has been enabled on the virtual clock", () => {
    const w = mac();
    one(w, "pfctl -e");
    one(w, "sleep 3725");
    const info = one(w, "pfctl -s info").out.split("\n");
    expect(info.slice(0, 4)).toEqual(["Status: Enabled for 0 days 01:02:05           Debug: Urgent", "", "State Table                          Total             Rate", "  current entries                        0               "]);
  });

  it("lists states as print_state() does, NAT in parentheses", () => {
    const w = mac();
    one(w, "pfctl -e");
    const pf = namespaceOf(w, "").pf;
    if (pf === undefined) throw new Error("no pf");
    one(w, "pfctl -f /etc/pf.conf", { "/etc/pf.conf": "nat on en0 from 192.168.1.0/24 to any -> 1.2.3.4\npass out\n" });
    const p: Ipv4Packet = {
      ip: { src: parseIpv4Strict("192.168.1.10") ?? 0, dst: parseIpv4Strict("17.57.145.5") ?? 0, proto: 6, ttl: 64, tos: 0, length: 60, id: 1, fragOffset: 0, moreFragments: false, dontFragment: true, options: [] },
      l4: { kind: "tcp", sport: 56993, dport: 5223, seq: 1, ack: 0, flags: 2, window: 65535, options: [] },
      payload: [],
    };
    pfTest(pf, "out", "en0", p, { now: () => w.clock, random: () => 0 });
    expect(one(w, "pfctl -s states").out).toBe("ALL tcp 192.168.1.10:56993 (1.2.3.4:50001) -> 17.57.145.5:5223       SYN_SENT:CLOSED\n");
    expect(one(w, "pfctl -k 192.168.1.10").err).toBe(`${ALTQ}killed 1 states from 1 sources and 0 destinations\n`);
    expect(one(w, "pfctl -s states").out).toBe("");
  });
});
