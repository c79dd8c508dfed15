// Every match extension, one line each.
import type { MatchExtension } from "../extension.ts";
import { tcp } from "./tcp.ts";
import { udp } from "./udp.ts";
import { iprange } from "./iprange.ts";
import { mac } from "./mac.ts";
import { pkttype } from "./pkttype.ts";
import { ttl } from "./ttl.ts";
import { length } from "./length.ts";
import { mark } from "./mark.ts";
import { comment } from "./comment.ts";
import { icmp } from "./icmp.ts";
import { multiport } from "./multiport.ts";
import { addrtype } from "./addrtype.ts";
import { limit } from "./limit.ts";
import { statistic } from "./statistic.ts";
import { conntrack } from "./conntrack.ts";
import { state } from "./state.ts";
import { hashlimit } from "./hashlimit.ts";
import { recent } from "./recent.ts";
import { connmark } from "./connmark.ts";
import { connbytes } from "./connbytes.ts";
import { connlimit } from "./connlimit.ts";
import { connlabel } from "./connlabel.ts";
import { helper } from "./helper.ts";
import { quota } from "./quota.ts";
import { cpu } from "./cpu.ts";
import { nfacct } from "./nfacct.ts";
import { realm } from "./realm.ts";
import { devgroup } from "./devgroup.ts";
import { owner } from "./owner.ts";
import { physdev } from "./physdev.ts";
import { socket } from "./socket.ts";
import { cgroup } from "./cgroup.ts";
import { rpfilter } from "./rpfilter.ts";
import { string } from "./string.ts";
import { u32 } from "./u32.ts";
import { time } from "./time.ts";
import { osf } from "./osf.ts";
import { cluster } from "./cluster.ts";
import { ipvs } from "./ipvs.ts";
import { policy } from "./policy.ts";
import { rateest } from "./rateest.ts";
import { bpf } from "./bpf.ts";
import { set } from "./set.ts";
import { ecn } from "./ecn.ts";
import { dscp } from "./dscp.ts";
import { tos } from "./tos.ts";
import { tcpmss } from "./tcpmss.ts";
import { sctp } from "./sctp.ts";
import { dccp } from "./dccp.ts";
import { esp } from "./esp.ts";
import { ah } from "./ah.ts";
import { ipcomp } from "./ipcomp.ts";

/** The header matches of issue 7 (ecn, dscp, tos, tcpmss, sctp, dccp and the IPsec headers). */
const HEADER_MATCHES: readonly MatchExtension[] = [ecn, dscp, tos, tcpmss, sctp, dccp, esp, ah, ipcomp];

/** The matches of issue 7 that real hosts use (recent, hashlimit, owner, string, ...). */
const HOST_MATCHES: readonly MatchExtension[] = [
  hashlimit, recent, connmark, connbytes, connlimit, connlabel, helper, quota, cpu, nfacct, realm, devgroup, owner,
  physdev, socket, cgroup, rpfilter, string, u32, time, osf, cluster, ipvs, policy, rateest, bpf,
];

export const MATCHES: readonly MatchExtension[] = [tcp, udp, comment, mark, length, ttl, pkttype, mac, iprange, icmp, multiport, addrtype, limit, statistic, conntrack, state, ...HOST_MATCHES, set, ...HEADER_MATCHES];
