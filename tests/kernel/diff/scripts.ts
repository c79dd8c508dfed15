// The packets of one flow: a TCP connection (handshake, data, close) cut short, reset,
// started in the middle (an unsolicited SYN-ACK, RST or bare ACK), with retransmissions
// and out-of-window segments; a UDP exchange; an ICMP echo exchange; and ICMP errors
// that a passive host sends about a packet it received.
import type { CasePacket, Inner, PassiveHost } from "../../../src/cli/replay/schema.ts";
import type { Flow, Side, View } from "./flows.ts";
import type { Rng } from "./rng.ts";

/** One packet of a flow, by direction: `i` the initiator sends, `r` the responder. */
interface Step {
  readonly dir: "i" | "r";
  readonly flags?: string;
  readonly seq?: number;
  readonly ack?: number;
  readonly len?: number;
  readonly echoSeq?: number;
}

/** A packet with the flow it belongs to and who of the flow sends it. */
export interface FlowPacket {
  readonly packet: CasePacket;
  readonly flow: Flow;
  readonly dir: "i" | "r";
}

export interface Scripted {
  readonly packets: FlowPacket[];
  readonly tags: string[];
}

const reverse = (v: View): View => ({ src: v.dst, dst: v.src, sport: v.dport, dport: v.sport });

/** What a step looks like on the wire where it is sent: the initiator's view, or the responder's reply to its own. */
function sentView(f: Flow, dir: Step["dir"]): View {
  return dir === "i" ? f.a : reverse(f.b);
}

function sender(f: Flow, dir: Step["dir"]): Side {
  return dir === "i" ? f.init : (f.resp as Side);
}

function tcpSteps(rng: Rng): Step[] {
  const i = rng.int(1, 0x7fffffff);
  const r = rng.int(1, 0x7fffffff);
  const l1 = rng.int(1, 40);
  const l2 = rng.int(1, 40);
  return [
    { dir: "i", flags: "S", seq: i, ack: 0 },
    { dir: "r", flags: "SA", seq: r, ack: i + 1 },
    { dir: "i", flags: "A", seq: i + 1, ack: r + 1 },
    { dir: "i", flags: "PA", seq: i + 1, ack: r + 1, len: l1 },
    { dir: "r", flags: "A", seq: r + 1, ack: i + 1 + l1 },
    { dir: "r", flags: "PA", seq: r + 1, ack: i + 1 + l1, len: l2 },
    { dir: "i", flags: "A", seq: i + 1 + l1, ack: r + 1 + l2 },
    { dir: "i", flags: "FA", seq: i + 1 + l1, ack: r + 1 + l2 },
    { dir: "r", flags: "FA", seq: r + 1 + l2, ack: i + 2 + l1 },
    { dir: "i", flags: "A", seq: i + 2 + l1, ack: r + 2 + l2 },
  ];
}

/** A reset from one side, at the sequence number that side would use next. */
function reset(rng: Rng, upTo: readonly Step[]): Step {
  const dir = rng.pick(["i", "r"] as const);
  const last = [...upTo].reverse().find((s) => s.dir === dir);
  const seq = (last?.seq ?? rng.int(1, 0x7fffffff)) + (last?.len ?? 0) + (last?.flags?.includes("S") || last?.flags?.includes("F") ? 1 : 0);
  return rng.chance(0.5) ? { dir, flags: "R", seq, ack: 0 } : { dir, flags: "RA", seq, ack: last?.ack ?? 0 };
}

function tcpScript(rng: Rng, tags: string[]): Step[] {
  const all = tcpSteps(rng);
  const shape = rng.weighted({ open: 6, midstream: 2, reset: 2 });
  let steps: Step[];
  if (shape === "midstream") {
    const start = rng.pick([1, 2, 5]);
    tags.push(["", "tcp:unsolicited-synack", "tcp:unsolicited-ack", "", "", "tcp:midstream-data"][start] ?? "");
    steps = all.slice(start, start + rng.int(1, 3));
  } else {
    steps = all.slice(0, rng.int(1, all.length));
    tags.push(steps.length >= 3 ? "tcp:handshake" : "tcp:syn-only");
    if (steps.length >= 8) tags.push("tcp:close");
    if (shape === "reset") {
      steps.push(reset(rng, steps));
      tags.push("tcp:rst");
    }
  }
  if (rng.chance(0.1)) {
    steps = [{ dir: "i", flags: "R", seq: rng.int(1, 0x7fffffff), ack: 0 }];
    tags.push("tcp:unsolicited-rst");
  }
  return perturb(rng, steps, tags);
}

/** Retransmissions and out-of-window segments. */
function perturb(rng: Rng, steps: Step[], tags: string[]): Step[] {
  const out = [...steps];
  if (out.length > 0 && rng.chance(0.3)) {
    const k = rng.int(0, out.length - 1);
    const s = out[k];
    if (s !== undefined) out.splice(k + rng.int(1, 2), 0, s);
    tags.push("tcp:retransmission");
  }
  if (out.length > 1 && rng.chance(0.1)) {
    const k = rng.int(1, out.length - 1);
    const s = out[k];
    if (s !== undefined) out[k] = { ...s, seq: ((s.seq ?? 0) + 1_000_000) % 0x100000000 };
    tags.push("tcp:out-of-window");
  }
  return out;
}

function udpScript(rng: Rng, tags: string[]): Step[] {
  const n = rng.int(1, 4);
  tags.push(n >= 2 ? "udp:exchange" : "udp:single");
  return Array.from({ length: n }, (_, k) => ({ dir: k % 2 === 0 ? "i" : "r", len: rng.int(0, 32) }));
}

function echoScript(rng: Rng, tags: string[]): Step[] {
  const n = rng.int(1, 4);
  tags.push(n >= 2 ? "icmp:echo-exchange" : "icmp:echo-request");
  return Array.from({ length: n }, (_, k) => ({ dir: k % 2 === 0 ? "i" : "r", echoSeq: Math.floor(k / 2) + 1 }));
}

function stepPacket(f: Flow, s: Step): CasePacket {
  const v = sentView(f, s.dir);
  const base = { from: sender(f, s.dir), src: v.src, dst: v.dst };
  if (f.proto === "icmp") {
    return { ...base, proto: "icmp", icmp_type: s.dir === "i" ? 8 : 0, icmp_code: 0, icmp_id: v.sport, icmp_seq: s.echoSeq ?? 1 };
  }
  const ports = { sport: v.sport, dport: v.dport, ...(s.len !== undefined && s.len > 0 ? { payload_len: s.len } : {}) };
  if (f.proto === "udp") return { ...base, proto: "udp", ...ports };
  return { ...base, proto: "tcp", ...ports, flags: s.flags ?? "", seq: s.seq ?? 0, ack: s.ack ?? 0 };
}

/** The packets of a flow in order; only a passive responder's replies are listed (the dut answers by itself). */
export function flowScript(rng: Rng, f: Flow): Scripted {
  const tags: string[] = [`flow:${f.kind}`, `proto:${f.proto}`];
  const steps = f.proto === "tcp" ? tcpScript(rng, tags) : f.proto === "udp" ? udpScript(rng, tags) : echoScript(rng, tags);
  const passiveResp = f.resp === "client" || f.resp === "server";
  const kept = steps.filter((s) => s.dir === "i" || passiveResp);
  const packets = kept.map((s) => ({ packet: stepPacket(f, s), flow: f, dir: s.dir }));
  const first = packets[0];
  if (first !== undefined && f.init !== "dut" && rng.chance(0.06)) {
    packets[0] = { ...first, packet: { ...first.packet, ttl: 1 } };
    tags.push("ttl:1");
  }
  return { packets, tags: tags.filter((t) => t !== "") };
}

const ERRORS: readonly [number, number][] = [[3, 3], [3, 1], [3, 13], [11, 0], [3, 10]];

/** An ICMP error from the passive host that received `p`, quoting it as it arrived there (per the flow's predicted NAT). */
export function icmpErrorAbout(rng: Rng, f: Flow, dir: "i" | "r"): CasePacket | undefined {
  const receiver = dir === "i" ? f.resp : f.init;
  if (receiver !== "client" && receiver !== "server") return undefined;
  const seen = dir === "i" ? f.b : reverse(f.a);
  const [type, code] = rng.pick(ERRORS);
  const inner: Inner = f.proto === "icmp"
    ? { proto: "icmp", src: seen.src, dst: seen.dst, icmp_type: dir === "i" ? 8 : 0, icmp_id: seen.sport }
    : { proto: f.proto, src: seen.src, dst: seen.dst, sport: seen.sport, dport: seen.dport };
  return { from: receiver as PassiveHost, proto: "icmp", src: seen.dst, dst: seen.src, icmp_type: type, icmp_code: code, inner };
}

/** An ICMP error about a packet that never passed: nothing to be related to. */
export function strayIcmpError(rng: Rng, from: PassiveHost): CasePacket {
  const me = from === "client" ? "10.0.1.2" : "10.0.2.2";
  const peer = from === "client" ? "10.0.2.2" : "10.0.1.2";
  const proto = rng.pick(["tcp", "udp"] as const);
  return {
    from, proto: "icmp", src: me, dst: peer, icmp_type: 3, icmp_code: 3,
    inner: { proto, src: peer, dst: me, sport: rng.int(1024, 9999), dport: rng.int(1024, 9999) },
  };
}
