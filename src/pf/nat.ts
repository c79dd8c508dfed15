// The address and port a translation rule gives a packet (pf.c pf_get_translation,
// pf_map_addr, pf_get_sport): nat picks a free source port (50001-65535 by default, at a
// random start), rdr maps destination ports onto its range, binat maps host bits one to one.
import { maskAddr, type PfAddr } from "./addr.ts";
import type { PfEnv } from "./eval.ts";
import { resolveTable } from "./kernel.ts";
import { poolMask, type PacketDesc } from "./match.ts";
import { gwyInUse } from "./state.ts";
import type { PfAddrWrap, PfPool, PfRule, PfState, StateHost } from "./types.ts";

export interface Translation {
  readonly addr: PfAddr;
  readonly port: number;
  /** The end it replaces (pd->baddr, bport). */
  readonly before: StateHost;
}

/** The addresses a pool entry stands for, in order. */
function poolAddrs(pf: PfState, anchor: string, a: PfAddrWrap, env: PfEnv, af: 4 | 6): { addr: PfAddr; bits: number }[] {
  if (a.type === "addrmask") return [{ addr: a.addr, bits: a.bits }];
  if (a.type === "table") return (resolveTable(pf, anchor, a.name)?.entries ?? []).filter((e) => !e.not && e.addr.af === af).map((e) => ({ addr: e.addr, bits: e.bits }));
  if (a.type === "dynif") {
    const ifc = env.interfaces?.find((i) => i.name === a.ifname);
    const list = (ifc?.addrs ?? []).filter((x) => x.addr.af === af);
    return (a.mods.includes("0") ? list.slice(0, 1) : list).map((x) => ({ addr: x.addr, bits: x.addr.af === 4 ? 32 : 128 }));
  }
  return [];
}

function randomHost(net: PfAddr, bits: number, env: PfEnv): PfAddr {
  const width = net.af === 4 ? 32 : 128;
  let r = 0n;
  for (let i = 0; i < width / 32; i++) r = (r << 32n) | BigInt(Math.floor(env.random() * 0x100000000));
  const host: PfAddr = { af: net.af, hex: r.toString(16).padStart(width / 4, "0") };
  return poolMask(net, bits, host);
}

/** A stable hash of the source for `source-hash` (pf_hash folds the key in; any fixed mix keeps a source on one address). */
function hashHost(net: PfAddr, bits: number, src: PfAddr, key: string): PfAddr {
  let h = 0x811c9dc5;
  for (const ch of src.hex + key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const width = net.af === 4 ? 32 : 128;
  const host: PfAddr = { af: net.af, hex: BigInt(h).toString(16).padStart(width / 4, "0") };
  return poolMask(net, bits, host);
}

/** A round-robin pool's next entry of `n`: the cursor moves on (pf_map_addr's PF_POOL_ROUNDROBIN). */
export function poolIndex(pool: PfPool, n: number): number {
  const i = (pool.cursor ?? 0) % n;
  pool.cursor = i + 1;
  return i;
}

/** pf_map_addr(): the address a pool gives for this source. */
function mapAddr(pf: PfState, anchor: string, pool: PfPool, src: PfAddr, env: PfEnv): PfAddr | undefined {
  const all = pool.addrs.flatMap((pa) => poolAddrs(pf, anchor, pa.addr, env, src.af));
  if (all.length === 0) return undefined;
  if (pool.type === "round-robin") {
    const x = all[poolIndex(pool, all.length)];
    return x === undefined ? undefined : maskAddr(x.addr, x.bits);
  }
  const first = all[0];
  if (first === undefined) return undefined;
  switch (pool.type) {
    case "bitmask":
      return poolMask(first.addr, first.bits, src);
    case "random":
      return randomHost(first.addr, first.bits, env);
    case "source-hash":
      return hashHost(first.addr, first.bits, src, pool.key ?? "");
    default:
      return maskAddr(first.addr, first.bits);
  }
}

/** pf_get_sport(): a source port free toward this destination, searched from a random start. */
function natPort(pf: PfState, pd: PacketDesc, naddr: PfAddr, pool: PfPool, env: PfEnv): number | undefined {
  const ext: StateHost = { addr: pd.dst, port: pd.dport };
  const free = (port: number) => !gwyInUse(pf, pd.proto, { addr: naddr, port }, ext);
  const portful = pd.proto === 6 || pd.proto === 17 || pd.proto === 1;
  if (!portful) return free(pd.dport) ? pd.sport : undefined;
  let [low, high] = pool.proxyPort;
  if (pd.proto === 1) [low, high] = [1, 65535];
  if (low === 0 && high === 0) return free(pd.sport) ? pd.sport : undefined;
  if (low === high) return free(low) ? low : undefined;
  if (low > high) [low, high] = [high, low];
  const cut = low + Math.floor(env.random() * (1 + high - low));
  for (let p = cut; p <= high; p++) if (free(p)) return p;
  for (let p = cut - 1; p >= low; p--) if (free(p)) return p;
  return undefined;
}

/** pf_get_translation()'s switch: undefined when no address or port could be had. */
export function translate(pf: PfState, r: PfRule, dir: "in" | "out", pd: PacketDesc, env: PfEnv, anchor = ""): Translation | undefined {
  const pool = r.rpool;
  if (pool === undefined) return undefined;
  if (r.action === "nat") {
    const naddr = mapAddr(pf, anchor, pool, pd.src, env);
    if (naddr === undefined) return undefined;
    const port = natPort(pf, pd, naddr, pool, env);
    return port === undefined ? undefined : { addr: naddr, port, before: { addr: pd.src, port: pd.sport } };
  }
  if (r.action === "rdr") {
    let naddr = mapAddr(pf, anchor, pool, pd.src, env);
    if (naddr === undefined) return undefined;
    const first = pool.addrs[0]?.addr;
    if (pool.type === "bitmask" && first?.type === "addrmask") naddr = poolMask(naddr, first.bits, pd.dst);
    const [p0, p1] = pool.proxyPort;
    let port = pd.dport;
    if (p1) {
      port = ((pd.dport - (r.dst.port?.a ?? 0)) % (p1 - p0 + 1)) + p0;
      if (port > 65535) port -= 65535;
    } else if (p0) port = p0;
    return { addr: naddr, port, before: { addr: pd.dst, port: pd.dport } };
  }
  return binat(r, dir, pd);
}

/** binat: the rule's source network maps one to one onto its redirect network. */
function binat(r: PfRule, dir: "in" | "out", pd: PacketDesc): Translation | undefined {
  const to = r.rpool?.addrs[0]?.addr;
  const from = r.src.addr;
  if (to?.type !== "addrmask" || from.type !== "addrmask") return undefined;
  if (dir === "out") return { addr: poolMask(to.addr, to.bits, pd.src), port: pd.sport, before: { addr: pd.src, port: pd.sport } };
  return { addr: poolMask(from.addr, from.bits, pd.dst), port: pd.dport, before: { addr: pd.dst, port: pd.dport } };
}
