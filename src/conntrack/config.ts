// The knobs of connection tracking: the net.netfilter.nf_conntrack_* sysctls with the
// kernel's defaults (nf_conntrack_proto_{tcp,udp,icmp,gre,generic}.c, nf_conntrack_core.c).
// Timeouts are in seconds, as the sysctls give them.

export const TCP_TIMEOUT_NAMES = [
  "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE",
  "SYN_SENT2", "RETRANS", "UNACK",
] as const;
export type TcpTimeoutName = (typeof TCP_TIMEOUT_NAMES)[number];

export interface CtTimeouts {
  readonly tcp: Readonly<Record<TcpTimeoutName, number>>;
  readonly udp: number;
  readonly udpStream: number;
  readonly icmp: number;
  readonly generic: number;
  /** nf_conntrack_proto_gre.c: GRE_CT_UNREPLIED and GRE_CT_REPLIED (no sysctl). */
  readonly gre: number;
  readonly greStream: number;
}

export interface CtConfig {
  /** nf_conntrack_max: entries allowed before new connections need an early drop. */
  readonly max: number;
  /** nf_conntrack_buckets: hash buckets, of which early drop searches eight. */
  readonly buckets: number;
  /** nf_conntrack_tcp_loose: pick up connections from a packet other than a SYN. */
  readonly tcpLoose: boolean;
  /** nf_conntrack_tcp_be_liberal: only out-of-window RSTs are INVALID. */
  readonly tcpBeLiberal: boolean;
  readonly tcpMaxRetrans: number;
  readonly tcpIgnoreInvalidRst: boolean;
  /** nf_conntrack_checksum: transport checksums are verified at PREROUTING. */
  readonly checksum: boolean;
  /** nf_conntrack_acct: per-direction packet and byte counters. */
  readonly acct: boolean;
  /** nf_conntrack_timestamp: entries keep the time they were confirmed (nf_conntrack_timestamp.c). */
  readonly timestamp: boolean;
  /** nf_conntrack_expect_max. */
  readonly expectMax: number;
  readonly timeouts: CtTimeouts;
}

export const DEFAULT_TIMEOUTS: CtTimeouts = {
  tcp: {
    SYN_SENT: 120, SYN_RECV: 60, ESTABLISHED: 432000, FIN_WAIT: 120, CLOSE_WAIT: 60, LAST_ACK: 30,
    TIME_WAIT: 120, CLOSE: 10, SYN_SENT2: 120, RETRANS: 300, UNACK: 300,
  },
  udp: 30,
  udpStream: 120,
  icmp: 30,
  generic: 600,
  gre: 30,
  greStream: 180,
};

export const DEFAULT_CONFIG: CtConfig = {
  max: 262144,
  buckets: 262144,
  tcpLoose: true,
  tcpBeLiberal: false,
  tcpMaxRetrans: 3,
  tcpIgnoreInvalidRst: false,
  checksum: true,
  acct: false,
  timestamp: false,
  expectMax: 4096,
  timeouts: DEFAULT_TIMEOUTS,
};

const P = "net.netfilter.nf_conntrack_";

/** The sysctl of each TCP timeout (SYN_SENT2 has none: it shares syn_sent's default). */
const TCP_SYSCTL: Partial<Record<TcpTimeoutName, string>> = {
  SYN_SENT: "tcp_timeout_syn_sent", SYN_RECV: "tcp_timeout_syn_recv", ESTABLISHED: "tcp_timeout_established",
  FIN_WAIT: "tcp_timeout_fin_wait", CLOSE_WAIT: "tcp_timeout_close_wait", LAST_ACK: "tcp_timeout_last_ack",
  TIME_WAIT: "tcp_timeout_time_wait", CLOSE: "tcp_timeout_close", RETRANS: "tcp_timeout_max_retrans",
  UNACK: "tcp_timeout_unacknowledged",
};

/**
 * The configuration a namespace's sysctls give (`lookup` returns a sysctl's value, or
 * undefined for the default).
 */
export function configFromSysctl(lookup: (name: string) => string | undefined): CtConfig {
  const num = (name: string, def: number): number => {
    const v = lookup(P + name);
    const n = v === undefined ? NaN : Number(v.trim());
    return Number.isFinite(n) ? n : def;
  };
  const flag = (name: string, def: boolean) => num(name, def ? 1 : 0) !== 0;
  const d = DEFAULT_CONFIG;
  const tcp = Object.fromEntries(
    TCP_TIMEOUT_NAMES.map((k) => [k, num(TCP_SYSCTL[k] ?? "", d.timeouts.tcp[k])]),
  ) as Record<TcpTimeoutName, number>;
  return {
    max: num("max", d.max),
    buckets: num("buckets", d.buckets),
    tcpLoose: flag("tcp_loose", d.tcpLoose),
    tcpBeLiberal: flag("tcp_be_liberal", d.tcpBeLiberal),
    tcpMaxRetrans: num("tcp_max_retrans", d.tcpMaxRetrans),
    tcpIgnoreInvalidRst: flag("tcp_ignore_invalid_rst", d.tcpIgnoreInvalidRst),
    checksum: flag("checksum", d.checksum),
    acct: flag("acct", d.acct),
    timestamp: flag("timestamp", d.timestamp),
    expectMax: num("expect_max", d.expectMax),
    timeouts: {
      ...d.timeouts,
      tcp,
      udp: num("udp_timeout", d.timeouts.udp),
      udpStream: num("udp_timeout_stream", d.timeouts.udpStream),
      icmp: num("icmp_timeout", d.timeouts.icmp),
      generic: num("generic_timeout", d.timeouts.generic),
    },
  };
}
