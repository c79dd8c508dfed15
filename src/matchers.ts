// Test-framework matchers for firewall rules, for vitest and jest alike (both call a
// matcher as `fn.call(state, received, ...args)` and read `{ pass, message }`; `.not`
// inverts `pass`). Each expectation sends its packet into a copy of the world, so the
// world under test is left as it was and expectations do not influence each other.
//
//   import { expect } from "vitest";           // or jest's global expect
//   import { nfsimMatchers } from "nfsim/matchers";
//   expect.extend(nfsimMatchers);
//   expect(world).toDrop({ proto: "tcp", src: "203.0.113.9", dst: "10.0.0.5", dport: 22, in: "eth0" });
import { World, type Packet, type SendResult } from "./api.ts";
import type { CtTupleSnapshot, PathTrace } from "./stack/skb.ts";
import { parseIpv4Strict } from "./wire/ipv4.ts";

/** What a matcher returns to vitest or jest. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function worldOf(received: unknown): World {
  if (received instanceof World) return received;
  throw new TypeError("nfsim matchers: expect(...) must be given an nfsim World");
}

function describe(p: Packet): string {
  const port = (n: number | undefined) => (n === undefined ? "" : `:${String(n)}`);
  const where = p.in !== undefined ? ` in ${p.in}` : p.ns !== undefined ? ` from ${p.ns}` : "";
  return `${p.proto} ${p.src}${port(p.sport)} > ${p.dst}${port(p.dport)}${where}`;
}

/** Whether a netfilter hook (or conntrack at one) dropped the packet anywhere on its way. */
function droppedByFirewall(t: PathTrace): boolean {
  return t.steps.some((s) => s.kind === "hook" && s.verdict !== "ACCEPT");
}

/** Whether it got through the last hook of a host: INPUT (to a local socket) or POSTROUTING (out). */
function passedFirewall(t: PathTrace): boolean {
  return !droppedByFirewall(t) && t.steps.some((s) => s.kind === "hook" && (s.hook === "INPUT" || s.hook === "POSTROUTING") && s.verdict === "ACCEPT");
}

/** Where NAT took the packet: the other end of the first NATed connection it belonged to. */
function natTarget(t: PathTrace): { dst?: CtTupleSnapshot; src?: CtTupleSnapshot } {
  for (const s of t.steps) {
    if (s.kind !== "hook" || s.ct?.orig === undefined || s.ct.reply === undefined) continue;
    const { orig, reply } = s.ct;
    const dnat = reply.src !== orig.dst || reply.sport !== orig.dport;
    const snat = reply.dst !== orig.src || reply.dport !== orig.sport;
    if (dnat || snat) return { ...(dnat ? { dst: reply } : {}), ...(snat ? { src: reply } : {}) };
  }
  return {};
}

function result(pass: boolean, r: SendResult, yes: string, no: string): MatcherResult {
  return { pass, message: () => `${pass ? no : yes}\n\n${r.text()}` };
}

function send(received: unknown, packet: Packet): SendResult {
  return worldOf(received).clone().send(packet);
}

/** "10.0.2.2:80" or "10.0.2.2". */
function parseTarget(text: string): { addr: number; port?: number } {
  const [host = "", port] = text.split(":");
  const addr = parseIpv4Strict(host);
  if (addr === undefined || (port !== undefined && !/^\d+$/.test(port))) throw new TypeError(`nfsim matchers: "${text}" is not ADDRESS[:PORT]`);
  return { addr, ...(port !== undefined ? { port: Number(port) } : {}) };
}

function endpointIs(t: CtTupleSnapshot | undefined, side: "src" | "dst", want: { addr: number; port?: number }): boolean {
  if (t === undefined) return false;
  const addr = side === "src" ? t.src : t.dst;
  const port = side === "src" ? t.sport : t.dport;
  return addr === want.addr && (want.port === undefined || port === want.port);
}

export const nfsimMatchers = {
  /** The firewall lets the packet through: no hook drops it and it passes INPUT or POSTROUTING. */
  toAccept(received: unknown, packet: Packet): MatcherResult {
    const r = send(received, packet);
    return result(passedFirewall(r.trace), r, `expected ${describe(packet)} to be accepted, but it was not:`, `expected ${describe(packet)} not to be accepted, but it was:`);
  },

  /** A netfilter hook drops the packet (DROP, REJECT, a policy, or conntrack). */
  toDrop(received: unknown, packet: Packet): MatcherResult {
    const r = send(received, packet);
    return result(droppedByFirewall(r.trace), r, `expected ${describe(packet)} to be dropped, but it was not:`, `expected ${describe(packet)} not to be dropped, but it was:`);
  },

  /**
   * NAT rewrites the packet's destination (DNAT, REDIRECT) or source (SNAT, MASQUERADE)
   * to `to` ("ADDRESS:PORT" or "ADDRESS").
   */
  toNatTo(received: unknown, packet: Packet, to: string): MatcherResult {
    const want = parseTarget(to);
    const r = send(received, packet);
    const nat = natTarget(r.trace);
    // The reply tuple's source is the new destination; its destination the new source.
    const pass = endpointIs(nat.dst, "src", want) || endpointIs(nat.src, "dst", want);
    return result(pass, r, `expected ${describe(packet)} to be NATed to ${to}, but it was not:`, `expected ${describe(packet)} not to be NATed to ${to}, but it was:`);
  },
};

/** The matchers as `expect(world)` offers them once `expect.extend(nfsimMatchers)` ran. */
export interface NfsimMatchers<R = unknown> {
  toAccept(packet: Packet): R;
  toDrop(packet: Packet): R;
  toNatTo(packet: Packet, to: string): R;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- the same parameters as vitest's own declaration
  interface Assertion<T = any> extends NfsimMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmentation only adds members
  interface AsymmetricMatchersContaining extends NfsimMatchers {}
}
