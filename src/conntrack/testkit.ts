// Test helpers: packets, a clock, and the packet path's calls into the engine in the
// kernel's order (DESIGN.md "The packet path"), with the nat table's effects given.
import type { Effect, EngineEnv, NatEffect, NatRange, PacketState } from "../netfilter/context.ts";
import { parseIpv4 } from "../wire/ipv4.ts";
import { IPPROTO, TCP_FLAG, type Ipv4Header, type TcpOption, type Transport } from "../wire/packet.ts";
import type { CtConfig } from "./config.ts";
import { conntrackSteps } from "./engine.ts";
import type { CtHost } from "./nat-hooks.ts";
import type { ConntrackSteps, CtIfaces, CtVerdict } from "./steps.ts";
import { formatEntry } from "./format.ts";
import { liveEntries, newConntrackTable, type CtTable } from "./table.ts";

export const ip = (text: string): number => {
  const v = parseIpv4(text);
  if (v === undefined) throw new Error(`bad address ${text}`);
  return v;
};

export interface TestEnv extends EngineEnv {
  advance(ms: number): void;
}

/** A virtual clock starting at `start` ms and a deterministic random source. */
export function testEnv(start = 1_000_000, seed = 7): TestEnv {
  let now = start;
  let state = seed >>> 0;
  return {
    now: () => now,
    random: () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    },
    addrType: () => "UNICAST",
    advance: (ms) => {
      now += ms;
    },
  };
}

function header(src: string, dst: string, proto: number, length: number): Ipv4Header {
  return {
    src: ip(src), dst: ip(dst), proto, ttl: 64, tos: 0, length, id: 0, fragOffset: 0,
    moreFragments: false, dontFragment: false, options: [],
  };
}

export function packet(src: string, dst: string, proto: number, l4: Transport, payload: readonly number[] = []): PacketState {
  const l4len = l4.kind === "tcp" ? 20 : l4.kind === "udp" || l4.kind === "icmp" ? 8 : 0;
  return { ip: header(src, dst, proto, 20 + l4len + payload.length), l4, payload, mark: 0 };
}

export interface TcpOpts {
  readonly seq?: number;
  readonly ack?: number;
  readonly window?: number;
  readonly options?: readonly TcpOption[];
  readonly payload?: readonly number[];
}

/** A TCP segment; `flags` as letters: S, A, F, R, P. */
export function tcp(src: string, sport: number, dst: string, dport: number, flags: string, o: TcpOpts = {}): PacketState {
  const bits: Record<string, number> = { S: TCP_FLAG.SYN, A: TCP_FLAG.ACK, F: TCP_FLAG.FIN, R: TCP_FLAG.RST, P: TCP_FLAG.PSH, U: TCP_FLAG.URG };
  const f = [...flags].reduce((acc, c) => acc | (bits[c] ?? 0), 0);
  const l4: Transport = {
    kind: "tcp", sport, dport, seq: o.seq ?? 0, ack: o.ack ?? 0, flags: f, window: o.window ?? 64240, options: o.options ?? [],
  };
  return packet(src, dst, IPPROTO.TCP, l4, o.payload ?? []);
}

export function udp(src: string, sport: number, dst: string, dport: number, payload: readonly number[] = [1]): PacketState {
  return packet(src, dst, IPPROTO.UDP, { kind: "udp", sport, dport }, payload);
}

export function icmp(src: string, dst: string, type: number, code: number, id = 0, seq = 1, payload: readonly number[] = []): PacketState {
  return packet(src, dst, IPPROTO.ICMP, { kind: "icmp", type, code, id, seq }, payload);
}

export function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

export function natEffect(type: NatEffect["type"], manip: "SRC" | "DST", range: Partial<NatRange> & { to?: string; ports?: NatRange["ports"] }): NatEffect {
  const [lo, hi] = (range.to ?? "").split("-");
  const data: NatRange = {
    random: range.random ?? false,
    randomFully: range.randomFully ?? false,
    persistent: range.persistent ?? false,
    ...(lo ? { addrs: { min: ip(lo), max: ip(hi ?? lo) } } : {}),
    ...(range.ports ? { ports: range.ports } : {}),
  };
  return { kind: "nat", type, manip, data };
}

/** The nat table's answer at a hook for a first packet: effects (a NAT target), or none (null binding). */
export type NatRules = Partial<Record<"PREROUTING" | "INPUT" | "OUTPUT" | "POSTROUTING", readonly Effect[]>>;

export interface Walk {
  readonly verdict: CtVerdict;
  /** Which hooks asked for the nat table. */
  readonly consulted: string[];
}

export interface Host {
  readonly table: CtTable;
  readonly steps: ConntrackSteps;
  readonly env: TestEnv;
  /** Whether the namespace has a nat table (the nat points are called). */
  nat: boolean;
  /** PREROUTING → FORWARD → POSTROUTING. */
  forward(pkt: PacketState, rules?: NatRules, ifaces?: { in?: string; out?: string }, raw?: readonly Effect[], drop?: boolean): Walk;
  /** PREROUTING → INPUT. */
  input(pkt: PacketState, rules?: NatRules, ifaces?: { in?: string }, raw?: readonly Effect[], drop?: boolean): Walk;
  /** OUTPUT → POSTROUTING. */
  output(pkt: PacketState, rules?: NatRules, ifaces?: { out?: string }, raw?: readonly Effect[], drop?: boolean): Walk;
}

export function makeHost(options: { config?: CtConfig; host?: CtHost; env?: TestEnv; table?: CtTable } = {}): Host {
  const table = options.table ?? newConntrackTable();
  const env = options.env ?? testEnv();
  const steps = conntrackSteps(table, { ...(options.config ? { config: options.config } : {}), ...(options.host ? { host: options.host } : {}) });
  const h: Host = {
    table, steps, env, nat: true,
    forward: (pkt, rules = {}, ifaces = {}, raw = [], drop = false) =>
      walk(h, pkt, ["PREROUTING", "POSTROUTING"], rules, ifaces, raw, drop),
    input: (pkt, rules = {}, ifaces = {}, raw = [], drop = false) => walk(h, pkt, ["PREROUTING", "INPUT"], rules, ifaces, raw, drop),
    output: (pkt, rules = {}, ifaces = {}, raw = [], drop = false) => walk(h, pkt, ["OUTPUT", "POSTROUTING"], rules, ifaces, raw, drop),
  };
  return h;
}

type NatHook = "PREROUTING" | "INPUT" | "OUTPUT" | "POSTROUTING";

function natPoint(h: Host, hook: NatHook, pkt: PacketState, rules: NatRules, ifaces: CtIfaces, consulted: string[]): CtVerdict {
  if (!h.nat) return "ACCEPT";
  const d = h.steps.natBefore(hook, pkt, h.env, ifaces);
  if (d.kind === "drop") return "DROP";
  if (d.kind === "skip") return "ACCEPT";
  consulted.push(hook);
  return h.steps.natAfter(hook, pkt, rules[hook] ?? [], h.env, ifaces);
}

/** The conntrack and nat points of two hooks; `drop` drops the packet in the filter table between them. */
function walk(h: Host, pkt: PacketState, hooks: [NatHook, NatHook], rules: NatRules, ifaces: CtIfaces, raw: readonly Effect[], drop: boolean): Walk {
  const consulted: string[] = [];
  const fail = (): Walk => {
    h.steps.dropped(pkt);
    return { verdict: "DROP", consulted };
  };
  const [first, last] = hooks;
  if (h.steps.conntrackIn(first, pkt, h.env, ifaces, raw) === "DROP") return fail();
  if (natPoint(h, first, pkt, rules, ifaces, consulted) === "DROP") return fail();
  if (drop) return fail();
  if (natPoint(h, last, pkt, rules, ifaces, consulted) === "DROP") return fail();
  if (h.steps.confirm(last, pkt, h.env) === "DROP") return fail();
  return { verdict: "ACCEPT", consulted };
}

/** What `conntrack -L` would print now, oldest entry first. */
export function listing(h: Host): string[] {
  return liveEntries(h.table, h.env.now()).map((e) => formatEntry(e, h.env.now()));
}

/** The ctstate a rule would see for the packet (no entry is INVALID). */
export function seen(p: PacketState): string {
  return p.ct?.state ?? "INVALID";
}

/**
 * Each packet forwarded, then 50 ms pass (as between the real captures' packets): the
 * state each packet was given and the table listed after it.
 */
export function forwardAll(h: Host, packets: readonly PacketState[], rules: NatRules = {}): { state: string; table: string[] }[] {
  return packets.map((p) => {
    h.forward(p, rules);
    h.env.advance(50);
    return { state: seen(p), table: listing(h) };
  });
}
