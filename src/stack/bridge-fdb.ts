// A bridge's forwarding database (net/bridge/br_fdb.c): the source MAC of every frame a
// port receives is learned against that port; entries not refreshed within the ageing
// time (BR_DEFAULT_AGEING_TIME, 300 s) are forgotten. The MACs of the bridge and of its
// ports are the "local" entries: frames to them go up to the bridge's own stack.
import type { BridgeState, Device, FdbEntry } from "./types.ts";

/** BR_DEFAULT_AGEING_TIME (include/linux/if_bridge.h's 300 * HZ), in ms. */
export const AGEING_MS = 300_000;

/** is_multicast_ether_addr: the group bit of the first octet (broadcast included). */
export function isGroupMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

/** has_expired: an entry is stale once the ageing time has passed since it was seen (time_before_eq). */
function expired(updatedMs: number, nowMs: number): boolean {
  return nowMs - updatedMs >= AGEING_MS;
}

/** br_fdb_cleanup: the garbage collector drops the stale entries. */
export function fdbExpire(st: BridgeState, nowMs: number): void {
  // Entries the user added as static or permanent never age (br_fdb_cleanup skips BR_FDB_STATIC).
  const stale = (e: FdbEntry) => e.state === undefined && expired(e.updated, nowMs);
  // Every forwarded frame looks the table up: it is rebuilt only when something aged out.
  if (st.fdb.some(stale)) st.fdb = st.fdb.filter((e) => !stale(e));
}

/**
 * br_fdb_update: a unicast source MAC is (re)learned on the port it came in by; a MAC that
 * is local to the bridge is never learned (the kernel warns "own address as source").
 */
export function fdbLearn(st: BridgeState, mac: string, port: number, nowMs: number, local: boolean): void {
  if (isGroupMac(mac) || mac === "00:00:00:00:00:00" || local) return;
  const e = st.fdb.find((x) => x.mac === mac);
  if (e?.state === "permanent") return;
  if (e === undefined) st.fdb.push({ mac, port, updated: nowMs });
  else {
    e.port = port;
    e.updated = nowMs;
  }
}

/** br_fdb_find_rcu, as br_handle_frame_finish uses it: the port a MAC was learned on, unless stale. */
export function fdbLookup(st: BridgeState, mac: string, nowMs: number): number | undefined {
  fdbExpire(st, nowMs);
  return st.fdb.find((e) => e.mac === mac)?.port;
}

/** fdb_delete_by_port: a port leaving the bridge takes its entries with it. */
export function fdbForgetPort(st: BridgeState, port: number): void {
  st.fdb = st.fdb.filter((e) => e.port !== port);
}

/** The local entries: the bridge's MAC and every port's own (br_fdb_insert of BR_FDB_LOCAL). */
export function isLocalMac(br: Device, ports: readonly Device[], mac: string): boolean {
  // A permanent entry added by the user is local too (fdb_add_entry sets BR_FDB_LOCAL for NUD_PERMANENT).
  const added = br.bridge?.fdb.some((e) => e.mac === mac && e.state === "permanent") === true;
  return added || mac === br.mac || ports.some((p) => p.mac === mac);
}
