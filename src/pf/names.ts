// The name tables pfctl consults: protocols and services as macOS ships /etc/protocols and
// /etc/services (getprotobyname, getservbyname), and the ICMP type and code names of
// pfctl_parser.c (icmp_type, icmp6_type, icmp_code, icmp6_code).

/** /etc/protocols: official name first, then aliases pf.conf writers use. */
const PROTOCOLS: readonly (readonly [number, string, ...string[]])[] = [
  [0, "ip"], [1, "icmp"], [2, "igmp"], [3, "ggp"], [4, "ipencap"], [5, "st2"], [6, "tcp"],
  [8, "egp"], [9, "igp"], [12, "pup"], [17, "udp"], [20, "hmp"], [22, "xns-idp"], [27, "rdp"],
  [29, "iso-tp4"], [33, "dccp"], [36, "xtp"], [37, "ddp"], [38, "idpr-cmtp"], [41, "ipv6"],
  [43, "ipv6-route"], [44, "ipv6-frag"], [45, "idrp"], [46, "rsvp"], [47, "gre"], [50, "esp"],
  [51, "ah"], [57, "skip"], [58, "ipv6-icmp", "icmp6"], [59, "ipv6-nonxt"], [60, "ipv6-opts"],
  [73, "rspf"], [81, "vmtp"], [88, "eigrp"], [89, "ospf"], [93, "ax.25"], [94, "ipip"],
  [97, "etherip"], [98, "encap"], [103, "pim"], [108, "ipcomp"], [112, "vrrp", "carp"],
  [115, "l2tp"], [124, "isis"], [132, "sctp"], [133, "fc"], [135, "mobility-header"],
  [136, "udplite"], [137, "mpls-in-ip"], [138, "manet"], [139, "hip"], [140, "shim6"],
  [141, "wesp"], [142, "rohc"], [240, "pfsync"],
];

export function protoByName(name: string): number | undefined {
  const lower = name.toLowerCase();
  return PROTOCOLS.find((p) => p.slice(1).includes(lower))?.[0];
}

export function protoName(num: number): string | undefined {
  return PROTOCOLS.find((p) => p[0] === num)?.[1];
}

/** /etc/services, the ports pf.conf files name (tcp and udp share most numbers). */
const SERVICES: Readonly<Record<string, number>> = {
  "ftp-data": 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25, time: 37, nameserver: 42, whois: 43,
  nicname: 43, domain: 53, bootps: 67, bootpc: 68, tftp: 69, gopher: 70, finger: 79, http: 80,
  www: 80, "www-http": 80, kerberos: 88, "kerberos-sec": 88, pop2: 109, pop3: 110, sunrpc: 111,
  auth: 113, ident: 113, sftp: 115, nntp: 119, ntp: 123, "netbios-ns": 137, "netbios-dgm": 138,
  "netbios-ssn": 139, imap: 143, imap2: 143, snmp: 161, "snmp-trap": 162, snmptrap: 162, xdmcp: 177,
  bgp: 179, irc: 194, ldap: 389, https: 443, "microsoft-ds": 445, kpasswd: 464, isakmp: 500,
  exec: 512, biff: 512, login: 513, who: 513, shell: 514, syslog: 514, printer: 515, talk: 517,
  ntalk: 518, route: 520, router: 520, timed: 525, uucp: 540, submission: 587, ipp: 631,
  ldaps: 636, rsync: 873, "ftps-data": 989, ftps: 990, telnets: 992, imaps: 993, ircs: 994,
  pop3s: 995, socks: 1080, openvpn: 1194, "ms-sql-s": 1433, "ms-sql-m": 1434, pptp: 1723,
  radius: 1812, "radius-acct": 1813, nfsd: 2049, nfs: 2049, mysql: 3306, "ms-wbt-server": 3389,
  sip: 5060, mdns: 5353, postgresql: 5432, x11: 6000, "http-alt": 8080, "ipp-alt": 8631,
};

export function serviceByName(name: string): number | undefined {
  return SERVICES[name];
}

const ICMP_TYPES: readonly (readonly [string, number])[] = [
  ["echoreq", 8], ["echorep", 0], ["unreach", 3], ["squench", 4], ["redir", 5], ["althost", 6],
  ["routeradv", 9], ["routersol", 10], ["timex", 11], ["paramprob", 12], ["timereq", 13],
  ["timerep", 14], ["inforeq", 15], ["inforep", 16], ["maskreq", 17], ["maskrep", 18],
  ["trace", 30], ["dataconv", 31], ["mobredir", 32], ["ipv6-where", 33], ["ipv6-here", 34],
  ["mobregreq", 35], ["mobregrep", 36], ["skip", 39], ["photuris", 40],
];

const ICMP6_TYPES: readonly (readonly [string, number])[] = [
  ["unreach", 1], ["toobig", 2], ["timex", 3], ["paramprob", 4], ["echoreq", 128], ["echorep", 129],
  ["groupqry", 130], ["listqry", 130], ["grouprep", 131], ["listenrep", 131], ["groupterm", 132],
  ["listendone", 132], ["routersol", 133], ["routeradv", 134], ["neighbrsol", 135],
  ["neighbradv", 136], ["redir", 137], ["routrrenum", 138], ["wrureq", 139], ["wrurep", 140],
  ["fqdnreq", 139], ["fqdnrep", 140], ["niqry", 139], ["nirep", 140], ["mtraceresp", 200],
  ["mtrace", 201],
];

const ICMP_CODES: readonly (readonly [string, number, number])[] = [
  ["net-unr", 3, 0], ["host-unr", 3, 1], ["proto-unr", 3, 2], ["port-unr", 3, 3], ["needfrag", 3, 4],
  ["srcfail", 3, 5], ["net-unk", 3, 6], ["host-unk", 3, 7], ["isolate", 3, 8], ["net-prohib", 3, 9],
  ["host-prohib", 3, 10], ["net-tos", 3, 11], ["host-tos", 3, 12], ["filter-prohib", 3, 13],
  ["host-preced", 3, 14], ["cutoff-preced", 3, 15], ["redir-net", 5, 0], ["redir-host", 5, 1],
  ["redir-tos-net", 5, 2], ["redir-tos-host", 5, 3], ["normal-adv", 9, 0], ["common-adv", 9, 16],
  ["transit", 11, 0], ["reassemb", 11, 1], ["badhead", 12, 0], ["optmiss", 12, 1], ["badlen", 12, 2],
  ["unknown-ind", 40, 1], ["auth-fail", 40, 2], ["decrypt-fail", 40, 3],
];

const ICMP6_CODES: readonly (readonly [string, number, number])[] = [
  ["admin-unr", 1, 1], ["noroute-unr", 1, 0], ["notnbr-unr", 1, 2], ["beyond-unr", 1, 2],
  ["addr-unr", 1, 3], ["port-unr", 1, 4], ["transit", 3, 0], ["reassemb", 3, 1], ["badhead", 4, 0],
  ["nxthdr", 4, 1], ["redironlink", 137, 0], ["redirrouter", 137, 1],
];

/** geticmptypebyname(): v4 or v6 table. */
export function icmpTypeByName(name: string, af: 4 | 6): number | undefined {
  return (af === 6 ? ICMP6_TYPES : ICMP_TYPES).find(([n]) => n === name)?.[1];
}

/** geticmptypebynumber(): the first name of that number. */
export function icmpTypeName(type: number, af: 4 | 6): string | undefined {
  return (af === 6 ? ICMP6_TYPES : ICMP_TYPES).find(([, t]) => t === type)?.[0];
}

export function icmpCodeByName(type: number, name: string, af: 4 | 6): number | undefined {
  return (af === 6 ? ICMP6_CODES : ICMP_CODES).find(([n, t]) => n === name && t === type)?.[2];
}

export function icmpCodeName(type: number, code: number, af: 4 | 6): string | undefined {
  return (af === 6 ? ICMP6_CODES : ICMP_CODES).find(([, t, c]) => t === type && c === code)?.[0];
}

/** pf_timeouts[] of pfctl_parser.c with xnu's GRE and ESP entries, in the order -s timeouts prints. */
export const TIMEOUT_NAMES: readonly string[] = [
  "tcp.first", "tcp.opening", "tcp.established", "tcp.closing", "tcp.finwait", "tcp.closed",
  "tcp.tsdiff", "udp.first", "udp.single", "udp.multiple", "icmp.first", "icmp.error",
  "grev1.first", "grev1.initiating", "grev1.estblished", "esp.first", "esp.estblished",
  "other.first", "other.single", "other.multiple", "frag", "interval", "adaptive.start",
  "adaptive.end", "src.track",
];

/** The PFTM_* index order of struct pf_rule's timeout[] (how a rule's timeouts print). */
export const TIMEOUT_INDEX_ORDER: readonly string[] = [
  "tcp.first", "tcp.opening", "tcp.established", "tcp.closing", "tcp.finwait", "tcp.closed",
  "udp.first", "udp.single", "udp.multiple", "icmp.first", "icmp.error", "grev1.first",
  "grev1.initiating", "grev1.estblished", "esp.first", "esp.initiating", "esp.estblished",
  "other.first", "other.single", "other.multiple", "frag", "interval", "adaptive.start",
  "adaptive.end", "src.track", "tcp.tsdiff",
];

/** The pf limits of pfctl.c's pf_limits[] with xnu's app-states. */
export const LIMIT_NAMES: readonly string[] = ["states", "app-states", "src-nodes", "frags", "tables", "table-entries"];

/** PFRES_NAMES of xnu's pfvar.h. */
export const REASON_NAMES: readonly string[] = [
  "match", "bad-offset", "fragment", "short", "normalize", "memory", "bad-timestamp", "congestion",
  "ip-option", "proto-cksum", "state-mismatch", "state-insert", "state-limit", "src-limit",
  "synproxy", "dummynet", "invalid-port",
];

export const LCOUNTER_NAMES: readonly string[] = [
  "max states per rule", "max-src-states", "max-src-nodes", "max-src-conn", "max-src-conn-rate",
  "overload table insertion", "overload flush states",
];

/** tcpstates[] of netinet/tcp_fsm.h, as print_state() names the peers. */
export const TCP_STATES: readonly string[] = [
  "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT_1",
  "CLOSING", "LAST_ACK", "FIN_WAIT_2", "TIME_WAIT",
];
export const UDP_STATES: readonly string[] = ["NO_TRAFFIC", "SINGLE", "MULTIPLE"];
