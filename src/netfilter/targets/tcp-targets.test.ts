// TCPMSS, TCPOPTSTRIP, SYNPROXY and TPROXY. Expected strings are what iptables v1.8.9
// (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { kernel, refusal, rulesetOf, saved, session, tcpPacket, testEnv, udpPacket } from "../testkit.ts";
import { evaluateTable } from "../evaluate.ts";
import type { EngineEnv, PacketState } from "../context.ts";
import type { Hook, TableName } from "../tables.ts";
import type { TcpOption } from "../../wire/packet.ts";
import { TCP_FLAG } from "../../wire/packet.ts";
import type { World } from "../../world/world.ts";

function run(world: World, p: PacketState, table: TableName, hook: Hook, env: EngineEnv = testEnv()) {
  return evaluateTable(rulesetOf(world), table, p, { hook, env });
}

function syn(options: TcpOption[], flags: number = TCP_FLAG.SYN): PacketState {
  const p = tcpPacket(40000, 80);
  if (p.l4.kind === "tcp") p.l4 = { ...p.l4, flags, options };
  return p;
}

const opts = (p: PacketState) => (p.l4.kind === "tcp" ? p.l4.options : []);
const EINVAL = (chain: string) => kernel("Invalid argument", chain);

describe("TCPMSS target", () => {
  it("clamps only at FORWARD, OUTPUT and POSTROUTING base chains; any chain reached by a jump passes", () => {
    expect(refusal("iptables -A INPUT -p tcp -m tcp --tcp-flags SYN SYN -j TCPMSS --clamp-mss-to-pmtu")).toEqual(EINVAL("INPUT"));
    expect(refusal("iptables -A INPUT -j TCPMSS --set-mss 42")).toEqual(EINVAL("INPUT"));
    expect(saved("C", "iptables -N C", "iptables -A C -p tcp -j TCPMSS --clamp-mss-to-pmtu", "iptables -A INPUT -j C")).toEqual(["-A C -p tcp -j TCPMSS --clamp-mss-to-pmtu"]);
    // Both options: the last one decides.
    expect(refusal("iptables -A INPUT -p tcp -j TCPMSS --set-mss 1 --clamp-mss-to-pmtu")).toEqual(EINVAL("INPUT"));
    expect(saved("INPUT", "iptables -A INPUT -p tcp -j TCPMSS --clamp-mss-to-pmtu --set-mss 1")).toEqual(["-A INPUT -p tcp -j TCPMSS --set-mss 1"]);
  });

  it("lowers the MSS option, never raises it, and adds one (at most 536) to a segment without data", () => {
    const { world } = session("iptables -t mangle -A POSTROUTING -p tcp -j TCPMSS --set-mss 1400");
    const high = syn([{ kind: 1, data: [] }, { kind: 2, data: [0x05, 0xb4] }]);
    const low = syn([{ kind: 2, data: [0x02, 0x00] }]);
    const none = syn([{ kind: 4, data: [] }]);
    for (const p of [high, low, none]) run(world, p, "mangle", "POSTROUTING");
    expect(opts(high)).toEqual([{ kind: 1, data: [] }, { kind: 2, data: [0x05, 0x78] }]);
    expect(opts(low)).toEqual([{ kind: 2, data: [0x02, 0x00] }]);
    expect([opts(none), none.ip.length]).toEqual([[{ kind: 2, data: [0x02, 0x18] }, { kind: 4, data: [] }], 64]);
  });

  it("clamps to the smaller route MTU less 40, and says so when it has no routes", () => {
    const { world } = session("iptables -A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu");
    const env = { ...testEnv(), routeMtu: (addr: number) => (addr === 0x0a000002 ? 1400 : 1500) };
    const p = syn([{ kind: 2, data: [0x05, 0xb4] }]);
    run(world, p, "filter", "FORWARD", env);
    expect(opts(p)).toEqual([{ kind: 2, data: [0x05, 0x50] }]);
    const q = syn([{ kind: 2, data: [0x05, 0xb4] }]);
    const r = run(world, q, "filter", "FORWARD");
    expect([opts(q), r.effects]).toEqual([[{ kind: 2, data: [0x05, 0xb4] }], [{ kind: "unmodelled", target: "TCPMSS", what: "path MTU (no routes given): MSS left as it is" }]]);
  });
});

describe("TCPOPTSTRIP target", () => {
  it("lists names unless -n, and saves numbers", () => {
    const rules = ["iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options timestamp,sack-permitted,0x10"];
    expect(session(...rules, "iptables -t mangle -S PREROUTING").stdout).toBe(
      "-P PREROUTING ACCEPT\n-A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options 4,8,16\n",
    );
    expect(session(...rules, "iptables -t mangle -L PREROUTING").stdout.split("\n")[2]).toBe(
      "TCPOPTSTRIP  tcp  --  anywhere             anywhere             TCPOPTSTRIP options sack-permitted,timestamp,16",
    );
  });

  it("turns each stripped option into NOPs, byte for byte", () => {
    const { world } = session("iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options mss,sack-permitted");
    const p = syn([{ kind: 2, data: [5, 0xb4] }, { kind: 4, data: [] }, { kind: 3, data: [7] }]);
    run(world, p, "mangle", "PREROUTING");
    const nop = { kind: 1, data: [] };
    expect(opts(p)).toEqual([nop, nop, nop, nop, nop, nop, { kind: 3, data: [7] }]);
  });
});

describe("SYNPROXY target", () => {
  it("is for INPUT and FORWARD, TCP rules only", () => {
    expect(refusal("iptables -A OUTPUT -p tcp -j SYNPROXY")).toEqual(EINVAL("OUTPUT"));
    expect(refusal("iptables -A INPUT ! -p tcp -j SYNPROXY")).toEqual(EINVAL("INPUT"));
    expect(saved("INPUT", "iptables -A INPUT -p tcp -j SYNPROXY --wscale 256 --mss 65536")).toEqual(["-A INPUT -p tcp -j SYNPROXY --wscale 0 --mss 0"]);
  });

  it("answers a SYN itself, drops an ACK it cannot check, and lets other segments on", () => {
    const { world } = session("iptables -A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460");
    const first = syn([{ kind: 2, data: [5, 0xb4] }, { kind: 4, data: [] }, { kind: 8, data: [0, 0, 0, 1, 0, 0, 0, 0] }, { kind: 3, data: [2] }]);
    const r = run(world, first, "filter", "INPUT");
    expect([r.verdict, r.effects]).toEqual(["STOLEN", [{ kind: "synproxy", reply: "syn-ack", mss: 1460, timestamp: true, sackPerm: true, ecn: false, wscale: 7 }]]);
    const bare = run(world, syn([{ kind: 2, data: [5, 0xb4] }]), "filter", "INPUT");
    expect(bare.effects).toEqual([{ kind: "synproxy", reply: "syn-ack", mss: 1460, timestamp: false, sackPerm: false, ecn: false }]);
    expect(run(world, syn([], TCP_FLAG.ACK), "filter", "INPUT").verdict).toBe("DROP");
    expect(run(world, syn([], TCP_FLAG.ACK | TCP_FLAG.PSH | TCP_FLAG.FIN), "filter", "INPUT").verdict).toBe("ACCEPT");
  });
});

describe("TPROXY target", () => {
  it("is for mangle PREROUTING with -p tcp or -p udp, also through a user chain", () => {
    expect(refusal("iptables -t mangle -A PREROUTING -j TPROXY --on-port 1")).toEqual(EINVAL("PREROUTING"));
    expect(refusal("iptables -t mangle -A INPUT -p tcp -j TPROXY --on-port 1")).toEqual(EINVAL("INPUT"));
    expect(session("iptables -t mangle -N DIVERT", "iptables -t mangle -A DIVERT -p tcp -j TPROXY --on-port 1", "iptables -t mangle -A OUTPUT -j DIVERT")).toMatchObject(EINVAL("OUTPUT"));
    expect(session("iptables -t mangle -A PREROUTING -p tcp -j TPROXY --on-port 65536", "iptables -t mangle -S PREROUTING").stdout).toBe(
      "-P PREROUTING ACCEPT\n-A PREROUTING -p tcp -j TPROXY --on-port 0 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0\n",
    );
  });

  it("drops the packet: nfsim has no transparent sockets; the effect says where it would have gone", () => {
    const { world } = session("iptables -t mangle -A PREROUTING -p udp -j TPROXY --on-port 0 --tproxy-mark 0x1/0x1");
    const r = run(world, udpPacket(5353, 53), "mangle", "PREROUTING");
    expect([r.verdict, r.effects[0]]).toEqual(["DROP", { kind: "tproxy", port: 53, mark: 1, mask: 1 }]);
  });
});
