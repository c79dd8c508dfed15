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

export const MATCHES: readonly MatchExtension[] = [tcp, udp, comment, mark, length, ttl, pkttype, mac, iprange];
