// Shared by the match and target tests: run iptables commands on a fresh world, the real
// tool's failure forms, packets built as plain data, and walks through a table with an
// injected clock, randomness and address types.
import { expect } from "vitest";
import { runCommand } from "../cli/run.ts";
import { newWorld, type World } from "../world/world.ts";
import type { AddrType, ConntrackView, EngineEnv, PacketState } from "./context.ts";
import { evaluateTable, type Verdict } from "./evaluate.ts";
import type { Ruleset } from "./ruleset.ts";
import type { Hook, TableName } from "./tables.ts";
import type { Ipv4Header, Transport } from "../wire/packet.ts";

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

/** A fresh world after `commands`, every one of which must succeed silently. */
export function worldAfter(...commands: string[]): World {
  const world = newWorld();
  for (const cmd of commands) expect(runCommand(world, cmd)).toMatchObject({ stderr: "", exit: 0 });
  return world;
}

/** The rules of a chain as `iptables -S CHAIN` prints them, without the chain line. */
export function saved(chain: string, ...commands: string[]): string[] {
  const { stdout } = session(...commands, `iptables -S ${chain}`);
  return stdout.split("\n").slice(1, -1);
}

/** The one rule `iptables -t TABLE -A CHAIN spec` makes, as `iptables -t TABLE -S CHAIN` prints it. */
export function savedRule(table: TableName, chain: string, spec: string): string {
  const world = worldAfter(`iptables -t ${table} -A ${chain} ${spec}`);
  return runCommand(world, `iptables -t ${table} -S ${chain}`).stdout.split("\n")[1] ?? "";
}

/** One command's failure: its stderr and exit status. */
export function refusal(command: string): { stderr: string; exit: number } {
  const { stderr, exit } = session(command);
  return { stderr, exit };
}

/** The hint iptables prints after a parameter problem. */
export const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** A parameter problem: the message after the version prefix, the help hint, status 2. */
export const fails = (message: string) => ({ stderr: `iptables v1.8.9 (nf_tables): ${message}\n${TRY}`, exit: 2 });

/** A parameter problem from libxtables' x6 option parser, which ends its message with a blank line. */
export const failsX6 = (message: string) => fails(`${message}\n`);

/** The kernel refusing the appended rule with an errno text, status 4. */
export const kernel = (errno: string, chain = "INPUT") => ({
  stderr: `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (${errno}): rule in chain ${chain}\n`,
  exit: 4,
});

export function rulesetOf(world: World): Ruleset {
  const ns = world.namespaces[""];
  if (ns === undefined) throw new Error("no initial namespace");
  return ns.ruleset;
}

/** An environment at virtual time `now` that sees the world's ipsets (for -m set and -j SET). */
export function envAt(world: World, now = 0): EngineEnv {
  return { ...testEnv({ now: () => now }), ipsets: () => world.namespaces[""]?.ipsets };
}

/** A dotted-quad IPv4 address as its number (tests write only valid ones). */
export const ip = (text: string) => text.split(".").reduce((a, b) => a * 256 + Number(b), 0);

export interface EnvOptions {
  now?: () => number;
  random?: () => number;
  addrType?: (addr: number, dev?: string) => AddrType;
}

export function testEnv(opts: EnvOptions = {}): EngineEnv {
  return { now: opts.now ?? (() => 0), random: opts.random ?? (() => 0), addrType: opts.addrType ?? (() => "UNICAST") };
}

/** IPv4 header fields that differ from packet()'s defaults. */
export type IpExtra = Partial<Ipv4Header>;

export function packet(proto: number, l4: Transport, extra: IpExtra = {}): PacketState {
  return {
    ip: {
      src: 0x0a000001, dst: 0x0a000002, proto, ttl: 64, tos: 0, length: 60, id: 1,
      fragOffset: 0, moreFragments: false, dontFragment: false, options: [], ...extra,
    },
    l4,
    payload: [],
    mark: 0,
  };
}

export const icmpPacket = (type: number, code: number, extra: IpExtra = {}) => packet(1, { kind: "icmp", type, code, id: 0, seq: 0 }, extra);
export const udpPacket = (sport: number, dport: number, extra: IpExtra = {}) => packet(17, { kind: "udp", sport, dport }, extra);
export const tcpPacket = (sport: number, dport: number, extra: IpExtra = {}) =>
  packet(6, { kind: "tcp", sport, dport, seq: 0, ack: 0, flags: 0x02, window: 0, options: [] }, extra);

/** The packet as part of an established connection with these fields. */
export function tracked(pkt: PacketState, ct: Partial<ConntrackView> = {}): PacketState {
  return { ...pkt, ct: { state: "ESTABLISHED", dir: "ORIGINAL", status: [], mark: 0, expires: 100, ...ct } };
}

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
