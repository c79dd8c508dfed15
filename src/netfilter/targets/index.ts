// Every target extension, one line each.
import type { TargetExtension } from "../extension.ts";
import { snat } from "./snat.ts";
import { dnat } from "./dnat.ts";
import { masquerade } from "./masquerade.ts";
import { redirect } from "./redirect.ts";
import { netmap } from "./netmap.ts";
import { reject } from "./reject.ts";
import { log } from "./log.ts";
import { trace } from "./trace.ts";
import { ct } from "./ct.ts";
import { notrack } from "./notrack.ts";
import { markTarget } from "./mark.ts";
import { connmarkTarget } from "./connmark.ts";
import { setTarget } from "./set.ts";
import { nfqueue } from "./nfqueue.ts";
import { nflog } from "./nflog.ts";
import { tcpmssTarget } from "./tcpmss.ts";
import { tosTarget } from "./tos.ts";
import { dscpTarget } from "./dscp.ts";
import { ttlTarget } from "./ttl.ts";
import { ecnTarget } from "./ecn.ts";
import { classify } from "./classify.ts";
import { checksum } from "./checksum.ts";
import { synproxy } from "./synproxy.ts";
import { audit } from "./audit.ts";
import { connsecmark } from "./connsecmark.ts";
import { secmark } from "./secmark.ts";
import { hmark } from "./hmark.ts";
import { idletimer } from "./idletimer.ts";
import { led } from "./led.ts";
import { tee } from "./tee.ts";
import { tproxy } from "./tproxy.ts";
import { tcpoptstrip } from "./tcpoptstrip.ts";
import { rateestTarget } from "./rateest.ts";

/** The targets of issue 7 part B: queueing, logging, header rewrites, marks and hand-offs. */
const MORE_TARGETS: readonly TargetExtension[] = [
  nfqueue, nflog, tcpmssTarget, tosTarget, dscpTarget, ttlTarget, ecnTarget, classify, checksum, synproxy,
  audit, connsecmark, secmark, hmark, idletimer, led, tee, tproxy, tcpoptstrip, rateestTarget,
];

export const TARGETS: readonly TargetExtension[] = [snat, dnat, masquerade, redirect, netmap, reject, log, trace, ct, notrack, markTarget, connmarkTarget, setTarget, ...MORE_TARGETS];
