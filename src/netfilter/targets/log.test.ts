// Expected texts are what iptables 1.8.9 (nf_tables, Debian 12) printed in a network namespace.
import { describe, expect, it } from "vitest";
import { savedRule, testEnv, TRY, worldAfter } from "../testkit.ts";
import { runCommand } from "../../cli/run.ts";
import { newWorld } from "../../world/world.ts";
import type { PacketState } from "../context.ts";
import { evaluateTable } from "../evaluate.ts";

const env = testEnv();

const saved = (spec: string) => savedRule("filter", "INPUT", spec);

function error(spec: string): string {
  const r = runCommand(newWorld(), `iptables -A INPUT ${spec}`);
  expect(r.exit).toBe(2);
  return r.stderr;
}

describe("LOG target", () => {
  it("saves prefix, level (as a number, unless 4) and flags in LOG_save's order", () => {
    expect(saved("-j LOG")).toBe("-A INPUT -j LOG");
    expect(saved("-j LOG --log-level 4")).toBe("-A INPUT -j LOG");
    expect(saved("-j LOG --log-level alert --log-prefix \"test: \"")).toBe('-A INPUT -j LOG --log-prefix "test: " --log-level 1');
    expect(saved("-j LOG --log-level 07")).toBe("-A INPUT -j LOG --log-level 7");
    expect(saved("-j LOG --log-level 0x3")).toBe("-A INPUT -j LOG --log-level 3");
    expect(saved("-j LOG --log-level ' 5'")).toBe("-A INPUT -j LOG --log-level 5");
    expect(saved("-j LOG --log-level error")).toBe("-A INPUT -j LOG --log-level 3");
    expect(saved("-j LOG --log-level panic")).toBe("-A INPUT -j LOG --log-level 0");
    expect(saved("-j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode --log-level debug --log-prefix P"))
      .toBe("-A INPUT -j LOG --log-prefix P --log-level 7 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode");
    // xt_log_info.prefix is 30 bytes: longer prefixes are cut to 29 characters without a word.
    expect(saved("-j LOG --log-prefix 0123456789012345678901234567890123")).toBe("-A INPUT -j LOG --log-prefix 01234567890123456789012345678");
    expect(saved(`-j LOG --log-prefix "a b'c\\"d\\\\e "`)).toBe(`-A INPUT -j LOG --log-prefix "a b\\'c\\"d\\\\e "`);
  });

  it("lists level names, flag words and the prefix; -n shows the numbers", () => {
    const w = worldAfter(
      "iptables -A INPUT -j LOG",
      "iptables -A INPUT -j LOG --log-level 3 --log-prefix \"x y\"",
      "iptables -A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode --log-level debug --log-prefix P",
      "iptables -A INPUT -j LOG --log-uid --log-level emerg",
    );
    const head = "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n";
    expect(runCommand(w, "iptables -L INPUT").stdout).toBe(
      head +
        "LOG        all  --  anywhere             anywhere             LOG level warn\n" +
        "LOG        all  --  anywhere             anywhere             LOG level err prefix \"x y\"\n" +
        "LOG        all  --  anywhere             anywhere             LOG level debug tcp-sequence tcp-options ip-options uid macdecode prefix \"P\"\n" +
        "LOG        all  --  anywhere             anywhere             LOG level emerg uid\n",
    );
    expect(runCommand(w, "iptables -L INPUT -n").stdout).toBe(
      head +
        "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n" +
        "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 3 prefix \"x y\"\n" +
        "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 47 level 7 prefix \"P\"\n" +
        "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 8 level 0\n",
    );
    expect(runCommand(newWorld(), "iptables -v -A INPUT -j LOG --log-prefix \"x y\"").stdout).toBe(
      "LOG  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   LOG flags 0 level 4 prefix \"x y\"\n",
    );
  });

  it("refuses what libxt_LOG and libxtables refuse, with their words", () => {
    const pre = "iptables v1.8.9 (nf_tables): ";
    expect(error("-j LOG --log-level warn")).toBe(`${pre}log level "warn" unknown\n\n${TRY}`);
    expect(error("-j LOG --log-level ALERT")).toBe(`${pre}log level "ALERT" unknown\n\n${TRY}`);
    expect(error("-j LOG --log-level 8")).toBe(`${pre}log level "8" unknown\n\n${TRY}`);
    expect(error("-j LOG --log-level ''")).toBe(`${pre}log level "" unknown\n\n${TRY}`);
    expect(error("-j LOG --log-prefix ''")).toBe(`${pre}Argument must have a minimum length of 1 characters\n\n${TRY}`);
    expect(error("-j LOG --log-prefix 'a\nb'")).toBe(`${pre}Newlines not allowed in --log-prefix\n${TRY}`);
    expect(error("-j LOG --log-prefix x --log-prefix y")).toBe(`${pre}LOG: option "--log-prefix" can only be used once.\n\n${TRY}`);
    expect(error("-j LOG ! --log-uid")).toBe(`${pre}LOG: option "--log-uid" cannot be inverted.\n\n${TRY}`);
    expect(error("-j LOG --log-prefix")).toBe(`${pre}option "--log-prefix" requires an argument\n${TRY}`);
  });

  it("is allowed in every table", () => {
    worldAfter("iptables -t nat -A POSTROUTING -j LOG", "iptables -t raw -A OUTPUT -j LOG", "iptables -t mangle -A FORWARD -j LOG");
  });

  it("logs the kernel's line and goes on to the next rule", () => {
    const w = worldAfter(
      "iptables -A INPUT -p tcp -j LOG --log-prefix \"in: \" --log-level 6 --log-tcp-sequence",
      "iptables -A INPUT -p tcp -j DROP",
    );
    const pkt: PacketState = {
      ip: { src: 0xc0a8010a, dst: 0xc0a80114, proto: 6, ttl: 64, tos: 0, length: 60, id: 54321, fragOffset: 0, moreFragments: false, dontFragment: true, options: [] },
      l4: { kind: "tcp", sport: 51234, dport: 22, seq: 1000, ack: 0, flags: 0x02, window: 29200, options: [] },
      payload: [],
      mark: 0,
      srcMac: "00:50:56:c0:00:08",
      dstMac: "00:0c:29:8c:6d:b5",
    };
    const out = evaluateTable(w.namespaces[""]!.ruleset, "filter", pkt, { hook: "INPUT", inIface: "eth0", env });
    expect(out.verdict).toBe("DROP");
    expect(out.effects).toEqual([{
      kind: "log",
      level: 6,
      text: "in: IN=eth0 OUT= MAC=00:0c:29:8c:6d:b5:00:50:56:c0:00:08:08:00 SRC=192.168.1.10 DST=192.168.1.20 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=54321 DF PROTO=TCP SPT=51234 DPT=22 SEQ=1000 ACK=0 WINDOW=29200 RES=0x00 SYN URGP=0 ",
    }]);
  });
});
