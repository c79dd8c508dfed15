// The library: a world to load (a real host's iptables-save or snapshot bundle, or one
// built with the emulated tools), packets to send into it, and their fates and traces.
//
//   import { World } from "nfsim";
//   const world = World.fromIptablesSave(readFileSync("host.rules", "utf8"));
//   const r = world.send({ proto: "tcp", src: "203.0.113.9", sport: 40000, dst: "10.0.0.5", dport: 22, in: "eth0" });
//   r.fate.kind;      // "dropped"
//   console.log(r.text());
import { monitorLines } from "./cli/trace/monitor.ts";
import { parseFlags, parseIcmpType } from "./cli/trace/args.ts";
import { traceJsonText, traceText } from "./cli/trace/render.ts";
import { runCommand, type RunResult } from "./cli/run.ts";
import type { Fate, PathTrace } from "./stack/skb.ts";
import { importWorld } from "./world/import.ts";
import { sendPacket, type PacketSpec } from "./world/send.ts";
import { INITIAL_NS, newWorld, type World as WorldState } from "./world/world.ts";
import { parseIpv4Strict } from "./wire/ipv4.ts";

/** A packet described the way `nfsim trace` takes one, with addresses as text. */
export interface Packet {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** The device it arrives on (of `ns`); absent: the namespace sends it itself. */
  readonly in?: string;
  /** The namespace: the one that sends it, or the one `in` belongs to (default: the initial one). */
  readonly ns?: string;
  /** TCP flags as letters ("S", "SA", "A", "R", "F", "P", "U") or names ("SYN,ACK"); default SYN. */
  readonly flags?: string;
  /** ICMP type by iptables' name ("echo-request", "port-unreachable") or number. */
  readonly type?: string | number;
  readonly code?: number;
  /** Assume the packet's connection exists (see PacketSpec.state). */
  readonly state?: "NEW" | "ESTABLISHED" | "RELATED";
  readonly ttl?: number;
  readonly len?: number;
  readonly mark?: number;
}

/** What became of a packet sent into a world. */
export interface SendResult {
  /** How its journey ended: delivered, sent out of the world, or dropped (and by what). */
  readonly fate: Fate;
  /** Every step: hooks, tables, rules tested, routing, conntrack, devices crossed. */
  readonly trace: PathTrace;
  /** Packets it caused directly (replies, resets, ICMP errors). */
  readonly caused: readonly PathTrace[];
  /** The journey as `nfsim trace` prints it (plain text). */
  text(): string;
  /** The journey as `nfsim trace --json` prints it. */
  json(): string;
  /** What `xtables-monitor --trace` would print for it (lines; none without a -j TRACE rule). */
  monitor(): string[];
}

function address(text: string, what: string): number {
  const a = parseIpv4Strict(text);
  if (a === undefined) throw new TypeError(`nfsim: ${what} "${text}" is not an IPv4 address`);
  return a;
}

function icmpType(p: Packet): { type?: number; code?: number } {
  if (p.type === undefined) return p.code !== undefined ? { code: p.code } : {};
  const t = typeof p.type === "number" ? { type: p.type } : parseIcmpType(p.type);
  const code = p.code ?? t.code;
  return { type: t.type, ...(code !== undefined ? { code } : {}) };
}

/** The engine's PacketSpec of a Packet; throws TypeError (or TraceArgError) on a bad field. */
export function packetSpec(p: Packet): PacketSpec {
  const icmp = icmpType(p);
  return {
    proto: p.proto, src: address(p.src, "source"), dst: address(p.dst, "destination"),
    ...(p.sport !== undefined ? { sport: p.sport } : {}),
    ...(p.dport !== undefined ? { dport: p.dport } : {}),
    ...(p.flags !== undefined ? { flags: parseFlags(p.flags) } : {}),
    ...(icmp.type !== undefined ? { icmpType: icmp.type } : {}),
    ...(icmp.code !== undefined ? { icmpCode: icmp.code } : {}),
    ...(p.state !== undefined ? { state: p.state } : {}),
    ...(p.ttl !== undefined ? { ttl: p.ttl } : {}),
    ...(p.len !== undefined ? { len: p.len } : {}),
    ...(p.mark !== undefined ? { mark: p.mark } : {}),
  };
}

/** A world of namespaces, rules and routes, with the tools that change it and packets to send into it. */
export class World {
  private constructor(
    /** The plain, JSON-serialisable state (what $NFSIM_STATE holds). */
    readonly state: WorldState,
  ) {}

  /** A fresh world: one initial namespace with only `lo` (down), as after `unshare --net`. */
  static empty(seed = 1): World {
    return new World(newWorld(seed));
  }

  /**
   * A host from its `iptables-save` output (with `-c` counters or without), with the
   * defaults `nfsim import` documents for everything a dump does not say (interfaces named
   * by -i/-o, a default route). Throws ImportError naming the line.
   */
  static fromIptablesSave(text: string): World {
    return new World(importWorld(text));
  }

  /** A host from an `nfsim snapshot` bundle (or a bare iptables-save dump). Throws ImportError. */
  static import(bundleText: string): World {
    return new World(importWorld(bundleText));
  }

  /** A world saved with `save()` (or an $NFSIM_STATE file). */
  static load(json: string): World {
    return new World(JSON.parse(json) as WorldState);
  }

  /** The state as JSON, for `load()` or $NFSIM_STATE. */
  save(): string {
    return JSON.stringify(this.state);
  }

  /** An independent copy (packets sent into it leave this world as it is). */
  clone(): World {
    return World.load(this.save());
  }

  /** Runs one command line of an emulated tool (`ip ...`, `iptables ...`, `sysctl ...`) in namespace `ns`; `now` is the date tools print. */
  run(line: string, options: { stdin?: string; ns?: string; now?: Date } = {}): RunResult {
    return runCommand(this.state, line, options.stdin ?? "", options.now ?? new Date(), options.ns ?? INITIAL_NS);
  }

  /**
   * Sends one packet and follows it to its end. Like a real packet it changes the world
   * (rule counters, conntrack entries, the clock); send into `clone()` to keep it as it is.
   * Throws SendError for a namespace or device the world does not have.
   */
  send(packet: Packet): SendResult {
    const spec = packetSpec(packet);
    const ns = packet.ns ?? INITIAL_NS;
    const sent = sendPacket(this.state, { ns, ...(packet.in !== undefined ? { in: packet.in } : {}) }, spec);
    const state = this.state;
    return {
      fate: sent.trace.fate,
      trace: sent.trace,
      caused: sent.caused,
      text: () => traceText(state, sent, false),
      json: () => traceJsonText(state, sent),
      monitor: () => monitorLines(state, sent.trace),
    };
  }
}
