// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { kernel as kernelRefuses, refusal, savedRule, testEnv, TRY, udpPacket, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import type { ConntrackView, PacketState } from "../context.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (spec: string) => savedRule("raw", "PREROUTING", spec);

const refused = (spec: string, chain = "PREROUTING", table = "raw") => refusal(`iptables -t ${table} -A ${chain} ${spec}`);

const kernel = (errno: string, chain = "PREROUTING") => kernelRefuses(errno, chain);

const udp = (mark = 0): PacketState => ({ ...udpPacket(5000, 53, { length: 40, id: 0 }), mark });

describe("CT target", () => {
  it("saves its options in ct_save_v1's order", () => {
    expect(saved("-j CT")).toBe("-A PREROUTING -j CT");
    expect(saved("-j CT --notrack")).toBe("-A PREROUTING -j CT --notrack");
    expect(saved("-p tcp -j CT --helper ftp --ctevents new --expevents new --zone 3"))
      .toBe("-A PREROUTING -p tcp -j CT --helper ftp --ctevents new --expevents new --zone 3");
    expect(saved("-j CT --ctevents natseqinfo,secmark,new")).toBe("-A PREROUTING -j CT --ctevents new,natseqinfo,secmark");
    expect(saved("-j CT --ctevents new,related,destroy,reply,assured,protoinfo,helper,mark"))
      .toBe("-A PREROUTING -j CT --ctevents new,related,destroy,reply,assured,protoinfo,helper,mark");
    expect(saved("-j CT --expevents new,new")).toBe("-A PREROUTING -j CT --expevents new");
    expect(saved("-j CT --notrack --helper nonexist --timeout x")).toBe("-A PREROUTING -j CT --notrack --helper nonexist --timeout x");
    // helper[16] and timeout[32]: longer names are cut; neither is quoted.
    expect(saved("-j CT --helper aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --notrack")).toBe("-A PREROUTING -j CT --notrack --helper aaaaaaaaaaaaaaa");
    expect(saved("-j CT --notrack --timeout 'a b'")).toBe("-A PREROUTING -j CT --notrack --timeout a b");
    expect(saved("-j CT --notrack --helper ftpxx --timeout abcdefgh")).toBe("-A PREROUTING -j CT --notrack --helper ftpxx --timeout abcd");
    expect(saved("-j CT --helper ''")).toBe("-A PREROUTING -j CT");
  });

  it("keeps the zone as ct_parse_zone_id leaves it", () => {
    const cases: [string, string][] = [
      ["--zone 0", ""], ["--zone 5", " --zone 5"], ["--zone 65535", " --zone 65535"], ["--zone-orig 5", " --zone-orig 5"],
      ["--zone-reply mark", " --zone-reply mark"], ["--zone MARK", " --zone mark"], ["--zone 0x10", " --zone 16"],
      ["--zone ' 7'", " --zone 7"], ["--zone-orig 0", ""],
      // Each zone option resets the id but only adds direction and mark flags.
      ["--zone 1 --zone-orig 2", " --zone-orig 2"], ["--zone-orig 1 --zone-reply 2", " --zone 2"],
      ["--zone mark --zone-orig 5", " --zone-orig mark"], ["--zone-reply 5 --zone 0", ""],
    ];
    for (const [opts, out] of cases) expect(saved(`-j CT ${opts}`)).toBe(`-A PREROUTING -j CT${out}`);
  });

  it("lists as CT with its settings", () => {
    const w = worldAfter(
      "iptables -t raw -A PREROUTING -j CT --notrack",
      "iptables -t raw -A PREROUTING -p tcp -j CT --helper ftp --ctevents new --expevents new --zone 3",
      "iptables -t raw -A PREROUTING -j CT --zone-orig 1 --zone-reply mark --timeout t --notrack",
    );
    const head = "Chain PREROUTING (policy ACCEPT)\ntarget     prot opt source               destination         \n";
    expect(runCommand(w, "iptables -t raw -L PREROUTING").stdout).toBe(
      head +
        "CT         all  --  anywhere             anywhere             CT notrack\n" +
        "CT         tcp  --  anywhere             anywhere             CT helper ftp ctevents new expevents new zone 3\n" +
        "CT         all  --  anywhere             anywhere             CT notrack timeout t zone mark\n",
    );
    expect(runCommand(w, "iptables -t raw -L PREROUTING -n").stdout).toBe(
      head +
        "CT         0    --  0.0.0.0/0            0.0.0.0/0            CT notrack\n" +
        "CT         6    --  0.0.0.0/0            0.0.0.0/0            CT helper ftp ctevents new expevents new zone 3\n" +
        "CT         0    --  0.0.0.0/0            0.0.0.0/0            CT notrack timeout t zone mark\n",
    );
    expect(runCommand(newWorld(), "iptables -v -t raw -A PREROUTING -j CT --notrack --zone 4").stdout).toBe(
      "CT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   CT notrack zone 4\n",
    );
  });

  it("refuses bad option values with libxt_CT's words", () => {
    const pre = "iptables v1.8.9 (nf_tables): ";
    for (const z of ["65536", "-1", "abc", "'7 '"]) {
      expect(refused(`-j CT --zone ${z}`)).toEqual({ stderr: `${pre}Cannot parse ${z.replace(/'/g, "")} as a zone ID\n${TRY}`, exit: 2 });
    }
    expect(refused("-j CT --ctevents new,bogus")).toEqual({ stderr: `${pre}Unknown event type "bogus"\n${TRY}`, exit: 2 });
    expect(refused("-j CT --ctevents new,")).toEqual({ stderr: `${pre}Unknown event type ""\n${TRY}`, exit: 2 });
    expect(refused("-j CT --expevents related")).toEqual({ stderr: `${pre}Unknown event type "related"\n${TRY}`, exit: 2 });
    expect(refused("-j CT --notrack --notrack")).toEqual({ stderr: `${pre}CT: option "--notrack" can only be used once.\n\n${TRY}`, exit: 2 });
    expect(refused("-j CT ! --notrack")).toEqual({ stderr: `${pre}CT: option "--notrack" cannot be inverted.\n\n${TRY}`, exit: 2 });
    expect(refused("-j CT --helper ftp --helper ftp")).toEqual({ stderr: `${pre}CT: option "--helper" can only be used once.\n\n${TRY}`, exit: 2 });
  });

  it("is refused outside raw, and for helpers and timeout policies the kernel lacks", () => {
    expect(refused("-j CT --notrack", "INPUT", "filter")).toEqual(kernel("Invalid argument", "INPUT"));
    expect(refused("-j CT --notrack", "PREROUTING", "mangle")).toEqual(kernel("Invalid argument"));
    // A helper needs a (non-inverted) protocol it serves; names are case-sensitive.
    expect(refused("-j CT --helper ftp")).toEqual(kernel("No such file or directory"));
    expect(refused("-p udp -j CT --helper ftp", "OUTPUT")).toEqual(kernel("No such file or directory", "OUTPUT"));
    expect(refused("! -p tcp -j CT --helper ftp", "OUTPUT")).toEqual(kernel("No such file or directory", "OUTPUT"));
    expect(refused("-p tcp -j CT --helper FTP", "OUTPUT")).toEqual(kernel("No such file or directory", "OUTPUT"));
    expect(refused("-p tcp -j CT --helper H.245", "OUTPUT")).toEqual(kernel("No such file or directory", "OUTPUT"));
    // No timeout policy exists: EINVAL without a protocol, ENOENT with one.
    expect(refused("-j CT --timeout foo")).toEqual(kernel("Invalid argument"));
    expect(refused("-p tcp -j CT --timeout foo")).toEqual(kernel("No such file or directory"));
    worldAfter(
      ...["ftp:tcp", "tftp:udp", "irc:tcp", "sip:udp", "sip:tcp", "amanda:udp", "Q.931:tcp", "RAS:udp", "pptp:tcp", "sane:tcp", "snmp:udp", "netbios-ns:udp", "snmp_trap:udp"]
        .map((h) => h.split(":"))
        .map(([name, proto]) => `iptables -t raw -A OUTPUT -p ${proto ?? ""} -j CT --helper ${name ?? ""}`),
      "iptables -t raw -A OUTPUT -p 6 -j CT --helper ftp",
      "iptables -t raw -N X",
      "iptables -t raw -A X -j CT --notrack",
    );
  });

  it("marks the packet untracked, or hands conntrack a template, and goes on", () => {
    const w = worldAfter(
      "iptables -t raw -A PREROUTING -p udp --dport 53 -j CT --notrack",
      "iptables -t raw -A PREROUTING -p udp -j CT --zone-orig mark --helper tftp --ctevents new,destroy",
    );
    const rs = w.namespaces[""]!.ruleset;
    const dns = udp();
    const out = evaluateTable(rs, "raw", dns, { hook: "PREROUTING", env });
    expect(out.verdict).toBe("ACCEPT");
    // The second rule still matched, but a packet with conntrack state is left alone (xt_ct_target).
    expect(out.effects).toEqual([{ kind: "notrack" }]);
    expect(dns.ct?.state).toBe("UNTRACKED");
    expect(rs.tables.raw!.chains[0]!.rules[1]!.counters.packets).toBe(1);

    const other = { ...udp(7), l4: { kind: "udp" as const, sport: 5000, dport: 69 } };
    const out2 = evaluateTable(rs, "raw", other, { hook: "PREROUTING", env });
    expect(out2.effects).toEqual([{ kind: "ct", zone: "mark", zoneDir: "original", helper: "tftp", ctEvents: ["new", "destroy"], expEvents: [] }]);
    expect(other.ct).toBeUndefined();

    const seen: ConntrackView = { state: "ESTABLISHED", dir: "ORIGINAL", status: [], mark: 0, expires: 30 };
    const looped = { ...udp(), ct: seen };
    expect(evaluateTable(rs, "raw", looped, { hook: "PREROUTING", env }).effects).toEqual([]);
    expect(looped.ct).toBe(seen);
  });
});
