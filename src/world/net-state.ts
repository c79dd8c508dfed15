// The part of the world's network that is saved with it: frames still on a wire, kernel
// timers not yet run (both in virtual-time order), and the kernel log.
import type { KernelTimer } from "../stack/host.ts";
import type { EthernetFrame } from "../wire/frame.ts";

export type KernelWork =
  | { readonly kind: "frame"; readonly ns: string; readonly ifindex: number; readonly frame: EthernetFrame; readonly trace?: number }
  | KernelTimer;

export interface KernelEvent {
  /** Virtual time (µs) at which it runs. */
  readonly at: number;
  /** Order among events of the same time: the order they were scheduled in. */
  readonly seq: number;
  readonly work: KernelWork;
}

export interface KernelLogLine {
  /** Virtual time (µs). */
  readonly at: number;
  readonly ns: string;
  readonly level: number;
  readonly text: string;
}

export interface WorldNet {
  events: KernelEvent[];
  seq: number;
  /** The last trace id handed out, so that ids stay unique across runs. */
  lastTrace: number;
  log: KernelLogLine[];
}

export function emptyWorldNet(): WorldNet {
  return { events: [], seq: 0, lastTrace: 0, log: [] };
}
