// The run time of -m hashlimit (kernel net/netfilter/xt_hashlimit.c hashlimit_mt_common):
// one table per --hashlimit-name in the namespace, made with the config of the rule that
// first needed it; one token bucket per hashed key (addresses under their masks, ports),
// counted in jiffies at Debian's HZ of 250; idle entries collected every gc interval.
import type { EvalContext, PacketState } from "../context.ts";

/** XT_HASHLIMIT_* mode bits (include/uapi/linux/netfilter/xt_hashlimit.h). */
export const HL = { DIP: 1, DPT: 2, SIP: 4, SPT: 8, INVERT: 16, BYTES: 32, RATE_MATCH: 64 } as const;

/** struct hashlimit_cfg3 and the table name, as the kernel keeps a revision 3 rule. */
export interface HashlimitData {
  readonly mode: number;
  /** cfg.avg: 10^6 x seconds per packet, or in byte mode the cost of 16 bytes. */
  readonly avg: number;
  /** cfg.burst: packets, or in byte mode how many times the bucket refills. */
  readonly burst: number;
  readonly size: number;
  readonly max: number;
  readonly gcInterval: number;
  readonly expire: number;
  readonly interval: number;
  readonly srcmask: number;
  readonly dstmask: number;
  readonly name: string;
}

/** HZ of Debian's kernels, and the credit scales xt_hashlimit derives from it. */
export const HZ = 250n;
/** CREDITS_PER_JIFFY (revision 2+): the power of two below 2^64 / (HZ * 86400). */
export const CREDITS_PER_JIFFY = 1n << 39n;
/** CREDITS_PER_JIFFY_BYTES: the power of two below 2^32 / HZ. */
export const CREDITS_PER_JIFFY_BYTES = 1n << 24n;

/** user2credits, revision 3: (HZ * cpj / scale) credits per unit of avg, in u64. */
export function userToCredits(user: bigint): bigint {
  return BigInt.asUintN(64, user * ((HZ * CREDITS_PER_JIFFY) / 1_000_000n));
}

export function userToCreditsByte(user: bigint): bigint {
  return BigInt.asUintN(32, (user * HZ * CREDITS_PER_JIFFY_BYTES) >> 32n);
}

/** cost_to_bytes: the byte rate a byte-mode cost stands for. */
export function costToBytes(cost: bigint): bigint {
  const r = cost !== 0n ? 0xffffffffn / cost : 0xffffffffn;
  return BigInt.asUintN(64, (r - 1n) << 4n);
}

interface Bucket {
  prev: number;
  expires: number;
  /** u64 values as decimal strings, so the state stays JSON. */
  credit: string;
  cap: string;
  cost: string;
  /** Rate-match mode (revision 3): packets or bytes in this window against the rate. */
  rate?: string;
  burst?: string;
  interval?: number;
  current?: string;
  prevWindow?: boolean;
}

interface Table {
  cfg: HashlimitData;
  buckets: Record<string, Bucket>;
  gcNext: number;
}

function jiffies(ctx: EvalContext): number {
  return Math.floor((ctx.env.now() * Number(HZ)) / 1000);
}

/** msecs_to_jiffies at HZ 250: rounded up to whole 4 ms ticks. */
function msecsToJiffies(ms: number): number {
  return Math.ceil((ms * Number(HZ)) / 1000);
}

function tableFor(d: HashlimitData, ctx: EvalContext, now: number): Table {
  const store = ctx.shared ?? ctx.state;
  const key = `hashlimit:${d.name}`;
  const found = store[key] as Table | undefined;
  if (found !== undefined) return found;
  const table: Table = { cfg: d, buckets: {}, gcNext: now + msecsToJiffies(d.gcInterval) };
  store[key] = table;
  return table;
}

/** htable_gc: every gc interval, entries whose expiry has come are freed; the last run counts. */
function collect(t: Table, now: number): void {
  if (now < t.gcNext) return;
  const step = Math.max(1, msecsToJiffies(t.cfg.gcInterval));
  const last = t.gcNext + Math.floor((now - t.gcNext) / step) * step;
  for (const [k, b] of Object.entries(t.buckets)) if (last >= b.expires) delete t.buckets[k];
  t.gcNext = last + step;
}

/** hinfo->cfg.max: 8 times the table size, which without --hashlimit-htable-size is 8192 on a host of 1 GiB or more. */
function maxEntries(cfg: HashlimitData): number {
  const size = cfg.size !== 0 ? cfg.size : 8192;
  if (cfg.max === 0) return 8 * size;
  return Math.max(cfg.max, size);
}

/** proto_ports_offset: TCP, UDP, DCCP, ESP, SCTP and UDP-Lite at 0, AH at 4; others have no ports. */
const PORT_OFFSET: Readonly<Record<number, number>> = { 6: 0, 17: 0, 33: 0, 50: 0, 132: 0, 136: 0, 51: 4 };

/** The two 16-bit words at the protocol's port offset, or undefined when the packet is too short. */
function portWords(pkt: PacketState): [number, number] | undefined {
  const { l4, ip } = pkt;
  if (l4.kind === "tcp" || l4.kind === "udp") return [l4.sport, l4.dport];
  const offset = PORT_OFFSET[ip.proto];
  if (offset === undefined) return [0, 0];
  if (l4.kind === "other" && offset === 0 && l4.sport !== undefined && l4.dport !== undefined) return [l4.sport, l4.dport];
  // An unparsed transport header: the payload holds every byte after the IP header.
  const b = pkt.payload.slice(offset, offset + 4);
  if (b.length < 4) return undefined;
  return [((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0)];
}

function masked(addr: number, len: number): number {
  return len === 0 ? 0 : (addr & (0xffffffff << (32 - len))) >>> 0;
}

/** hashlimit_init_dst: the key of the packet's bucket, from the table's mode and masks. */
function bucketKey(cfg: HashlimitData, pkt: PacketState): string | undefined {
  const src = (cfg.mode & HL.SIP) !== 0 ? masked(pkt.ip.src, cfg.srcmask) : 0;
  const dst = (cfg.mode & HL.DIP) !== 0 ? masked(pkt.ip.dst, cfg.dstmask) : 0;
  let ports: [number, number] = [0, 0];
  if ((cfg.mode & (HL.SPT | HL.DPT)) !== 0) {
    const words = portWords(pkt);
    if (words === undefined) return undefined;
    ports = [(cfg.mode & HL.SPT) !== 0 ? words[0] : 0, (cfg.mode & HL.DPT) !== 0 ? words[1] : 0];
  }
  return `${String(src)}/${String(dst)}/${String(ports[0])}/${String(ports[1])}`;
}

/** rateinfo_init, from the table's config. */
function newBucket(cfg: HashlimitData, now: number): Bucket {
  const avg = BigInt(cfg.avg);
  const burst = BigInt(cfg.burst);
  const b: Bucket = { prev: now, expires: now + msecsToJiffies(cfg.expire), credit: "0", cap: "0", cost: "0" };
  if ((cfg.mode & HL.RATE_MATCH) !== 0) {
    const bytes = (cfg.mode & HL.BYTES) !== 0;
    const rate = bytes ? costToBytes(BigInt.asUintN(32, avg)) : avg !== 0n ? 1_000_000n / avg : 0n;
    const total = bytes ? (burst !== 0n ? burst * rate : rate) : burst + rate;
    return { ...b, rate: String(rate), burst: String(total), interval: cfg.interval, current: "0", prevWindow: false };
  }
  if ((cfg.mode & HL.BYTES) !== 0) {
    return { ...b, credit: String(CREDITS_PER_JIFFY_BYTES * HZ), cost: String(userToCreditsByte(avg)), cap: String(burst) };
  }
  const credit = userToCredits(BigInt.asUintN(64, avg * burst));
  return { ...b, credit: String(credit), cost: String(userToCredits(avg)), cap: String(credit) };
}

/** rateinfo_recalc: credit for the jiffies gone by, or a new rate-match window. */
function recalc(b: Bucket, now: number, mode: number): void {
  const delta = BigInt(now - b.prev);
  if (delta === 0n) return;
  if ((mode & HL.RATE_MATCH) !== 0) {
    const interval = BigInt(b.interval ?? 0) * HZ;
    if (delta < interval) return;
    b.prev = now;
    b.prevWindow = BigInt(b.current ?? "0") * interval > delta * BigInt(b.rate ?? "0");
    b.current = "0";
    return;
  }
  b.prev = now;
  const bytes = (mode & HL.BYTES) !== 0;
  const cap = bytes ? CREDITS_PER_JIFFY_BYTES * HZ : BigInt(b.cap);
  const credit = BigInt(b.credit) + (bytes ? CREDITS_PER_JIFFY_BYTES : CREDITS_PER_JIFFY) * delta;
  b.credit = String(credit > cap ? cap : credit);
}

/** hashlimit_byte_cost: 16-byte chunks at the bucket's cost, refilling while refills remain. */
function byteCost(len: number, b: Bucket): bigint {
  const full = CREDITS_PER_JIFFY_BYTES * HZ;
  let cost = BigInt((len >>> 4) + 1) * BigInt(b.cost);
  if (cost > full) cost = full;
  if (BigInt(b.credit) < cost && BigInt(b.cap) !== 0n) {
    b.cap = String(BigInt(b.cap) - 1n);
    b.credit = String(full);
  }
  return cost;
}

/** hashlimit_mt_common: under the limit matches (above inverts); no room for a new entry drops. */
export function hashlimitMatch(d: HashlimitData, ctx: EvalContext): boolean {
  const now = jiffies(ctx);
  const table = tableFor(d, ctx, now);
  collect(table, now);
  const key = bucketKey(table.cfg, ctx.packet);
  // The kernel drops the packet outright (hotdrop) here; nfsim can only not match.
  if (key === undefined) return false;
  let b = table.buckets[key];
  if (b === undefined) {
    if (Object.keys(table.buckets).length >= maxEntries(table.cfg)) return false;
    b = table.buckets[key] = newBucket(table.cfg, now);
  } else {
    b.expires = now + msecsToJiffies(table.cfg.expire);
    recalc(b, now, table.cfg.mode);
  }
  const under = !((d.mode & HL.INVERT) !== 0);
  if ((d.mode & HL.RATE_MATCH) !== 0) {
    const current = BigInt(b.current ?? "0") + ((d.mode & HL.BYTES) !== 0 ? BigInt(ctx.packet.ip.length) : 1n);
    b.current = String(current);
    return !b.prevWindow && current <= BigInt(b.burst ?? "0") ? under : !under;
  }
  const cost = (d.mode & HL.BYTES) !== 0 ? byteCost(ctx.packet.ip.length, b) : BigInt(b.cost);
  if (BigInt(b.credit) >= cost) {
    b.credit = String(BigInt(b.credit) - cost);
    return under;
  }
  return !under;
}
