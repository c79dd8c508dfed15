// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, failsX6, refusal, saved, session, tcpPacket, verdicts } from "../testkit.ts";

const RULES = [
  "--set-mark 1", "--set-mark 1/0xff", "--set-xmark 1/0xff", "--set-xmark 5", "--and-mark 0xf0", "--or-mark 0x3",
  "--xor-mark 3", "--set-xmark 0", "--set-xmark 0/0", "--set-mark 0/0xff", "--set-mark 010",
].map((o) => `iptables -A INPUT -j MARK ${o}`);

describe("MARK target", () => {
  it("saves every operation as --set-xmark value/mask", () => {
    expect(saved("INPUT", ...RULES)).toEqual([
      "-A INPUT -j MARK --set-xmark 0x1/0xffffffff",
      "-A INPUT -j MARK --set-xmark 0x1/0xff",
      "-A INPUT -j MARK --set-xmark 0x1/0xff",
      "-A INPUT -j MARK --set-xmark 0x5/0xffffffff",
      "-A INPUT -j MARK --set-xmark 0x0/0xffffff0f",
      "-A INPUT -j MARK --set-xmark 0x3/0x3",
      "-A INPUT -j MARK --set-xmark 0x3/0x0",
      "-A INPUT -j MARK --set-xmark 0x0/0xffffffff",
      "-A INPUT -j MARK --set-xmark 0x0/0x0",
      "-A INPUT -j MARK --set-xmark 0x0/0xff",
      "-A INPUT -j MARK --set-xmark 0x8/0xffffffff",
    ]);
  });

  it("lists the shortest reading of the pair", () => {
    const head = "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n";
    const texts = ["set 0x1", "xset 0x1/0xff", "xset 0x1/0xff", "set 0x5", "and 0xf0", "or 0x3", "xor 0x3", "and 0x0", "and 0xffffffff", "and 0xffffff00", "set 0x8"];
    expect(session(...RULES, "iptables -L INPUT").stdout).toBe(
      head + texts.map((t) => `MARK       all  --  anywhere             anywhere             MARK ${t}\n`).join(""),
    );
    expect(session("iptables -A INPUT -p tcp --dport 22 -m mark --mark 1 -j MARK --set-mark 2", "iptables -L INPUT -n").stdout).toBe(
      `${head}MARK       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22 mark match 0x1 MARK set 0x2\n`,
    );
  });

  it("is allowed in every table", () => {
    expect(
      session(
        "iptables -t nat -A POSTROUTING -j MARK --set-mark 1",
        "iptables -t raw -A OUTPUT -j MARK --set-mark 1",
        "iptables -t security -A OUTPUT -j MARK --and-mark 1",
        "iptables -t raw -S OUTPUT",
      ).stdout,
    ).toBe("-P OUTPUT ACCEPT\n-A OUTPUT -j MARK --set-xmark 0x1/0xffffffff\n");
  });

  it("refuses as libxt_MARK does", () => {
    expect(refusal("iptables -A INPUT -j MARK")).toEqual(fails("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required"));
    expect(refusal("iptables -A INPUT -j MARK --and-mark 2 --set-mark 1")).toEqual(
      failsX6('MARK: option "--set-mark" cannot be used together with "--and-mark".'),
    );
    expect(refusal("iptables -A INPUT -j MARK --xor-mark 1 --or-mark 2 --set-xmark 3")).toEqual(
      failsX6('MARK: option "--set-xmark" cannot be used together with "--or-mark".'),
    );
    expect(refusal("iptables -A INPUT -j MARK --set-mark 1 --set-mark 2")).toEqual(failsX6('MARK: option "--set-mark" can only be used once.'));
    expect(refusal("iptables -A INPUT -j MARK ! --set-mark 1")).toEqual(failsX6('MARK: option "--set-mark" cannot be inverted.'));
    expect(refusal("iptables -A INPUT -j MARK --set-xmark 4294967296")).toEqual(
      failsX6('MARK: bad integer value for option "--set-xmark", or out of range.'),
    );
    expect(refusal("iptables -A INPUT -j MARK --set-mark 1x")).toEqual(failsX6('MARK: trailing garbage after value for option "--set-mark".'));
    expect(refusal("iptables -A INPUT -j MARK --and-mark 1/2")).toEqual(
      failsX6('MARK: bad value for option "--and-mark", or out of range (0-4294967295).'),
    );
    expect(refusal("iptables -A INPUT -j MARK --set-mark")).toEqual(fails('option "--set-mark" requires an argument'));
    expect(refusal("iptables -N MARK")).toEqual(fails("chain name may not clash with target name"));
  });

  it("rewrites the packet mark as (mark & ~mask) ^ value and goes on", () => {
    const { world } = session(
      "iptables -A INPUT -j MARK --set-xmark 0x1/0xff",
      "iptables -A INPUT -j MARK --or-mark 0x10000",
      "iptables -A INPUT -j MARK --xor-mark 0x3",
      "iptables -A INPUT -m mark --mark 0x10f02 -j DROP",
    );
    const p = { ...tcpPacket(1, 2), mark: 0xf0f };
    const other = { ...tcpPacket(1, 2), mark: 0xff0f };
    expect(verdicts(world, [p, other])).toEqual(["DROP", "ACCEPT"]);
    expect([p.mark, other.mark]).toEqual([0x10f02, 0x1ff02]);
  });
});
