// CHECKSUM, CONNSECMARK, SECMARK, IDLETIMER, RATEEST: the kernel's refusals and what stays
// unchanged. Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { kernel, refusal, rulesetOf, saved, session, testEnv, TRY, udpPacket } from "../testkit.ts";
import { evaluateTable } from "../evaluate.ts";

const failed = (errno: string, chain: string) => kernel(errno, chain);

describe("CHECKSUM, CONNSECMARK and SECMARK targets", () => {
  it("are refused outside their tables; SECMARK finds no security module at all", () => {
    expect(refusal("iptables -t raw -A PREROUTING -j CONNSECMARK --save")).toEqual(failed("Invalid argument", "PREROUTING"));
    expect(refusal("iptables -A INPUT -j SECMARK --selctx system_u:object_r:x_t:s0")).toEqual(failed("Invalid argument", "INPUT"));
    expect(refusal("iptables -t security -A INPUT -j SECMARK --selctx system_u:object_r:x_t:s0")).toEqual(failed("No such file or directory", "INPUT"));
    expect(refusal("iptables -t mangle -A INPUT -j CONNSECMARK")).toEqual({ stderr: `iptables v1.8.9 (nf_tables): CONNSECMARK target: parameter required\n${TRY}`, exit: 2 });
  });

  it("leave the packet as it is and go on", () => {
    const { world } = session("iptables -t mangle -A PREROUTING -j CHECKSUM --checksum-fill", "iptables -t mangle -A PREROUTING -j CONNSECMARK --restore");
    const p = udpPacket(1, 2);
    const before = structuredClone(p);
    const r = evaluateTable(rulesetOf(world), "mangle", p, { hook: "PREROUTING", env: testEnv() });
    expect([r.verdict, r.effects, p]).toEqual(["ACCEPT", [], before]);
  });
});

describe("IDLETIMER target", () => {
  it("keeps 27 characters of the label and refuses what sysfs cannot name", () => {
    expect(saved("INPUT", "iptables -A INPUT -j IDLETIMER --timeout 5 --label 0123456789012345678901234567890")).toEqual([
      "-A INPUT -j IDLETIMER --timeout 5 --label 012345678901234567890123456",
    ]);
    for (const bad of ["--timeout 0 --label a", "--timeout 2147483 --label a", "--timeout 5 --label ''", "--timeout 5 --label ..", "--timeout 5 --label uevent"]) {
      expect(refusal(`iptables -A INPUT -j IDLETIMER ${bad}`)).toEqual(failed("Invalid argument", "INPUT"));
    }
  });
});

describe("RATEEST target", () => {
  it("keeps the interval and averaging constant as the kernel's exponents", () => {
    expect(
      saved(
        "INPUT",
        "iptables -A INPUT -j RATEEST --rateest-name RE11 --rateest-interval 100000 --rateest-ewmalog 1000000",
        "iptables -A INPUT -j RATEEST --rateest-name 0123456789012345 --rateest-interval 2s --rateest-ewmalog 10000s",
        "iptables -A INPUT -j RATEEST --rateest-name e --rateest-interval 0.5SEC --rateest-ewmalog 3s",
      ),
    ).toEqual([
      "-A INPUT -j RATEEST --rateest-name RE11 --rateest-interval 250.0ms --rateest-ewmalog 2.0s",
      "-A INPUT -j RATEEST --rateest-name 012345678901234 --rateest-interval 2.0s --rateest-ewmalog 1024.0s",
      "-A INPUT -j RATEEST --rateest-name e --rateest-interval 500.0ms --rateest-ewmalog 2.0s",
    ]);
  });

  it("checks the times before the mandatory options", () => {
    expect(refusal("iptables -A INPUT -j RATEEST --rateest-name R --rateest-interval 1s")).toEqual({
      stderr: `iptables v1.8.9 (nf_tables): RATEEST: ewmalog value is out of range\n${TRY}`,
      exit: 2,
    });
    expect(refusal("iptables -A INPUT -j RATEEST --rateest-name R --rateest-interval 9s --rateest-ewmalog 64s")).toEqual({
      stderr: `iptables v1.8.9 (nf_tables): RATEEST: interval value is too large\n${TRY}`,
      exit: 2,
    });
  });
});
