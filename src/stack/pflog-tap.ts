// The pflog0 interface of a Mac, as bpf sees it (xnu if_pflog.c: pflog_packet taps the
// interface's bpf with the pflog header and the packet; nothing is ever sent on it). A
// capture on pflog0 (tcpdump -i pflog0) listens here; like a capture tap of a device it
// lives only while its process runs, so it is kept beside the host's pf, not in it.
import type { PflogRecord, PfState } from "../pf/index.ts";

export type PflogListener = (record: PflogRecord) => void;

const listeners = new WeakMap<PfState, Set<PflogListener>>();

/** bpf attached to pflog0 of the host whose pf this is; returns the detach. */
export function pflogListen(pf: PfState, fn: PflogListener): () => void {
  const set = listeners.get(pf) ?? new Set<PflogListener>();
  listeners.set(pf, set);
  set.add(fn);
  return () => set.delete(fn);
}

/** pflog_packet's bpf_tap: every listener of pflogN gets the record (only pflog0 exists). */
export function pflogTap(pf: PfState, record: PflogRecord): void {
  if (record.logif !== 0) return;
  for (const fn of [...(listeners.get(pf) ?? [])]) fn(record);
}
