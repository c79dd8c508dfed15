// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, icmpPacket, refusal, session, tracked, verdicts } from "../testkit.ts";

const SETUP = [
  "iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 2 --cluster-local-node 1 --cluster-hash-seed 0xdeadbeef",
  "iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 32 ! --cluster-local-nodemask 7 --cluster-hash-seed 1",
];

describe("cluster match", () => {
  it("saves a node as its mask, in hex", () => {
    expect(session(...SETUP, "iptables -t mangle -S PREROUTING").stdout).toBe(
      "-P PREROUTING ACCEPT\n" +
        "-A PREROUTING -m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 2 --cluster-hash-seed 0xdeadbeef\n" +
        "-A PREROUTING -m cluster ! --cluster-local-nodemask 0x00000007 --cluster-total-nodes 32 --cluster-hash-seed 0x00000001\n",
    );
    expect(session(...SETUP, "iptables -t mangle -L PREROUTING").stdout).toBe(
      "Chain PREROUTING (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        "           all  --  anywhere             anywhere             cluster node_mask=0x00000001 total_nodes=2 hash_seed=0xdeadbeef\n" +
        "           all  --  anywhere             anywhere             cluster !node_mask=0x00000007 total_nodes=32 hash_seed=0x00000001\n",
    );
  });

  it("refuses a node outside the cluster and a missing node", () => {
    expect(refusal("iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 3 --cluster-local-node 4 --cluster-hash-seed 1")).toEqual(
      fails("cluster match: `--cluster-local-node' must be <= `--cluster-total-nodes'"),
    );
    expect(refusal("iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 2 --cluster-hash-seed 1")).toEqual(
      fails("cluster match: `--cluster-local-node' or`--cluster-local-nodemask' is missing"),
    );
  });

  it("hashes the original source as the kernel does (jhash_1word, checked against a real kernel for 127.0.0.1)", () => {
    // On a real kernel, 127.0.0.1 in a 3-node cluster went to node 1 (seed 0xdeadbeef), 3 (seed 1), 2 (seed 2).
    const node = (seed: string, n: number) =>
      session(`iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 3 --cluster-local-node ${String(n)} --cluster-hash-seed ${seed} -j DROP`).world;
    const pkt = () => tracked(icmpPacket(8, 0, { src: 0x7f000001 }), { orig: { src: 0x7f000001, dst: 0x7f000001, proto: 1 } });
    const walk = { table: "mangle" as const, hook: "PREROUTING" as const };
    expect([1, 2, 3].map((n) => verdicts(node("0xdeadbeef", n), [pkt()], walk)[0])).toEqual(["DROP", "ACCEPT", "ACCEPT"]);
    expect([1, 2, 3].map((n) => verdicts(node("1", n), [pkt()], walk)[0])).toEqual(["ACCEPT", "ACCEPT", "DROP"]);
    expect([1, 2, 3].map((n) => verdicts(node("2", n), [pkt()], walk)[0])).toEqual(["ACCEPT", "DROP", "ACCEPT"]);
    expect(verdicts(node("1", 3), [icmpPacket(8, 0)], walk)).toEqual(["ACCEPT"]);
  });
});
