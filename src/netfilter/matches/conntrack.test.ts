// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import type { ConntrackView, PacketState } from "../context.ts";
import { fails, failsX6, refusal, saved, session, tcpPacket, verdicts } from "../testkit.ts";

/** libxtables' x6 messages end in "\n", which leaves an empty line before the hint. */

const FULL =
  "iptables -A INPUT -m conntrack --ctdir REPLY --ctexpire 5:10 --ctstatus SEEN_REPLY,ASSURED,EXPECTED,CONFIRMED " +
  "--ctrepldstport 80 --ctreplsrcport 1:2 --ctorigdstport 3 --ctorigsrcport 4 --ctrepldst 1.1.1.1 --ctreplsrc 2.2.2.2 " +
  "--ctorigdst 3.3.3.3 --ctorigsrc 4.4.4.4 --ctproto tcp --ctstate NEW";
const INVERTED =
  "iptables -A INPUT -m conntrack ! --ctstate NEW ! --ctproto tcp ! --ctorigsrc 4.4.4.4 ! --ctorigsrcport 4 ! --ctstatus NONE ! --ctexpire 5 --ctdir ORIGINAL";
const ADDRS = [
  "iptables -A INPUT -m conntrack --ctorigsrc 10.1.2.3/8",
  "iptables -A INPUT -m conntrack ! --ctorigdst 10.1.2.3/255.0.255.0",
  "iptables -A INPUT -m conntrack --ctreplsrc 127.0.0.1",
  "iptables -A INPUT -m conntrack --ctrepldst 0.0.0.0/0",
  "iptables -A INPUT -m conntrack --ctrepldst 0/32",
  "iptables -A INPUT -m conntrack --ctorigsrc 1.2.3",
  "iptables -A INPUT -m conntrack --ctorigsrc localhost/24",
  "iptables -A INPUT -m conntrack --ctorigsrc 1.2.3.4/33",
  "iptables -A INPUT -m conntrack --ctorigsrc 1.2.3.4/0x10",
];

describe("conntrack match: save form", () => {
  it("prints states in the kernel's bit order and protocols as numbers", () => {
    expect(
      saved(
        "INPUT",
        "iptables -A INPUT -m conntrack --ctstate DNAT,SNAT,UNTRACKED,ESTABLISHED,RELATED,NEW,INVALID",
        "iptables -A INPUT -m conntrack --ctstate n,e,r",
        "iptables -A INPUT -m conntrack --ctproto ICMP",
        "iptables -A INPUT -m conntrack ! --ctproto udp",
        "iptables -A INPUT -m conntrack --ctproto all",
        "iptables -A INPUT -m conntrack --ctstatus NONE,ASSURED",
        "iptables -A INPUT -m conntrack --ctstatus n",
      ),
    ).toEqual([
      "-A INPUT -m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT",
      "-A INPUT -m conntrack --ctstate NEW,RELATED,ESTABLISHED",
      "-A INPUT -m conntrack --ctproto 1",
      "-A INPUT -m conntrack ! --ctproto 17",
      "-A INPUT -m conntrack --ctproto 0",
      "-A INPUT -m conntrack --ctstatus ASSURED",
      "-A INPUT -m conntrack --ctstatus NONE",
    ]);
  });

  it("prints every option in conntrack_dump's order", () => {
    expect(saved("INPUT", FULL, INVERTED)).toEqual([
      "-A INPUT -m conntrack --ctstate NEW --ctproto 6 --ctorigsrc 4.4.4.4 --ctorigdst 3.3.3.3 --ctreplsrc 2.2.2.2 " +
        "--ctrepldst 1.1.1.1 --ctorigsrcport 4 --ctorigdstport 3 --ctreplsrcport 1:2 --ctrepldstport 80 " +
        "--ctstatus EXPECTED,SEEN_REPLY,ASSURED,CONFIRMED --ctexpire 5:10 --ctdir REPLY",
      "-A INPUT -m conntrack ! --ctstate NEW ! --ctproto 6 ! --ctorigsrc 4.4.4.4 ! --ctorigsrcport 4 ! --ctstatus NONE ! --ctexpire 5 --ctdir ORIGINAL",
    ]);
  });

  it("keeps host bits, turns masks into prefixes, and reads addresses as inet_aton does", () => {
    expect(saved("INPUT", ...ADDRS)).toEqual([
      "-A INPUT -m conntrack --ctorigsrc 10.1.2.3/8",
      "-A INPUT -m conntrack ! --ctorigdst 10.1.2.3",
      "-A INPUT -m conntrack --ctreplsrc 127.0.0.1",
      "-A INPUT -m conntrack --ctrepldst 0.0.0.0/0",
      "-A INPUT -m conntrack --ctrepldst 0.0.0.0",
      "-A INPUT -m conntrack --ctorigsrc 1.2.0.3",
      "-A INPUT -m conntrack --ctorigsrc 127.0.0.1/24",
      "-A INPUT -m conntrack --ctorigsrc 1.2.3.4",
      "-A INPUT -m conntrack --ctorigsrc 1.2.3.4/16",
    ]);
  });

  it("reads ports as getaddrinfo does and ranges and expiry without ordering them (1.8.9)", () => {
    expect(
      saved(
        "INPUT",
        "iptables -A INPUT -m conntrack --ctorigsrcport 4:3",
        "iptables -A INPUT -m conntrack --ctorigsrcport ssh:http",
        "iptables -A INPUT -m conntrack --ctorigsrcport :",
        "iptables -A INPUT -m conntrack --ctrepldstport 4:4",
        "iptables -A INPUT -m conntrack --ctorigdstport ''",
        "iptables -A INPUT -m conntrack --ctorigdstport 70000",
        "iptables -A INPUT -m conntrack --ctorigdstport 022",
        "iptables -A INPUT -m conntrack --ctorigdstport 99999999999",
        "iptables -A INPUT -m conntrack --ctorigdstport 5:",
        "iptables -A INPUT -m conntrack --ctexpire 4:3",
        "iptables -A INPUT -m conntrack --ctexpire 4:",
        "iptables -A INPUT -m conntrack --ctexpire :4",
        "iptables -A INPUT -m conntrack --ctexpire 0x10",
        "iptables -A INPUT -m conntrack --ctexpire 3:3",
      ),
    ).toEqual([
      "-A INPUT -m conntrack --ctorigsrcport 4:3",
      "-A INPUT -m conntrack --ctorigsrcport 22:80",
      "-A INPUT -m conntrack --ctorigsrcport 0:65535",
      "-A INPUT -m conntrack --ctrepldstport 4",
      "-A INPUT -m conntrack --ctorigdstport 0",
      "-A INPUT -m conntrack --ctorigdstport 4464",
      "-A INPUT -m conntrack --ctorigdstport 22",
      "-A INPUT -m conntrack --ctorigdstport 59391",
      "-A INPUT -m conntrack --ctorigdstport 5:65535",
      "-A INPUT -m conntrack --ctexpire 4:3",
      "-A INPUT -m conntrack --ctexpire 4:4294967295",
      "-A INPUT -m conntrack --ctexpire 0:4",
      "-A INPUT -m conntrack --ctexpire 16",
      "-A INPUT -m conntrack --ctexpire 3",
    ]);
  });
});

describe("conntrack match: listing", () => {
  it("lists with -L and -L -n", () => {
    const commands = [FULL, INVERTED, ...ADDRS.slice(0, 5)];
    const head = "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n";
    const full =
      "ctstate NEW ctproto 6 ctorigsrc 4.4.4.4 ctorigdst 3.3.3.3 ctreplsrc 2.2.2.2 ctrepldst 1.1.1.1 ctorigsrcport 4 " +
      "ctorigdstport 3 ctreplsrcport 1:2 ctrepldstport 80 ctstatus EXPECTED,SEEN_REPLY,ASSURED,CONFIRMED ctexpire 5:10 ctdir REPLY\n";
    const inverted = "! ctstate NEW ! ctproto 6 ! ctorigsrc 4.4.4.4 ! ctorigsrcport 4 ! ctstatus NONE ! ctexpire 5 ctdir ORIGINAL\n";
    expect(session(...commands, "iptables -L INPUT").stdout).toBe(
      head +
        `           all  --  anywhere             anywhere             ${full}` +
        `           all  --  anywhere             anywhere             ${inverted}` +
        "           all  --  anywhere             anywhere             ctorigsrc 10.1.2.3/8\n" +
        "           all  --  anywhere             anywhere             ! ctorigdst 10.1.2.3\n" +
        "           all  --  anywhere             anywhere             ctreplsrc localhost\n" +
        "           all  --  anywhere             anywhere             ctrepldst anywhere\n" +
        "           all  --  anywhere             anywhere             ctrepldst anywhere\n",
    );
    expect(session(...commands, "iptables -L INPUT -n").stdout).toBe(
      head +
        `           0    --  0.0.0.0/0            0.0.0.0/0            ${full}` +
        `           0    --  0.0.0.0/0            0.0.0.0/0            ${inverted}` +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ctorigsrc 10.1.2.3/8\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ! ctorigdst 10.1.2.3\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ctreplsrc 127.0.0.1\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ctrepldst 0.0.0.0/0\n" +
        "           0    --  0.0.0.0/0            0.0.0.0/0            ctrepldst 0.0.0.0\n",
    );
  });
});

describe("conntrack match: refusals", () => {
  it("words bad lists as libxt_conntrack does", () => {
    expect(refusal("iptables -A INPUT -m conntrack")).toEqual(fails("conntrack: At least one option is required"));
    expect(refusal("iptables -A INPUT -m conntrack --ctstate wrong")).toEqual(fails('Bad ctstate "wrong"'));
    expect(refusal("iptables -A INPUT -m conntrack --ctstate NEW,,EST")).toEqual(fails('Bad ctstate ",EST"'));
    expect(refusal("iptables -A INPUT -m conntrack --ctstate NEW,")).toEqual(fails('Bad ctstate ""'));
    expect(refusal("iptables -A INPUT -m conntrack --ctstate NEW,bogus,INVALID")).toEqual(fails('Bad ctstate "bogus,INVALID"'));
    expect(refusal("iptables -A INPUT -m conntrack --ctstatus bogus")).toEqual(fails('Bad ctstatus "bogus"'));
    expect(refusal("iptables -A INPUT -m conntrack --ctstatus NONE,")).toEqual(fails('Bad ctstatus ""'));
    expect(refusal("iptables -A INPUT -m conntrack --ctdir foo")).toEqual(fails('conntrack: Bad value for "--ctdir" option: "foo"'));
  });

  it("words protocol, address, port and range errors", () => {
    expect(refusal("iptables -A INPUT -m conntrack --ctproto Tcp")).toEqual(fails('unknown protocol "Tcp" specified'));
    expect(refusal("iptables -A INPUT -m conntrack --ctproto 256")).toEqual(fails('unknown protocol "256" specified'));
    // XT_INV_PROTO is the bit of an inverted --ctstatus: only then is protocol 0 refused.
    expect(refusal("iptables -A INPUT -m conntrack ! --ctstatus NONE --ctproto 0")).toEqual(fails("conntrack: rule would never match protocol"));
    expect(session("iptables -A INPUT -m conntrack --ctproto 0 ! --ctstatus NONE").exit).toBe(0);
    expect(refusal("iptables -A INPUT -m conntrack --ctorigsrc 1.2.3.4/x")).toEqual(
      failsX6('conntrack: bad value for option "--ctorigsrc", neither a valid network mask nor valid CIDR (0-32).'),
    );
    expect(refusal("iptables -A INPUT -m conntrack --ctorigsrc 1.2.3.256")).toEqual(failsX6("getaddrinfo: Name or service not known"));
    expect(refusal("iptables -A INPUT -m conntrack --ctorigsrcport 1:2:3")).toEqual(
      failsX6('conntrack: Too many components for option "--ctorigsrcport" (max: 2)'),
    );
    expect(refusal("iptables -A INPUT -m conntrack ! --ctreplsrcport 0x10:020")).toEqual(failsX6('Port "0x10" does not resolve to anything.'));
    expect(refusal("iptables -A INPUT -m conntrack --ctorigdstport -1")).toEqual(failsX6('Port "-1" does not resolve to anything.'));
    expect(refusal("iptables -A INPUT -m conntrack --ctexpire 42949672956")).toEqual(
      failsX6('conntrack: bad value for option "--ctexpire" near "42949672956", or out of range (0-4294967295).'),
    );
    expect(refusal("iptables -A INPUT -m conntrack --ctexpire 5x")).toEqual(
      failsX6('conntrack: Argument to "--ctexpire" has unexpected characters near "x".'),
    );
    expect(refusal("iptables -A INPUT -m conntrack --ctexpire 10:5:")).toEqual(
      failsX6('conntrack: Too many components for option "--ctexpire" (max: 2)'),
    );
  });

  it("applies libxtables' generic checks", () => {
    expect(refusal("iptables -A INPUT -m conntrack ! --ctdir REPLY")).toEqual(failsX6('conntrack: option "--ctdir" cannot be inverted.'));
    expect(refusal("iptables -A INPUT -m conntrack --ctstate NEW --ctstate NEW")).toEqual(
      failsX6('conntrack: option "--ctstate" can only be used once.'),
    );
  });
});

// ---- matching ----

const ORIG = { src: 0x0a000001, dst: 0x01020304, proto: 6, sport: 40000, dport: 80 };
/** The reply of ORIG after DNAT to 10.0.0.5:8080. */
const DNAT_REPLY = { src: 0x0a000005, dst: 0x0a000001, proto: 6, sport: 8080, dport: 40000 };
const PLAIN_REPLY = { src: 0x01020304, dst: 0x0a000001, proto: 6, sport: 80, dport: 40000 };

function withCt(ct: Partial<ConntrackView> | undefined): PacketState {
  const p = tcpPacket(40000, 80);
  if (ct === undefined) return p;
  return { ...p, ct: { state: "ESTABLISHED", dir: "ORIGINAL", status: [], mark: 0, orig: ORIG, reply: PLAIN_REPLY, expires: 100, ...ct } };
}

/** DROP for each packet the rule matches, ACCEPT (the policy) for the others. */
function matches(rule: string, ...packets: (Partial<ConntrackView> | undefined)[]): boolean[] {
  const { world } = session(`iptables -A INPUT -m conntrack ${rule} -j DROP`);
  return verdicts(world, packets.map(withCt)).map((v) => v === "DROP");
}

describe("conntrack match: packets", () => {
  it("takes a packet without an entry as INVALID, and untracked ones as UNTRACKED", () => {
    expect(matches("--ctstate INVALID", undefined, { state: "INVALID" }, { state: "UNTRACKED" }, {})).toEqual([true, true, false, false]);
    expect(matches("--ctstate UNTRACKED", undefined, { state: "UNTRACKED" }, {})).toEqual([false, true, false]);
    expect(matches("! --ctstate NEW", undefined, { state: "NEW" }, { state: "RELATED" })).toEqual([true, false, true]);
  });

  it("fails every other test when there is no entry", () => {
    expect(matches("--ctproto 6", undefined, {})).toEqual([false, true]);
    expect(matches("! --ctproto 17", undefined, {})).toEqual([false, true]);
    expect(matches("! --ctstate NEW --ctproto 6", undefined, { state: "NEW" }, {})).toEqual([true, false, true]);
  });

  it("sees SNAT and DNAT in the entry's tuples", () => {
    const dnat = { reply: DNAT_REPLY };
    const snat = { reply: { ...PLAIN_REPLY, dst: 0xc0a80001, dport: 1024 } };
    expect(matches("--ctstate DNAT", {}, dnat, snat)).toEqual([false, true, false]);
    expect(matches("--ctstate SNAT", {}, dnat, snat)).toEqual([false, false, true]);
    expect(matches("--ctstate NEW,DNAT", { state: "NEW" }, dnat, {})).toEqual([true, true, false]);
  });

  it("compares tuple addresses under the mask, and ports against ranges", () => {
    const dnat = { reply: DNAT_REPLY };
    expect(matches("--ctorigdst 1.2.3.4 --ctreplsrc 10.9.9.9/8", {}, dnat)).toEqual([false, true]);
    expect(matches("! --ctreplsrc 1.2.3.4", {}, dnat)).toEqual([false, true]);
    expect(matches("--ctorigdstport 80 --ctreplsrcport 8000:9000", {}, dnat)).toEqual([false, true]);
    expect(matches("--ctorigsrcport 50000:30000", {})).toEqual([false]);
    expect(matches("--ctproto tcp --ctrepldstport 40000", {}, { orig: { ...ORIG, proto: 17 } })).toEqual([true, false]);
  });

  it("tests status bits (NONE never matches), expiry in whole seconds and direction", () => {
    expect(matches("--ctstatus ASSURED,EXPECTED", {}, { status: ["SEEN_REPLY", "ASSURED"] })).toEqual([false, true]);
    expect(matches("--ctstatus NONE", {}, { status: ["ASSURED"] })).toEqual([false, false]);
    expect(matches("! --ctstatus NONE", {}, { status: ["ASSURED"] })).toEqual([true, true]);
    expect(matches("--ctexpire 29", { expires: 29.9 }, { expires: 30 })).toEqual([true, false]);
    expect(matches("! --ctexpire 30:40", { expires: 29.9 }, { expires: 40 })).toEqual([true, false]);
    expect(matches("--ctdir REPLY", { dir: "ORIGINAL" }, { dir: "REPLY" })).toEqual([false, true]);
    expect(matches("--ctdir ORIGINAL", { dir: "ORIGINAL" }, { dir: "REPLY" })).toEqual([true, false]);
  });
});
