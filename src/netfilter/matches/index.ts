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

export const MATCHES: readonly MatchExtension[] = [tcp, udp, comment, mark, length, ttl, pkttype, mac, iprange, icmp, multiport, addrtype, limit, statistic, conntrack, state];
