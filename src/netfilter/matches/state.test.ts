// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import type { ConntrackView } from "../context.ts";
import { fails, refusal, rulesetOf, saved, session, tcpPacket, TRY, verdicts } from "../testkit.ts";

const RULES = [
  "iptables -A INPUT -m state --state NEW",
  "iptables -A INPUT -m state ! --state NEW,established,RELATED,UNTRACKED,INVALID",
  "iptables -A INPUT -m state --state e,r -m state --state NEW -m conntrack --ctstate NEW",
];

describe("state match", () => {
  it("saves and lists the states in the kernel's bit order", () => {
    expect(saved("INPUT", ...RULES)).toEqual([
      "-A INPUT -m state --state NEW",
      "-A INPUT -m state ! --state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED",
      "-A INPUT -m state --state RELATED,ESTABLISHED -m state --state NEW -m conntrack --ctstate NEW",
    ]);
    const head = "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n";
    const rows = [
      "state NEW\n",
      "! state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED\n",
      "state RELATED,ESTABLISHED state NEW ctstate NEW\n",
    ];
    expect(session(...RULES, "iptables -L INPUT").stdout).toBe(
      head + rows.map((r) => `           all  --  anywhere             anywhere             ${r}`).join(""),
    );
    expect(session(...RULES, "iptables -L INPUT -n").stdout).toBe(
      head + rows.map((r) => `           0    --  0.0.0.0/0            0.0.0.0/0            ${r}`).join(""),
    );
  });

  it("refuses as libxt_conntrack's state alias does", () => {
    expect(refusal("iptables -A INPUT -m state")).toEqual(fails('state: option "--state" must be specified\n'));
    expect(refusal("iptables -A INPUT -m state wrong")).toEqual({ stderr: `Bad argument \`wrong'\n${TRY}`, exit: 2 });
    expect(refusal("iptables -A INPUT -m state --state SNAT")).toEqual(fails('Bad state "SNAT"'));
    expect(refusal("iptables -A INPUT -m state --state ,NEW")).toEqual(fails('Bad state ",NEW"'));
    expect(refusal("iptables -A INPUT -m state --state NEW,foo,RELATED")).toEqual(fails('Bad state "foo,RELATED"'));
    const noSpaces = fails('"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED');
    expect(refusal("iptables -A INPUT -m state --state NEW,")).toEqual(noSpaces);
    expect(refusal("iptables -A INPUT -m state --state ''")).toEqual(noSpaces);
    expect(refusal("iptables -A INPUT -m state --state NEW --state NEW")).toEqual(fails('state: option "--state" can only be used once.\n'));
  });

  it("matches the packet's conntrack state, no entry being INVALID", () => {
    const { world } = session("iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT", "iptables -A INPUT -m state ! --state INVALID -j DROP");
    const ct = (state: ConntrackView["state"]): ConntrackView => ({ state, dir: "REPLY", status: [], mark: 0, expires: 10 });
    const packets = [ct("ESTABLISHED"), ct("RELATED"), ct("NEW"), ct("UNTRACKED"), ct("INVALID"), undefined].map((c) =>
      c === undefined ? tcpPacket(1, 2) : { ...tcpPacket(1, 2), ct: c },
    );
    expect(verdicts(world, packets)).toEqual(["ACCEPT", "ACCEPT", "DROP", "DROP", "ACCEPT", "ACCEPT"]);
    // The policy accepts too: the first rule's counter tells its ACCEPTs apart.
    expect(rulesetOf(world).tables.filter?.chains[0]?.rules.map((r) => r.counters.packets)).toEqual([2, 2]);
  });
});
