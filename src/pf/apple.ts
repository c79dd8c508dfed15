// What every Mac ships: /etc/pf.conf with the com.apple anchor points and
// /etc/pf.anchors/com.apple, loaded at boot by launchd's com.apple.pfctl job
// (`pfctl -f /etc/pf.conf`) with pf left disabled.
import { newPfState } from "./kernel.ts";
import { loadRules } from "./load.ts";
import type { PfState } from "./types.ts";

export const STOCK_PF_CONF = `#
# Default PF configuration file.
#
# This file contains the main ruleset, which gets automatically loaded
# at startup.  PF will not be automatically enabled, however.  Instead,
# each component which utilizes PF is responsible for enabling and disabling
# PF via -E and -X as documented in pfctl(8).  That will ensure that PF
# is disabled only when the last enable reference is released.
#
# Care must be taken to ensure that the main ruleset does not get flushed,
# as the nested anchors rely on the anchor point defined here. In addition,
# to the anchors loaded by this file, some system services would dynamically
# insert anchors into the main ruleset. These anchors will be added only when
# the system service is used and would removed on termination of the service.
#
# See pf.conf(5) for syntax.
#

#
# com.apple anchor point
#
scrub-anchor "com.apple/*"
nat-anchor "com.apple/*"
rdr-anchor "com.apple/*"
dummynet-anchor "com.apple/*"
anchor "com.apple/*"
load anchor "com.apple" from "/etc/pf.anchors/com.apple"
`;

export const STOCK_COM_APPLE = `#
# com.apple ruleset, referred to by the default /etc/pf.conf file.
# See notes in that file regarding the anchor point in the main ruleset.
#
# Copyright (c) 2011 Apple Inc. All rights reserved.
#

#
# AirDrop anchor point.
#
anchor "200.AirDrop/*"

#
# Application Firewall anchor point.
#
anchor "250.ApplicationFirewall/*"
`;

/** The files of a stock macOS that pfctl reads, by path. */
export const STOCK_FILES: Readonly<Record<string, string>> = {
  "/etc/pf.conf": STOCK_PF_CONF,
  "/etc/pf.anchors/com.apple": STOCK_COM_APPLE,
};

/** The pid launchd's com.apple.pfctl job gets early in boot (the rules' "Inserted: uid 0 pid N"). */
const BOOT_PFCTL_PID = 92;

/**
 * pf as a Mac has it after boot: the stock ruleset loaded, pf disabled, and a host id
 * the kernel drew at random (pfattach).
 */
export function bootPfState(now: number, random: () => number = () => 0): PfState {
  const pf = newPfState();
  pf.hostid = Math.floor(random() * 0x100000000) >>> 0;
  loadRules(pf, "/etc/pf.conf", { verbose: 0, noAction: false, anchor: "", readFile: (p) => STOCK_FILES[p], interfaces: [], now, pid: BOOT_PFCTL_PID });
  pf.lastPid = BOOT_PFCTL_PID;
  return pf;
}
