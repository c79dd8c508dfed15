// -j NFQUEUE, revision 3 (libxt_NFQUEUE.c; kernel net/netfilter/xt_NFQUEUE.c
// nfqueue_tg_v3): hand the packet to the userspace program reading a netlink queue. The
// table's verdict is QUEUE; the effect names the queue and whether --queue-bypass lets the
// packet go on (as ACCEPT) when no program listens there, instead of being dropped
// (nf_queue.c __nf_queue returns -ESRCH; nf_hook_slow drops unless NF_VERDICT_FLAG_QUEUE_BYPASS).
import { parameterProblem } from "../errors.ts";
import { defineTarget } from "../extension.ts";
import { parseIntX6, parseRangeX6 } from "../xtparse.ts";
import { asLoaded, jhash3, reciprocalScale } from "../jhash.ts";
import type { EvalContext } from "../context.ts";

interface NfqueueData {
  queue: number;
  /** queues_total: a u16, so a balance over all 65536 queues wraps to 0 (which the kernel refuses). */
  total: number;
  bypass: boolean;
  cpuFanout: boolean;
}

/** The balance range: two numbers, the first smaller (NFQUEUE_parse_v3). */
function parseBalance(arg: string): { queue: number; total: number } {
  const r = parseRangeX6("NFQUEUE", "queue-balance", arg, 0, 0xffff);
  const [first = 0, last] = r;
  if (last === undefined) throw parameterProblem(`Bad range "${arg}"`);
  if (first >= last) throw parameterProblem(`${String(first)} should be less than ${String(last)}`);
  return { queue: first, total: (last - first + 1) & 0xffff };
}

function queueWords(d: NfqueueData, num: string, balance: string): string {
  return d.total > 1 ? `${balance} ${String(d.queue)}:${String(d.queue + d.total - 1)}` : `${num} ${String(d.queue)}`;
}

/**
 * nfqueue_hash (include/net/netfilter/nf_queue.h hash_v4): both directions of a flow share
 * a queue; the addresses are hashed and ordered as x86 loads them (byte-swapped). The
 * kernel's jhash_initval is random once per boot; here it is drawn once per rule from the
 * world's seeded source and kept with the rule. --queue-cpu-fanout picks by CPU number
 * instead: nfsim runs on CPU 0.
 */
function pickQueue(d: NfqueueData, ctx: EvalContext): number {
  if (d.total <= 1 || d.cpuFanout) return d.queue;
  if (typeof ctx.state.initval !== "number") ctx.state.initval = Math.floor(ctx.env.random() * 2 ** 32);
  const initval = ctx.state.initval as number;
  const src = asLoaded(ctx.packet.ip.src);
  const dst = asLoaded(ctx.packet.ip.dst);
  const hash = src < dst ? jhash3(src, dst, ctx.packet.ip.proto, initval) : jhash3(dst, src, ctx.packet.ip.proto, initval);
  return d.queue + reciprocalScale(hash, d.total);
}

export const nfqueue = defineTarget<NfqueueData>({
  name: "NFQUEUE",
  options: [
    { name: "queue-num", arg: "required", excl: ["queue-balance"] },
    { name: "queue-balance", arg: "required", excl: ["queue-num"] },
    { name: "queue-bypass", arg: "none" },
    { name: "queue-cpu-fanout", arg: "none", also: ["queue-balance"] },
  ],
  init: () => ({ queue: 0, total: 1, bypass: false, cpuFanout: false }),
  parse({ option, arg = "", data }) {
    switch (option) {
      case "queue-num":
        return { ...data, queue: parseIntX6("NFQUEUE", option, arg, 0, 0xffff) };
      case "queue-balance":
        return { ...data, ...parseBalance(arg) };
      case "queue-bypass":
        return { ...data, bypass: true };
      default:
        return { ...data, cpuFanout: true };
    }
  },
  // nfqueue_tg_check: no queues at all.
  check: (d) => (d.total === 0 ? "EINVAL" : undefined),
  save: (d) => ` ${queueWords(d, "--queue-num", "--queue-balance")}${d.bypass ? " --queue-bypass" : ""}${d.cpuFanout ? " --queue-cpu-fanout" : ""}`,
  print: (d) => ` NFQUEUE ${queueWords(d, "num", "balance")}${d.bypass ? " bypass" : ""}${d.cpuFanout ? " cpu-fanout" : ""}`,
  act(d, ctx) {
    ctx.effects.push({ kind: "queue", queue: pickQueue(d, ctx), bypass: d.bypass });
    return "queue";
  },
});
