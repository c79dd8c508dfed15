// `npm start`: load the example firewall, list it as iptables does, and walk packets
// through the INPUT hook, printing every rule each one was tested against.
import { readFileSync } from "node:fs";
import { formatTrace, traverseHook, type EngineEnv, type PacketState } from "../netfilter/index.ts";
import { parseIpv4Strict, TCP_FLAG } from "../wire/index.ts";
import { newWorld, INITIAL_NS } from "../world/world.ts";
import type { ToolIO } from "./io.ts";
import { TOOLS } from "./tools.ts";

const EXAMPLE = new URL("../../examples/firewall.rules", import.meta.url);

const env: EngineEnv = { now: () => 0, random: () => 0, addrType: () => "UNICAST" };

function tcpPacket(src: string, dst: string, dport: number): PacketState {
  return {
    ip: {
      src: parseIpv4Strict(src) ?? 0, dst: parseIpv4Strict(dst) ?? 0, proto: 6, ttl: 64, tos: 0, length: 60, id: 1,
      fragOffset: 0, moreFragments: false, dontFragment: true, options: [],
    },
    l4: { kind: "tcp", sport: 40000, dport, seq: 1, ack: 0, flags: TCP_FLAG.SYN, window: 64240, options: [] },
    payload: [],
    mark: 0,
  };
}

export function demo(io: ToolIO): number {
  const world = newWorld();
  const run = (argv: string[], stdin = "") => {
    io.stdout(`$ ${argv.join(" ")}${stdin ? " < examples/firewall.rules" : ""}\n`);
    const tool = TOOLS[argv[0] ?? ""];
    return tool ? tool(argv.slice(1), world, INITIAL_NS, { ...io, stdin, stdout: io.stdout, stderr: io.stderr }) : 127;
  };
  const loaded = run(["iptables-restore"], readFileSync(EXAMPLE, "utf8"));
  if (loaded !== 0) return loaded;
  run(["iptables", "-L", "-v", "-n", "--line-numbers"]);
  const ruleset = world.namespaces[INITIAL_NS]?.ruleset;
  if (ruleset === undefined) return 1;
  for (const [what, src, dport] of [
    ["SSH from the office", "192.168.10.7", 22],
    ["SSH from the internet", "203.0.113.9", 22],
    ["HTTPS from the internet", "203.0.113.9", 443],
  ] as const) {
    const outcome = traverseHook(ruleset, "INPUT", tcpPacket(src, "192.168.10.1", dport), { inIface: "eth0", env });
    io.stdout(`\n${what}: tcp ${src}:40000 > 192.168.10.1:${String(dport)} [S] in eth0\n`);
    io.stdout(formatTrace(ruleset, outcome.trace));
    io.stdout(`  => ${outcome.verdict}\n`);
  }
  io.stdout("\n");
  run(["iptables", "-L", "INPUT", "-v", "-n"]);
  return 0;
}
