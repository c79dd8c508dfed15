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

export const TARGETS: readonly TargetExtension[] = [snat, dnat, masquerade, redirect, netmap, reject, log, trace, ct, notrack, markTarget, connmarkTarget];
