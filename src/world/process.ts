// A running tool (ping, nc, a live tcpdump) as the world's network sees it: it owns
// sockets and capture taps, sets timers on the virtual clock, and is told what happens.
import type { SocketEvent } from "../stack/host.ts";
import type { EthernetFrame } from "../wire/frame.ts";

/** A frame seen by a capture tap (dev_queue_xmit_nit / packet taps on receive). */
export interface Capture {
  readonly ns: string;
  readonly dev: string;
  readonly ifindex: number;
  /** Virtual time in microseconds. */
  readonly at: number;
  readonly frame: EthernetFrame;
  readonly bytes: Uint8Array;
  readonly direction: "in" | "out";
}

export const SIGINT = 2;
export const SIGKILL = 9;
export const SIGPIPE = 13;
export const SIGTERM = 15;

export interface Process {
  readonly pid: number;
  /** The command line, as `jobs` shows it. */
  readonly name: string;
  /** The network namespace it runs in (what `nsenter -t PID -n` enters). */
  readonly ns?: string;
  readonly done: boolean;
  readonly status: number;
  /** The signal that ended it (WTERMSIG), absent when it exited of its own accord. */
  readonly termsig?: number;
  onSocket?(event: SocketEvent): void;
  onCapture?(capture: Capture): void;
  /** kill(1): the process ends its own way (tcpdump prints its statistics). */
  signal(sig: number): void;
  /**
   * Nothing else can happen in the world and the process still waits: on a real system it
   * would wait forever. It must end (and may say why).
   */
  stuck?(): void;
}
