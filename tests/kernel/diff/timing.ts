// Time in generated cases. The harness waits each `advance` for real, so a case that
// lets time pass sets short conntrack timeouts through its sysctls: every timeout is
// either SHORT (the unreplied and closing states) or LONG (the others) seconds. Real time
// runs ahead of virtual time by the harness's overhead (tens of milliseconds a packet), so
// every span of virtual time between two packets is kept out of [T-1, T] for each timeout
// T, and out of [1, 2] for the two seconds after which nf_conntrack_proto_udp.c extends a
// replied UDP entry to the stream timeout (stream_ts): on either side of those bands the
// kernel and a virtual clock agree as long as the overhead stays under a second or two,
// which timingHazard checks on every run against the real times.
import type { CasePacket } from "../../../src/cli/replay/schema.ts";
import type { Rng } from "./rng.ts";

/** The kernel's default conntrack timeouts (nf_conntrack_proto_*.c), in seconds: the thresholds a case has without sysctls. */
const DEFAULT_TIMEOUTS = [10, 30, 60, 120, 300, 600, 432000];
/** nf_conntrack_proto_udp.c: a replied UDP entry seen again more than 2 s after it began becomes a stream. */
const UDP_STREAM_S = 2;
/** Room for jiffies rounding around a threshold. */
const SLACK_MS = 20;

/** When each packet was sent and when the dut was read after it, in real milliseconds. */
export interface RealTimes {
  readonly sent: readonly number[];
  readonly observed: readonly number[];
}

/**
 * Why the real timing of a run may have made the kernel judge a time span differently from a
 * virtual clock, or undefined: a span between two packets that is short of a conntrack
 * timeout in virtual time but reached it in real time (up to the read after the later
 * packet), or two UDP packets at most 2 virtual seconds apart but more than 2 s apart for real.
 */
export function timingHazard(packets: readonly CasePacket[], sysctl: Readonly<Record<string, number | string>>, real: RealTimes): string | undefined {
  const timeouts = [...new Set([...DEFAULT_TIMEOUTS, ...Object.entries(sysctl).filter(([k]) => k.includes("_timeout")).map(([, v]) => Number(v))])];
  let clock = 0;
  const virtual = packets.map((p) => (clock += p.advance ?? 0));
  for (let j = 0; j < packets.length; j++) {
    for (let i = 0; i < j; i++) {
      const v = (virtual[j] ?? 0) - (virtual[i] ?? 0);
      const toRead = ((real.observed[j] ?? 0) - (real.sent[i] ?? 0)) / 1000;
      const t = timeouts.find((s) => v < s && toRead >= s - SLACK_MS / 1000);
      if (t !== undefined) return `packets ${String(i)} and ${String(j)} are ${String(v)} s apart in virtual time but ${toRead.toFixed(2)} s for real, across the ${String(t)} s timeout`;
      const udp = packets[i]?.proto === "udp" && packets[j]?.proto === "udp";
      const toSend = ((real.sent[j] ?? 0) - (real.sent[i] ?? 0)) / 1000;
      if (udp && v <= UDP_STREAM_S && toSend > UDP_STREAM_S - SLACK_MS / 1000) {
        return `UDP packets ${String(i)} and ${String(j)} are ${String(v)} s apart in virtual time but ${toSend.toFixed(2)} s for real, across the UDP stream's 2 s`;
      }
    }
  }
  return undefined;
}

const SHORT_STATES = ["tcp_timeout_syn_sent", "tcp_timeout_syn_recv", "tcp_timeout_close", "tcp_timeout_unacknowledged",
  "tcp_timeout_max_retrans", "udp_timeout", "icmp_timeout", "generic_timeout"];
const LONG_STATES = ["tcp_timeout_established", "tcp_timeout_fin_wait", "tcp_timeout_close_wait", "tcp_timeout_last_ack",
  "tcp_timeout_time_wait", "udp_timeout_stream"];

export interface Timeouts {
  readonly short: number;
  readonly long: number;
}

export function randomTimeouts(rng: Rng): Timeouts {
  return rng.pick([{ short: 4, long: 8 }, { short: 5, long: 9 }, { short: 4, long: 9 }]);
}

export function timeoutSysctls(t: Timeouts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of SHORT_STATES) out[`net.netfilter.nf_conntrack_${s}`] = t.short;
  for (const s of LONG_STATES) out[`net.netfilter.nf_conntrack_${s}`] = t.long;
  return out;
}

/** Spans of virtual time (whole seconds) that the kernel and a virtual clock could judge differently. */
function forbidden(t: Timeouts): Set<number> {
  return new Set([1, 2, t.short - 1, t.short, t.long - 1, t.long]);
}

/**
 * The packets with some `advance`s (whole seconds, at most `budget` of them), each chosen so
 * that no span between two packets falls in a forbidden band.
 */
export function withAdvances(rng: Rng, packets: readonly CasePacket[], t: Timeouts, budget: number): CasePacket[] {
  const bad = forbidden(t);
  const times: number[] = [];
  let left = budget;
  return packets.map((p, j) => {
    const now = times[times.length - 1] ?? 0;
    const ok = (adv: number) => times.every((ti) => !bad.has(now + adv - ti));
    const candidates = Array.from({ length: t.long + 3 }, (_, k) => k + 1).filter(ok);
    const adv = j > 0 && left > 0 && candidates.length > 0 && rng.chance(0.35) ? rng.pick(candidates) : 0;
    if (adv > 0) left--;
    times.push(now + adv);
    return adv > 0 ? { ...p, advance: adv } : p;
  });
}
