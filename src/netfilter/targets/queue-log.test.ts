// NFQUEUE, NFLOG, AUDIT, TEE, IDLETIMER, LED: what they hand on. Expected strings are what
// iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { refusal, rulesetOf, saved, session, tcpPacket, testEnv, TRY, udpPacket } from "../testkit.ts";
import { evaluateTable } from "../evaluate.ts";
import type { PacketState } from "../context.ts";
import type { World } from "../../world/world.ts";

function run(world: World, p: PacketState, random = 0) {
  return evaluateTable(rulesetOf(world), "filter", p, { hook: "INPUT", env: testEnv({ random: () => random }) });
}

describe("NFQUEUE target", () => {
  it("queues the packet and says where, and whether --queue-bypass lets it pass", () => {
    const { world } = session("iptables -A INPUT -p udp -j NFQUEUE --queue-num 7 --queue-bypass", "iptables -A INPUT -j NFQUEUE");
    const first = run(world, udpPacket(1, 2));
    expect([first.verdict, first.effects]).toEqual(["QUEUE", [{ kind: "queue", queue: 7, bypass: true }]]);
    const second = run(world, tcpPacket(1, 2));
    expect([second.verdict, second.effects]).toEqual(["QUEUE", [{ kind: "queue", queue: 0, bypass: false }]]);
  });

  it("balances flows with the kernel's hash: both directions share a queue", () => {
    const { world } = session("iptables -A INPUT -j NFQUEUE --queue-balance 10:13");
    const there = { ...udpPacket(1, 2, { src: 0x0a000001, dst: 0x0a000002 }) };
    const back = { ...udpPacket(2, 1, { src: 0x0a000002, dst: 0x0a000001 }) };
    const queues = [run(world, there, 0.5), run(world, back, 0.9)].map((r) => r.effects[0]);
    // The rule draws its initval once (0.5 -> 0x80000000). hash_v4 on x86, compiled in C from
    // nf_queue.h and jhash.h, gives 0x7da0a2c7 for 10.0.0.1 <-> 10.0.0.2, UDP, either way
    // round; reciprocal_scale(0x7da0a2c7, 4) is 1.
    expect(queues).toEqual([{ kind: "queue", queue: 11, bypass: false }, { kind: "queue", queue: 11, bypass: false }]);
  });

  it("refuses a balance over all 65536 queues in the kernel (queues_total wraps to 0)", () => {
    expect(refusal("iptables -A INPUT -j NFQUEUE --queue-balance 0:65535")).toEqual({
      stderr: "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n",
      exit: 4,
    });
    expect(saved("INPUT", "iptables -A INPUT -j NFQUEUE --queue-balance 4:")).toEqual(["-A INPUT -j NFQUEUE --queue-balance 4:65535"]);
  });
});

describe("NFLOG target", () => {
  it("is the native log expression: 127 characters of prefix, no --nflog-range, threshold 0 is the default", () => {
    const long = "y".repeat(140);
    expect(saved("INPUT", `iptables -A INPUT -j NFLOG --nflog-prefix ${long}`, "iptables -A INPUT -j NFLOG --nflog-threshold 0", "iptables -A INPUT -j NFLOG --nflog-size 0")).toEqual([
      `-A INPUT -j NFLOG --nflog-prefix ${"y".repeat(127)}`,
      "-A INPUT -j NFLOG",
      "-A INPUT -j NFLOG --nflog-size 0",
    ]);
  });

  it("warns about --nflog-range at the final check, before the exclusion error", () => {
    const warn = "warn: --nflog-range has never worked and is no longer supported, please use --nflog-size instead\n";
    expect(session("iptables -A INPUT -j NFLOG --nflog-range 5")).toMatchObject({ stderr: warn, exit: 0 });
    expect(refusal("iptables -A INPUT -j NFLOG --nflog-range 5 --nflog-size 4")).toEqual({
      stderr: `${warn}iptables v1.8.9 (nf_tables): NFLOG: option "--nflog-range" cannot be used together with "--nflog-size".\n\n${TRY}`,
      exit: 2,
    });
    expect(refusal("iptables -A INPUT -j NFLOG --nflog-range 5 --nflog-group 65536").stderr).not.toContain("warn:");
  });

  it("sends a copy to its group and goes on", () => {
    const { world } = session("iptables -A INPUT -j NFLOG --nflog-group 5 --nflog-prefix in --nflog-size 64", "iptables -A INPUT -j DROP");
    const r = run(world, udpPacket(1, 2));
    expect([r.verdict, r.effects]).toEqual(["DROP", [{ kind: "nflog", group: 5, prefix: "in", size: 64, threshold: 0 }]]);
  });
});

describe("AUDIT, TEE, IDLETIMER and LED targets", () => {
  it("hand the packet's record, copy, timer and trigger to the layers above and go on", () => {
    const { world } = session(
      "iptables -A INPUT -j AUDIT --type Reject",
      "iptables -A INPUT -j TEE --gateway 10.9.9.9 --oif eth1",
      "iptables -A INPUT -j IDLETIMER --timeout 60 --label idle --alarm",
      "iptables -A INPUT -j LED --led-trigger-id ssh --led-delay inf",
    );
    const r = run(world, udpPacket(1, 2));
    expect([r.verdict, r.effects]).toEqual([
      "ACCEPT",
      [
        { kind: "audit", type: "reject" },
        { kind: "tee", gateway: 0x0a090909, oif: "eth1" },
        { kind: "idletimer", label: "idle", timeout: 60, alarm: true },
        { kind: "led", id: "netfilter-ssh", delay: "inf", alwaysBlink: false },
      ],
    ]);
  });

  it("print LED as libxt_LED does: the id quoted, inf saved as -1", () => {
    const rules = ['iptables -A INPUT -j LED --led-trigger-id "a\\"b" --led-delay inf', "iptables -A INPUT -j LED --led-trigger-id foo --led-delay 42 --led-always-blink", "iptables -A INPUT -j LED --led-trigger-id x"];
    expect(saved("INPUT", ...rules)).toEqual([
      '-A INPUT -j LED --led-trigger-id "a\\"b" --led-delay -1',
      '-A INPUT -j LED --led-trigger-id "foo" --led-delay 42 --led-always-blink',
      '-A INPUT -j LED --led-trigger-id "x"',
    ]);
    expect(session(...rules, "iptables -L INPUT -n").stdout.split("\n").slice(2, 5)).toEqual([
      'LED        0    --  0.0.0.0/0            0.0.0.0/0            led-trigger-id:"a\\"b" led-delay:inf',
      'LED        0    --  0.0.0.0/0            0.0.0.0/0            led-trigger-id:"foo" led-delay:42ms led-always-blink',
      'LED        0    --  0.0.0.0/0            0.0.0.0/0            led-trigger-id:"x" led-delay:0ms',
    ]);
    expect(refusal("iptables -A INPUT -j LED --led-trigger-id 01234567890123456")).toEqual({
      stderr: `iptables v1.8.9 (nf_tables): Argument must have a maximum length of 16 characters\n\n${TRY}`,
      exit: 2,
    });
    expect(refusal("iptables -A INPUT -j LED --led-trigger-id x --led-delay abc")).toEqual({
      stderr: `iptables v1.8.9 (nf_tables): Delay value must be within range 0..4294967295\n${TRY}`,
      exit: 2,
    });
  });
});
