// Shared by the match tests: run iptables commands on a fresh world, build packets, and walk
// them through a table with an injected clock, randomness and address types.
import { expect } from "vitest";
import { runCommand } from "../../cli/run.ts";
import { newWorld, type World } from "../../world/world.ts";
import type { AddrType, EngineEnv, PacketState } from "../context.ts";
import { evaluateTable, type Verdict } from "../evaluate.ts";
import type { Ruleset } from "../ruleset.ts";
import type { Hook, TableName } from "../tables.ts";
import type { Transport } from "../../wire/packet.ts";

export interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
}

/** Runs `commands` in order on a fresh world; every one but the last must succeed. */
export function session(...commands: string[]): Outcome & { world: World } {
  const world = newWorld();
  let last: Outcome = { stdout: "", stderr: "", exit: 0 };
  commands.forEach((cmd, i) => {
    last = runCommand(world, cmd);
    if (i < commands.length - 1) expect({ cmd, ...last }).toMatchObject({ cmd, stderr: "", exit: 0 });
  });
  return { ...last, world };
}

/** The rules of a chain as `iptables -S CHAIN` prints them, without the chain line. */
export function saved(chain: string, ...commands: string[]): string[] {
  const { stdout } = session(...commands, `iptables -S ${chain}`);
  return stdout.split("\n").slice(1, -1);
}

/** One command's failure: its stderr and exit status. */
export function refusal(command: string): { stderr: string; exit: number } {
  const { stderr, exit } = session(command);
  return { stderr, exit };
}

export function rulesetOf(world: World): Ruleset {
  const ns = world.namespaces[""];
  if (ns === undefined) throw new Error("no initial namespace");
  return ns.ruleset;
}

export interface EnvOptions {
  now?: () => number;
  random?: () => number;
  addrType?: (addr: number, dev?: string) => AddrType;
}

export function testEnv(opts: EnvOptions = {}): EngineEnv {
  return { now: opts.now ?? (() => 0), random: opts.random ?? (() => 0), addrType: opts.addrType ?? (() => "UNICAST") };
}

export function packet(proto: number, l4: Transport, extra: { src?: number; dst?: number; fragOffset?: number } = {}): PacketState {
  return {
    ip: {
      src: extra.src ?? 0x0a000001, dst: extra.dst ?? 0x0a000002, proto, ttl: 64, tos: 0, length: 60, id: 1,
      fragOffset: extra.fragOffset ?? 0, moreFragments: false, dontFragment: false, options: [],
    },
    l4,
    payload: [],
    mark: 0,
  };
}

export const icmpPacket = (type: number, code: number, extra = {}) => packet(1, { kind: "icmp", type, code, id: 0, seq: 0 }, extra);
export const udpPacket = (sport: number, dport: number, extra = {}) => packet(17, { kind: "udp", sport, dport }, extra);
export const tcpPacket = (sport: number, dport: number, extra = {}) =>
  packet(6, { kind: "tcp", sport, dport, seq: 0, ack: 0, flags: 0x02, window: 0, options: [] }, extra);

export interface Walk {
  readonly hook?: Hook;
  readonly table?: TableName;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly env?: EngineEnv;
}

/** The verdict of each packet in turn through one table's chain (state carries over). */
export function verdicts(world: World, packets: readonly PacketState[], walk: Walk = {}): Verdict[] {
  const rs = rulesetOf(world);
  return packets.map(
    (p) =>
      evaluateTable(rs, walk.table ?? "filter", p, {
        hook: walk.hook ?? "INPUT",
        env: walk.env ?? testEnv(),
        ...(walk.inIface !== undefined ? { inIface: walk.inIface } : {}),
        ...(walk.outIface !== undefined ? { outIface: walk.outIface } : {}),
      }).verdict,
  );
}
