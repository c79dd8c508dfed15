// Runs each ipset golden case against the real ipset 7.17 and iptables 1.8.9, in a fresh
// private network namespace per case (sets and rules start empty), and writes what every
// step printed. Started by scripts/capture-ipset-goldens.sh; the loop is
// scripts/capture-core.ts. A step `sleep N` really waits, so that element timeouts run down.
import { execFileSync } from "node:child_process";
import { captureGoldens, checkIptablesVersion } from "./capture-core.ts";

function checkVersions(): void {
  const ipset = execFileSync("ipset", ["version"], { encoding: "utf8" }).trim();
  if (!ipset.startsWith("ipset v7.17,")) throw new Error(`the goldens mirror ipset v7.17, not ${ipset}`);
  checkIptablesVersion();
}

captureGoldens({
  goldenDir: new URL("../tests/golden/ipset/", import.meta.url),
  namespacePrefix: "nfsim-ipset",
  // Rules hold references on sets, and sets on each other: both go before the namespace.
  teardown: "iptables-restore < /dev/null; iptables -F; iptables -t mangle -F; iptables -t raw -F; iptables -t nat -F; ipset flush; ipset destroy",
  checkVersions,
});
