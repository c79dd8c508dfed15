// What the packet path needs from the world around a namespace: the clock and randomness,
// the other namespaces, the wire (a frame put on a device reaches its veth peer later),
// kernel timers, connection tracking, the trace log, the kernel log, and the processes
// that own sockets. src/world implements it; the stack never reaches past it.
import type { ConntrackSteps } from "../conntrack/steps.ts";
import type { EthernetFrame } from "../wire/frame.ts";
import type { Ipv4Packet } from "../wire/packet.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Fate, PathTrace, TraceOrigin, TraceStep } from "./skb.ts";
import type { Endpoint } from "./state.ts";
import type { Device, NetNamespace } from "./types.ts";

/** Timers the kernel keeps, as JSON (they are saved with the world). */
export type KernelTimer =
  | { readonly kind: "neigh"; readonly ns: string; readonly ifindex: number; readonly addr: Ipv4 }
  | { readonly kind: "tcp"; readonly ns: string; readonly socket: number };

/** What a socket's owner hears about. */
export type SocketEvent =
  /** A raw ICMP socket's copy of an ICMP packet delivered here (ping reads replies this way). */
  | { readonly kind: "icmp"; readonly socket: number; readonly packet: Ipv4Packet }
  /** IP_RECVERR: an ICMP error about a packet this socket sent (the quoted packet as far as it goes). */
  | { readonly kind: "icmp-error"; readonly socket: number; readonly from: Ipv4; readonly type: number; readonly code: number; readonly info: number; readonly quoted: Ipv4Packet }
  | { readonly kind: "datagram"; readonly socket: number; readonly from: Endpoint; readonly payload: readonly number[] }
  | { readonly kind: "connected"; readonly socket: number }
  | { readonly kind: "accepted"; readonly socket: number; readonly child: number; readonly from: Endpoint }
  | { readonly kind: "data"; readonly socket: number; readonly payload: readonly number[] }
  /** The peer closed its side (FIN). */
  | { readonly kind: "eof"; readonly socket: number }
  /** sk_err: the connection failed or was reset (errno name), or a connected UDP socket got an error. */
  | { readonly kind: "error"; readonly socket: number; readonly errno: string }
  /** Both sides are closed: the socket is gone. */
  | { readonly kind: "closed"; readonly socket: number };

export interface NetHost {
  /** Virtual time in microseconds. */
  now(): number;
  /** A seeded uniform source in [0, 1). */
  random(): number;
  readonly namespaces: Readonly<Record<string, NetNamespace>>;
  /** Puts a frame on a device; capture taps see it, and the veth peer receives it a little later. */
  transmit(ns: string, dev: Device, frame: EthernetFrame, trace?: number): void;
  /** Shows a frame to the capture taps of a device (a bridge passing a frame up to itself). */
  capture?(ns: string, dev: Device, frame: EthernetFrame, direction: "in" | "out"): void;
  /** Runs a kernel timer at virtual time `at` (µs). */
  schedule(at: number, timer: KernelTimer): void;
  conntrack(ns: string): ConntrackSteps;
  beginTrace(origin: TraceOrigin, packet: Ipv4Packet, cause?: number): number;
  step(trace: number, step: TraceStep): void;
  fate(trace: number, fate: Fate): void;
  traceOf(trace: number): PathTrace | undefined;
  /** A line of the kernel log (nf_log): written only where the kernel writes it. */
  kernelLog(ns: string, level: number, text: string): boolean;
  /** Tells a socket's owner what happened. */
  notify(owner: number, event: SocketEvent): void;
}
