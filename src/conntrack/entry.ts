// One tracked connection (struct nf_conn, include/net/netfilter/nf_conntrack.h) as plain
// JSON data, with its status bits (include/uapi/linux/netfilter/nf_conntrack_common.h).
import type { TcpCt } from "./tcp.ts";
import type { Dir, Tuple } from "./tuple.ts";

/** IPS_* status bits, by bit number. */
export const IPS = {
  EXPECTED: 1 << 0,
  SEEN_REPLY: 1 << 1,
  ASSURED: 1 << 2,
  CONFIRMED: 1 << 3,
  SRC_NAT: 1 << 4,
  DST_NAT: 1 << 5,
  SEQ_ADJUST: 1 << 6,
  SRC_NAT_DONE: 1 << 7,
  DST_NAT_DONE: 1 << 8,
  DYING: 1 << 9,
  FIXED_TIMEOUT: 1 << 10,
  TEMPLATE: 1 << 11,
  NAT_CLASH: 1 << 12,
  HELPER: 1 << 13,
  OFFLOAD: 1 << 14,
  HW_OFFLOAD: 1 << 15,
} as const;

export const IPS_NAT_MASK = IPS.SRC_NAT | IPS.DST_NAT;
export const IPS_NAT_DONE_MASK = IPS.SRC_NAT_DONE | IPS.DST_NAT_DONE;

/** The names of the set bits, in bit order (what ConntrackView.status lists). */
export function statusNames(status: number): string[] {
  return Object.entries(IPS).filter(([, bit]) => (status & bit) !== 0).map(([name]) => name);
}

/**
 * struct nf_conntrack_zone: an id, and the directions it applies to (NF_CT_ZONE_DIR_*);
 * a direction it does not apply to is looked up in zone 0.
 */
export interface CtZone {
  readonly id: number;
  readonly dir: "both" | "original" | "reply";
}

export const DEFAULT_ZONE: CtZone = { id: 0, dir: "both" };

/** nf_ct_zone_id: the zone id a tuple of this direction is hashed and compared with. */
export function zoneId(zone: CtZone | undefined, dir: Dir): number {
  if (zone === undefined) return 0;
  const applies = zone.dir === "both" || (zone.dir === "original") === (dir === 0);
  return applies ? zone.id : 0;
}

/** FTP helper state (struct nf_ct_ftp_master): sequence numbers just after a newline, per direction. */
export interface FtpState {
  seqAftNl: [number[], number[]];
  pickup: [boolean, boolean];
}

export interface CtEntry {
  /** Creation order in this table; `conntrack -o id` prints it. */
  readonly id: number;
  readonly orig: Tuple;
  /** Altered by NAT (nf_conntrack_alter_reply) before the entry is confirmed. */
  reply: Tuple;
  zone?: CtZone;
  status: number;
  /**
   * Confirmed: the virtual time (ms) at which the entry expires. Unconfirmed: the timeout
   * length (ms) it gets when confirmed, as the kernel keeps ct->timeout relative until then.
   */
  timeout: number;
  mark: number;
  tcp?: TcpCt;
  /** nf_conntrack_proto_udp.c stream_ts: two seconds after creation (ms). */
  udpStreamTs?: number;
  /** Conntrack helper attached (CT --helper), by name. */
  helper?: string;
  ftp?: FtpState;
  /** The master connection of an expected one (its id). */
  master?: number;
  /** nf_conn_nat masq_index: the device MASQUERADE chose the address of. */
  masqIface?: string;
  /** nf_conntrack_acct: packets and bytes, original then reply. */
  counters?: [number, number, number, number];
  /**
   * nf_conn_tstamp (nf_conntrack_timestamp=1): the virtual time (ms) the entry was
   * confirmed, or made by ctnetlink. Its stop is the time of its destroy event.
   */
  start?: number;
}

export function isConfirmed(e: CtEntry): boolean {
  return (e.status & IPS.CONFIRMED) !== 0;
}

export function tupleOfDir(e: CtEntry, dir: Dir): Tuple {
  return dir === 0 ? e.orig : e.reply;
}
