// What `bridge fdb add/replace/del ... master` asks of a bridge (net/bridge/br_fdb.c
// br_fdb_add → fdb_add_entry, br_fdb_delete → fdb_delete_by_addr_and_port). An entry the
// user adds is permanent (local: frames to it go up to the bridge), static (forwarded to
// its port, never ages) or dynamic (ages like a learned one).
import { isGroupMac } from "./bridge-fdb.ts";
import { fail } from "./errors.ts";
import type { BridgeState, Device, FdbEntry } from "./types.ts";

export type FdbUserState = "permanent" | "static" | "dynamic";

/** NLM_F_CREATE and NLM_F_EXCL: add is both, replace only creates. */
export interface FdbAddMode {
  readonly excl: boolean;
}

function stateOf(state: FdbUserState): FdbEntry["state"] {
  return state === "dynamic" ? undefined : state;
}

/**
 * fdb_add_entry: a new entry goes to the head of the list (the dump shows it first); an
 * existing one (a port's own MAC counts) is refused by add, and moved and re-stated by
 * replace. Group addresses go to the multicast database, which nfsim does not keep.
 */
export function fdbUserAdd(st: BridgeState, ports: readonly Device[], port: Device, mac: string, state: FdbUserState, mode: FdbAddMode, nowMs: number): void {
  if (isGroupMac(mac)) fail("EINVAL", "nfsim does not emulate the bridge's multicast database");
  const own = ports.some((p) => p.mac === mac);
  const e = st.fdb.find((x) => x.mac === mac);
  if ((own || e !== undefined) && mode.excl) fail("EEXIST");
  if (own) fail("EINVAL", "nfsim does not emulate replacing a port's own local entry");
  const next = stateOf(state);
  if (e === undefined) {
    st.fdb.push({ mac, port: port.ifindex, updated: nowMs, ...(next !== undefined ? { state: next } : {}) });
    return;
  }
  e.port = port.ifindex;
  e.updated = nowMs;
  if (next === undefined) delete e.state;
  else e.state = next;
}

/** fdb_delete_by_addr_and_port: the entry must point to that port. */
export function fdbUserDel(st: BridgeState, port: Device, mac: string): void {
  const i = st.fdb.findIndex((x) => x.mac === mac && x.port === port.ifindex);
  if (i < 0) fail("ENOENT");
  st.fdb.splice(i, 1);
}
