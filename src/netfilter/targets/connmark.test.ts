// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import type { ConntrackView, PacketState } from "../context.ts";
import { fails, failsX6, refusal, session, tcpPacket, TRY, verdicts } from "../testkit.ts";

const OPTIONS = [
  "--save-mark", "--restore-mark", "--save-mark --mask 0xff", "--save-mark --nfmask 0xff", "--restore-mark --ctmask 0xff",
  "--restore-mark --ctmask 0xff --nfmask 0xf", "--save-mark --ctmask 0xff --nfmask 0xf", "--set-mark 1", "--set-mark 1/0xf0",
  "--set-xmark 1/0xf0", "--and-mark 0xf", "--or-mark 0xf", "--xor-mark 0xf", "--save-mark --left-shift-mark 3",
  "--restore-mark --right-shift-mark 4 --mask 0xff00", "--set-mark 2 --left-shift-mark 4", "--set-mark 2 --mask 0xff",
  "--ctmask 0xff --set-xmark 2/3", "--save-mark --left-shift-mark 3 --right-shift-mark 2",
];
const RULES = OPTIONS.map((o) => `iptables -t mangle -A PREROUTING -j CONNMARK ${o}`);

/** `iptables -t mangle -S PREROUTING` after `commands`, without the policy line. */
function mangleRules(...commands: string[]): string[] {
  return session(...commands, "iptables -t mangle -S PREROUTING").stdout.split("\n").slice(1, -1);
}

describe("CONNMARK target", () => {
  it("saves the set operations as --set-xmark and copies with both masks", () => {
    expect(mangleRules(...RULES).map((l) => l.replace("-A PREROUTING -j CONNMARK ", ""))).toEqual([
      "--save-mark --nfmask 0xffffffff --ctmask 0xffffffff",
      "--restore-mark --nfmask 0xffffffff --ctmask 0xffffffff",
      "--save-mark --nfmask 0xff --ctmask 0xff",
      "--save-mark --nfmask 0xff --ctmask 0xffffffff",
      "--restore-mark --nfmask 0xffffffff --ctmask 0xff",
      "--restore-mark --nfmask 0xf --ctmask 0xff",
      "--save-mark --nfmask 0xf --ctmask 0xff",
      "--set-xmark 0x1/0xffffffff",
      "--set-xmark 0x1/0xf1",
      "--set-xmark 0x1/0xf0",
      "--set-xmark 0x0/0xfffffff0",
      "--set-xmark 0xf/0xf",
      "--set-xmark 0xf/0x0",
      "--save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 3",
      "--restore-mark --nfmask 0xff00 --ctmask 0xff00 --right-shift-mark 4",
      "--set-xmark 0x2/0xffffffff --left-shift-mark 4",
      "--set-xmark 0x2/0xff",
      "--set-xmark 0x2/0x3",
      "--save-mark --nfmask 0xffffffff --ctmask 0xffffffff --right-shift-mark 2",
    ]);
  });

  it("lists what each rule does", () => {
    const { stdout } = session(...RULES, "iptables -t mangle -L PREROUTING -n");
    expect(stdout.split("\n").slice(2, -1).map((l) => l.slice(l.indexOf("CONNMARK", 10)))).toEqual([
      "CONNMARK save",
      "CONNMARK restore",
      "CONNMARK save mask 0xff",
      "CONNMARK save nfmask 0xff ctmask ~0xffffffff",
      "CONNMARK restore ctmask 0xff nfmask ~0xffffffff",
      "CONNMARK restore ctmask 0xff nfmask ~0xf",
      "CONNMARK save nfmask 0xf ctmask ~0xff",
      "CONNMARK set 0x1",
      "CONNMARK xset 0x1/0xf1",
      "CONNMARK xset 0x1/0xf0",
      "CONNMARK and 0xf",
      "CONNMARK or 0xf",
      "CONNMARK xor 0xf",
      "CONNMARK save left-shift-mark 3",
      "CONNMARK restore mask 0xff00 right-shift-mark 4",
      "CONNMARK set 0x2 left-shift-mark 4",
      "CONNMARK xset 0x2/0xff",
      "CONNMARK xset 0x2/0x3",
      "CONNMARK save right-shift-mark 2",
    ]);
    expect(session("iptables -A INPUT -j CONNMARK --restore-mark", "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n" +
        "CONNMARK   all  --  anywhere             anywhere             CONNMARK restore\n",
    );
  });

  it("refuses as libxt_CONNMARK and xtables_options_fcheck do", () => {
    const noOp = fails("CONNMARK target: No operation specified");
    expect(refusal("iptables -A INPUT -j CONNMARK")).toEqual(noOp);
    expect(refusal("iptables -A INPUT -j CONNMARK --mask 1")).toEqual(noOp);
    expect(refusal("iptables -A INPUT -j CONNMARK --left-shift-mark 1")).toEqual(noOp);
    const together = (a: string, b: string) => failsX6(`CONNMARK: option "--${a}" cannot be used together with "--${b}".`);
    // Options are taken in table order, each against the others in the order of their ids.
    expect(refusal("iptables -A INPUT -j CONNMARK --set-xmark 1 --or-mark 2 --save-mark")).toEqual(together("set-xmark", "save-mark"));
    expect(refusal("iptables -A INPUT -j CONNMARK --set-xmark 1 --set-mark 1 --restore-mark")).toEqual(together("set-xmark", "set-mark"));
    expect(refusal("iptables -A INPUT -j CONNMARK --set-mark 1 --and-mark 1 --save-mark --restore-mark")).toEqual(together("set-mark", "save-mark"));
    expect(refusal("iptables -A INPUT -j CONNMARK --xor-mark 1 --restore-mark --ctmask 1 --mask 3")).toEqual(together("xor-mark", "restore-mark"));
    expect(refusal("iptables -A INPUT -j CONNMARK --save-mark --mask 2 --nfmask 1 --ctmask 3")).toEqual(together("ctmask", "mask"));
    expect(refusal("iptables -A INPUT -j CONNMARK --save-mark --mask 2 --nfmask 1")).toEqual(together("nfmask", "mask"));
    expect(refusal("iptables -A INPUT -j CONNMARK --save-mark --save-mark")).toEqual(failsX6('CONNMARK: option "--save-mark" can only be used once.'));
    expect(refusal("iptables -A INPUT -j CONNMARK ! --save-mark")).toEqual(failsX6('CONNMARK: option "--save-mark" cannot be inverted.'));
    expect(refusal("iptables -A INPUT -j CONNMARK --save-mark --left-shift-mark 33")).toEqual(
      failsX6('CONNMARK: bad value for option "--left-shift-mark", or out of range (0-32).'),
    );
    expect(refusal("iptables -A INPUT -j CONNMARK --save-mark --ctmask 0x1/3")).toEqual(
      failsX6('CONNMARK: bad value for option "--ctmask", or out of range (0-4294967295).'),
    );
    expect(refusal("iptables -A INPUT -j CONNMARK --save-mark 5")).toEqual({ stderr: `Bad argument \`5'\n${TRY}`, exit: 2 });
  });

  it("leaves a shift of 32 bits to the kernel, which refuses it", () => {
    expect(refusal("iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 1 --left-shift-mark 32")).toEqual({
      stderr: "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain PREROUTING\n",
      exit: 4,
    });
    expect(mangleRules("iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --left-shift-mark 31")).toEqual([
      "-A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 31",
    ]);
  });
});

function tracked(mark: number, ctmark: number, state: ConntrackView["state"] = "ESTABLISHED"): PacketState {
  return { ...tcpPacket(1, 2), mark, ct: { state, dir: "ORIGINAL", status: [], mark: ctmark, expires: 60 } };
}

/** Runs one packet through a mangle PREROUTING rule; returns [packet mark, entry mark]. */
function apply(options: string, p: PacketState): [number, number | undefined] {
  const { world } = session(`iptables -t mangle -A PREROUTING -j CONNMARK ${options}`);
  expect(verdicts(world, [p], { table: "mangle", hook: "PREROUTING" })).toEqual(["ACCEPT"]);
  return [p.mark, p.ct?.mark];
}

describe("CONNMARK target: packets (xt_connmark.c connmark_tg_shift)", () => {
  it("sets the entry's mark as (ctmark & ~ctmask) ^ value", () => {
    expect(apply("--set-xmark 0x1/0xf0", tracked(7, 0xabcd))).toEqual([7, 0xab0c]);
    expect(apply("--set-mark 0x2 --left-shift-mark 4", tracked(7, 0xabcd))).toEqual([7, 0x20]);
    expect(apply("--or-mark 0x100", tracked(7, 0x1))).toEqual([7, 0x101]);
  });

  it("saves the packet mark into the entry and restores it back through the masks", () => {
    expect(apply("--save-mark", tracked(0x1234, 0xffff0000))).toEqual([0x1234, 0x1234]);
    expect(apply("--save-mark --nfmask 0xff --ctmask 0xf0ff", tracked(0x1234, 0xffff0000))).toEqual([0x1234, 0xffff0034]);
    expect(apply("--save-mark --mask 0xff00 --right-shift-mark 8", tracked(0x1234, 0xffffffff))).toEqual([0x1234, 0xffff00ed]);
    expect(apply("--restore-mark", tracked(0x1234, 0x99))).toEqual([0x99, 0x99]);
    expect(apply("--restore-mark --ctmask 0xf --nfmask 0xff", tracked(0x1234, 0x99))).toEqual([0x1209, 0x99]);
    expect(apply("--restore-mark --mask 0xff --left-shift-mark 8", tracked(0x1234, 0xab))).toEqual([0xb900, 0xab]);
  });

  it("does nothing without an entry", () => {
    expect(apply("--restore-mark", { ...tcpPacket(1, 2), mark: 5 })).toEqual([5, undefined]);
    expect(apply("--restore-mark", tracked(5, 9, "UNTRACKED"))).toEqual([5, 9]);
    expect(apply("--save-mark", tracked(5, 9, "INVALID"))).toEqual([5, 9]);
  });
});
