// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { refusal, saved, session, tcpPacket, TRY, verdicts } from "../testkit.ts";

function withMss(mss: number | undefined) {
  const p = tcpPacket(1, 2);
  if (p.l4.kind === "tcp" && mss !== undefined) p.l4 = { ...p.l4, options: [{ kind: 1, data: [] }, { kind: 2, data: [mss >> 8, mss & 0xff] }] };
  return p;
}

describe("tcpmss match", () => {
  it("saves ranges as the kernel keeps them", () => {
    expect(saved("INPUT", "iptables -A INPUT -p tcp -m tcpmss --mss 42:42", "iptables -A INPUT -p tcp -m tcpmss ! --mss :42", "iptables -A INPUT -p tcp -m tcpmss --mss 42:")).toEqual([
      "-A INPUT -p tcp -m tcpmss --mss 42",
      "-A INPUT -p tcp -m tcpmss ! --mss 0:42",
      "-A INPUT -p tcp -m tcpmss --mss 42:65535",
    ]);
  });

  it("refuses a reversed range, and any rule that is not -p tcp", () => {
    expect(refusal("iptables -A INPUT -p tcp -m tcpmss --mss 65535:1000")).toEqual({ stderr: `iptables v1.8.9 (nf_tables): tcpmss: invalid range given\n${TRY}`, exit: 2 });
    expect(refusal("iptables -A INPUT -m tcpmss --mss 42")).toEqual({
      stderr: "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n",
      exit: 4,
    });
  });

  it("reads the MSS option; a segment without one matches only when inverted", () => {
    const { world } = session("iptables -A INPUT -p tcp -m tcpmss --mss 1000:1460 -j DROP", "iptables -A INPUT -p tcp -m tcpmss ! --mss 0:536 -j REJECT");
    expect(verdicts(world, [withMss(1460), withMss(1461), withMss(500), withMss(undefined)])).toEqual(["DROP", "DROP", "ACCEPT", "DROP"]);
  });
});
